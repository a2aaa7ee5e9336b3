"""Generating, following and downloading reports; what the figures say and
what they never contain."""

from __future__ import annotations

import csv
import io
import subprocess

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import TestCase

from cases.models import Case
from reports.constants import ReportStatus
from reports.figures import build_figures
from reports.models import Report
from signals.models import Signal

from .conftest import (
    PREVIOUS,
    QUARTER,
    SECRET_LABEL,
    SECRET_NAME,
    SECRET_NEIGHBOURHOOD,
    SECRET_REASON,
    SECRET_TEXT,
    request_report,
)

pytestmark = pytest.mark.django_db


def _key_figures(report) -> dict:
    return {figure["key"]: figure for figure in report.figures["key_figures"]}


def _table(report, key) -> dict:
    for section in report.figures["sections"]:
        for table in section["tables"]:
            if table["key"] == key:
                return table
    raise KeyError(key)


def _rows(table) -> dict:
    return {row["key"]: row for row in table["rows"]}


def test_management_requests_a_quarter_and_downloads_it(verified_client, management, crafted):
    client = verified_client(management)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post("/rapportages/nieuw/", {"kind": "quarter", "quarter": QUARTER.key})
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/rapportages/{report.pk}/"
    status = client.get(f"/rapportages/{report.pk}/status/")
    body = status.content.decode()
    assert "hx-trigger" not in body  # finished: polling stops
    assert f"/rapportages/{report.pk}/rapportage.pdf" in body
    pdf = client.get(f"/rapportages/{report.pk}/rapportage.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_progress_endpoint_reports_progress_while_running(verified_client, management):
    report = Report.objects.create(
        period_start=QUARTER.start,
        period_end=QUARTER.end,
        requested_by=management,
        threshold=5,
        status=ReportStatus.RUNNING,
        progress=40,
    )
    body = verified_client(management).get(f"/rapportages/{report.pk}/status/").content.decode()
    assert 'value="40"' in body and "40%" in body
    assert 'hx-trigger="every 2s"' in body


def test_failed_generation_shows_a_dutch_message_and_can_be_retried(
    verified_client, management, crafted, settings, tmp_path
):
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("x")
    settings.PRIVATE_MEDIA_ROOT = str(blocked)  # the PDF cannot be stored
    report = request_report(management)
    assert report.status == ReportStatus.FAILED and not report.file
    client = verified_client(management)
    body = client.get(f"/rapportages/{report.pk}/").content.decode()
    assert "Er is geen rapportage gemaakt" in body
    assert "Probeer het opnieuw" in body
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(f"/rapportages/{report.pk}/opnieuw/")
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.progress, report.failure) == (ReportStatus.DONE, 100, "")


def test_retry_of_a_finished_report_changes_nothing(verified_client, management):
    report = request_report(management)
    verified_client(management).post(f"/rapportages/{report.pk}/opnieuw/")
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE


