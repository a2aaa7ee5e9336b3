"""The notification kind of reports, registered in ``ReportsConfig.ready()``."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from lelystad_radicalisering.notices import Audience, Delivery, NoticeKind, register
from lelystad_radicalisering.roles import Role

from .constants import ReportStatus
from .models import Report
from .selectors import reports_visible_to

REPORT_READY = "report_ready"


def _report_audience(source_id: int) -> Audience | None:
    report = Report.objects.filter(pk=source_id, status=ReportStatus.DONE).first()
    if report is None or report.requested_by_id is None:
        return None
    # Who asked for it, while their role may still see reports.
    users = User.objects.filter(
        is_active=True, pk=report.requested_by_id, role__in=[Role.MANAGEMENT, Role.COORDINATOR]
    )
    # The report by its period, as everywhere: "4e kwartaal 2026 (versie 2)".
    reference = report.period.name()
    if len(reference) > 28:  # the reference holds 40 characters, version included
        reference = f"{report.period_start:%d-%m-%Y} \u2013 {report.period_end:%d-%m-%Y}"
    if report.version > 1:
        reference = f"{reference} ({gettext('version')} {report.version})"
    return Audience(report.pk, reference, users)


def _report_url(user: User, report_id: int) -> str | None:
    if reports_visible_to(user).filter(pk=report_id).exists():
        return reverse("reports:report_detail", args=[report_id])
    return None


def register_notices() -> None:
    register(
        NoticeKind(
            code=REPORT_READY,
            label=_("Report ready"),
            title=_("Report %(reference)s is ready"),
            default_delivery=Delivery.IMMEDIATE,
            audience=_report_audience,
            target_url=_report_url,
        )
    )
