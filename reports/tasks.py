"""Report generation in the background. Takes a primary key only; running it
twice for a report that is done changes nothing."""

from __future__ import annotations

import logging

from auditlog.context import set_actor
from celery import shared_task

from . import services
from .constants import ReportFailure
from .figures import build_figures
from .periods import Period
from .rendering import render_pdf
from .suppression import SuppressionImpossible

logger = logging.getLogger(__name__)


@shared_task(name="reports.generate")
def report_generate(report_id: int) -> str:
    report = services.report_start(report_id=report_id)
    if report is None:
        return "skipped"
    with set_actor(report.requested_by):
        try:
            period = Period(report.period_start, report.period_end)
            figures = build_figures(
                period,
                threshold=report.threshold,
                progress=lambda percent: services.report_progress(report=report, percent=percent),
            )
            services.report_progress(report=report, percent=80)
            pdf = render_pdf(report, figures)
            services.report_progress(report=report, percent=95)
            services.report_complete(report=report, figures=figures, pdf=pdf)
        except SuppressionImpossible:
            logger.warning("Report %s: no safe suppression pattern", report_id)
            services.report_fail(report_id=report_id, failure=ReportFailure.SUPPRESSION)
            return "failed"
        except Exception:
            # The page tells the requester in Dutch; the cause is for the log.
            logger.exception("Report %s failed", report_id)
            services.report_fail(report_id=report_id, failure=ReportFailure.ERROR)
            return "failed"
    return "done"