def test_figures_match_independent_queries(management, crafted):
    report = request_report(management)
    figures = _key_figures(report)
    start, end = QUARTER.bounds()
    received = Signal.objects.filter(created_at__gte=start, created_at__lt=end).count()
    assert received == 11
    assert figures["signals_received"]["current"] == {"value": 11}
    assert figures["signals_received"]["previous"] == {"value": 6}
    assert figures["signals_received"]["change"] == 5
    decided = Signal.objects.filter(decided_at__gte=start, decided_at__lt=end).count()
    assert figures["triage_decided"]["current"] == {"value": decided} == {"value": 6}
    # Two cases opened and one closed: small numbers, hidden.
    assert Case.objects.filter(created_at__gte=start, created_at__lt=end).count() == 2
    assert figures["cases_opened"]["current"] == {"suppressed": "primary"}
    assert figures["cases_closed"]["current"] == {"suppressed": "primary"}
    category = _rows(_table(report, "signals_category"))
    assert category["radicalisation"]["current"] == {"value": 6}
    assert category["radicalisation"]["previous"] == {"value": 6}
    assert category["polarisation"]["current"] == {"suppressed": "primary"}
    assert category["activism"]["current"] == {"suppressed": "primary"}
    assert category["radicalisation"]["change"] is None or category["radicalisation"]["change"] == 0
    source = _rows(_table(report, "signals_source"))
    assert source["youth_care"]["current"] == {"suppressed": "primary"}
    # 11 - 8 would give youth care away: the police count (8) is hidden as well.
    assert source["police"]["current"] == {"suppressed": "secondary"}
    assert source["police"]["previous"] == {"value": 6}
    neighbourhoods = _rows(_table(report, "signals_neighbourhood"))
    assert "Wijk Havenkwartier" in neighbourhoods
    # 10 of 11: shown, it would give away the single signal under "other".
    assert neighbourhoods["Wijk Havenkwartier"]["current"] == {"suppressed": "secondary"}
    assert neighbourhoods["Wijk Havenkwartier"]["previous"] == {"value": 6}
    assert SECRET_NEIGHBOURHOOD not in neighbourhoods  # one signal: merged into "other"
    assert neighbourhoods["__other__"]["current"] == {"suppressed": "primary"}


def test_no_small_count_is_stored_or_solvable_from_a_column(management, crafted):
    """Every table column as published: shown rows, hidden rows and the total.
    A reader solving sum(rows) = total must keep at least two values for every
    "<5" cell."""
    report = request_report(management)
    threshold = report.figures["threshold"]
    for section in report.figures["sections"]:
        for table in section["tables"]:
            for column in ("current", "previous"):
                cells = [row[column] for row in table["rows"]]
                total = table["total"][column]
                for cell in [*cells, total]:
                    assert set(cell) <= {"value", "suppressed", "merged"}
                    if "value" in cell:
                        assert cell["value"] == 0 or cell["value"] >= threshold
                if "value" not in total:
                    continue
                shown = sum(c["value"] for c in cells if "value" in c)
                primary = sum(1 for c in cells if c.get("suppressed") == "primary")
                others = [c for c in cells if c.get("suppressed") in ("secondary", "withheld")]
                rest = total["value"] - shown
                if primary and not others:
                    # Each "<5" in [1, 4]: the rest fixes one only if it equals
                    # primary (all ones) or 4 * primary (all fours).
                    assert primary < rest < (threshold - 1) * primary, table["key"]


def test_same_data_and_period_give_the_same_figures(management, crafted):
    report = request_report(management)
    assert report.figures == build_figures(QUARTER, threshold=report.threshold)


def test_stored_figures_do_not_change_when_source_data_goes(management, crafted):
    report = request_report(management)
    before = report.figures
    Signal.objects.all().delete()
    report.refresh_from_db()
    assert report.figures == before


def _pdf_text(report) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", report.file.path, "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def test_pdf_and_csv_never_contain_names_texts_references_or_labels(
    verified_client, management, crafted
):
    report = request_report(management)
    text = _pdf_text(report)
    csv_text = verified_client(management).get(f"/rapportages/{report.pk}/cijfers.csv")
    csv_body = csv_text.content.decode("utf-8-sig")
    assert "Signalen per categorie" in text and "Signalen per categorie" in csv_body
    for title in ("Besluiten onder de Wet PGA per soort", "Aanwezige deelnemers per soort"):
        assert title in text and title in csv_body, title
    forbidden = [SECRET_NAME, SECRET_TEXT, SECRET_LABEL, SECRET_REASON, SECRET_NEIGHBOURHOOD]
    forbidden += ["Quagebeur", "Kwikstaart", "Snippenveld", "2004"]
    forbidden += list(Signal.objects.values_list("reference", flat=True))
    forbidden += list(Case.objects.values_list("reference", flat=True))
    for needle in forbidden:
        assert needle not in text, needle
        assert needle not in csv_body, needle
    rows = list(csv.reader(io.StringIO(csv_body), delimiter=";"))
    assert rows[0][3:5] == [QUARTER.label(), PREVIOUS.label()]


