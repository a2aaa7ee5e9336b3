"""Report generation in the background. Takes a primary key only; running it
twice for a report that is done changes nothing."""

from __future__ import annotations

import logging

from auditlog.context import set_actor
from celery import shared_task

from . import services
from .consistency import ReportInconsistent, ensure_consistent
from .constants import ReportFailure
from .figures import build_report
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
            built = build_report(
                period,
                threshold=report.threshold,
                progress=lambda percent: services.report_progress(report=report, percent=percent),
            )
            # Before anything is stored: a report whose tables do not add up is not published.
            ensure_consistent(built.figures)
            services.report_progress(report=report, percent=80)
            pdf = render_pdf(report, built.figures)
            services.report_progress(report=report, percent=95)
            services.report_complete(
                report=report, figures=built.figures, pdf=pdf, fingerprint=built.fingerprint
            )
        except ReportInconsistent as error:
            # Problem codes and table keys only: never a figure in the log.
            logger.error("Report %s failed the consistency check: %s", report_id, error)
            services.report_fail(report_id=report_id, failure=ReportFailure.INCONSISTENT)
            return "failed"
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
