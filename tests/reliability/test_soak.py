"""Concurrent clients submitting signals against gunicorn on PostgreSQL.

``make soak``: 50 clients, 1,000 signals. ``make test`` (CI): 10 clients, 100.
Every client also sends some forms twice (a double click): still one signal.
"""

from __future__ import annotations

import http.client
import os
import re
import subprocess
import threading
import time
import uuid
from collections import Counter
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from lelystad_radicalisering.roles import Role
from signals.models import Signal
from tests.factories import OrganisationFactory, TOTPDeviceFactory, UserFactory
from tests.faults import free_port, kill_process_tree
from tests.signals.conftest import intake_data

from .test_process_faults import BIN, ROOT, _base_env, _get_or_none, _test_database_url, _wait_for

pytestmark = [pytest.mark.xdist_group("faults"), pytest.mark.django_db(transaction=True)]

CLIENTS = int(os.environ.get("SOAK_CLIENTS", "10"))
SIGNALS = int(os.environ.get("SOAK_SIGNALS", "100"))
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = user.totpdevice_set.get().persistent_id
    session.save()
    return client.cookies[settings.SESSION_COOKIE_NAME].value


class Browser:
    """One concurrent client: its own session, cookies and connection."""

    def __init__(self, port: int, session: str) -> None:
        self.port = port
        self.cookies = {settings.SESSION_COOKIE_NAME: session}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method: str, path: str, body: str | None = None, headers=None):
        headers = dict(headers or {})
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        except (http.client.HTTPException, OSError):
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        content = response.read().decode()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, dict(response.getheaders()), content

    def submit(self, data: dict) -> tuple[int, str]:
        status, _, html = self.request("GET", "/signalen/nieuw/")
        assert status == 200, status
        data = {**data, "csrfmiddlewaretoken": TOKEN.search(html).group(1)}
        status, headers, _ = self.request(
            "POST",
            "/signalen/nieuw/",
            urlencode(data),
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        return status, headers.get("Location", "")


def test_concurrent_clients_lose_nothing_and_duplicate_nothing():
    organisations = [OrganisationFactory(name=f"Partner {n}") for n in range(5)]
    users = []
    for n in range(CLIENTS):
        user = UserFactory(
            username=f"soak{n}", organisation=organisations[n % 5], role=Role.PARTNER
        )
        TOTPDeviceFactory(user=user)
        users.append(user)
    sessions = [_session_cookie(user) for user in users]

    port = free_port()
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "lelystad_radicalisering.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "3",
            "--threads",
            "4",
            "--worker-class",
            "gthread",
        ],
        cwd=ROOT,
        env=_base_env(
            DATABASE_URL=_test_database_url(),
            SESSION_COOKIE_SECURE="false",
            CSRF_COOKIE_SECURE="false",
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            REDIS_URL="",
            DEBUG="false",
        ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    per_client = SIGNALS // CLIENTS
    keys: list[str] = []
    outcomes: Counter = Counter()
    locations: dict[str, set[str]] = {}
    errors: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(CLIENTS)

    def run(session: str) -> None:
        browser = Browser(port, session)
        try:
            barrier.wait(timeout=60)
            for n in range(per_client):
                key = str(uuid.uuid4())
                data = intake_data(submission_key=key)
                # Every fifth form is sent twice, as a double click does.
                for _ in range(2 if n % 5 == 0 else 1):
                    status, location = browser.submit(data)
                    with lock:
                        outcomes[status] += 1
                        locations.setdefault(key, set()).add(location)
                with lock:
                    keys.append(key)
        except Exception as error:  # reported below, with every other failure
            with lock:
                errors.append(repr(error))

    try:
        _wait_for(lambda: _get_or_none(f"http://127.0.0.1:{port}/health/"), 60, "gunicorn")
        threads = [threading.Thread(target=run, args=(s,)) for s in sessions]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        kill_process_tree(server)

    assert errors == []
    assert outcomes == {
        302: per_client * CLIENTS + sum(1 for n in range(per_client) if n % 5 == 0) * CLIENTS
    }
    signals = list(Signal.objects.values_list("submission_key", "reference", "pk"))
    by_key = Counter(str(key) for key, _, _ in signals)
    assert len(signals) == len(keys) == per_client * CLIENTS  # 0 lost
    assert set(by_key) == set(keys) and max(by_key.values()) == 1  # 0 duplicated
    assert len({reference for _, reference, _ in signals}) == len(signals)  # unique references
    # A double click lands on the first signal's confirmation.
    assert all(len(found) == 1 for found in locations.values())
    print(f"\nsoak: {CLIENTS} clients, {len(signals)} signals in {elapsed:.1f}s")
