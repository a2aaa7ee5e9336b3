"""The PGA law in the casusoverleg: periodic reviews suggested when due and
recorded from the chair view, the confidentiality statement before any agenda,
chair view or minutes (also PDF and htmx), named participants and attendance."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from auditlog.models import LogEntry
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from cases import services as case_services
from cases.constants import DecisionKind, InclusionStatus
from cases.selectors import overdue_reviews, review_is_overdue_beyond_grace
from lelystad_radicalisering.exceptions import ApplicationError
from meetings import selectors, services
from meetings.constants import ItemKind, Presence
from meetings.models import ConfidentialityStatement, StatementConfirmation
from tests.factories import TOTPDeviceFactory, UserFactory
from tests.meetings.conftest import plan_meeting

pytestmark = pytest.mark.django_db


def _meeting_on(coordinator, organisations, day: datetime.date):
    (meeting,) = services.meeting_create(
        coordinator=coordinator,
        starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0))),
        duration_minutes=60,
        chair=coordinator,
        invited_organisations=organisations,
        location="Stadhuis",
    )
    return meeting


def test_review_is_suggested_exactly_when_it_falls_due(coordinator, case, reader):
    due = case.review_due_on
    assert due == timezone.localdate() + relativedelta(months=12)
    day_before = _meeting_on(coordinator, [reader.organisation], due - datetime.timedelta(days=1))
    on_the_day = _meeting_on(coordinator, [reader.organisation], due)
    assert selectors.review_suggestions(day_before) == []
    assert selectors.review_suggestions(on_the_day) == [case]
    # And on the clock: the day before it falls due it is not overdue; the day after it is.
    with time_machine.travel(datetime.datetime.combine(due, datetime.time(12)), tick=False):
        assert case not in overdue_reviews()
    with time_machine.travel(
        datetime.datetime.combine(due + datetime.timedelta(days=1), datetime.time(12)), tick=False
    ):
        assert list(overdue_reviews()) == [case]


def test_chair_records_a_review_and_the_clock_starts_again(
    verified_client, coordinator, case, reader
):
    meeting = plan_meeting(coordinator, [reader.organisation])
    item = services.agenda_item_add(
        coordinator=coordinator, meeting=meeting, kind=ItemKind.PERIODIC_REVIEW, case=case
    )
    client = verified_client(coordinator)
    page = client.get(f"/overleggen/{meeting.pk}/voorzitten/?punt={item.pk}")
    assert page.status_code == 200 and f"toets{item.pk}-outcome" in page.content.decode()
    empty = client.post(
        f"/overleggen/{meeting.pk}/voorzitten/{item.pk}/toets/",
        {f"toets{item.pk}-outcome": "continue", f"toets{item.pk}-reasoning": ""},
    )
    assert empty.status_code == 400
    response = client.post(
        f"/overleggen/{meeting.pk}/voorzitten/{item.pk}/toets/",
        {f"toets{item.pk}-outcome": "continue", f"toets{item.pk}-reasoning": "Zorgen blijven."},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    meeting_day = timezone.localtime(meeting.starts_at).date()
    assert case.review_due_on == meeting_day + relativedelta(months=12)
    decision = case.inclusion_decisions.get(kind=DecisionKind.CONTINUE)
    assert decision.meeting_date == meeting_day and decision.reasoning == "Zorgen blijven."
    item.refresh_from_db()
    assert "Periodieke toets" in item.decisions


def test_ending_in_a_review_needs_the_mandate(coordinator, case, reader):
    meeting = plan_meeting(coordinator, [reader.organisation])
    item = services.agenda_item_add(
        coordinator=coordinator, meeting=meeting, kind=ItemKind.PERIODIC_REVIEW, case=case
    )
    coordinator.pga_mandate = False
    coordinator.save(update_fields=["pga_mandate"])
    with pytest.raises(ApplicationError, match="mandaat"):
        services.review_record(
            coordinator=coordinator,
            item=item,
            outcome=DecisionKind.END,
            reasoning="Klaar",
            end_effect="monitoring",
        )
    case.refresh_from_db()
    assert case.inclusion_status == InclusionStatus.INCLUDED


def test_only_an_included_case_gets_a_review_item(coordinator, partner, reader):
    from tests.cases.conftest import open_case

    fresh = open_case(coordinator, partner, label="Casus Nieuw 5", included=False)
    meeting = plan_meeting(coordinator, [reader.organisation])
    with pytest.raises(Exception):  # noqa: B017 (ApplicationError with a Dutch message)
        services.agenda_item_add(
            coordinator=coordinator, meeting=meeting, kind=ItemKind.PERIODIC_REVIEW, case=fresh
        )


def test_overdue_review_warns_everyone_past_the_grace_period(
    verified_client, settings, coordinator, case, reader
):
    settings.PGA_REVIEW_GRACE_DAYS = 14
    due = case.review_due_on
    assert not review_is_overdue_beyond_grace(case, due + datetime.timedelta(days=14))
    assert review_is_overdue_beyond_grace(case, due + datetime.timedelta(days=15))
    with time_machine.travel(
        datetime.datetime.combine(due + datetime.timedelta(days=15), datetime.time(12)),
        tick=False,
    ):
        for user in (coordinator, reader):
            html = verified_client(user).get(f"/casussen/{case.pk}/").content.decode()
            assert "periodieke toets" in html.lower(), user
        start = verified_client(coordinator).get("/").content.decode()
        assert case.reference in start and "Periodieke toetsen te laat" in start


@pytest.fixture
def newcomer(reader):
    """A partner of an invited organisation who has not confirmed the statement."""
    user = UserFactory(username="nieuw", organisation=reader.organisation, role="partner")
    TOTPDeviceFactory(user=user)
    return user


def test_statement_page_instead_of_agenda_minutes_pdf_and_htmx(
    verified_client, coordinator, meeting, case_item, newcomer
):
    client = verified_client(newcomer)
    services.meeting_finalise(coordinator=coordinator, meeting=meeting)
    for url in (
        f"/overleggen/{meeting.pk}/",
        f"/overleggen/{meeting.pk}/notulen/",
        f"/overleggen/{meeting.pk}/notulen.pdf",
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/overleggen/geheimhouding/"), url
    htmx = client.get(f"/overleggen/{meeting.pk}/notulen/", HTTP_HX_REQUEST="true")
    assert htmx.status_code == 200 and htmx["HX-Redirect"].startswith("/overleggen/geheimhouding/")
    assert case_item.case.label not in htmx.content.decode()
    page = client.get(f"/overleggen/geheimhouding/?volgende=/overleggen/{meeting.pk}/notulen/")
    assert "Geheimhoudingsverklaring" in page.content.decode()
    statement = ConfidentialityStatement.objects.order_by("-version").first()
    confirmed = client.post(
        "/overleggen/geheimhouding/",
        {
            "version": statement.version,
            "confirm": "on",
            "volgende": f"/overleggen/{meeting.pk}/notulen/",
        },
    )
    assert confirmed["Location"] == f"/overleggen/{meeting.pk}/notulen/"
    assert client.get(f"/overleggen/{meeting.pk}/notulen/").status_code == 200
    confirmation = StatementConfirmation.objects.get(user=newcomer)
    assert LogEntry.objects.get_for_object(confirmation).exists()


def test_chair_view_and_htmx_chair_urls_ask_the_coordinator_too(
    verified_client, coordinator, meeting, case_item
):
    StatementConfirmation.objects.filter(user=coordinator).delete()
    client = verified_client(coordinator)
    assert client.get(f"/overleggen/{meeting.pk}/voorzitten/").status_code == 302
    htmx = client.post(
        f"/overleggen/{meeting.pk}/voorzitten/{case_item.pk}/", HTTP_HX_REQUEST="true"
    )
    assert "HX-Redirect" in htmx and case_item.case.label not in htmx.content.decode()


def test_statement_expires_and_a_new_version_asks_again(settings, coordinator):
    settings.CONFIDENTIALITY_STATEMENT_MONTHS = 12
    assert selectors.statement_is_confirmed(coordinator)
    later = timezone.now() + relativedelta(months=12, days=1)
    assert not selectors.statement_is_confirmed(coordinator, now=later)
    ConfidentialityStatement.objects.create(version=99, text="Nieuwe tekst")
    assert not selectors.statement_is_confirmed(coordinator)
    with pytest.raises(Exception):  # noqa: B017 (a stale version is refused)
        services.statement_confirm(user=coordinator, version=1)
    services.statement_confirm(user=coordinator, version=99)
    assert selectors.statement_is_confirmed(coordinator)


def test_named_participants_attendance_per_person_and_invitations(
    verified_client, coordinator, meeting, reader, contributor, partner
):
    client = verified_client(coordinator)
    assert client.get(f"/overleggen/{meeting.pk}/deelnemers/").status_code == 200
    response = client.post(f"/overleggen/{meeting.pk}/deelnemers/", {"users": [reader.pk]})
    assert response.status_code == 302
    # Someone of an organisation that is not invited cannot be named.
    refused = client.post(f"/overleggen/{meeting.pk}/deelnemers/", {"users": [partner.pk]})
    assert refused.status_code == 400
    participant = meeting.participants.get()
    services.participant_presence_record(
        coordinator=coordinator, meeting=meeting, presence={participant.pk: Presence.PRESENT}
    )
    participant.refresh_from_db()
    assert participant.presence == Presence.PRESENT
    from meetings.invitations import recipients

    assert reader.email in recipients(meeting)
    assert contributor.email not in recipients(meeting)


def test_case_services_never_import_meetings():
    import ast
    import pathlib

    for path in pathlib.Path("cases").glob("*.py"):
        if path.name == "views.py":
            continue  # the case page still shows actions (issue 21 moves this)
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith("meetings"), path


def test_review_helpers_respect_the_case_service(case, coordinator):
    case_services.inclusion_end(
        official=coordinator,
        case=case,
        reasoning="Klaar",
        end_effect="monitoring",
        decided_on=timezone.localdate(),
    )
    assert list(selectors.case_selectors.reviews_due_by(datetime.date(2100, 1, 1))) == []


def test_once_anyone_is_named_only_the_named_open_the_meeting(
    verified_client, coordinator, meeting, case_item, reader, contributor, outsider
):
    """The invitees are people: a colleague of a named participant, and every partner
    of an invited organisation of which nobody is named, gets a 404 for the meeting,
    its minutes, PDF and list; the named participant still sees it."""
    colleague = _partner_of(reader.organisation, "collega.lezer")
    urls = (
        f"/overleggen/{meeting.pk}/",
        f"/overleggen/{meeting.pk}/notulen/",
        f"/overleggen/{meeting.pk}/notulen.pdf",
    )
    # Before anyone is named, the invited organisations' partners see the meeting.
    assert set(selectors.meeting_readers(meeting)) == {reader, colleague, contributor, outsider}
    services.participants_set(coordinator=coordinator, meeting=meeting, users=[reader])
    assert set(selectors.meeting_readers(meeting)) == {reader}
    assert list(selectors.meetings_visible_to(reader)) == [meeting]
    for user in (colleague, contributor, outsider):
        assert not selectors.meetings_visible_to(user).exists(), user
        client = verified_client(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
        assert str(meeting.location) not in client.get("/overleggen/").content.decode()
    assert verified_client(reader).get(urls[0]).status_code == 200
    # The coordinator's page names the invited organisations of which nobody is named.
    page = verified_client(coordinator).get(f"/overleggen/{meeting.pk}/deelnemers/")
    text = page.content.decode()
    assert contributor.organisation.name in text and outsider.organisation.name in text
    assert "nog niemand genoemd" in text
    # A named partner whose organisation is no longer invited no longer sees it.
    meeting.invited_organisations.remove(reader.organisation)
    assert not selectors.meetings_visible_to(reader).exists()
    assert not selectors.meeting_readers(meeting).exists()


def test_invitations_agenda_news_and_minutes_go_to_named_participants_only(
    coordinator, meeting, case_item, reader, contributor, django_capture_on_commit_callbacks
):
    from meetings.invitations import recipients
    from notifications.models import Notification
    from tests.notifications.kinds import Kind

    colleague = _partner_of(reader.organisation, "collega.lezer")
    services.participants_set(coordinator=coordinator, meeting=meeting, users=[reader, coordinator])
    assert recipients(meeting) == sorted({reader.email, coordinator.email})
    with django_capture_on_commit_callbacks(execute=True):
        services.invitations_send(coordinator=coordinator, meeting=meeting)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_finalise(coordinator=coordinator, meeting=meeting)
    for kind in (Kind.MEETING_INVITED, Kind.MINUTES_FINAL):
        got = set(Notification.objects.filter(kind=kind).values_list("recipient", flat=True))
        assert got == {reader.pk}, kind
    assert not Notification.objects.filter(recipient__in=[colleague, contributor]).exists()
    minutes = Notification.objects.get(kind=Kind.MINUTES_FINAL)
    assert "notulen" in minutes.label and minutes.target_id == meeting.pk


def _partner_of(organisation, username):
    user = UserFactory(username=username, organisation=organisation, role="partner")
    TOTPDeviceFactory(user=user)
    statement = ConfidentialityStatement.objects.order_by("-version").first()
    if statement is not None:
        StatementConfirmation.objects.create(user=user, statement=statement)
    return user
