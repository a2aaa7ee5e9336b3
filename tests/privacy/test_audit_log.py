"""The audit log as the privacy officer reads it (issue 20) and what it costs
(issue 24): Dutch words only, one entry per page opened, filters by person,
case, organisation and period, a baseline for unusual access."""

from __future__ import annotations

import csv
import datetime
import io
import pathlib
import re

import pytest
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.urls import get_resolver
from django.utils import timezone

from accounts.services import user_reset_two_factor
from cases import services as case_services
from cases.constants import Pillar
from cases.models import Case, LegalBasis
from lelystad_radicalisering.audit import accessed, object_key
from meetings import services as meeting_services
from meetings.constants import ItemKind
from privacy.audit_display import PAGES, UNKNOWN_PAGE
from privacy.selectors import unusual_access
from signals.constants import Category
from signals.models import Person, Signal
from tests.meetings.conftest import plan_meeting
from tests.signals.conftest import make_signal

from .conftest import OTHER, SUBJECT

pytestmark = pytest.mark.django_db

ACCESS = LogEntry.Action.ACCESS
ENGLISH_ACTIONS = ("create", "update", "delete", "access")


def _route_names() -> set[str]:
    names = set()

    def walk(resolver, prefix=""):
        for pattern in resolver.url_patterns:
            if hasattr(pattern, "url_patterns"):
                namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
                walk(pattern, namespace)
            elif pattern.name:
                names.add(f"{prefix}{pattern.name}")

    walk(get_resolver())
    return names


def _column_names() -> set[str]:
    """Every database column of the project's audited models, longer than a word
    a Dutch page could contain by accident (``status`` is Dutch too)."""
    names = set()
    for model in auditlog.get_models():
        for model_field in model._meta.concrete_fields:
            if "_" in model_field.attname:
                names.add(model_field.attname)
    return names


def _visible_text(html: str) -> str:
    body = html.split("<main", 1)[-1].split("</main>", 1)[0]
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    body = re.sub(r"<[^>]+>", " ", body)
    return re.sub(r"\s+", " ", body)


@pytest.fixture
def busy_day(verified_client, coordinator, partner, subject):
    """A coordinator's ordinary work: a case page, a triage, a decision, the chair."""
    case = Case.objects.get(label="Casus Inzage 1")
    meeting = plan_meeting(coordinator, [partner.organisation])
    meeting_services.agenda_item_add(
        coordinator=coordinator, meeting=meeting, kind=ItemKind.PROGRESS, case=case
    )
    item = meeting.items.get(case=case)
    meeting_services.current_item_set(coordinator=coordinator, meeting=meeting, item=item)
    client = verified_client(coordinator)
    signal = make_signal(partner)
    client.get(f"/casussen/{case.pk}/")
    client.get(f"/triage/{signal.pk}/")
    client.post(f"/triage/{signal.pk}/besluit/", {"decision": "closed", "reason": "Geen zorg"})
    assert client.get(f"/overleggen/{meeting.pk}/voorzitten/").status_code == 200
    return {"case": case, "meeting": meeting, "signal": signal}


def test_the_audit_log_speaks_dutch_only(verified_client, privacy_officer, coordinator, busy_day):
    response = verified_client(privacy_officer).get("/privacy/auditlog/")
    assert response.status_code == 200
    text = _visible_text(response.content.decode())
    # No route name, no column name, no English action.
    leaked = {name for name in _route_names() if name in text}
    assert not leaked, leaked
    columns = {name for name in _column_names() if re.search(rf"\b{name}\b", text)}
    assert not columns, columns
    for word in ENGLISH_ACTIONS:
        match = re.search(rf"\b{word}\b", text)
        assert not match, text[max(0, match.start() - 80) : match.end() + 80]
    # What a person reads instead.
    meeting_day = timezone.localtime(busy_day["meeting"].starts_at)
    months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus"]
    months += ["september", "oktober", "november", "december"]
    title = f"Voorzitten casusoverleg {meeting_day.day} {months[meeting_day.month - 1]}"
    assert title in text
    assert f"Beoordelen signaal {busy_day['signal'].reference}" in text
    assert f"Casus {busy_day['case'].reference}" in text
    for action in ("aangemaakt", "gewijzigd", "ingezien"):
        assert action in text
    assert "Status: Nieuw" in text or "Status: In triage" in text
    assert coordinator.get_full_name() in text and coordinator.organisation.name in text
    # Sensitive values are never shown: the decision's reason is free text.
    assert "Geen zorg" not in text


def test_every_page_that_records_access_has_a_dutch_title():
    recorded = set()
    for path in pathlib.Path(".").glob("*/views*.py"):
        source = path.read_text()
        recorded |= set(re.findall(r'view="([a-z_]+:[a-z_]+)"', source))
        recorded |= set(re.findall(r'_log_agenda\([^)]*"([a-z_]+:[a-z_]+)"', source))
    assert recorded, "no views found"
    missing = recorded - set(PAGES)
    assert not missing, missing
    assert UNKNOWN_PAGE.title


