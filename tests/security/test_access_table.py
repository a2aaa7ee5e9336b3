"""Every URL pattern x every actor, from one table (tests/security/access_table.py).

Per URL: each actor's answer, the no-2FA and anonymous columns, no state
change on any GET (the listed exceptions aside), CSRF refusal of every POST,
and a missing object answering like a forbidden one.
"""

from __future__ import annotations

import copy
import time
from collections import Counter
from dataclasses import dataclass, field
from http.cookies import Morsel

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import Client, override_settings
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import restore_reference_lists
from tests.urlwalk import all_routes

from .access_table import ACTORS, GET_STATE_CHANGES, TABLE, build_world, row_for

pytestmark = pytest.mark.django_db

ROUTES = all_routes()
CELLS = Counter()  # cells checked in this process, printed at the end (docs/security.md)

# Rows that legitimately change on GET: the session and the access log.
VOLATILE_TABLES = {"django_session"}
UNVERIFIED = ("coordinator", "partner_own")  # the actors asked without a second factor


def _writes() -> dict[str, int]:
    """Rows inserted, updated and deleted per table so far in this transaction.

    PostgreSQL counts them per transaction, savepoints rolled back included, so
    the counts only grow: a table whose count did not move was not written to."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables"
            " WHERE schemaname = current_schema()"
        )
        return dict(cursor.fetchall())


def _snapshot(tables: list[str] | None = None) -> dict[str, str]:
    """A fingerprint of every row of every table (access entries aside), or of
    the tables named."""
    if tables is None:
        tables = connection.introspection.table_names()
    tables = [t for t in tables if t not in VOLATILE_TABLES]
    if not tables:
        return {}
    parts = []
    for table in tables:
        where = " WHERE t.action <> 3" if table == "auditlog_logentry" else ""  # 3 = access
        # Table names come from the database catalogue, never from input.
        parts.append(
            f"SELECT '{table}', md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"  # noqa: S608
            f' FROM "{table}" t{where}'
        )
    with connection.cursor() as cursor:
        # Table names come from the database's own catalogue, not from input.
        cursor.execute(" UNION ALL ".join(parts))
        return dict(cursor.fetchall())


def _changed(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(table for table in before if before[table] != after[table])


def _in_savepoint_with_changes(action):
    """Run one request in a savepoint and undo it; its answer and the tables
    whose rows it changed.

    Only the tables it wrote to can have changed: those are fingerprinted after
    the request and again after the rollback, which brings back exactly the rows
    the request met. (Fingerprinting every table twice per request was most of
    the access table's database time.)"""
    with transaction.atomic():
        counted = _writes()
        result = action()
        written = [t for t, n in _writes().items() if n != counted.get(t, 0)]
        after = _snapshot(written)
        transaction.set_rollback(True)
    return result, _changed(_snapshot(written), after)


@dataclass
class Logins:
    """Session cookies of actors logged in once per module, in the module's
    transaction: each test's savepoint undoes whatever a request does to a
    session (a logout, a rotated key, a refresh), so every test meets the
    sessions as they were at login. Logging every actor in afresh for every URL
    (a session row, the login receivers and audit entries) took a fifth of this
    module's time."""

    cookies: dict[tuple[str, str], Morsel] = field(default_factory=dict)
    at: float = field(default_factory=time.monotonic)

    def fresh(self) -> bool:
        # A session expires after the idle timeout; well before it, log in afresh.
        return time.monotonic() - self.at < settings.SESSION_COOKIE_AGE / 2


def _login(user, *, verified: bool, enforce_csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=enforce_csrf)
    client.force_login(user)
    if verified:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
        session.save()
    return client


def _client(
    user, *, verified: bool = True, enforce_csrf: bool = False, logins: Logins | None = None
) -> Client:
    """A client of a user with (or without) the second factor; with ``logins``,
    in the session logged in for the module (one per actor, kind and CSRF use)."""
    kind = ("verified" if verified else "password") + ("/csrf" if enforce_csrf else "")
    key = (user.username, kind)
    if logins is None or key not in logins.cookies or not logins.fresh():
        return _login(user, verified=verified, enforce_csrf=enforce_csrf)
    client = Client(enforce_csrf_checks=enforce_csrf)
    client.cookies[settings.SESSION_COOKIE_NAME] = copy.copy(logins.cookies[key])
    return client


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """One world per worker process, built once in a transaction that stays open
    for the module and is rolled back at its end; every test runs inside it in a
    savepoint of its own (pytest-django's ``db``), so each still meets the same
    world. Building it per URL took most of this module's time."""
    private = tmp_path_factory.mktemp("private")
    fast_hashing = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(PRIVATE_MEDIA_ROOT=str(private), PASSWORD_HASHERS=fast_hashing),
        transaction.atomic(),
    ):
        restore_reference_lists()
        world = build_world()
        yield world
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def logins(world, django_db_blocker) -> Logins:
    """Every actor logged in once for the module, inside the world's transaction."""
    logins = Logins()
    with django_db_blocker.unblock():
        for actor in ACTORS:
            user = world.actors[actor]
            for verified, enforce_csrf in [(True, False), (True, True)] + (
                [(False, False)] if actor in UNVERIFIED else []
            ):
                client = _login(user, verified=verified, enforce_csrf=enforce_csrf)
                kind = ("verified" if verified else "password") + ("/csrf" if enforce_csrf else "")
                logins.cookies[(user.username, kind)] = client.cookies[settings.SESSION_COOKIE_NAME]
    return logins


