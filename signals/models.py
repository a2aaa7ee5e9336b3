"""Signals (signalen): concerns logged by partners, and the persons they are about."""

from __future__ import annotations

import uuid

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.db.models import Case as DbCase
from django.db.models import Q, Value, When
from django.utils.translation import gettext_lazy as _

from lelystad_radicalisering.storage import PrivateStorage, private_storage  # noqa: F401 (migrations)
from network.models import Organisation

from .constants import (
    OPEN_STATUSES,
    URGENCY_RANK,
    Category,
    ForwardRoute,
    SignalStatus,
    Source,
    Urgency,
)


class Neighbourhood(models.Model):
    """A neighbourhood (wijk) of Lelystad; the list is maintained by the coordinator."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """Someone a signal or case is about (betrokkene). No BSN: data minimisation.

    Only coordinators see persons; matching signals to persons is their job.
    """

    full_name = models.CharField(_("name"), max_length=200)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("neighbourhood"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        indexes = [models.Index(fields=["date_of_birth"])]

    def __str__(self) -> str:
        # Kept free of personal data: this text lands in audit entries and logs.
        return f"Betrokkene {self.pk}"


class Signal(models.Model):
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    # Generated when the form is shown: a second submit of the same form finds
    # the first signal instead of creating another.
    submission_key = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    urgency = models.CharField(_("urgency"), max_length=16, choices=Urgency.choices)
    # The inbox's order as an integer the database keeps itself (acute 0, high 1,
    # normal 2): no service or bulk insert can let it drift from ``urgency``, and
    # the partial index below hands out the inbox's first page in order.
    urgency_rank = models.GeneratedField(
        expression=DbCase(
            *(When(urgency=urgency, then=Value(rank)) for urgency, rank in URGENCY_RANK.items()),
            default=Value(len(URGENCY_RANK)),
        ),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
    )
    group_description = models.TextField(_("group"), blank=True, max_length=2000)
    place_description = models.TextField(_("place or incident"), blank=True, max_length=2000)
    observation = models.TextField(_("what was observed"), max_length=10000)
    observed_on = models.DateField(_("observed on"))
    observed_where = models.CharField(_("where"), max_length=300, blank=True)
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signals",
        verbose_name=_("neighbourhood"),
    )
    source = models.CharField(_("how do you know"), max_length=16, choices=Source.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="signals",
        verbose_name=_("organisation"),
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="reported_signals",
        verbose_name=_("reporter"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=SignalStatus.choices, default=SignalStatus.NEW
    )
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    triage_started_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True, max_length=2000)
    forwarded_to = models.CharField(
        _("forwarded to"), max_length=20, choices=ForwardRoute.choices, blank=True
    )
    notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="signals"
    )
    created_at = models.DateTimeField(_("logged at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        indexes = [
            models.Index(fields=["status", "urgency", "created_at"]),
            # The triage inbox and the start page's "signals waiting": open
            # signals in the inbox's order (sorted by urgency, then oldest first).
            models.Index(
                fields=["urgency_rank", "created_at"],
                # The inbox's filters on status and category, and its capped
                # counts, read the index alone (no visit to the table).
                include=["status", "category"],
                condition=Q(status__in=sorted(OPEN_STATUSES)),
                name="signal_inbox_open_idx",
            ),
            # A partner's own signals by date; the status counts of its start
            # page read the index alone.
            models.Index(
                fields=["organisation", "created_at"],
                include=["status"],
                name="signal_organisation_idx",
            ),
            # The retention panel and job: decided signals without a case, by
            # outcome and decision time (a handful of rows, never a scan).
            models.Index(
                fields=["status", "decided_at"],
                condition=Q(case__isnull=True, decided_at__isnull=False),
                name="signal_retention_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_triage_url(self) -> str:
        from django.urls import reverse

        return reverse("signals:triage_detail", args=[self.pk])


class SignalPerson(models.Model):
    """A person as the reporter described them. The coordinator links it to a
    known :class:`Person`; the reporter's words stay as they were."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="persons")
    full_name = models.CharField(_("name"), max_length=200)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("neighbourhood"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="signal_mentions"
    )
    matched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    matched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("person in a signal")
        verbose_name_plural = _("persons in a signal")

    def __str__(self) -> str:
        return f"Persoon {self.pk} in {self.signal_id}"


class SignalAttachment(models.Model):
    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(storage=private_storage, upload_to="signals/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return f"Bijlage {self.pk}"


class SignalSupplement(models.Model):
    """Supplementary information the reporting organisation adds while the signal is open."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="supplements")
    text = models.TextField(_("supplementary information"), max_length=5000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("supplement")
        verbose_name_plural = _("supplements")

    def __str__(self) -> str:
        return f"Aanvulling {self.pk}"


auditlog.register(Signal, exclude_fields=["updated_at", "urgency_rank"])
auditlog.register(SignalPerson)
auditlog.register(Person)
auditlog.register(SignalAttachment)
auditlog.register(SignalSupplement)
