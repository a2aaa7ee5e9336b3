"""The notification centre and the header badge stay within a fixed number of
queries, whether a user has 10 notifications or 1,000."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.models import Notification
from tests.notifications.kinds import Kind

pytestmark = pytest.mark.django_db

LIST_BUDGET = 12


def _fill(user, count: int) -> None:
    Notification.objects.bulk_create(
        Notification(
            recipient=user,
            kind=Kind.CASE_UPDATE if n % 2 else Kind.INVOLVEMENT,
            target_id=n + 1,
            reference=f"C-2026-{n:04d}",
        )
        for n in range(count)
    )


@pytest.mark.parametrize("count", [10, 1000])
def test_list_is_bounded(verified_client, reader, count, django_assert_max_num_queries):
    _fill(reader, count)
    client = verified_client(reader)
    client.get(reverse("notifications:notification_list"))  # warm the session
    with django_assert_max_num_queries(LIST_BUDGET) as queries:
        response = client.get(reverse("notifications:notification_list"))
    assert response.status_code == 200
    print(f"notification list at {count}: {len(queries.captured_queries)} queries")


def test_list_costs_the_same_at_10_and_1000(verified_client, reader, contributor):
    _fill(reader, 10)
    _fill(contributor, 1000)
    counts = []
    for user in (reader, contributor):
        client = verified_client(user)
        client.get(reverse("notifications:notification_list"))
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("notifications:notification_list") + "?pagina=2")
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1]


def test_header_badge_is_one_count_query(verified_client, reader):
    _fill(reader, 5)
    client = verified_client(reader)
    client.get(reverse("accounts:account"))
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("accounts:account")).content.decode()
    badge = [q for q in queries.captured_queries if "notifications_notification" in q["sql"]]
    assert len(badge) == 1 and "COUNT" in badge[0]["sql"].upper()
    assert 'class="app-count">5<' in html
