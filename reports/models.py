"""Generated reports. A report keeps its published (already anonymised) figures,
so later destruction of source data never changes what was published."""

from __future__ import annotations

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lelystad_radicalisering.storage import private_storage

from .constants import CHANGE_LABELS, PERIOD_ENDED, UNKNOWN_CHANGES, ReportFailure, ReportStatus
from .periods import Period


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
    # Asking again for a period offers the existing report; a new version is
    # made on request only, and says what changed (section keys of
    # ``CHANGE_LABELS``) since the version before.
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    changes = models.JSONField(default=list, blank=True)
    # Keyed hashes of the period's raw counts per section (``figures.fingerprint``):
    # tell what changed, never what a count was.
    fingerprint = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["period_start", "period_end", "version"], name="report_period_version"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("reports:report_detail", args=[self.pk])

    @property
    def period(self) -> Period:
        return Period(self.period_start, self.period_end)

    @property
    def name(self) -> str:
        """The report by its period, as people call it: "Rapportage 4e kwartaal 2026"."""
        if self.version > 1:
            return gettext("Report %(period)s (version %(version)s)") % {
                "period": self.period.name(),
                "version": self.version,
            }
        return gettext("Report %(period)s") % {"period": self.period.name()}

    @property
    def file_stem(self) -> str:
        """Download names by period: rapportage-2026-k4, rapportage-2026-k4-versie-2."""
        period = self.period
        if period.quarter:
            stem = f"rapportage-{period.start.year}-k{period.quarter}"
        else:
            stem = f"rapportage-{period.start:%Y%m%d}-{period.end:%Y%m%d}"
        return f"{stem}-versie-{self.version}" if self.version > 1 else stem

    @property
    def version_reason(self) -> str:
        """Why this version was made, in words; empty for a first version."""
        if self.version == 1:
            return ""
        parts = []
        sections = [str(CHANGE_LABELS[code]) for code in self.changes if code in CHANGE_LABELS]
        if sections:
            parts.append(
                gettext("The data on %(sections)s changed since version %(version)s.")
                % {"sections": ", ".join(sections), "version": self.version - 1}
            )
        if PERIOD_ENDED in self.changes:
            parts.append(
                gettext("The period had not ended when version %(version)s was made.")
                % {"version": self.version - 1}
            )
        if UNKNOWN_CHANGES in self.changes:
            parts.append(
                gettext(
                    "Version %(version)s kept nothing to compare with; the data may have changed."
                )
                % {"version": self.version - 1}
            )
        return " ".join(parts)

    @property
    def is_finished(self) -> bool:
        return self.status in (ReportStatus.DONE, ReportStatus.FAILED)


# Requests, retries and their outcome are in the audit log with the requester
# as actor; downloads are access entries (see the views).
auditlog.register(Report, exclude_fields=["progress", "figures", "started_at", "fingerprint"])
