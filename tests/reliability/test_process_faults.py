"""A Celery worker killed mid-task and a PostgreSQL restart under a running
gunicorn: real processes, private Redis and PostgreSQL instances."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from lelystad_radicalisering.celery import app
from signals.models import Signal
from tests.faults import (
    PrivatePostgres,
    PrivateRedis,
    free_port,
    kill_process_tree,
    point_celery_at,
)
from tests.signals.conftest import make_signal

pytestmark = [pytest.mark.xdist_group("faults")]

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _base_env(**extra: str) -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DEBUG": "false",
        "SECRET_KEY": "test-only-secret-key-not-for-production-use-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "INFO",
    }
    env.update(extra)
    return env


def _test_database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def _children(pid: int) -> list[int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return [int(child) for child in text.split()]


def _lock_waiters(conninfo: str) -> set[int]:
    """Database backends waiting for a lock (on the signal row held by the test)."""
    with psycopg.connect(conninfo, autocommit=True) as probe:
        rows = probe.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock'"
        ).fetchall()
    return {row[0] for row in rows}


@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_task_runs_it_again_and_mails_once(partner, coordinator, tmp_path):
    mails = tmp_path / "mails"
    mails.mkdir()
    database_url = _test_database_url()
    conninfo = database_url.replace("postgres://", "postgresql://")
    previous_broker = app.conf.broker_url
    with PrivateRedis() as redis:
        point_celery_at(app, redis.url, eager=False)
        try:
            signal = make_signal(partner)  # the notification message is now in Redis
        finally:
            point_celery_at(app, previous_broker, eager=True)

        # Hold the signal's row lock so the task stops in the middle: after it
        # was received and started, before it decides to send.
        with psycopg.connect(conninfo) as blocker:
            blocker.execute("SELECT 1 FROM signals_signal WHERE id = %s FOR UPDATE", [signal.pk])
            worker = subprocess.Popen(
                [
                    str(BIN / "celery"),
                    "-A",
                    "lelystad_radicalisering",
                    "worker",
                    "--pool=prefork",
                    "--concurrency=1",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                    "--loglevel=INFO",
                ],
                cwd=ROOT,
                env=_base_env(
                    DATABASE_URL=database_url,
                    REDIS_URL=redis.url,
                    EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
                    EMAIL_FILE_PATH=str(mails),
                ),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            try:
                first = _wait_for(lambda: _lock_waiters(conninfo), 60, "the task to block")
                (child,) = _children(worker.pid)
                os.kill(child, 9)  # the pool process dies mid-task
                # acks_late + reject_on_worker_lost: the message goes back and a
                # fresh pool process picks it up and blocks on the same lock.
                _wait_for(
                    lambda: _children(worker.pid) not in ([], [child]),
                    60,
                    "a new pool process",
                )
                # The killed process's database session may linger: wait for a new one.
                _wait_for(lambda: _lock_waiters(conninfo) - first, 60, "the task to run again")
                signal.refresh_from_db()
                assert signal.notified_at is None
                blocker.rollback()  # release the lock: the re-run completes
                _wait_for(
                    lambda: Signal.objects.filter(pk=signal.pk, notified_at__isnull=False).exists(),
                    60,
                    "the notification",
                )
                time.sleep(1)  # room for a duplicate, should one come
            finally:
                kill_process_tree(worker)

    sent = [path.read_text() for path in mails.iterdir()]
    assert len(sent) == 1
    assert f"Nieuw signaal {signal.reference}" in sent[0]
    assert coordinator.email in sent[0]


def _get(url: str) -> tuple[int, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


def test_app_recovers_from_a_postgresql_restart_without_restarting_itself(tmp_path):
    port = free_port()
    with PrivatePostgres() as postgres:
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "lelystad_radicalisering.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
            ],
            cwd=ROOT,
            env=_base_env(
                DATABASE_URL=postgres.url(),
                # Persistent connections: the case where a restart leaves a dead one behind.
                CONN_MAX_AGE="600",
            ),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        health = f"http://127.0.0.1:{port}/health/"
        try:
            _wait_for(lambda: _get_or_none(health), 60, "gunicorn")
            assert _get(health)[0] == 200
            backend_before = _backend_pids(postgres)
            assert len(backend_before) == 1  # the app holds one persistent connection

            postgres.restart()  # terminates every connection

            # The very first request after the restart already succeeds.
            status, headers = _get(health)
            assert status == 200
            backend_after = _backend_pids(postgres)
            assert len(backend_after) == 1 and backend_after != backend_before
            # No server software version from the app.
            assert not any(ch.isdigit() for ch in headers.get("Server", ""))
        finally:
            kill_process_tree(server)


def _get_or_none(url: str):
    try:
        return _get(url)
    except OSError:
        return None


def _backend_pids(postgres: PrivatePostgres) -> set[int]:
    with psycopg.connect(postgres.url().replace("postgres://", "postgresql://")) as probe:
        rows = probe.execute(
            "SELECT pid FROM pg_stat_activity WHERE backend_type = 'client backend' "
            "AND pid <> pg_backend_pid()"
        ).fetchall()
    return {row[0] for row in rows}


SESSION_SCRIPT = """
import django; django.setup()
from django.conf import settings
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from lelystad_radicalisering.roles import Role
from tests.factories import OrganisationFactory, TOTPDeviceFactory, UserFactory
user = UserFactory(username="herstart", organisation=OrganisationFactory(), role=Role.PARTNER)
device = TOTPDeviceFactory(user=user)
client = Client()
client.force_login(user)
session = client.session
session[DEVICE_ID_SESSION_KEY] = device.persistent_id
session.save()
print(client.cookies[settings.SESSION_COOKIE_NAME].value)
"""


def test_signals_submitted_across_a_postgresql_restart_are_whole_or_absent():
    """Submitting while the database restarts: a signal is there with its person,
    or not at all; a resubmit of a failed form stores it once; afterwards the
    app serves again without being restarted itself."""
    import uuid

    from tests.reliability.test_soak import Browser
    from tests.signals.conftest import intake_data

    port = free_port()
    with PrivatePostgres() as postgres:
        env = _base_env(
            DATABASE_URL=postgres.url(),
            CONN_MAX_AGE="600",
            SESSION_COOKIE_SECURE="false",
            CSRF_COOKIE_SECURE="false",
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            DJANGO_SETTINGS_MODULE="lelystad_radicalisering.settings",
        )
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--no-input"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            timeout=120,
        )
        session = subprocess.run(
            [sys.executable, "-c", SESSION_SCRIPT],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout.split()[-1]
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "lelystad_radicalisering.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        outcomes: dict[str, list[int]] = {}
        try:
            _wait_for(lambda: _get_or_none(f"http://127.0.0.1:{port}/health/"), 60, "gunicorn")
            browser = Browser(port, session)

            def submit(key: str) -> int:
                try:
                    status, _ = browser.submit(intake_data(submission_key=key))
                except (AssertionError, OSError, AttributeError):
                    status = 0  # no answer, an error page instead of the form
                outcomes.setdefault(key, []).append(status)
                return status

            for _ in range(5):
                assert submit(str(uuid.uuid4())) == 302
            restart = threading.Thread(target=postgres.restart)
            restart.start()
            failed = []
            while restart.is_alive():
                key = str(uuid.uuid4())
                if submit(key) != 302:
                    failed.append(key)
            restart.join()
            # After the restart: every new form and every resubmitted failed one works.
            for _ in range(5):
                assert submit(str(uuid.uuid4())) == 302
            for key in failed:
                assert submit(key) == 302
        finally:
            kill_process_tree(server)

        with psycopg.connect(postgres.url().replace("postgres://", "postgresql://")) as db:
            rows = db.execute(
                "SELECT s.submission_key::text, s.reference, count(p.id) "
                "FROM signals_signal s LEFT JOIN signals_signalperson p ON p.signal_id = s.id "
                "GROUP BY s.id"
            ).fetchall()
    stored = {key: (reference, persons) for key, reference, persons in rows}
    assert len(stored) == len(rows)  # one signal per form
    assert set(stored) == set(outcomes)  # every form ends up stored, once
    assert all(persons == 1 and reference for reference, persons in stored.values())  # whole
    assert len({reference for reference, _ in stored.values()}) == len(stored)
    during = sum(len(v) for v in outcomes.values()) - 10 - len(failed)
    print(f"\npostgres restart: {during} submits during the restart, {len(failed)} refused")
