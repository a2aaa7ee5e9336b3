"""Meeting pages cost a bounded number of queries: an agenda of 30 items is not
30 times an agenda of one, and action lists do not grow with their rows."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings import services
from meetings.constants import ItemKind
from meetings.models import Action
from tests.cases.test_query_budget import fill_cases
from tests.meetings.conftest import plan_meeting

pytestmark = pytest.mark.django_db

# Budgets: the fixed work of a page (session, user, 2FA, statement, audit
# insert) and its parts, far below one query per item. The chair view is the
# largest (16 here: the current item's case summary and action form).
AGENDA_BUDGET = 20


def _agenda(coordinator, organisation, size: int, start: int):
    fill_cases(size, organisation, start=start)
    meeting = plan_meeting(coordinator, [organisation])
    from cases.models import Case

    for case in Case.objects.filter(reference__gte=f"C-2026-{start:05d}").order_by("reference")[
        :size
    ]:
        item = services.agenda_item_add(
            coordinator=coordinator, meeting=meeting, kind=ItemKind.PROGRESS, case=case
        )
        services.minutes_save(author=coordinator, item=item, notes="Notulen", decisions="Besluit")
        services.action_create(
            coordinator=coordinator,
            case=case,
            agenda_item=item,
            description="Afspraak",
            owner_organisation=organisation,
            due_on=timezone.localdate() + datetime.timedelta(days=5),
        )
    return meeting


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries.captured_queries)


@pytest.mark.parametrize(
    "page",
    ["/overleggen/{pk}/voorzitten/", "/overleggen/{pk}/", "/overleggen/{pk}/notulen/"],
)
def test_coordinator_meeting_pages_with_30_items_stay_within_budget(
    verified_client, coordinator, partner, page, django_assert_max_num_queries
):
    client = verified_client(coordinator)
    one = _agenda(coordinator, partner.organisation, 1, start=0)
    thirty = _agenda(coordinator, partner.organisation, 30, start=100)
    client.get(page.format(pk=one.pk))
    small = _count(client, page.format(pk=one.pk))
    with django_assert_max_num_queries(AGENDA_BUDGET):
        client.get(page.format(pk=thirty.pk))
    large = _count(client, page.format(pk=thirty.pk))
    print(f"{page}: {small} queries with 1 item, {large} with 30")
    assert large <= small + 2  # the suggestions list may add its prefetch


@pytest.mark.parametrize("page", ["/overleggen/{pk}/", "/overleggen/{pk}/notulen/"])
def test_partner_meeting_pages_with_30_items_stay_within_budget(
    verified_client, coordinator, partner, page, django_assert_max_num_queries
):
    thirty = _agenda(coordinator, partner.organisation, 30, start=200)
    services.meeting_finalise(coordinator=coordinator, meeting=thirty)
    client = verified_client(partner)
    client.get("/overleggen/")  # warm the per-process caches (content types)
    with django_assert_max_num_queries(AGENDA_BUDGET):
        response = client.get(page.format(pk=thirty.pk))
    assert response.status_code == 200
    print(f"partner {page}: {_count(client, page.format(pk=thirty.pk))} queries with 30 items")


def test_minutes_pdf_with_30_items_stays_within_budget(
    verified_client, coordinator, partner, django_assert_max_num_queries
):
    thirty = _agenda(coordinator, partner.organisation, 30, start=300)
    services.meeting_finalise(coordinator=coordinator, meeting=thirty)
    client = verified_client(partner)
    client.get(f"/overleggen/{thirty.pk}/")  # warm the per-process caches (content types)
    with django_assert_max_num_queries(AGENDA_BUDGET):
        response = client.get(f"/overleggen/{thirty.pk}/notulen.pdf")
    assert response.status_code == 200


@pytest.mark.parametrize("who", ["partner", "coordinator"])
def test_action_lists_do_not_grow(verified_client, coordinator, partner, who):
    user = {"partner": partner, "coordinator": coordinator}[who]
    fill_cases(200, partner.organisation, start=400)
    from cases.models import Case

    cases = list(Case.objects.order_by("pk"))
    due = timezone.localdate() - datetime.timedelta(days=1)

    def add(count: int, offset: int) -> None:
        # Bulk test data; the application itself creates actions one by one.
        Action.objects.bulk_create(
            [
                Action(
                    case=cases[(offset + i) % len(cases)],
                    description=f"Afspraak {offset + i}",
                    owner_organisation=partner.organisation,
                    due_on=due,
                )
                for i in range(count)
            ]
        )

    client = verified_client(user)
    add(10, 0)
    urls = ["/afspraken/"] + (["/afspraken/verlopen/"] if who == "coordinator" else [])
    for url in urls:
        client.get(url)
    small = {url: _count(client, url) for url in urls}
    add(990, 10)
    large = {url: _count(client, url) for url in urls}
    print(f"{who}: {small} queries at 10 actions, {large} at 1,000")
    assert large == small


def test_meeting_list_does_not_grow(verified_client, coordinator, partner):
    client = verified_client(partner)
    plan_meeting(coordinator, [partner.organisation], days=3)
    plan_meeting(coordinator, [partner.organisation], days=-3)
    client.get("/overleggen/")
    small = _count(client, "/overleggen/")
    for days in range(-40, 40, 2):
        plan_meeting(coordinator, [partner.organisation], days=days)
    assert _count(client, "/overleggen/") == small
