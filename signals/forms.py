from __future__ import annotations

import datetime
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lelystad_radicalisering.forms import DateInput, no_control_characters
from lelystad_radicalisering.uploads import (
    ALLOWED_TYPES,
    MAX_ATTACHMENT_SIZE,
    MAX_ATTACHMENTS,
    validate_attachment,
)
from network.forms import organisation_field

from .constants import ALLOWED_TRANSITIONS, Category, ForwardRoute, SignalStatus, Source, Urgency
from .models import Neighbourhood

EARLIEST_DATE = datetime.date(1900, 1, 1)
# A signal is about something seen recently; older history belongs in the text.
OBSERVATION_MAX_AGE_YEARS = 5
# Nobody a signal is about is older than this.
MAX_AGE_YEARS = 110
# Shorter than this, an observation says nothing the coordinator can act on.
OBSERVATION_MIN_LENGTH = 20


def _years_ago(years: int) -> datetime.date:
    today = timezone.localdate()
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _not_in_future(value: datetime.date | None) -> None:
    if value and value > timezone.localdate():
        raise ValidationError(_("This date lies in the future."))


def _plausible(value: datetime.date | None) -> None:
    if value and value < EARLIEST_DATE:
        raise ValidationError(_("Enter a date after 1 January 1900."))


def _recent_observation(value: datetime.date | None) -> None:
    if value and value < _years_ago(OBSERVATION_MAX_AGE_YEARS):
        raise ValidationError(
            _(
                "Enter a date in the last %(years)s years. Describe anything older in the "
                "observation itself."
            )
            % {"years": OBSERVATION_MAX_AGE_YEARS}
        )


def _plausible_birth_date(value: datetime.date | None) -> None:
    if value and value < _years_ago(MAX_AGE_YEARS):
        raise ValidationError(
            _("This date of birth would make the person older than %(years)s.")
            % {"years": MAX_AGE_YEARS}
        )


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
        validators=[_not_in_future, _plausible, _plausible_birth_date],
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
        label=_("When?"),
        widget=DateInput,
        validators=[_not_in_future, _plausible, _recent_observation],
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
        help_text=_("PDF, photos or office documents; at most 5 files of 10 MB each."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # For the check in the browser before anything is uploaded; the server
        # checks again (`validate_attachment`), it stays the authority.
        extensions = sorted({ext for exts in ALLOWED_TYPES.values() for ext in exts})
        self.fields["attachments"].widget.attrs.update(
            {
                "accept": ",".join(extensions),
                "data-max-bytes": str(MAX_ATTACHMENT_SIZE),
                "data-max-files": str(MAX_ATTACHMENTS),
                "data-too-large": _("%(name)s is too large (%(size)s). The maximum is %(max)s."),
                "data-wrong-type": _(
                    "%(name)s cannot be attached: only PDF, JPG, PNG and office documents "
                    "(DOCX, XLSX, PPTX, ODT, ODS)."
                ),
                "data-too-many": _("Attach at most %(max)s files.") % {"max": MAX_ATTACHMENTS},
            }
        )

    def clean_observation(self) -> str:
        text = self.cleaned_data["observation"].strip()
        if not text:
            raise ValidationError(_("Describe what you observed."))
        if len(text) < OBSERVATION_MIN_LENGTH:
            raise ValidationError(
                _(
                    "Describe what you observed in at least %(min)s characters: what happened, "
                    "who was involved, what was said or shown."
                )
                % {"min": OBSERVATION_MIN_LENGTH}
            )
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
    forwarded_to.required_note = _("required when forwarding")
    forwarded_to.shown_when = ("decision", (SignalStatus.FORWARDED,))
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[no_control_characters],
    )
    reason.required_note = _("required when closing or forwarding")
    reason.required_when = ("decision", (SignalStatus.CLOSED, SignalStatus.FORWARDED))

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
