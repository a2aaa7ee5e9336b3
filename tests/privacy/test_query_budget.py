"""Privacy pages and the person page cost the same number of queries at 10 and
at 1,000 rows."""

from __future__ import annotations

import datetime
import itertools

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.constants import CaseStatus
from cases.models import Case
from signals.constants import Category, Source, Urgency
from signals.models import Person, Signal, SignalPerson
from tests.cases.test_query_budget import fill_cases

pytestmark = pytest.mark.django_db
BUDGET = 40
_serial = itertools.count()


# Test data in bulk (the app itself never bulk-writes audited models).
def _access_entries(count: int, *, actor, case, **_) -> None:
    content_type = ContentType.objects.get_for_model(Case)
    LogEntry.objects.bulk_create(
        LogEntry(
            content_type=content_type,
            object_pk=str(case.pk),
            object_id=case.pk,
            object_repr=str(case),
            action=LogEntry.Action.ACCESS,
            actor=actor,
            changes={},
        )
        for _ in range(count)
    )


def _closed_cases(count: int, *, partner, **_) -> None:
    start = 100_000 + next(_serial) * 2_000
    fill_cases(count, partner.organisation, start=start)
    Case.objects.filter(reference__gte=f"C-2026-{start:05d}").update(
        status=CaseStatus.CLOSED,
        closed_at=timezone.now(),
        retention_start=timezone.localdate() - datetime.timedelta(days=5 * 365 - 10),
    )


def _signals_about(count: int, *, partner, person, **_) -> None:
    signals = Signal.objects.bulk_create(
        Signal(
            reference=f"S-Q-{next(_serial):07d}",
            category=Category.OTHER,
            urgency=Urgency.NORMAL,
            observation="bulk",
            observed_on=timezone.localdate(),
            source=Source.OWN_OBSERVATION,
            organisation=partner.organisation,
            reporter=partner,
        )
        for _ in range(count)
    )
    SignalPerson.objects.bulk_create(
        SignalPerson(signal=s, full_name=person.full_name, person=person) for s in signals
    )


PAGES = {
    "audit_log": ("/privacy/auditlog/", "privacy_officer", _access_entries),
    "unusual_access": ("/privacy/afwijkende-inzage/", "privacy_officer", _access_entries),
    "retention": ("/privacy/bewaartermijnen/", "privacy_officer", _closed_cases),
    "expiring": ("/bewaren/verloopt/", "coordinator", _closed_cases),
    "subject_detail": ("/privacy/inzage/{person}/", "privacy_officer", _signals_about),
    "person_detail": ("/betrokkenen/{person}/", "coordinator", _signals_about),
}


SMALL = {"audit_log": 60, "unusual_access": 30}


@pytest.mark.parametrize("page", list(PAGES))
def test_privacy_pages_do_not_grow_with_rows(verified_client, cast, partner, page):
    url, role, fill = PAGES[page]
    fill_cases(1, partner.organisation)
    case = Case.objects.get()
    person = Person.objects.create(full_name="Jan Bulk")
    url = url.format(person=person.pk)
    client = verified_client(cast[role])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        return len(queries.captured_queries)

    rows = {"actor": partner, "case": case, "partner": partner, "person": person}
    # Start above the point where these pages stop taking shortcuts: the audit
    # log counts its rows once its first page is full, the unusual-access check
    # reads a history once a user passes the day's minimum.
    start = SMALL.get(page, 10)
    fill(start, **rows)
    client.get(url)
    small = count()
    fill(1000 - start, **rows)
    large = count()
    print(f"{url}: {small} queries at 10 rows, {large} at 1000")
    assert large <= small <= BUDGET