def test_one_page_view_is_one_access_entry(verified_client, coordinator, partner):
    """A case page shows the case and its persons: one entry lists them all."""
    first = make_signal(partner, persons=(("Anna Eerste", None), ("Bert Tweede", None)))
    case = case_services.case_open_from_signals(
        coordinator=coordinator,
        signals=[first],
        label="Twee personen",
        pillar=Pillar.PERSON_ORIENTED,
        category=Category.RADICALISATION,
        legal_basis=LegalBasis.objects.first(),
    )
    before = LogEntry.objects.filter(action=ACCESS, actor=coordinator).count()
    verified_client(coordinator).get(f"/casussen/{case.pk}/")
    entries = list(LogEntry.objects.filter(action=ACCESS, actor=coordinator))
    assert len(entries) == before + 1
    entry = entries[0]
    persons = list(case.persons.all())
    assert len(persons) == 2
    assert set(entry.additional_data["objects"]) >= {
        object_key(case),
        *(object_key(p) for p in persons),
    }
    for person in persons:
        assert LogEntry.objects.filter(accessed(person), actor=coordinator).count() == 1
    # Persons are named by number only, never by name.
    assert "Anna" not in str(entry.additional_data) and "Anna" not in entry.object_repr


def test_a_list_page_is_one_entry_however_long(verified_client, coordinator, partner):
    for _ in range(5):
        make_signal(partner)
    before = LogEntry.objects.filter(action=ACCESS).count()
    verified_client(coordinator).get("/triage/")
    assert LogEntry.objects.filter(action=ACCESS).count() == before + 1


def _page_views(user, days_ago: int, count: int) -> None:
    moment = timezone.now() - datetime.timedelta(days=days_ago)
    person_type = ContentType.objects.get_for_model(Person)
    # Test data in bulk (the app itself never bulk-writes audited models).
    LogEntry.objects.bulk_create(
        LogEntry(
            content_type=person_type,
            object_pk="1",
            object_repr="Betrokkene 1",
            action=ACCESS,
            actor=user,
            timestamp=moment,
            additional_data={"view": "signals:person_detail"},
        )
        for _ in range(count)
    )


def test_a_user_without_history_is_not_flagged_on_day_one(partner):
    _page_views(partner, 0, 150)
    assert unusual_access() == []


def test_a_normal_busy_day_is_not_flagged(coordinator):
    for days_ago in range(1, 21):
        _page_views(coordinator, days_ago, 40)
    _page_views(coordinator, 0, 60)
    assert unusual_access() == []


def test_a_day_far_above_the_users_usual_day_is_flagged(partner):
    for days_ago in (1, 2, 3, 6, 7, 8):
        _page_views(partner, days_ago, 5)
    _page_views(partner, 0, 40)
    rows = unusual_access()
    assert [(row["user"], row["today"], row["usual"]) for row in rows] == [(partner, 40, 5.0)]


def test_demo_users_page_views_are_counted_as_pages(verified_client, coordinator, partner):
    """Ten page views with many objects each count as ten, not as hundreds."""
    for _ in range(10):
        make_signal(partner)
    client = verified_client(coordinator)
    for _ in range(10):
        client.get("/triage/")
    assert LogEntry.objects.filter(action=ACCESS, actor=coordinator).count() == 10


def test_filter_by_person_finds_every_access_to_their_file(
    verified_client, privacy_officer, coordinator, partner, subject
):
    mine = Case.objects.get(label="Casus Inzage 1")
    theirs = Case.objects.get(label="Casus Ander 2")
    client = verified_client(coordinator)
    client.get(f"/casussen/{mine.pk}/")
    client.get(f"/casussen/{theirs.pk}/")
    officer = verified_client(privacy_officer)
    response = officer.get("/privacy/auditlog/", {"person": f"{SUBJECT[0]} ({subject.pk})"})
    assert response.status_code == 200
    text = _visible_text(response.content.decode())
    assert f"Casus {mine.reference}" in text
    assert theirs.reference not in text
    # The name alone works too when it is unique; an unknown name says so in Dutch.
    assert officer.get("/privacy/auditlog/", {"person": SUBJECT[0]}).status_code == 200
    response = officer.get("/privacy/auditlog/", {"person": "Niemand Bekend"})
    assert response.status_code == 400
    assert "Geen betrokkene met deze naam gevonden." in response.content.decode()
    assert OTHER[0] not in text


def test_filter_by_case_organisation_and_period(
    verified_client, privacy_officer, coordinator, partner, subject
):
    mine = Case.objects.get(label="Casus Inzage 1")
    theirs = Case.objects.get(label="Casus Ander 2")
    verified_client(coordinator).get(f"/casussen/{theirs.pk}/")
    verified_client(partner).get("/signalen/")
    officer = verified_client(privacy_officer)
    text = officer.get("/privacy/auditlog/", {"case": mine.reference}).content.decode()
    assert mine.reference in text and f"Casus {theirs.reference}" not in text
    by_org = officer.get(
        "/privacy/auditlog/",
        {"organisation": partner.organisation.name, "action": "viewed"},
    )
    rows = by_org.context["rows"]
    assert rows and all(row.organisation == partner.organisation.name for row in rows)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    later = officer.get("/privacy/auditlog/", {"date_from": tomorrow.isoformat()})
    assert later.context["rows"] == []
    bad = officer.get("/privacy/auditlog/", {"date_from": "2026-12-01", "date_to": "2026-11-01"})
    assert bad.status_code == 400
    assert "De einddatum ligt voor de begindatum." in bad.content.decode()


