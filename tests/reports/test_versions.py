"""A report is named by its period, says when its period has not ended, and
asking again for a period offers the report there is or makes an explicit
new version that says what changed."""

from __future__ import annotations

import datetime
import subprocess

import pytest
import time_machine
from django.test import TestCase

from notifications.models import Notification
from reports import services
from reports.constants import ReportStatus
from reports.models import Report
from reports.periods import Period
from signals.constants import Category
from tests.signals.conftest import make_signal

from .conftest import QUARTER, at, request_report

pytestmark = pytest.mark.django_db


def _pdf_text(report) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", report.file.path, "-"], check=True, capture_output=True, text=True
    ).stdout


def test_report_is_named_by_its_period_everywhere(verified_client, management, crafted):
    report = request_report(management)
    assert str(report) == "Rapportage 1e kwartaal 2025"
    client = verified_client(management)
    assert "1e kwartaal 2025" in client.get("/rapportages/").content.decode()
    assert "Rapportage 1e kwartaal 2025" in client.get(report.get_absolute_url()).content.decode()
    assert "Rapportage 1e kwartaal 2025" in client.get("/").content.decode()  # the start page
    notification = Notification.objects.get(recipient=management, target_id=report.pk)
    assert notification.reference == "1e kwartaal 2025"
    download = client.get(f"/rapportages/{report.pk}/rapportage.pdf")
    assert "rapportage-2025-k1.pdf" in download["Content-Disposition"]


def test_cover_names_the_period_and_says_the_change_in_words(management, crafted):
    report = request_report(management)
    cover = _pdf_text(report).split("\f")[0]
    assert "1e kwartaal 2025" in cover
    # 11 signals against 6 in the quarter before.
    assert "meer signalen dan vorig kwartaal" in cover
    # Opened cases are hidden (2): no comparison is made.
    assert "niet te vergelijken" in cover
    assert "Voorlopige cijfers" not in cover


def test_report_of_a_running_quarter_is_marked_provisional(management, partner):
    with time_machine.travel(at(datetime.date(2025, 2, 10)), tick=False):
        for _ in range(6):
            make_signal(partner, category=Category.RADICALISATION)
        report = request_report(management, QUARTER)
    assert report.figures["unfinished"] is True
    text = _pdf_text(report)
    assert "Voorlopige cijfers: deze periode is nog niet afgelopen" in text.split("\f")[0]
    assert "voorlopige cijfers" in text.split("\f")[2]  # on every page, in the footer


def test_asking_again_offers_the_existing_report(verified_client, management, crafted):
    report = request_report(management)
    with pytest.raises(services.ReportExists) as raised:
        services.report_request(user=management, period=QUARTER)
    assert raised.value.report == report
    client = verified_client(management)
    response = client.post("/rapportages/nieuw/", {"kind": "quarter", "quarter": QUARTER.key})
    assert response.status_code == 302
    assert response["Location"] == f"/rapportages/bestaat-al/?periode={QUARTER.key}"
    page = client.get(response["Location"]).content.decode()
    assert "Er is al een rapportage over 1e kwartaal 2025" in page
    assert "niet veranderd" in page and "Versie 2 maken" not in page
    # Asking explicitly for a new version without changed data still offers version 1.
    with pytest.raises(services.ReportExists):
        services.report_request(user=management, period=QUARTER, new_version=True)
    assert Report.objects.count() == 1


def test_new_version_after_the_data_changed_says_why(verified_client, management, partner, crafted):
    first = request_report(management)
    with time_machine.travel(at(datetime.date(2025, 3, 3)), tick=False):
        make_signal(partner, category=Category.ACTIVISM)
    client = verified_client(management)
    page = client.get(f"/rapportages/bestaat-al/?periode={QUARTER.key}").content.decode()
    assert "signalen en triage" in page and "Versie 2 maken" in page
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            "/rapportages/nieuw/",
            {
                "kind": "custom",
                "start": QUARTER.start.isoformat(),
                "end": QUARTER.end.isoformat(),
                "new_version": "on",
            },
        )
    second = Report.objects.exclude(pk=first.pk).get()
    assert response["Location"] == second.get_absolute_url()
    assert (second.version, second.status, second.changes) == (2, ReportStatus.DONE, ["signals"])
    assert str(second) == "Rapportage 1e kwartaal 2025 (versie 2)"
    reason = "De gegevens over signalen en triage zijn gewijzigd sinds versie 1."
    assert second.version_reason == reason
    assert reason in client.get(second.get_absolute_url()).content.decode()
    assert reason in " ".join(_pdf_text(second).split("\f")[0].split())
    first.refresh_from_db()
    assert first.status == ReportStatus.DONE  # version 1 stays as it was


def test_version_after_the_period_ended_says_so(management, partner):
    with time_machine.travel(at(datetime.date(2025, 2, 10)), tick=False):
        for _ in range(6):
            make_signal(partner)
        request_report(management, QUARTER)
    with (
        time_machine.travel(at(datetime.date(2025, 4, 2)), tick=False),
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        second = services.report_request(user=management, period=QUARTER, new_version=True)
    second.refresh_from_db()
    assert "period_ended" in second.changes
    assert "nog niet afgelopen toen versie 1" in second.version_reason
    assert second.figures["unfinished"] is False


def test_a_report_still_being_made_is_offered_not_duplicated(verified_client, management):
    running = Report.objects.create(
        period_start=QUARTER.start,
        period_end=QUARTER.end,
        requested_by=management,
        threshold=5,
        status=ReportStatus.RUNNING,
    )
    with pytest.raises(services.ReportExists):
        services.report_request(user=management, period=QUARTER, new_version=True)
    page = verified_client(management).get(f"/rapportages/bestaat-al/?periode={QUARTER.key}")
    assert "Voortgang volgen" in page.content.decode()
    assert Report.objects.get() == running


def test_a_failed_report_is_retried_when_asked_again(management, crafted, settings, tmp_path):
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("x")
    settings.PRIVATE_MEDIA_ROOT = str(blocked)
    failed = request_report(management)
    assert failed.status == ReportStatus.FAILED
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    again = request_report(management)
    assert again.pk == failed.pk and again.status == ReportStatus.DONE and again.version == 1


def test_htmx_request_shows_busy_state_and_redirects_by_header(verified_client, management):
    client = verified_client(management)
    page = client.get("/rapportages/").content.decode()
    assert 'hx-indicator="#report-busy"' in page and 'hx-disabled-elt="find button' in page
    assert 'id="report-busy"' in page and "De rapportage wordt gemaakt" in page
    period = Period(datetime.date(2025, 1, 1), datetime.date(2025, 3, 31))
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            "/rapportages/nieuw/",
            {"kind": "quarter", "quarter": period.key},
            HTTP_HX_REQUEST="true",
        )
    report = Report.objects.get()
    assert response.status_code == 204
    assert response["HX-Redirect"] == report.get_absolute_url()
    # Errors come back as the form, with a status htmx swaps.
    response = client.post(
        "/rapportages/nieuw/",
        {"kind": "custom", "start": "2025-03-01", "end": "2025-01-01"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "De einddatum ligt voor de begindatum." in response.content.decode()


def test_periods_are_named_as_people_name_them():
    assert QUARTER.name() == "1e kwartaal 2025"
    assert Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)).name() == "Jaar 2025"
    custom = Period(datetime.date(2025, 2, 3), datetime.date(2025, 3, 9))
    assert custom.name() == "3 februari 2025 \u2013 9 maart 2025"
    assert QUARTER.previous_name() == "vorig kwartaal"
    assert custom.previous_name() == "de vorige periode"
