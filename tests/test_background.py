from __future__ import annotations

import pytest
from celery import Celery, shared_task
from django.db import transaction

from lelystad_radicalisering.celery import app
from lelystad_radicalisering.tasks import enqueue_after_commit

CALLS: list[int] = []


@shared_task(name="tests.record")
def record(pk: int) -> None:
    CALLS.append(pk)


@pytest.fixture(autouse=True)
def _clear():
    CALLS.clear()


def test_celery_configuration_is_safe_for_work_that_must_not_be_lost():
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.task_serializer == "json"


@pytest.mark.django_db(transaction=True)
def test_task_is_queued_only_after_commit():
    with transaction.atomic():
        enqueue_after_commit(record, 7)
        assert CALLS == []
    assert CALLS == [7]


@pytest.mark.django_db(transaction=True)
def test_task_is_not_queued_when_the_transaction_rolls_back():
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue_after_commit(record, 8)
        raise RuntimeError("rolled back")
    assert CALLS == []


@pytest.mark.django_db(transaction=True)
def test_unreachable_broker_does_not_break_the_request(caplog):
    """The data is committed; a broker that is down is logged, not raised."""
    unreachable = Celery(
        "unreachable", broker="redis://127.0.0.1:1/0", set_as_current=False
    )  # nothing listens on port 1
    unreachable.conf.broker_connection_timeout = 1
    unreachable.conf.task_publish_retry_policy = {"max_retries": 1, "interval_start": 0}
    task = unreachable.task(name="tests.unreachable")(record.run)
    with transaction.atomic():
        enqueue_after_commit(task, 9)
    assert CALLS == []
    assert any("Could not queue task tests.unreachable" in r.getMessage() for r in caplog.records)


def test_eager_mode_without_redis(monkeypatch):
    """With no REDIS_URL the settings make Celery run tasks in-process (demo mode)."""
    import subprocess
    import sys

    env = {
        "DEBUG": "true",
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "lelystad_radicalisering.settings",
    }
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "from lelystad_radicalisering.celery import app; print(settings.CELERY_TASK_ALWAYS_EAGER, app.conf.task_always_eager)",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.split() == ["True", "True"]
