"""Five concurrent retries with one Idempotency-Key make exactly one signal (PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from api.models import ApiSubmission
from signals.models import Signal
from signals.selectors import InboxFilters, triage_inbox

from .conftest import ApiClient, valid_payload

pytestmark = pytest.mark.django_db(transaction=True)


def test_five_concurrent_retries_make_one_signal_seen_once_in_triage(
    make_account, police, coordinator
):
    assert connection.vendor == "postgresql"
    _account, token = make_account(police)
    start = threading.Barrier(5)
    results: list[tuple[int, dict]] = []
    errors: list[BaseException] = []

    def submit() -> None:
        from django.db import connections

        try:
            client = ApiClient(token)
            start.wait(timeout=10)
            response = client.post("/api/v1/signals/", valid_payload(), key="politie-2026-0815")
            results.append((response.status_code, response.json()))
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    statuses = sorted(status for status, _body in results)
    assert statuses == [200, 200, 200, 200, 201]
    assert len({body["id"] for _status, body in results}) == 1
    assert Signal.objects.count() == 1
    assert ApiSubmission.objects.count() == 1
    inbox = list(triage_inbox(coordinator, InboxFilters()))
    assert [s.pk for s in inbox] == [results[0][1]["id"]]
