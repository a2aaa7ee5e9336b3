"""The network: partner organisations and their covenant, contacts, faith
communities and civil society, contact moments, and trainings."""

from __future__ import annotations

from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lelystad_radicalisering.storage import private_storage

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


class Organisation(models.Model):
    """A partner organisation. Its group carries the per-object permissions that
    involvement in a case grants; the group is created and kept in sync by
    ``network.services``."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    type = models.CharField(_("type"), max_length=32, choices=OrganisationType.choices)
    is_active = models.BooleanField(_("active"), default=True)
    group = models.OneToOneField(
        Group, on_delete=models.PROTECT, related_name="organisation", editable=False
    )
    covenant_signed_on = models.DateField(_("covenant signed on"), null=True, blank=True)
    covenant_ends_on = models.DateField(_("covenant valid until"), null=True, blank=True)
    covenant_document = models.FileField(
        _("covenant document"), storage=private_storage, upload_to="covenants/", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    @property
    def has_valid_covenant(self) -> bool:
        """Only organisations under a valid data-sharing covenant may join a case."""
        today = timezone.localdate()
        return (
            self.covenant_signed_on is not None
            and self.covenant_signed_on <= today
            and (self.covenant_ends_on is None or self.covenant_ends_on >= today)
        )


class ContactPerson(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=200)
    function = models.CharField(_("function"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self) -> str:
        return f"Contactpersoon {self.pk}"


class Community(models.Model):
    """A faith community, association or key figure the municipality keeps in touch with."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=CommunityKind.choices)
    neighbourhood = models.ForeignKey(
        "signals.Neighbourhood",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("neighbourhood"),
    )
    notes = models.TextField(_("notes"), blank=True, max_length=5000)
    # Besides the coordinators, only these users see the community: the
    # municipality's relationships with communities are confidential.
    allowed_users = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("community")
        verbose_name_plural = _("communities")

    def __str__(self) -> str:
        return self.name


class CommunityContact(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("community contact")
        verbose_name_plural = _("community contacts")

    def __str__(self) -> str:
        return f"Contact {self.pk}"


class ContactMoment(models.Model):
    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="contact_moments"
    )
    date = models.DateField(_("date"))
    spoke_with = models.CharField(_("spoke with"), max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    topic = models.TextField(_("topic"), max_length=5000)
    tension = models.CharField(
        _("tension or polarisation"), max_length=10, choices=Tension.choices, default=Tension.NONE
    )
    pillar = models.CharField(_("pillar"), max_length=20, choices=PlanPillar.choices)
    follow_up = models.TextField(_("agreed follow-up"), blank=True, max_length=2000)
    follow_up_due = models.DateField(_("follow-up due"), null=True, blank=True)
    follow_up_done = models.BooleanField(_("follow-up done"), default=False)
    next_contact_on = models.DateField(_("next contact"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("contact moment")
        verbose_name_plural = _("contact moments")
        indexes = [models.Index(fields=["date", "tension"])]

    def __str__(self) -> str:
        return f"Contactmoment {self.pk}"


class Training(models.Model):
    title = models.CharField(_("title"), max_length=200)
    topic = models.CharField(_("topic"), max_length=20, choices=TrainingTopic.choices)
    starts_at = models.DateTimeField(_("date and time"))
    location = models.CharField(_("location"), max_length=200)
    trainer = models.CharField(_("trainer"), max_length=200)
    capacity = models.PositiveIntegerField(_("places"))
    target_organisations = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="+",
        verbose_name=_("for organisations"),
        help_text=_("Leave empty for all partner organisations."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("training")
        verbose_name_plural = _("trainings")

    def __str__(self) -> str:
        return self.title


class TrainingRegistration(models.Model):
    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="registrations")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    participant_name = models.CharField(_("name of the professional"), max_length=200)
    participant_email = models.EmailField(_("e-mail address"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    attended = models.BooleanField(_("attended"), null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["participant_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["training", "participant_email"], name="unique_training_participant"
            )
        ]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")

    def __str__(self) -> str:
        return f"Inschrijving {self.pk}"


class Plan(models.Model):
    """The municipal plan of action for a period (e.g. 2020-2022)."""

    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("plan of action")
        verbose_name_plural = _("plans of action")

    def __str__(self) -> str:
        return self.title


class Measure(models.Model):
    """A measure of the plan. Confidential measures and the confidential detail of
    any measure never appear in the public version."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="measures")
    pillar = models.CharField(_("pillar"), max_length=20, choices=PlanPillar.choices)
    title = models.CharField(_("title"), max_length=200)
    public_summary = models.TextField(_("public summary"), blank=True, max_length=3000)
    confidential_detail = models.TextField(_("confidential detail"), blank=True, max_length=10000)
    is_confidential = models.BooleanField(
        _("confidential measure"),
        default=False,
        help_text=_("Leave the whole measure out of the public version."),
    )
    owner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="measures", verbose_name=_("owner")
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pillar", "title"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    def __str__(self) -> str:
        return f"Maatregel {self.pk}"


class MeasureProgress(models.Model):
    """A dated progress note; the history is kept."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="progress")
    note = models.TextField(_("progress"), max_length=5000)
    status = models.CharField(_("status"), max_length=10, choices=MeasureStatus.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")

    def __str__(self) -> str:
        return f"Voortgang {self.pk}"


class PreventionActivity(models.Model):
    """A prevention or resilience activity. No personal data of participants."""

    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    pillar = models.CharField(_("pillar"), max_length=20, choices=PlanPillar.choices)
    organiser = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organiser")
    )
    target_group = models.CharField(_("target group"), max_length=20, choices=TargetGroup.choices)
    neighbourhood = models.ForeignKey(
        "signals.Neighbourhood",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("neighbourhood"),
    )
    participants = models.PositiveIntegerField(_("participants reached"))
    measure = models.ForeignKey(
        Measure,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("measure"),
    )
    description = models.TextField(_("description"), blank=True, max_length=3000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("prevention activity")
        verbose_name_plural = _("prevention activities")

    def __str__(self) -> str:
        return f"Activiteit {self.pk}"


auditlog.register(Organisation, exclude_fields=["group"])
auditlog.register(Plan)
auditlog.register(Measure)
auditlog.register(MeasureProgress)
auditlog.register(PreventionActivity)
auditlog.register(ContactPerson)


class DataCategory(models.Model):
    """A category of data a participant may supply to the casusoverleg (PGA law);
    which types may supply which is the matrix in :class:`SharingRule`."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("data category")
        verbose_name_plural = _("data categories")

    def __str__(self) -> str:
        return self.name


class SharingRule(models.Model):
    """One cell of the matrix the privacy officer maintains: organisations of
    ``organisation_type`` may supply data of ``category``."""

    organisation_type = models.CharField(
        _("participant type"), max_length=32, choices=OrganisationType.choices
    )
    category = models.ForeignKey(DataCategory, on_delete=models.CASCADE, related_name="rules")

    class Meta:
        ordering = ["organisation_type", "category__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation_type", "category"], name="one_rule_per_type_and_category"
            )
        ]
        verbose_name = _("sharing rule")
        verbose_name_plural = _("sharing rules")

    def __str__(self) -> str:
        return f"Deelregel {self.pk}"


auditlog.register(DataCategory)
auditlog.register(SharingRule)
auditlog.register(Community, m2m_fields={"allowed_users"})
auditlog.register(CommunityContact)
auditlog.register(ContactMoment)
auditlog.register(Training)
auditlog.register(TrainingRegistration)
