from __future__ import annotations

import datetime
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lelystad_radicalisering.forms import DateInput, no_control_characters
from lelystad_radicalisering.uploads import MAX_ATTACHMENTS, validate_attachment
from network.forms import organisation_field

from .constants import ALLOWED_TRANSITIONS, Category, ForwardRoute, SignalStatus, Source, Urgency
from .models import Neighbourhood

EARLIEST_DATE = datetime.date(1900, 1, 1)


def _not_in_future(value: datetime.date | None) -> None:
    if value and value > timezone.localdate():
        raise ValidationError(_("This date lies in the future."))


def _plausible(value: datetime.date | None) -> None:
    if value and value < EARLIEST_DATE:
        raise ValidationError(_("Enter a date after 1 January 1900."))


def neighbourhood_field(**kwargs) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Neighbourhood"),
        queryset=Neighbourhood.objects.filter(is_active=True),
        required=False,
        empty_label=_("Unknown / not applicable"),
        error_messages={"invalid_choice": _("Choose a neighbourhood from the list.")},
        **kwargs,
    )


class PersonForm(forms.Form):
    full_name = forms.CharField(
        label=_("Name"), max_length=200, required=False, validators=[no_control_characters]
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth (if known)"),
        required=False,
        widget=DateInput,
        validators=[_not_in_future, _plausible],
    )
    neighbourhood = neighbourhood_field()

    def clean(self) -> dict:
        cleaned = super().clean()
        if not cleaned.get("full_name") and (
            cleaned.get("date_of_birth") or cleaned.get("neighbourhood")
        ):
            self.add_error("full_name", _("Enter a name, or leave this person empty."))
        return cleaned

    @property
    def is_blank(self) -> bool:
        return not (self.cleaned_data.get("full_name") if hasattr(self, "cleaned_data") else False)


PersonFormSet = forms.formset_factory(PersonForm, extra=1, max_num=10, validate_max=True)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > MAX_ATTACHMENTS:
            raise ValidationError(_("Attach at most %(max)s files.") % {"max": MAX_ATTACHMENTS})
        errors, cleaned = [], []
        for upload in files:
            try:
                upload.detected_content_type = validate_attachment(upload)
            except ValidationError as error:
                errors.extend(error.messages)
            else:
                cleaned.append(upload)
        if errors:
            raise ValidationError(errors)
        return cleaned


class SignalForm(forms.Form):
    submission_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)
    category = forms.ChoiceField(
        label=_("What is it about?"), choices=Category.choices, widget=forms.RadioSelect
    )
    group_description = forms.CharField(
        label=_("A group"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example a youth group or an online group: name or description."),
        validators=[no_control_characters],
    )
    place_description = forms.CharField(
        label=_("A place or incident"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[no_control_characters],
    )
    observation = forms.CharField(
        label=_("What did you observe?"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Facts first: what happened, what was said or shown. Separate facts from your interpretation."
        ),
        validators=[no_control_characters],
    )
    observed_on = forms.DateField(
        label=_("When?"), widget=DateInput, validators=[_not_in_future, _plausible]
    )
    observed_where = forms.CharField(
        label=_("Where?"),
        required=False,
        max_length=300,
        help_text=_("Street, school, online platform…"),
        validators=[no_control_characters],
    )
    neighbourhood = neighbourhood_field()
    source = forms.ChoiceField(
        label=_("How do you know?"), choices=Source.choices, widget=forms.RadioSelect
    )
    urgency = forms.ChoiceField(
        label=_("How urgent is it?"),
        choices=Urgency.choices,
        widget=forms.RadioSelect,
        initial=Urgency.NORMAL,
    )
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("Optional. PDF, photos or office documents; at most 5 files of 10 MB each."),
    )

    def clean_observation(self) -> str:
        text = self.cleaned_data["observation"].strip()
        if not text:
            raise ValidationError(_("Describe what you observed."))
        return text


def about_someone_or_something(form: SignalForm, persons: list[dict]) -> None:
    """A signal must be about at least one person, a group or a place/incident."""
    if (
        form.is_valid()
        and not persons
        and not (
            form.cleaned_data.get("group_description") or form.cleaned_data.get("place_description")
        )
    ):
        form.add_error(
            None,
            _("Say who or what the signal is about: a person, a group, or a place or incident."),
        )


class SupplementForm(forms.Form):
    text = forms.CharField(
        label=_("Supplementary information"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[no_control_characters],
    )


DECISION_CHOICES = [
    (SignalStatus.CLOSED, _("Close without follow-up")),
    (SignalStatus.FORWARDED, _("Forward to another route")),
    (SignalStatus.FOR_CASE_CONSULTATION, _("Take up for the casusoverleg")),
]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=DECISION_CHOICES, widget=forms.RadioSelect
    )
    forwarded_to = forms.ChoiceField(
        label=_("Forward to"), choices=[("", "—"), *ForwardRoute.choices], required=False
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[no_control_characters],
    )

    def __init__(self, *args, status: str | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if status is not None:
            # Offer only what may follow the current status (the service checks too).
            allowed = ALLOWED_TRANSITIONS[status] | (
                ALLOWED_TRANSITIONS[SignalStatus.IN_TRIAGE] if status == SignalStatus.NEW else set()
            )
            self.fields["decision"].choices = [c for c in DECISION_CHOICES if c[0] in allowed]

    def clean(self) -> dict:
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if (
            decision in (SignalStatus.CLOSED, SignalStatus.FORWARDED)
            and not cleaned.get("reason", "").strip()
        ):
            self.add_error("reason", _("Give a reason for this decision."))
        if decision == SignalStatus.FORWARDED and not cleaned.get("forwarded_to"):
            self.add_error("forwarded_to", _("Choose where the signal goes."))
        return cleaned


class InboxFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All open")), ("all", _("All")), *SignalStatus.choices],
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All")), *Category.choices]
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"), required=False, choices=[("", _("All")), *Urgency.choices]
    )
    organisation = organisation_field(
        everyone=True, label=_("Organisation"), required=False, help_text=_("Empty: all.")
    )
    neighbourhood = forms.ModelChoiceField(
        label=_("Neighbourhood"),
        required=False,
        queryset=Neighbourhood.objects.all(),
        empty_label=_("All"),
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput)


class PersonLinkForm(forms.Form):
    """Link a reported person to a known person, or register a new one."""

    person = forms.CharField(max_length=20)

    def clean_person(self) -> int | None:
        value = self.cleaned_data["person"]
        if value == "new":
            return None
        try:
            return int(value)
        except ValueError as error:
            raise ValidationError(_("Choose a person.")) from error
