from __future__ import annotations

import re

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from cases.models import Case
from lelystad_radicalisering.exceptions import ApplicationError
from lelystad_radicalisering.forms import DateInput, no_control_characters, reasonable_year
from network.models import Organisation
from signals.models import Person

from .audit_display import kind_choices
from .constants import (
    MINIMUM_RETENTION_DAYS,
    RETENTION_DEFAULTS,
    AuditAction,
    RequestDecision,
    RequestKind,
    RestrictionGround,
    RetentionKind,
)
from .selectors import organisation_for_filter, person_for_filter, user_for_filter


class RetentionRulesForm(forms.Form):
    def __init__(self, *args, current: dict[str, int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for kind in RETENTION_DEFAULTS:
            self.fields[kind] = forms.IntegerField(
                label=RetentionKind(kind).label,
                min_value=MINIMUM_RETENTION_DAYS,
                max_value=36500,
                initial=current.get(kind, RETENTION_DEFAULTS[kind]),
                help_text=_("Days. Default: %(days)s.") % {"days": RETENTION_DEFAULTS[kind]},
            )


class ExtensionForm(forms.Form):
    until = forms.DateField(label=_("Keep until"), widget=DateInput, validators=[reasonable_year])
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[no_control_characters],
    )


class PersonSearchForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=200, min_length=2, validators=[no_control_characters]
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"), required=False, widget=DateInput, validators=[reasonable_year]
    )


class SubjectRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of request"), choices=RequestKind.choices)
    received_on = forms.DateField(
        label=_("Received on"), widget=DateInput, validators=[reasonable_year]
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=RequestDecision.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[no_control_characters],
    )

    def __init__(self, *args, kind: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind == RequestKind.ERASURE:
            self.fields["confirm_erasure"] = forms.BooleanField(
                label=_("I have read what is destroyed; this cannot be undone"),
                required=False,
            )
            self.fields["confirm_erasure"].required_note = _("required to grant")

    def clean(self) -> dict:
        data = super().clean()
        if (
            self.kind == RequestKind.ERASURE
            and data.get("decision") == RequestDecision.GRANTED
            and not data.get("confirm_erasure")
        ):
            self.add_error(
                "confirm_erasure", _("Confirm that you have read what the erasure destroys.")
            )
        data.pop("confirm_erasure", None)
        return data


class RestrictionForm(forms.Form):
    ground = forms.ChoiceField(
        label=_("Ground"), choices=RestrictionGround.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason (for the file, not in the letter)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[no_control_characters],
    )
    review_on = forms.DateField(
        label=_("Review on"), widget=DateInput, validators=[reasonable_year]
    )


def _suggest_input(name: str, placeholder: str) -> forms.TextInput:
    """A plain search field; with JavaScript, suggestions appear as one types
    (a native datalist, so keyboard and screen readers work as usual)."""
    return forms.TextInput(
        attrs={
            "list": f"suggest-{name}",
            "autocomplete": "off",
            "placeholder": placeholder,
            "hx-get": reverse_lazy("audit:suggest"),
            "hx-trigger": "input changed delay:300ms",
            "hx-target": f"#suggest-{name}",
            "hx-swap": "innerHTML",
        }
    )


_CHOSEN = re.compile(r"\((\d+)\)\s*$")


def chosen_number(text: str) -> int | None:
    """The number a suggestion carries ("Karin Visser, Politie (17)"), or a bare number."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    match = _CHOSEN.search(text)
    return int(match.group(1)) if match else None


class AuditFilterForm(forms.Form):
    person = forms.CharField(
        label=_("Person"),
        required=False,
        max_length=200,
        validators=[no_control_characters],
        widget=_suggest_input("person", _("Name of the person")),
    )
    case = forms.CharField(
        label=_("Case"),
        required=False,
        max_length=30,
        validators=[no_control_characters],
        widget=_suggest_input("case", "C-2026-0001"),
    )
    actor = forms.CharField(
        label=_("User"),
        required=False,
        max_length=200,
        validators=[no_control_characters],
        widget=_suggest_input("actor", _("Name of the user")),
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        required=False,
        max_length=200,
        validators=[no_control_characters],
        widget=_suggest_input("organisation", _("Name of the organisation")),
    )
    kind = forms.ChoiceField(label=_("Kind of object"), required=False)
    object = forms.CharField(
        label=_("Object"),
        required=False,
        max_length=50,
        validators=[no_control_characters],
        widget=forms.TextInput(attrs={"placeholder": _("S-2026-0042 or a number")}),
    )
    action = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=[("", _("All")), *AuditAction.choices],
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=DateInput, validators=[reasonable_year]
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=DateInput, validators=[reasonable_year]
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All")), *kind_choices()]

    def clean_person(self) -> Person | None:
        text = self.cleaned_data["person"].strip()
        if not text:
            return None
        try:
            return person_for_filter(text, chosen_number(text))
        except ApplicationError as error:
            raise forms.ValidationError(error.message) from error

    def clean_case(self) -> Case | None:
        text = self.cleaned_data["case"].strip()
        if not text:
            return None
        case = Case.objects.filter(reference__iexact=text).first()
        if case is None:
            raise forms.ValidationError(_("No case has this reference."))
        return case

    def clean_actor(self) -> User | None:
        text = self.cleaned_data["actor"].strip()
        if not text:
            return None
        try:
            return user_for_filter(text, chosen_number(text))
        except ApplicationError as error:
            raise forms.ValidationError(error.message) from error

    def clean_organisation(self) -> Organisation | None:
        text = self.cleaned_data["organisation"].strip()
        if not text:
            return None
        try:
            return organisation_for_filter(text, chosen_number(text))
        except ApplicationError as error:
            raise forms.ValidationError(error.message) from error

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date lies before the start date."))
        return data