def test_every_url_pattern_has_a_row_and_every_row_a_url():
    names = {route.view_name for route in ROUTES}
    missing = sorted(name for name in names if row_for(name) is None)
    assert missing == [], f"URLs without a row in tests/security/access_table.py: {missing}"
    assert sorted(set(TABLE) - names) == [], "rows for URLs that no longer exist"


def test_rows_only_name_known_actors():
    for name, row in TABLE.items():
        assert set(row.expected) <= set(ACTORS), name


def _in_savepoint(action):
    """Run one request and undo what it did, so every actor meets the same world."""
    with transaction.atomic():
        result = action()
        transaction.set_rollback(True)
    return result


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_route(world, logins, route):
    """All checks of one URL on one world, so the world is built once per URL."""
    name = route.view_name
    row = row_for(name)
    url, data = row.request(world, name) if name in TABLE else (route.path, {})
    clients = {actor: _client(world.actors[actor], logins=logins) for actor in ACTORS}
    failures = []
    failures += _access_matrix(row, name, url, data, clients)
    failures += _without_second_factor(row, url, data, world, logins)
    if row.method == "post":
        failures += _get_changes_nothing(name, url, clients)
    failures += _post_without_csrf_token_is_refused(row, url, data, world, logins)
    if name in TABLE and "/1/" in route.path:
        failures += _missing_object_answers_like_a_foreign_one(row, url, data, clients)
    assert failures == []


def _access_matrix(row, name, url, data, clients) -> list[str]:
    failures = []
    for actor, client in clients.items():
        if row.method == "get":
            response, changed = _in_savepoint_with_changes(
                lambda client=client: client.get(url, data)
            )
        else:
            response, changed = (
                _in_savepoint(lambda client=client: getattr(client, row.method)(url, data)),
                [],
            )
        CELLS["role x relation"] += 1
        if response.status_code != row.status_for(actor):
            failures.append(f"{actor} {row.method.upper()} {url}: {response.status_code}")
        if row.method == "get":
            CELLS["GET without state change"] += 1
            if changed and (name, actor) not in GET_STATE_CHANGES:
                failures.append(f"{actor} GET {url} changed {changed}")
            if (name, actor) in GET_STATE_CHANGES and not changed:
                failures.append(f"listed exception {name} for {actor} no longer changes state")
    return failures


