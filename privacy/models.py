"""Retention rules, destruction records, retention extensions and data-subject
requests. None of these rows holds personal data."""

from __future__ import annotations

from auditlog.registry import auditlog
from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import (
    MINIMUM_RETENTION_DAYS,
    ExtensionStatus,
    ExtensionTarget,
    RequestDecision,
    RequestKind,
    RetentionKind,
)


class RetentionRule(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=RetentionKind.choices, unique=True)
    days = models.PositiveIntegerField(
        _("retention (days)"), validators=[MinValueValidator(MINIMUM_RETENTION_DAYS)]
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind"]
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")

    def __str__(self) -> str:
        return f"{self.kind}: {self.days}"


class DestructionRecord(models.Model):
    """What the retention job destroyed: kind, how many, when, under which rule."""

    kind = models.CharField(_("kind"), max_length=20, choices=RetentionKind.choices)
    count = models.PositiveIntegerField(_("number destroyed"))
    rule_days = models.PositiveIntegerField(_("retention (days)"))
    cutoff = models.DateTimeField(_("destroyed what ended before"))
    # Counts of dependent rows and files, e.g. {"persons": 2, "files": 3}.
    details = models.JSONField(default=dict, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    performed_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-performed_at", "-pk"]
        verbose_name = _("destruction record")
        verbose_name_plural = _("destruction records")

    def __str__(self) -> str:
        return f"Vernietiging {self.pk}"


class RetentionExtension(models.Model):
    """The coordinator keeps a signal or case longer, with a reason."""

    target = models.CharField(max_length=10, choices=ExtensionTarget.choices)
    object_id = models.BigIntegerField()
    until = models.DateField(_("keep until"))
    reason = models.TextField(_("reason"), max_length=2000)
    # The first extension of a record is in force at once; every further one
    # waits for the privacy officer (PGA law).
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ExtensionStatus.choices,
        default=ExtensionStatus.APPROVED,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["target", "object_id", "until"])]
        verbose_name = _("retention extension")
        verbose_name_plural = _("retention extensions")

    def __str__(self) -> str:
        return f"Verlenging {self.pk}"


class DataSubjectRequest(models.Model):
    """A request under the GDPR and its decision. The person is referenced while
    the data exists; after erasure only the request remains."""

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=RequestKind.choices)
    person = models.ForeignKey(
        "signals.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    received_on = models.DateField(_("received on"))
    decision = models.CharField(
        _("decision"), max_length=10, choices=RequestDecision.choices, blank=True
    )
    reason = models.TextField(_("reason"), max_length=4000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("data-subject request")
        verbose_name_plural = _("data-subject requests")

    def __str__(self) -> str:
        return self.reference


for model in (RetentionRule, RetentionExtension, DataSubjectRequest):
    auditlog.register(model)
