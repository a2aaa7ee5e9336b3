"""Every URL pattern x every actor, from one table (tests/security/access_table.py).

Per URL: each actor's answer, the no-2FA and anonymous columns, no state
change on any GET (the listed exceptions aside), CSRF refusal of every POST,
and a missing object answering like a forbidden one.
"""

from __future__ import annotations

from collections import Counter

import pytest
from django.test import Client

from tests.urlwalk import all_routes

from .access_table import ACTORS, GET_STATE_CHANGES, TABLE, row_for
from .harness import UNVERIFIED, _client, _in_savepoint, _in_savepoint_with_changes

pytestmark = pytest.mark.django_db

ROUTES = all_routes()
CELLS = Counter()  # cells checked in this process, printed at the end (docs/security.md)


def test_every_url_pattern_has_a_row_and_every_row_a_url():
    names = {route.view_name for route in ROUTES}
    missing = sorted(name for name in names if row_for(name) is None)
    assert missing == [], f"URLs without a row in tests/security/access_table.py: {missing}"
    assert sorted(set(TABLE) - names) == [], "rows for URLs that no longer exist"


def test_rows_only_name_known_actors():
    for name, row in TABLE.items():
        assert set(row.expected) <= set(ACTORS), name


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
