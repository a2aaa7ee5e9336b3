from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lelystad_radicalisering.forms import DateInput, no_control_characters, reasonable_year

from .constants import (
    MINIMUM_RETENTION_DAYS,
    RETENTION_DEFAULTS,
    RequestDecision,
    RequestKind,
    RetentionKind,
)


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