def test_generation_and_downloads_are_in_the_audit_log(verified_client, management, crafted):
    client = verified_client(management)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post("/rapportages/nieuw/", {"kind": "quarter", "quarter": QUARTER.key})
    report = Report.objects.get()
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Report), object_pk=str(report.pk)
    )
    assert entries.filter(action=LogEntry.Action.CREATE, actor=management).exists()
    b"".join(client.get(f"/rapportages/{report.pk}/rapportage.pdf").streaming_content)
    client.get(f"/rapportages/{report.pk}/cijfers.csv")
    views = set(
        entries.filter(action=LogEntry.Action.ACCESS, actor=management).values_list(
            "additional_data__view", flat=True
        )
    )
    assert views == {"reports:report_download", "reports:report_csv"}


def test_custom_period_errors_are_shown_in_dutch(verified_client, coordinator):
    response = verified_client(coordinator).post(
        "/rapportages/nieuw/", {"kind": "custom", "start": "2025-03-01", "end": "2025-01-01"}
    )
    assert response.status_code == 400
    assert "De einddatum ligt voor de begindatum." in response.content.decode()
    assert not Report.objects.exists()


def test_a_custom_period_is_compared_with_the_equally_long_period_before(management, crafted):
    from reports.periods import Period

    report = request_report(
        management, Period(QUARTER.start.replace(month=2), QUARTER.start.replace(month=2, day=28))
    )
    assert report.status == ReportStatus.DONE
    assert report.figures["previous"]["start"] == "2025-01-04"


@pytest.mark.parametrize("rows", [10, 1000])
def test_report_list_query_count_does_not_grow(
    verified_client, management, rows, django_assert_max_num_queries
):
    Report.objects.bulk_create(
        Report(
            period_start=QUARTER.start,
            period_end=QUARTER.end,
            requested_by=management,
            threshold=5,
            version=number,
        )
        for number in range(1, rows + 1)
    )
    client = verified_client(management)
    with django_assert_max_num_queries(12):
        response = client.get("/rapportages/")
    assert response.status_code == 200


def test_named_participants_present_by_type_and_pga_decisions_by_kind(
    coordinator, partner, other_partner, crafted
):
    """Issue 22: the quarter counts the people present by their organisation's
    participant type, and the PGA decisions by kind; outside the quarter nothing."""
    import datetime

    from django.utils import timezone

    from cases.constants import DecisionKind
    from cases.models import InclusionDecision
    from meetings.constants import Presence
    from meetings.models import Meeting, MeetingParticipant
    from reports.selectors import period_counts

    def meeting_on(day):
        starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
        return Meeting.objects.create(
            starts_at=starts, duration_minutes=60, chair=coordinator, location="Stadhuis"
        )

    inside = meeting_on(datetime.date(2025, 2, 3))
    outside = meeting_on(datetime.date(2025, 4, 7))
    for meeting in (inside, outside):
        for user, presence in (
            (coordinator, Presence.PRESENT),
            (partner, Presence.PRESENT),
            (other_partner, Presence.ABSENT),
        ):
            MeetingParticipant.objects.create(meeting=meeting, user=user, presence=presence)
    case = Case.objects.filter(created_at__year=2025).first()
    for kind, day in (
        (DecisionKind.INCLUDE, datetime.date(2025, 1, 10)),
        (DecisionKind.CONTINUE, datetime.date(2025, 3, 31)),
        (DecisionKind.END, datetime.date(2025, 4, 1)),
    ):
        InclusionDecision.objects.create(
            case=case, kind=kind, decided_on=day, decided_by=coordinator
        )
    counts = period_counts(QUARTER)
    assert counts.tables["meetings_participants"] == {
        coordinator.organisation.type: 1,
        partner.organisation.type: 1,
    }
    assert counts.tables["pga_decisions"] == {DecisionKind.INCLUDE: 1, DecisionKind.CONTINUE: 1}