def test_kind_filter_is_a_short_list_and_finds_listed_objects(
    verified_client, privacy_officer, coordinator, partner
):
    signal = make_signal(partner)
    verified_client(coordinator).get(f"/triage/{signal.pk}/")
    officer = verified_client(privacy_officer)
    response = officer.get("/privacy/auditlog/", {"kind": "signals.signal", "action": "viewed"})
    html = response.content.decode()
    assert html.count("<option") < 60
    assert any(
        row.page == f"Beoordelen signaal {signal.reference}" for row in response.context["rows"]
    )


def test_suggestions_for_user_and_person(verified_client, privacy_officer, coordinator, subject):
    officer = verified_client(privacy_officer)
    html = officer.get("/privacy/auditlog/suggesties/", {"actor": coordinator.last_name}).content
    assert f"({coordinator.pk})" in html.decode()
    html = officer.get("/privacy/auditlog/suggesties/", {"person": "Quirijn"}).content.decode()
    assert f"{SUBJECT[0]}, 9-9-1999 ({subject.pk})" in html
    # Suggesting names is access to those persons.
    assert LogEntry.objects.filter(accessed(subject), actor=privacy_officer).exists()


def test_csv_export_reads_like_the_screen(verified_client, privacy_officer, coordinator, busy_day):
    response = verified_client(privacy_officer).get(
        "/privacy/auditlog/export/", {"case": busy_day["case"].reference}
    )
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == [
        "Tijd", "Gebruiker", "Organisatie", "Handeling", "Object", "Pagina", "Wijzigingen", "Adres",
    ]  # fmt: skip
    body = " ".join(" ".join(row) for row in rows[1:])
    assert "Voorzitten casusoverleg" in body and "ingezien" in body
    assert not any(name in body for name in ("meetings:chair", "cases:case_detail"))


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"person": "Quirijn Inzagevrager"},
        {"case": "C-2026-0001"},
        {"organisation": "Politie Teststad"},
        {"kind": "cases.case", "action": "viewed"},
        {"date_from": "2026-01-01", "date_to": "2026-12-31"},
    ],
)
def test_audit_log_query_budget(
    verified_client, privacy_officer, coordinator, busy_day, django_assert_max_num_queries, query
):
    client = verified_client(privacy_officer)
    for _ in range(3):
        verified_client(coordinator).get(f"/casussen/{busy_day['case'].pk}/")
    with django_assert_max_num_queries(12):
        response = client.get("/privacy/auditlog/", query)
    assert response.status_code in (200, 400)


def test_audit_log_has_no_select_of_all_users(verified_client, privacy_officer):
    html = verified_client(privacy_officer).get("/privacy/auditlog/").content.decode()
    for select in re.findall(r"<select.*?</select>", html, flags=re.S):
        assert select.count("<option") <= 200
    assert 'name="actor"' in html and 'list="suggest-actor"' in html


def test_an_account_event_reads_as_dutch(
    verified_client, privacy_officer, functional_admin, partner
):
    user_reset_two_factor(actor=functional_admin, user=partner)
    rows = verified_client(privacy_officer).get("/privacy/auditlog/").context["rows"]
    assert any("Tweestapsverificatie opnieuw ingesteld" in row.changes_text for row in rows), [
        row.changes_text for row in rows
    ]


def test_signal_kind_label_uses_the_reference(verified_client, privacy_officer, partner):
    signal = make_signal(partner)
    rows = verified_client(privacy_officer).get("/privacy/auditlog/").context["rows"]
    assert any(row.objects == f"Signaal {signal.reference}" for row in rows)
    assert Signal.objects.count() == 1


def test_a_log_longer_than_the_cap_says_more_than_and_offers_the_first_pages(
    verified_client, privacy_officer, monkeypatch
):
    """The log is counted up to a cap (it grows without end); beyond it the page
    says "more than" with the number as a Dutch reader writes it."""
    import privacy.views_audit

    monkeypatch.setattr(privacy.views_audit, "AUDIT_COUNT_CAP", 1_500)
    now = timezone.now()
    LogEntry.objects.bulk_create(
        LogEntry(
            content_type=ContentType.objects.get_for_model(Case),
            object_pk=str(i),
            object_repr=f"C-2026-{i:04d}",
            action=ACCESS,
            timestamp=now,
            additional_data={"view": "cases:case_detail"},
        )
        for i in range(1_600)
    )
    html = verified_client(privacy_officer).get("/privacy/auditlog/").content.decode()
    assert "Meer dan 1.500 regels" in html
    # 1,500 entries at 50 a page: the first 30 pages are offered.
    assert "Pagina 1 van de eerste 30" in html
