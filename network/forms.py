from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from lelystad_radicalisering.forms import DateInput, no_control_characters, reasonable_year
from lelystad_radicalisering.roles import Role
from lelystad_radicalisering.search import SearchChoiceField
from lelystad_radicalisering.uploads import validate_attachment

from .constants import (
    ActivityKind,
    CommunityKind,
    MeasureStatus,
    OrganisationType,
    PlanPillar,
    TargetGroup,
    Tension,
    TrainingTopic,
)
from .models import Community, Measure, Organisation
from .selectors import active_organisations, organisations_with_valid_covenant

# Named through the models' own relations: the network sits below accounts and
# signals in the layers, and only points at them by their app labels.
User = get_user_model()
Neighbourhood = Community._meta.get_field("neighbourhood").related_model


def organisation_field(
    *, covenant: bool = False, everyone: bool = False, **kwargs
) -> SearchChoiceField:
    """A choice among organisations (300 at reference size) as a search field:
    active ones, those with a valid covenant, or ``everyone`` (filters)."""
    url = reverse_lazy("network:organisation_suggestions")
    if covenant:
        queryset, scope = organisations_with_valid_covenant(), "covenant"
    elif everyone:
        queryset, scope = Organisation.objects.order_by("name"), "all"
    else:
        queryset, scope = active_organisations(), ""
    return SearchChoiceField(
        key="name",
        search_fields=("name",),
        queryset=queryset,
        suggest_url=format_lazy("{}?scope={}", url, scope) if scope else url,
        **kwargs,
    )


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    type = forms.ChoiceField(label=_("Type"), choices=OrganisationType.choices)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, instance: Organisation | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance = instance

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        clash = Organisation.objects.filter(name__iexact=name)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("An organisation with this name already exists."))
        return name


