from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lelystad_radicalisering.forms import (
    DateInput,
    ReadOnceModelChoiceField,
    ReadOnceModelMultipleChoiceField,
    no_control_characters,
)
from network.forms import organisation_field
from network.models import Organisation
from network.selectors import organisations_with_valid_covenant
from signals.constants import Category

from .constants import (
    ClosingOutcome,
    DecisionKind,
    EndEffect,
    FactorKind,
    HandoverKind,
    InformingMethod,
    InformingState,
    InterventionStatus,
    Pillar,
    RiskLevel,
    Visibility,
)
from .models import DeferralReason, Factor, Goal, InclusionCriterion, LegalBasis
from .selectors import current_organisations

# The legal basis the inclusion form proposes (cases/migrations/0006_pga_reference_lists.py).
PGA_LEGAL_BASIS = "Wet gegevensverwerking persoonsgerichte aanpak radicalisering"

_DIGITS_AND_NAMES_HINT = _(
    "Use a neutral label such as “Casus Boswijk 7”: no names, initials or dates of birth."
)


class CaseForm(forms.Form):
    label = forms.CharField(
        label=_("Neutral label"),
        max_length=100,
        help_text=_DIGITS_AND_NAMES_HINT,
        validators=[no_control_characters],
    )
    pillar = forms.ChoiceField(label=_("Pillar"), choices=Pillar.choices)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    legal_basis = ReadOnceModelChoiceField(
        label=_("Legal basis for sharing data"),
        queryset=LegalBasis.objects.filter(is_active=True),
        empty_label=None,
    )

    def __init__(self, *args, person_names: list[str] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.person_names = [name for name in person_names if name]

    def clean_label(self) -> str:
        label = " ".join(self.cleaned_data["label"].split())
        lowered = label.lower()
        for name in self.person_names:
            for part in name.lower().split():
                if len(part) > 2 and part in lowered.split():
                    raise ValidationError(
                        _(
                            "The label contains a name of a person in this case. Use a neutral label."
                        )
                    )
        return label


class CaseEditForm(CaseForm):
    status = forms.ChoiceField(label=_("Status"), choices=())

    def __init__(self, *args, allowed_statuses: list[tuple[str, str]] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = allowed_statuses


class LinkSignalForm(forms.Form):
    case = forms.CharField(
        label=_("Case reference"), max_length=20, help_text=_("For example C-2026-0007.")
    )


class InvolvementForm(forms.Form):
    organisation = organisation_field(
        covenant=True,
        label=_("Organisation"),
        help_text=_("Only organisations with a valid data-sharing covenant can be involved."),
    )
    can_change = forms.BooleanField(
        label=_("Contributing partner (may add updates)"), required=False
    )
    ends_on = forms.DateField(label=_("Involved until"), required=False, widget=DateInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Evaluated per form: covenant validity depends on today's date.
        self.fields["organisation"].queryset = organisations_with_valid_covenant()

    def clean_ends_on(self):
        value = self.cleaned_data.get("ends_on")
        if value and value < timezone.localdate():
            raise ValidationError(_("This date lies in the past."))
        return value


class UpdateForm(forms.Form):
    text = forms.CharField(
        label=_("Update"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[no_control_characters],
    )
    visibility = forms.ChoiceField(
        label=_("Share with"),
        choices=Visibility.choices,
        widget=forms.RadioSelect,
        initial=Visibility.ALL_INVOLVED,
    )
    shared_with = ReadOnceModelMultipleChoiceField(
        label=_("Organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only when sharing with chosen organisations."),
    )

    def __init__(self, *args, organisations=None, listed: list | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["shared_with"].queryset = organisations
            # The involved organisations the page read already (same order).
            self.fields["shared_with"].listed = listed

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise ValidationError(_("Write an update."))
        return text

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("visibility") == Visibility.SELECTED and not cleaned.get("shared_with"):
            self.add_error("shared_with", _("Choose one or more involved organisations."))
        return cleaned


class AssessmentForm(forms.Form):
    level = forms.ChoiceField(
        label=_("Risk level"), choices=RiskLevel.choices, widget=forms.RadioSelect
    )
    risk_factors = ReadOnceModelMultipleChoiceField(
        label=_("Risk factors"),
        queryset=Factor.objects.filter(kind=FactorKind.RISK, is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    risk_notes = forms.CharField(
        label=_("Risk factors, explained"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[no_control_characters],
    )
    protective_factors = ReadOnceModelMultipleChoiceField(
        label=_("Protective factors"),
        queryset=Factor.objects.filter(kind=FactorKind.PROTECTIVE, is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    protective_notes = forms.CharField(
        label=_("Protective factors, explained"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[no_control_characters],
    )

    def __init__(self, *args, factors: list[Factor] | None = None, **kwargs) -> None:
        """``factors``: every active factor, read once for both lists."""
        super().__init__(*args, **kwargs)
        if factors is not None:
            for name, kind in (
                ("risk_factors", FactorKind.RISK),
                ("protective_factors", FactorKind.PROTECTIVE),
            ):
                self.fields[name].listed = [f for f in factors if f.kind == kind]


class GoalForm(forms.Form):
    description = forms.CharField(
        label=_("Goal"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[no_control_characters],
    )


class InterventionForm(forms.Form):
    description = forms.CharField(
        label=_("Intervention"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[no_control_characters],
    )
    organisation = ReadOnceModelChoiceField(
        label=_("Responsible organisation"), queryset=Organisation.objects.none(), empty_label=None
    )
    goal = ReadOnceModelChoiceField(
        label=_("For goal"), queryset=Goal.objects.none(), required=False, empty_label=_("None")
    )

    def __init__(
        self,
        *args,
        case=None,
        organisations: list | None = None,
        goals: list | None = None,
        **kwargs,
    ) -> None:
        """``organisations`` and ``goals``: the case's rows the page read already."""
        super().__init__(*args, **kwargs)
        if case is not None:
            self.fields["organisation"].queryset = current_organisations(case)
            self.fields["goal"].queryset = case.goals.order_by("pk")
            self.fields["organisation"].listed = organisations
            self.fields["goal"].listed = goals


class InterventionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=InterventionStatus.choices)


class CloseForm(forms.Form):
    # "Handed over" is the handover's own outcome (cases.services.handover_decide).
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[c for c in ClosingOutcome.choices if c[0] != ClosingOutcome.HANDED_OVER],
    )
    reason = forms.CharField(
        label=_("Reason for closing"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[no_control_characters],
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Give a reason for closing."))
        return reason


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for reopening"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[no_control_characters],
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Give a reason for reopening."))
        return reason


class CaseFilterForm(forms.Form):
    from .constants import CaseStatus as _CaseStatus

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *_CaseStatus.choices]
    )
    pillar = forms.ChoiceField(
        label=_("Pillar"), required=False, choices=[("", _("All")), *Pillar.choices]
    )


def _reasoning_field(label, help_text=""):
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[no_control_characters],
    )


class InclusionForm(forms.Form):
    """The decision to include: who, on which grounds, why this and nothing lighter."""

    persons = forms.ModelMultipleChoiceField(
        label=_("Persons included"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    criteria = forms.ModelMultipleChoiceField(
        label=_("Criteria that apply"),
        queryset=InclusionCriterion.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
    )
    proportionality = _reasoning_field(
        _("Proportionality"),
        _("Why is sharing data in the casusoverleg in proportion to the concern?"),
    )
    subsidiarity = _reasoning_field(
        _("Subsidiarity"),
        _("Why would a lighter approach, without sharing data, not suffice?"),
    )
    legal_basis = forms.ModelChoiceField(
        label=_("Legal basis"), queryset=LegalBasis.objects.filter(is_active=True)
    )
    decided_on = forms.DateField(label=_("Date of the decision"), widget=DateInput)

    def __init__(self, *args, case, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["persons"].queryset = case.persons.order_by("full_name")
        self.fields["persons"].label_from_instance = lambda person: person.full_name
        if not self.is_bound:
            self.initial.setdefault("decided_on", timezone.localdate())
            self.initial.setdefault(
                "legal_basis",
                LegalBasis.objects.filter(is_active=True, name__startswith=PGA_LEGAL_BASIS).first(),
            )
            self.initial.setdefault("persons", list(case.persons.all()))


class InclusionEndForm(forms.Form):
    reasoning = _reasoning_field(_("Reasons for ending"))
    end_effect = forms.ChoiceField(
        label=_("What happens to the case"),
        choices=EndEffect.choices,
        widget=forms.RadioSelect,
        initial=EndEffect.MONITORING,
    )
    decided_on = forms.DateField(label=_("Date of the decision"), widget=DateInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("decided_on", timezone.localdate())


class ReviewForm(forms.Form):
    """The periodic review, recorded from the chair view."""

    outcome = forms.ChoiceField(
        label=_("Outcome of the review"),
        choices=[(DecisionKind.CONTINUE, _("Continue")), (DecisionKind.END, _("End"))],
        widget=forms.RadioSelect,
        initial=DecisionKind.CONTINUE,
    )
    reasoning = _reasoning_field(_("Reasoning"))
    end_effect = forms.ChoiceField(
        label=_("When ending: what happens to the case"),
        choices=[("", "—"), *EndEffect.choices],
        required=False,
    )


class InformingForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Informing"), choices=InformingState.choices, widget=forms.RadioSelect
    )
    informed_on = forms.DateField(label=_("Informed on"), required=False, widget=DateInput)
    informed_by = forms.CharField(
        label=_("Informed by (name and organisation)"),
        max_length=200,
        required=False,
        validators=[no_control_characters],
    )
    method = forms.ChoiceField(
        label=_("How"), choices=[("", "—"), *InformingMethod.choices], required=False
    )
    deferral_reason = forms.ModelChoiceField(
        label=_("Reason for deferring"),
        queryset=DeferralReason.objects.filter(is_active=True),
        required=False,
    )
    review_on = forms.DateField(label=_("Review the deferral on"), required=False, widget=DateInput)


class HandoverForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=None, empty_label=None)
    kind = forms.ChoiceField(
        label=_("Reason"), choices=HandoverKind.choices, widget=forms.RadioSelect
    )
    receiving_organisation = forms.CharField(
        label=_("Receiving organisation"), max_length=200, validators=[no_control_characters]
    )
    legal_basis = forms.ModelChoiceField(
        label=_("Legal basis"), queryset=LegalBasis.objects.filter(is_active=True)
    )

    def __init__(self, *args, case, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = case.persons.order_by("full_name")
        self.fields["person"].label_from_instance = lambda person: person.full_name


class HandoverAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Answer of the receiving organisation"),
        choices=[("accepted", _("Accepted")), ("declined", _("Declined"))],
        widget=forms.RadioSelect,
    )
    answered_on = forms.DateField(label=_("Answered on"), widget=DateInput)
