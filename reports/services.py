"""Writes for reports: request, retry, and the steps the background task takes."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from lelystad_radicalisering.exceptions import ApplicationError
from lelystad_radicalisering.notices import announce
from lelystad_radicalisering.tasks import enqueue_after_commit

from . import notices
from .constants import ALLOWED_TRANSITIONS, ReportFailure, ReportStatus
from .models import Report
from .periods import Period, quarter_of
from .versions import report_changes

MAX_PERIOD_DAYS = 366
EARLIEST = datetime.date(2000, 1, 1)


def _transition(report: Report, status: str) -> None:
    if status not in ALLOWED_TRANSITIONS[report.status]:
        raise ApplicationError(_("This report cannot change to that status."))
    report.status = status


def period_check(period: Period) -> None:
    """A period starts no later than it ends, spans at most a year and ends no
    later than the running quarter."""
    if period.end < period.start:
        raise ApplicationError(_("The end date lies before the start date."), field="end")
    if period.days > MAX_PERIOD_DAYS:
        raise ApplicationError(_("A report covers at most one year."), field="end")
    if period.start < EARLIEST:
        raise ApplicationError(_("Choose a later start date."), field="start")
    if period.end > quarter_of(timezone.localdate()).end:
        raise ApplicationError(_("A report cannot cover a future quarter."), field="end")


class ReportExists(ApplicationError):
    """There is a report on this period already: it is offered instead of a new one."""

    def __init__(self, report: Report) -> None:
        super().__init__(_("There is already a report on this period."))
        self.report = report


@transaction.atomic
def report_request(*, user: User, period: Period, new_version: bool = False) -> Report:
    """A report on ``period``. Asking again for a period offers the report
    there is (``ReportExists``); a new version is made only on request
    (``new_version``), after the earlier one is ready and only when the data
    behind it changed; it records what changed. A failed report is retried."""
    # Imported here: the tasks module imports this one.
    from .tasks import report_generate

    period_check(period)
    latest = (
        Report.objects.select_for_update()
        .filter(period_start=period.start, period_end=period.end)
        .order_by("-version")
        .first()
    )
    if latest is not None and latest.status == ReportStatus.FAILED:
        return report_retry(user=user, report=latest)
    changes: list[str] = []
    if latest is not None:
        if not new_version or latest.status != ReportStatus.DONE:
            raise ReportExists(latest)
        changes = report_changes(latest)
        if not changes:
            raise ReportExists(latest)
    report = Report.objects.create(
        period_start=period.start,
        period_end=period.end,
        requested_by=user,
        threshold=settings.REPORT_SUPPRESSION_THRESHOLD,
        version=latest.version + 1 if latest else 1,
        changes=changes,
    )
    enqueue_after_commit(report_generate, report.pk)
    return report


@transaction.atomic
def report_retry(*, user: User, report: Report) -> Report:
    # Imported here: the tasks module imports this one.
    from .tasks import report_generate

    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != ReportStatus.FAILED:
        raise ApplicationError(_("Only a failed report can be generated again."))
    _transition(report, ReportStatus.PENDING)
    report.progress = 0
    report.failure = ""
    report.requested_by = user
    report.threshold = settings.REPORT_SUPPRESSION_THRESHOLD
    report.save(update_fields=["status", "progress", "failure", "requested_by", "threshold"])
    enqueue_after_commit(report_generate, report.pk)
    return report


@transaction.atomic
def report_start(*, report_id: int) -> Report | None:
    """Claim the report for generation. A report already done (a duplicate
    message) is left alone; one left running by a lost worker starts over."""
    report = Report.objects.select_for_update().filter(pk=report_id).first()
    if report is None or report.status in (ReportStatus.DONE, ReportStatus.FAILED):
        return None
    if report.status == ReportStatus.PENDING:
        _transition(report, ReportStatus.RUNNING)
    report.progress = 1
    report.started_at = timezone.now()
    report.save(update_fields=["status", "progress", "started_at"])
    return report


def report_progress(*, report: Report, percent: int) -> None:
    """Outside any transaction, so the page polling the status sees it at once."""
    report.progress = max(0, min(99, percent))
    report.save(update_fields=["progress"])


@transaction.atomic
def report_complete(
    *, report: Report, figures: dict, pdf: bytes, fingerprint: dict[str, str] | None = None
) -> Report:
    report = Report.objects.select_for_update().get(pk=report.pk)
    _transition(report, ReportStatus.DONE)
    name = f"{report.file_stem}-{report.pk}.pdf"
    if report.file:
        report.file.delete(save=False)
    report.file.save(name, ContentFile(pdf), save=False)
    report.figures = figures
    report.fingerprint = fingerprint or {}
    report.progress = 100
    report.finished_at = timezone.now()
    report.save(
        update_fields=["status", "file", "figures", "fingerprint", "progress", "finished_at"]
    )
    announce(kind=notices.REPORT_READY, source_id=report.pk)
    return report


@transaction.atomic
def report_fail(*, report_id: int, failure: str = ReportFailure.ERROR) -> None:
    report = Report.objects.select_for_update().filter(pk=report_id).first()
    if report is None or report.status not in (ReportStatus.PENDING, ReportStatus.RUNNING):
        return
    _transition(report, ReportStatus.FAILED)
    report.failure = failure
    report.finished_at = timezone.now()
    report.save(update_fields=["status", "failure", "finished_at"])