class DirectoryFilterForm(forms.Form):
    """The directory's filters (GET). A field with bad input shows its error and
    is left out of the filter; the other fields still apply."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Name of the organisation or of a contact person."),
    )
    type = forms.ChoiceField(
        label=_("Type of organisation"),
        required=False,
        choices=[("", _("All types")), *OrganisationType.choices],
        error_messages={"invalid_choice": _("Choose a type of organisation from the list.")},
    )


class CovenantForm(forms.Form):
    covenant_signed_on = forms.DateField(
        label=_("Covenant signed on"), required=False, widget=DateInput
    )
    covenant_ends_on = forms.DateField(
        label=_("Covenant valid until"), required=False, widget=DateInput
    )
    document = forms.FileField(label=_("Signed covenant (PDF)"), required=False)

    def clean_covenant_signed_on(self):
        value = self.cleaned_data.get("covenant_signed_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("This date lies in the future."))
        return value

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if upload and validate_attachment(upload) != "application/pdf":
            raise forms.ValidationError(_("Upload the covenant as a PDF file."))
        return upload

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("covenant_ends_on") and not cleaned.get("covenant_signed_on"):
            self.add_error("covenant_signed_on", _("Enter when the covenant was signed."))
        return cleaned


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, validators=[no_control_characters])
    function = forms.CharField(
        label=_("Function"), max_length=200, required=False, validators=[no_control_characters]
    )
    phone = forms.RegexField(
        label=_("Phone"),
        max_length=40,
        required=False,
        regex=r"^[0-9 +()\-]{6,40}$",
        error_messages={"invalid": _("Enter a phone number with digits, spaces, + - ( ) only.")},
    )
    email = forms.EmailField(label=_("E-mail address"), required=False, max_length=254)


class CommunityForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, validators=[no_control_characters])
    kind = forms.ChoiceField(label=_("Kind"), choices=CommunityKind.choices)
    neighbourhood = forms.ModelChoiceField(
        label=_("Neighbourhood"),
        queryset=Neighbourhood.objects.filter(is_active=True),
        required=False,
        empty_label=_("Unknown / not applicable"),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[no_control_characters],
    )
    allowed_users = forms.ModelMultipleChoiceField(
        label=_("Also visible to"),
        queryset=User.objects.filter(role=Role.PARTNER, is_active=True).select_related(
            "organisation"
        ),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Besides the coordinators, only these partner professionals see this community."
        ),
    )

    def __init__(self, *args, instance=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance = instance
        self.fields["allowed_users"].label_from_instance = lambda u: (
            f"{u.get_full_name()} ({u.organisation.name})"
        )

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        clash = Community.objects.filter(name__iexact=name)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("A community with this name already exists."))
        return name


class ContactMomentForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput)
    spoke_with = forms.CharField(
        label=_("Spoke with"), max_length=300, validators=[no_control_characters]
    )
    topic = forms.CharField(
        label=_("Topic"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[no_control_characters],
    )
    tension = forms.ChoiceField(
        label=_("Tension or polarisation observed?"),
        choices=Tension.choices,
        widget=forms.RadioSelect,
        initial=Tension.NONE,
    )
    pillar = forms.ChoiceField(
        label=_("Pillar"), choices=PlanPillar.choices, initial=PlanPillar.COUNTERING_POLARISATION
    )
    follow_up = forms.CharField(
        label=_("Agreed follow-up"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[no_control_characters],
    )
    follow_up_due = forms.DateField(label=_("Follow-up due"), required=False, widget=DateInput)
    next_contact_on = forms.DateField(
        label=_("Next contact planned on"), required=False, widget=DateInput
    )

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("This date lies in the future."))
        return value


class TrainingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, validators=[no_control_characters])
    topic = forms.ChoiceField(label=_("Topic"), choices=TrainingTopic.choices)
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    location = forms.CharField(
        label=_("Location"), max_length=200, validators=[no_control_characters]
    )
    trainer = forms.CharField(
        label=_("Trainer"), max_length=200, validators=[no_control_characters]
    )
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=500)
    target_organisations = forms.ModelMultipleChoiceField(
        label=_("For organisations"),
        queryset=Organisation.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty for all partner organisations."),
    )

    def clean_starts_at(self):
        value = self.cleaned_data["starts_at"]
        if not 2000 <= value.year <= 2100:
            raise forms.ValidationError(_("Enter a date between 2000 and 2100."))
        return value


class RegistrationForm(forms.Form):
    participant_name = forms.CharField(
        label=_("Name of the professional"), max_length=200, validators=[no_control_characters]
    )
    participant_email = forms.EmailField(label=_("E-mail address"), max_length=254)


class PlanForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, validators=[no_control_characters])
    starts_on = forms.DateField(label=_("From"), widget=DateInput, validators=[reasonable_year])
    ends_on = forms.DateField(label=_("Until"), widget=DateInput, validators=[reasonable_year])
    copy_measures = forms.BooleanField(
        label=_("Continue the planned and running measures of the current plan"),
        required=False,
        initial=True,
    )


class MeasureForm(forms.Form):
    pillar = forms.ChoiceField(label=_("Pillar"), choices=PlanPillar.choices)
    title = forms.CharField(label=_("Title"), max_length=200, validators=[no_control_characters])
    public_summary = forms.CharField(
        label=_("Public summary"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[no_control_characters],
        help_text=_("Appears in the public version of the plan."),
    )
    confidential_detail = forms.CharField(
        label=_("Confidential detail"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[no_control_characters],
        help_text=_("Never appears in the public version."),
    )
    is_confidential = forms.BooleanField(
        label=_("Confidential measure: leave it out of the public version"), required=False
    )
    owner = organisation_field(label=_("Owner"))
    planned_start = forms.DateField(
        label=_("Planned start"), required=False, widget=DateInput, validators=[reasonable_year]
    )
    planned_end = forms.DateField(
        label=_("Planned end"), required=False, widget=DateInput, validators=[reasonable_year]
    )

    def __init__(self, *args, current_owner=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if current_owner is not None:
            # A measure keeps its owner even after that organisation was deactivated.
            self.fields["owner"].queryset = (
                Organisation.objects.filter(is_active=True)
                | Organisation.objects.filter(pk=current_owner.pk)
            ).distinct()


class ProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=MeasureStatus.choices)
    note = forms.CharField(
        label=_("Progress"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        validators=[no_control_characters],
    )


class ActivityForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput)
    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices)
    pillar = forms.ChoiceField(
        label=_("Pillar"),
        choices=[
            (PlanPillar.PREVENTION, PlanPillar.PREVENTION.label),
            (PlanPillar.COUNTERING_POLARISATION, PlanPillar.COUNTERING_POLARISATION.label),
        ],
    )
    organiser = organisation_field(label=_("Organiser"))
    target_group = forms.ChoiceField(label=_("Target group"), choices=TargetGroup.choices)
    neighbourhood = forms.ModelChoiceField(
        label=_("Neighbourhood"),
        queryset=Neighbourhood.objects.filter(is_active=True),
        required=False,
        empty_label=_("Whole city / not applicable"),
    )
    participants = forms.IntegerField(
        label=_("Participants reached"), min_value=0, max_value=100_000
    )
    measure = forms.ModelChoiceField(
        label=_("Measure of the plan"), queryset=None, required=False, empty_label=_("None")
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[no_control_characters],
        help_text=_("No names or other personal data of participants."),
    )

    def __init__(self, *args, plan=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)

        self.fields["measure"].queryset = plan.measures.all() if plan else Measure.objects.none()
        self.fields["measure"].label_from_instance = lambda m: m.title

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("This date lies in the future."))
        return value
