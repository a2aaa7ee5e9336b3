"""Destruction does not change the figures of reports generated earlier: a report
keeps its own anonymous aggregates."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from cases.models import Case
from privacy import services
from privacy.constants import RetentionKind
from signals.models import Signal
from tests.reports.conftest import crafted, request_report  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def test_a_generated_report_keeps_its_figures_after_destruction(
    crafted,  # noqa: F811
    management,
    privacy_officer,
):
    report = request_report(management)
    figures = report.figures
    pdf = report.file.read()
    assert figures and pdf
    # Short periods, so the crafted 2025 data is past retention now.
    for kind in (RetentionKind.SIGNAL_CLOSED, RetentionKind.CASE_CLOSED):
        services.retention_rule_update(officer=privacy_officer, kind=kind, days=30)
    Case.objects.filter(status="closed").update(
        retention_start=timezone.localdate() - datetime.timedelta(days=400)
    )
    before = Signal.objects.count()
    records = services.destroy_expired()
    assert {r.kind for r in records} >= {RetentionKind.SIGNAL_CLOSED, RetentionKind.CASE_CLOSED}
    assert Signal.objects.count() < before
    report.refresh_from_db()
    assert report.figures == figures
    report.file.open("rb")
    assert report.file.read() == pdf
