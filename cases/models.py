"""Case files for the casusoverleg, and who may see them."""

from __future__ import annotations

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from network.models import Organisation
from signals.constants import Category
from signals.models import Person

from .constants import (
    CaseStatus,
    ClosingOutcome,
    DecisionKind,
    EndEffect,
    FactorKind,
    HandoverKind,
    HandoverStatus,
    InclusionStatus,
    InformingMethod,
    InformingState,
    InterventionStatus,
    Pillar,
    RiskLevel,
    TimelineKind,
    Visibility,
)


class LegalBasis(models.Model):
    """The legal basis for sharing data in a case; a configurable list."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")

    def __str__(self) -> str:
        return self.name


class Factor(models.Model):
    """A risk or protective factor of the configurable checklists."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=FactorKind.choices)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["name", "kind"], name="unique_factor")]
        verbose_name = _("factor")
        verbose_name_plural = _("factors")

    def __str__(self) -> str:
        return self.name


class InclusionCriterion(models.Model):
    """A ground for including a person in the person-oriented approach; a
    reference list the privacy officer maintains (README: "The PGA law")."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("inclusion criterion")
        verbose_name_plural = _("inclusion criteria")

    def __str__(self) -> str:
        return self.name


class DeferralReason(models.Model):
    """Why informing a person may wait; a reference list the privacy officer maintains."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("reason for deferring")
        verbose_name_plural = _("reasons for deferring")

    def __str__(self) -> str:
        return self.name


class Case(models.Model):
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    label = models.CharField(
        _("neutral label"),
        max_length=100,
        help_text=_("Used on agendas and in e-mails: no names or other personal data."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.INTAKE
    )
    pillar = models.CharField(_("pillar"), max_length=20, choices=Pillar.choices)
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    legal_basis = models.ForeignKey(
        LegalBasis,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("legal basis for sharing"),
    )
    persons = models.ManyToManyField(
        Person, related_name="cases", blank=True, verbose_name=_("persons")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closing_reason = models.TextField(_("closing reason"), blank=True, max_length=2000)
    closing_outcome = models.CharField(
        _("outcome"), max_length=20, choices=ClosingOutcome.choices, blank=True
    )
    retention_start = models.DateField(_("retention runs from"), null=True, blank=True)
    # The person-oriented approach (PGA law): kept on the case by the services
    # in cases.services so lists, agendas and start pages filter in the database.
    inclusion_status = models.CharField(
        _("person-oriented approach"),
        max_length=10,
        choices=InclusionStatus.choices,
        default=InclusionStatus.NOT_INCLUDED,
    )
    review_due_on = models.DateField(_("periodic review due"), null=True, blank=True, db_index=True)
    # After closing, partners keep read access until this moment (then it is revoked).
    partner_access_until = models.DateTimeField(null=True, blank=True)
    # The latest RiskAssessment.assessed_at, kept by risk_assessment_add: the
    # start page finds cases without a recent assessment from an index.
    last_assessed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            # "No recent risk assessment": open cases by their last assessment,
            # or their opening if never assessed (oldest first).
            models.Index(
                Coalesce("last_assessed_at", "created_at"),
                name="case_assessment_due_idx",
                condition=~Q(status=CaseStatus.CLOSED),
            ),
            # The retention panel and job: closed cases by the start of their
            # retention period.
            models.Index(
                fields=["retention_start"],
                condition=Q(status=CaseStatus.CLOSED),
                name="case_retention_idx",
            ),
        ]
        # view_case and change_case are Django's defaults; guardian grants them per case.

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("cases:case_detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.status == CaseStatus.CLOSED

    @property
    def is_included(self) -> bool:
        return self.inclusion_status == InclusionStatus.INCLUDED


class CaseUserObjectPermission(UserObjectPermissionBase):
    """Direct foreign key permission table: fast joins, real integer keys."""

    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)


class CaseGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)


class InvolvementQuerySet(models.QuerySet):
    def current(self) -> InvolvementQuerySet:
        """Involvements in force today: not ended, within their end date, of an
        active organisation under a valid data-sharing covenant. The one
        definition every permission check, form and service uses."""
        today = timezone.localdate()
        return self.filter(
            revoked_at__isnull=True,
            organisation__is_active=True,
            organisation__covenant_signed_on__lte=today,
        ).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=today),
            Q(organisation__covenant_ends_on__isnull=True)
            | Q(organisation__covenant_ends_on__gte=today),
        )


