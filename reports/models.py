"""Generated reports. A report keeps its published (already anonymised) figures,
so later destruction of source data never changes what was published."""

from __future__ import annotations

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lelystad_radicalisering.storage import private_storage

from .constants import ReportFailure, ReportStatus


class Report(models.Model):
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"))
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    failure = models.CharField(
        _("error message"), max_length=16, choices=ReportFailure.choices, blank=True
    )
    threshold = models.PositiveSmallIntegerField(_("suppression threshold"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Only anonymised, suppressed figures: never a count below the threshold.
    figures = models.JSONField(default=dict, blank=True)
    file = models.FileField(storage=private_storage, upload_to="reports/%Y/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self) -> str:
        return f"Rapportage {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("reports:report_detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (ReportStatus.DONE, ReportStatus.FAILED)


# Requests, retries and their outcome are in the audit log with the requester
# as actor; downloads are access entries (see the views).
auditlog.register(Report, exclude_fields=["progress", "figures", "started_at"])
