"""A broker that is down or hangs: requests stay fast, no signal and no
notification is lost (private redis-server, stopped and started by the test)."""

from __future__ import annotations

import socket
import time
from datetime import timedelta

import pytest
import time_machine
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.utils import timezone

from lelystad_radicalisering.celery import app
from signals.models import Signal
from signals.tasks import signal_notify_coordinators, signals_notify_pending
from tests.faults import PrivateRedis, point_celery_at
from tests.signals.conftest import intake_data

pytestmark = [pytest.mark.xdist_group("faults"), pytest.mark.django_db(transaction=True)]

SIGNALS = 100
# The slowest a submit may be while the broker is down (it takes ~0.1 s).
MAX_REQUEST_SECONDS = 3.0


def _use_broker(url: str) -> None:
    point_celery_at(app, url, eager=False)


@pytest.fixture
def redis_broker():
    previous = app.conf.broker_url
    with PrivateRedis() as redis:
        _use_broker(redis.url)
        yield redis
    point_celery_at(app, previous, eager=True)


def _drain(expected: int, timeout: float = 60) -> None:
    """Run a real worker against the broker until ``expected`` mails went out."""
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        deadline = time.monotonic() + timeout
        while len(mail.outbox) < expected and time.monotonic() < deadline:
            time.sleep(0.1)
        # Anything beyond the expected number would be a duplicate: give it a moment.
        time.sleep(0.5)


def test_hundred_signals_with_redis_down_are_saved_and_notified_after_it_returns(
    redis_broker, verified_client, partner, coordinator
):
    redis_broker.stop()
    client = verified_client(partner)
    slowest = 0.0
    for _ in range(SIGNALS):
        started = time.monotonic()
        response = client.post("/signalen/nieuw/", intake_data())
        slowest = max(slowest, time.monotonic() - started)
        assert response.status_code == 302, response.content.decode()[:500]
        assert "/ontvangen/" in response["Location"]
    assert slowest < MAX_REQUEST_SECONDS
    assert Signal.objects.count() == SIGNALS
    assert Signal.objects.filter(notified_at__isnull=True).count() == SIGNALS
    assert mail.outbox == []

    redis_broker.start()
    # The beat job runs every five minutes and picks up what is older than five.
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        assert signals_notify_pending() == SIGNALS
    _drain(SIGNALS)

    assert Signal.objects.filter(notified_at__isnull=True).count() == 0
    references = sorted(Signal.objects.values_list("reference", flat=True))
    subjects = sorted(message.subject for message in mail.outbox)
    # One mail per signal: 0 lost, 0 duplicated.
    assert len(subjects) == SIGNALS
    assert subjects == sorted(f"Nieuw signaal {reference}" for reference in references)
    assert all(message.to == [coordinator.email] for message in mail.outbox)


def test_sweep_after_a_delivered_message_sends_nothing_twice(
    redis_broker, verified_client, partner, coordinator
):
    """The sweep and the original message may both arrive: the task is idempotent."""
    client = verified_client(partner)
    assert client.post("/signalen/nieuw/", intake_data()).status_code == 302
    signal = Signal.objects.get()
    signal_notify_coordinators.delay(signal.pk)  # a second copy, as a late sweep would send
    _drain(1)
    assert len(mail.outbox) == 1
    signal.refresh_from_db()
    assert signal.notified_at is not None
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        assert signals_notify_pending() == 0


def test_broker_that_accepts_but_never_answers_does_not_hang_the_request(verified_client, partner):
    """celery#4296: without socket timeouts a publish blocks forever."""
    previous = app.conf.broker_url
    with socket.socket() as blackhole:
        blackhole.bind(("127.0.0.1", 0))
        blackhole.listen(100)  # the kernel completes connections nobody ever reads
        _use_broker(f"redis://127.0.0.1:{blackhole.getsockname()[1]}/0")
        try:
            started = time.monotonic()
            response = verified_client(partner).post("/signalen/nieuw/", intake_data())
            elapsed = time.monotonic() - started
        finally:
            point_celery_at(app, previous, eager=True)
    assert response.status_code == 302
    assert elapsed < 10, elapsed
    signal = Signal.objects.get()
    assert signal.notified_at is None  # still in the outbox for the sweep
