from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.constants import CaseStatus, RiskLevel
from lelystad_radicalisering.forms import (
    DateInput,
    ReadOnceModelChoiceField,
    no_control_characters,
    reasonable_year,
)
from lelystad_radicalisering.search import SearchChoiceField
from network.selectors import organisations_with_valid_covenant

from .constants import MAX_RECURRENCES, ActionStatus, ItemKind, Presence
from .selectors import action_owner_choices, action_owner_users, chair_choices

_NEUTRAL = _("Neutral words only: no names, initials or dates of birth.")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def format_value(self, value):
        return value.strftime("%H:%M") if isinstance(value, datetime.time) else value


def user_field(**kwargs) -> SearchChoiceField:
    """A choice among users (3,000 at reference size) as a search field."""
    return SearchChoiceField(
        key="username",
        search_fields=("username", "first_name", "last_name"),
        describe=lambda user: f"{user.get_full_name() or user.username} ({user.organisation.name})",
        **kwargs,
    )


class MeetingForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput, validators=[reasonable_year])
    start_time = forms.TimeField(label=_("Start time"), widget=TimeInput)
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=15, max_value=480, initial=120
    )
    location = forms.CharField(
        label=_("Place"), max_length=200, required=False, validators=[no_control_characters]
    )
    online_url = forms.URLField(
        label=_("Online meeting link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("For example a link to the municipality's video meeting."),
    )
    chair = user_field(label=_("Chair"), suggest_url=reverse_lazy("meetings:chair_suggestions"))
    invited_organisations = forms.ModelMultipleChoiceField(
        label=_("Invited organisations"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only organisations with a valid data-sharing covenant can be invited."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = chair_choices()
        self.fields[
            "invited_organisations"
        ].queryset = organisations_with_valid_covenant().order_by("name")

    def clean_online_url(self) -> str:
        url = self.cleaned_data["online_url"]
        if url and not url.lower().startswith("https://"):
            raise ValidationError(_("Use a secure link that starts with https://."))
        return url

    def clean(self) -> dict:
        data = super().clean()
        if data.get("date") and data.get("start_time"):
            data["starts_at"] = timezone.make_aware(
                datetime.datetime.combine(data["date"], data["start_time"])
            )
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "starts_at": data["starts_at"],
            "duration_minutes": data["duration_minutes"],
            "location": data["location"],
            "online_url": data["online_url"],
            "chair": data["chair"],
            "invited_organisations": data["invited_organisations"],
        }


class MeetingCreateForm(MeetingForm):
    repeat_every_weeks = forms.IntegerField(
        label=_("Repeat every … weeks"),
        min_value=1,
        max_value=8,
        required=False,
        help_text=_("For example 2 for every other week. Leave empty for one meeting."),
    )
    repeat_count = forms.IntegerField(
        label=_("Number of meetings"), min_value=1, max_value=MAX_RECURRENCES, required=False
    )

    def clean_date(self) -> datetime.date:
        date = self.cleaned_data["date"]
        if date < timezone.localdate():
            raise ValidationError(_("Plan a meeting today or later."))
        return date

    def service_arguments(self) -> dict:
        return {
            **super().service_arguments(),
            "repeat_every_weeks": self.cleaned_data.get("repeat_every_weeks"),
            "repeat_count": self.cleaned_data.get("repeat_count"),
        }


class AgendaItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ItemKind.choices)
    case = SearchChoiceField(
        label=_("Case"),
        required=False,
        key="reference",
        search_fields=("reference", "label"),
        describe=lambda case: case.label,
        help_text=_("Type a reference or part of the label; leave empty for another topic."),
    )
    # Which of the two applies depends on the kind; the service checks it.
    case.required_note = _("required unless another topic")
    case.shown_when = ("kind", (ItemKind.NEW_CASE, ItemKind.PROGRESS, ItemKind.CLOSING))
    topic = forms.CharField(
        label=_("Other topic"),
        max_length=200,
        required=False,
        help_text=_NEUTRAL,
        validators=[no_control_characters],
    )
    topic.required_note = _("required for another topic")
    topic.shown_when = ("kind", (ItemKind.OTHER,))
    minutes_planned = forms.IntegerField(
        label=_("Time (minutes)"), min_value=1, max_value=240, initial=10
    )

    def __init__(self, *args, cases=None, suggest_url: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases
        self.fields["case"].set_suggest_url(suggest_url)


class AgendaItemEditForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ItemKind.choices)
    topic = forms.CharField(
        label=_("Other topic"),
        max_length=200,
        required=False,
        help_text=_NEUTRAL,
        validators=[no_control_characters],
    )
    minutes_planned = forms.IntegerField(label=_("Time (minutes)"), min_value=1, max_value=240)


class AgendaOrderForm(forms.Form):
    """The new order after a drag and drop: every item id once."""

    def __init__(self, data, *args, **kwargs) -> None:
        super().__init__(data, *args, **kwargs)
        self.raw_ids = data.getlist("item") if data is not None else []

    def clean(self) -> dict:
        ids = []
        for value in self.raw_ids:
            if not (value.isascii() and value.isdigit()) or len(value) > 18:
                raise ValidationError(_("The agenda has changed in the meantime. Reload the page."))
            ids.append(int(value))
        return {"item_ids": ids}


class MinutesForm(forms.Form):
    notes = forms.CharField(
        label=_("Minutes"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
        validators=[no_control_characters],
    )
    decisions = forms.CharField(
        label=_("Decisions"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[no_control_characters],
    )


class DecisionForm(forms.Form):
    text = forms.CharField(
        label=_("Decision"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[no_control_characters],
    )
    status = forms.ChoiceField(label=_("New status"), required=False, choices=())
    risk_level = forms.ChoiceField(
        label=_("New risk level"),
        required=False,
        choices=[("", _("— unchanged —")), *RiskLevel.choices],
    )

    def __init__(self, *args, allowed_statuses=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("— unchanged —"))] + [
            (status, CaseStatus(status).label) for status in allowed_statuses
        ]


class ActionForm(forms.Form):
    description = forms.CharField(
        label=_("Agreed action"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[no_control_characters],
    )
    owner_organisation = ReadOnceModelChoiceField(
        label=_("Organisation"), queryset=None, empty_label=None
    )
    owner = user_field(
        label=_("Person responsible"),
        required=False,
        help_text=_("Leave empty when the organisation as a whole is responsible."),
    )
    due_on = forms.DateField(label=_("Due date"), widget=DateInput, validators=[reasonable_year])

    def __init__(
        self,
        *args,
        organisations=None,
        listed_organisations: list | None = None,
        owner_suggest_url: str = "",
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_organisation"].queryset = organisations
        self.fields["owner_organisation"].listed = listed_organisations
        self.fields["owner"].queryset = action_owner_users(organisations)
        self.fields["owner"].set_suggest_url(owner_suggest_url)


def action_form_for(case, data=None, **kwargs) -> ActionForm:
    """The form for a new action on ``case``, its owner a search field. The
    chair view passes ``listed_organisations``: the rows of
    ``action_owner_choices(case)`` it has read already."""
    return ActionForm(
        data,
        organisations=action_owner_choices(case),
        owner_suggest_url=reverse("meetings:action_owner_suggestions", args=[case.pk]),
        **kwargs,
    )


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(ActionStatus.DONE, _("Done")), (ActionStatus.CANCELLED, _("Cancelled"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Completion note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[no_control_characters],
        help_text=_("What was done, or why the action is cancelled. No names."),
    )
    note.required_note = _("required when cancelled")
    note.required_when = ("status", (ActionStatus.CANCELLED,))


class AttendanceForm(forms.Form):
    """One presence choice per invited organisation."""

    def __init__(
        self, *args, organisations=(), initial_presence=None, participants=(), **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)

        initial_presence = initial_presence or {}
        self.participants = list(participants)
        # Named participants first: attendance per person (PGA law).
        for participant in self.participants:
            self.fields[f"person_{participant.pk}"] = forms.ChoiceField(
                label=f"{participant.user.get_full_name()} ({participant.user.organisation.name})",
                required=False,
                choices=[("", _("— not recorded —")), *Presence.choices],
                initial=participant.presence,
            )
        self.organisations = list(organisations)
        for organisation in self.organisations:
            self.fields[f"org_{organisation.pk}"] = forms.ChoiceField(
                label=organisation.name,
                required=False,
                choices=[("", _("— not recorded —")), *Presence.choices],
                initial=initial_presence.get(organisation.pk, ""),
            )

    def presence(self) -> dict[int, str]:
        return {o.pk: self.cleaned_data.get(f"org_{o.pk}", "") for o in self.organisations}

    def person_presence(self) -> dict[int, str]:
        return {p.pk: self.cleaned_data.get(f"person_{p.pk}", "") for p in self.participants}


class ParticipantsForm(forms.Form):
    users = forms.ModelMultipleChoiceField(
        label=_("Named participants"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, choices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["users"].queryset = choices
        self.fields["users"].label_from_instance = lambda user: (
            f"{user.get_full_name()} ({user.organisation.name})"
        )


class StatementForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label=_("I have read the confidentiality statement and will keep to it."), required=True
    )


class AddendumForm(forms.Form):
    item = ReadOnceModelChoiceField(
        label=_("About"), queryset=None, required=False, empty_label=_("The meeting as a whole")
    )
    text = forms.CharField(
        label=_("Addendum"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[no_control_characters],
    )

    def __init__(self, *args, items=None, listed_items: list | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items
        self.fields["item"].listed = listed_items
        self.fields["item"].label_from_instance = lambda item: (
            f"{item.position + 1}. {item.case.label if item.case_id else item.topic}"
        )


class ActionFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *ActionStatus.choices],
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