class Involvement(models.Model):
    """An organisation involved in a case. Its group holds the case permissions;
    ``cases.permissions`` keeps both in step."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="involvements")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="involvements"
    )
    can_change = models.BooleanField(_("contributing partner"), default=False)
    ends_on = models.DateField(_("involved until"), null=True, blank=True)
    # Set when the involvement ends (by the coordinator or by its end date); the
    # row stays for the history, the permissions are gone.
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InvolvementQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["case", "organisation"], name="unique_involvement")
        ]
        indexes = [
            # The partner's case list: an organisation's current involvements,
            # read from the index alone (bench/permission_query.py).
            models.Index(
                fields=["organisation", "case"],
                include=["revoked_at", "ends_on"],
                name="involvement_organisation_case",
            )
        ]
        verbose_name = _("involvement")
        verbose_name_plural = _("involvements")

    def __str__(self) -> str:
        return f"Betrokkenheid {self.pk}"


class RiskAssessment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    level = models.CharField(_("risk level"), max_length=10, choices=RiskLevel.choices)
    risk_factors = models.ManyToManyField(
        Factor, related_name="+", blank=True, limit_choices_to={"kind": FactorKind.RISK}
    )
    protective_factors = models.ManyToManyField(
        Factor, related_name="+", blank=True, limit_choices_to={"kind": FactorKind.PROTECTIVE}
    )
    risk_notes = models.TextField(_("risk factors, explained"), blank=True, max_length=5000)
    protective_notes = models.TextField(
        _("protective factors, explained"), blank=True, max_length=5000
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assessed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-assessed_at", "-pk"]
        verbose_name = _("risk assessment")
        verbose_name_plural = _("risk assessments")

    def __str__(self) -> str:
        return f"Risicotaxatie {self.pk}"


class Goal(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="goals")
    description = models.TextField(_("goal"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return f"Doel {self.pk}"


class Intervention(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="interventions")
    goal = models.ForeignKey(
        Goal, on_delete=models.SET_NULL, null=True, blank=True, related_name="interventions"
    )
    description = models.TextField(_("intervention"), max_length=2000)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible organisation"),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=InterventionStatus.choices,
        default=InterventionStatus.PLANNED,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")

    def __str__(self) -> str:
        return f"Interventie {self.pk}"


class TimelineEntry(models.Model):
    """An update or an event in a case's timeline, with who may read it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="timeline")
    kind = models.CharField(max_length=16, choices=TimelineKind.choices, default=TimelineKind.NOTE)
    text = models.TextField(_("update"), max_length=10000, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    visibility = models.CharField(
        _("shared with"), max_length=16, choices=Visibility.choices, default=Visibility.ALL_INVOLVED
    )
    shared_with = models.ManyToManyField(Organisation, related_name="+", blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")

    def __str__(self) -> str:
        return f"Tijdlijn {self.pk}"


class InclusionDecision(models.Model):
    """A decision under the PGA law: to include a person in the person-oriented
    approach, to continue after a periodic review, or to end it. Taken by the
    mayor or an official with a mandate; never changed afterwards."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="inclusion_decisions")
    kind = models.CharField(_("decision"), max_length=10, choices=DecisionKind.choices)
    persons = models.ManyToManyField(Person, related_name="+", verbose_name=_("persons"))
    criteria = models.ManyToManyField(
        InclusionCriterion, related_name="+", blank=True, verbose_name=_("criteria that apply")
    )
    proportionality = models.TextField(_("proportionality"), blank=True, max_length=5000)
    subsidiarity = models.TextField(_("subsidiarity"), blank=True, max_length=5000)
    reasoning = models.TextField(_("reasoning"), blank=True, max_length=5000)
    legal_basis = models.ForeignKey(
        LegalBasis,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("legal basis"),
    )
    end_effect = models.CharField(
        _("effect on the case"), max_length=10, choices=EndEffect.choices, blank=True
    )
    decided_on = models.DateField(_("date of the decision"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    # Set when the decision was taken in a casusoverleg (periodic review): its date.
    meeting_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = _("person-oriented approach decision")
        verbose_name_plural = _("person-oriented approach decisions")

    def __str__(self) -> str:
        return f"Besluit {self.pk}"


class Informing(models.Model):
    """Whether an included person was told, or why and until when that waits."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="informing")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(_("state"), max_length=10, choices=InformingState.choices)
    informed_on = models.DateField(_("informed on"), null=True, blank=True)
    informed_by = models.CharField(
        _("informed by (name and organisation)"), max_length=200, blank=True
    )
    method = models.CharField(_("how"), max_length=10, choices=InformingMethod.choices, blank=True)
    deferral_reason = models.ForeignKey(
        DeferralReason,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reason for deferring"),
    )
    review_on = models.DateField(_("review the deferral on"), null=True, blank=True, db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["person__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["case", "person"], name="one_informing_per_person")
        ]
        verbose_name = _("informing")
        verbose_name_plural = _("informing")

    def __str__(self) -> str:
        return f"Informeren {self.pk}"


class Handover(models.Model):
    """A handover of one person's part of a case to another organisation (a
    new municipality, the Zorg- en Veiligheidshuis). The package is frozen when
    the handover is built: what was shared is what the record shows."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="handovers")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("reason"), max_length=12, choices=HandoverKind.choices)
    receiving_organisation = models.CharField(_("receiving organisation"), max_length=200)
    legal_basis = models.ForeignKey(
        LegalBasis, on_delete=models.PROTECT, related_name="+", verbose_name=_("legal basis")
    )
    package = models.JSONField(editable=False)
    status = models.CharField(
        _("answer"), max_length=10, choices=HandoverStatus.choices, default=HandoverStatus.PENDING
    )
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")

    def __str__(self) -> str:
        return f"Overdracht {self.pk}"


auditlog.register(Handover)
auditlog.register(Case, exclude_fields=["updated_at", "last_assessed_at"], m2m_fields={"persons"})
auditlog.register(RiskAssessment, m2m_fields={"risk_factors", "protective_factors"})
auditlog.register(TimelineEntry, m2m_fields={"shared_with"})
auditlog.register(InclusionDecision, m2m_fields={"persons", "criteria"})
for model in (Involvement, Goal, Intervention, Informing):
    auditlog.register(model)