def _without_second_factor(row, url, data, world, logins) -> list[str]:
    failures = []
    if row.token:
        return _token_api_ignores_sessions(row, url, data, world, logins)
    for actor in UNVERIFIED:
        client = _client(world.actors[actor], verified=False, logins=logins)
        response = _in_savepoint(lambda client=client: getattr(client, row.method)(url, data))
        CELLS["no 2FA"] += 1
        if row.open and response.status_code >= 400:
            failures.append(f"{actor} without 2FA, open view {url}: {response.status_code}")
        if not row.open and (response.status_code, response.get("Location")) != (
            302,
            "/inloggen/verificatie/",
        ):
            failures.append(f"{actor} without 2FA {url}: {response.status_code}")
    response = _in_savepoint(lambda: getattr(Client(), row.method)(url, data))
    CELLS["anonymous"] += 1
    if row.open and response.status_code >= 400:
        failures.append(f"anonymous, open view {url}: {response.status_code}")
    if not row.open and not (
        response.status_code == 302 and response["Location"].startswith("/inloggen/?next=")
    ):
        failures.append(f"anonymous {url}: {response.status_code}")
    return failures


def _get_changes_nothing(name, url, clients) -> list[str]:
    """Where the work is a POST, a GET must not do it."""
    failures = []
    for actor, client in clients.items():
        response, changed = _in_savepoint_with_changes(lambda client=client: client.get(url))
        CELLS["GET without state change"] += 1
        if response.status_code >= 500:
            failures.append(f"{actor} GET {url}: {response.status_code}")
        if changed and (name, actor) not in GET_STATE_CHANGES:
            failures.append(f"{actor} GET {url} changed {changed}")
    return failures


def _token_api_ignores_sessions(row, url, data, world, logins) -> list[str]:
    """A token API answers 401 to a session without 2FA and to the anonymous."""
    failures = []
    for actor in UNVERIFIED:
        client = _client(world.actors[actor], verified=False, logins=logins)
        response = _in_savepoint(lambda client=client: getattr(client, row.method)(url, data))
        CELLS["no 2FA"] += 1
        if response.status_code != 401:
            failures.append(f"{actor} without 2FA, token API {url}: {response.status_code}")
    response = _in_savepoint(lambda: getattr(Client(), row.method)(url, data))
    CELLS["anonymous"] += 1
    if response.status_code != 401:
        failures.append(f"anonymous, token API {url}: {response.status_code}")
    return failures


def _post_without_csrf_token_is_refused(row, url, data, world, logins) -> list[str]:
    failures = []
    if row.token:
        return failures  # no session is read, so there is no CSRF to forge (401 above)
    # Those who may use the URL, or else the coordinator.
    allowed = [a for a in ACTORS if row.status_for(a) < 400] or ["coordinator"]
    for actor in allowed:
        client = _client(world.actors[actor], enforce_csrf=True, logins=logins)
        response, changed = _in_savepoint_with_changes(lambda client=client: client.post(url, data))
        CELLS["POST without CSRF token"] += 1
        if response.status_code != 403:
            failures.append(f"{actor} POST {url} without CSRF token: {response.status_code}")
        if changed:
            failures.append(f"{actor} POST {url} without CSRF token changed state")
    return failures


def _missing_object_answers_like_a_foreign_one(row, url, data, clients) -> list[str]:
    """A permitted actor asking for an id that does not exist gets 404, not 500."""
    failures = []
    missing = "/".join(
        "999999" if part.isdigit() else part for part in url.split("?")[0].split("/")
    )
    for actor in [a for a in ACTORS if row.status_for(a) < 400]:
        response = _in_savepoint(
            lambda actor=actor: getattr(clients[actor], row.method)(missing, data, follow=True)
        )
        CELLS["missing object"] += 1
        if response.status_code != 404:
            failures.append(f"{actor} {row.method.upper()} {missing}: {response.status_code}")
    return failures


@pytest.fixture(scope="module", autouse=True)
def _report_cells():
    yield
    if CELLS:
        print(f"\naccess table cells checked in this process: {dict(CELLS)}")
