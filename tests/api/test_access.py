"""Every endpoint x own organisation / other organisation / expired / revoked /
wrong scope / no token / wrong source address."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from api import services
from api.constants import Scope
from demo.api import DEMO_API_TOKEN, seed_demo_api
from signals.models import Signal

from .conftest import valid_payload

pytestmark = pytest.mark.django_db

REFERENCE = [
    "/api/v1/reference/categories/",
    "/api/v1/reference/urgencies/",
    "/api/v1/reference/sources/",
    "/api/v1/reference/neighbourhoods/",
]
# (method, path or None for the police signal's detail, the scope it needs)
ENDPOINTS = [
    ("get", "/api/v1/signals/", Scope.SIGNALS_READ),
    ("post", "/api/v1/signals/", Scope.SIGNALS_WRITE),
    ("get", None, Scope.SIGNALS_READ),
    *[("get", path, Scope.REFERENCE_READ) for path in REFERENCE],
]
IDS = [f"{m} {p or '/api/v1/signals/<id>/'}" for m, p, _ in ENDPOINTS]


def _call(client, method, path, signal):
    url = path or f"/api/v1/signals/{signal.pk}/"
    if method == "post":
        return client.post(url, valid_payload())
    return client.get(url)


def _is_problem(response, status: int) -> None:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert body["type"] == "about:blank"
    assert body["title"] and body["detail"]


@pytest.mark.parametrize(("method", "path", "scope"), ENDPOINTS, ids=IDS)
def test_own_organisation_is_served(
    method, path, scope, make_account, police, api_client, police_signal
):
    _account, token = make_account(police)
    response = _call(api_client(token), method, path, police_signal)
    assert response.status_code == (201 if method == "post" else 200), response.content
    if method == "post":
        assert Signal.objects.get(pk=response.json()["id"]).organisation == police


@pytest.mark.parametrize(("method", "path", "scope"), ENDPOINTS, ids=IDS)
def test_other_organisation_never_sees_the_police_signals(
    method, path, scope, make_account, youth_care, api_client, police_signal
):
    _account, token = make_account(youth_care)
    response = _call(api_client(token), method, path, police_signal)
    if path is None:
        _is_problem(response, 404)  # the same answer as a signal that does not exist
        assert police_signal.reference not in response.content.decode()
    elif method == "post":
        assert response.status_code == 201
        created = Signal.objects.get(pk=response.json()["id"])
        assert created.organisation == youth_care
    else:
        assert response.status_code == 200
        assert police_signal.reference not in response.content.decode()


@pytest.mark.parametrize(("method", "path", "scope"), ENDPOINTS, ids=IDS)
def test_expired_token_is_refused(
    method, path, scope, make_account, police, api_client, police_signal
):
    _account, token = make_account(police, days=2)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=3), tick=False):
        response = _call(api_client(token), method, path, police_signal)
    _is_problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(("method", "path", "scope"), ENDPOINTS, ids=IDS)
def test_revoked_token_is_refused(
    method, path, scope, make_account, police, api_client, police_signal, functional_admin
):
    account, token = make_account(police)
    services.system_account_revoke(actor=functional_admin, account=account)
    before = Signal.objects.count()
    _is_problem(_call(api_client(token), method, path, police_signal), 401)
    assert Signal.objects.count() == before


@pytest.mark.parametrize(("method", "path", "scope"), ENDPOINTS, ids=IDS)
def test_token_without_the_scope_is_refused(
    method, path, scope, make_account, police, api_client, police_signal
):
    _account, token = make_account(police, scopes=[s for s in Scope.values if s != scope])
    before = Signal.objects.count()
    _is_problem(_call(api_client(token), method, path, police_signal), 403)
    assert Signal.objects.count() == before


@pytest.mark.parametrize(("method", "path", "scope"), ENDPOINTS, ids=IDS)
def test_no_token_is_refused(method, path, scope, api_client, police_signal):
    response = _call(api_client(None), method, path, police_signal)
    _is_problem(response, 401)
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


@pytest.mark.parametrize(("method", "path", "scope"), ENDPOINTS, ids=IDS)
def test_wrong_or_forged_token_is_refused(
    method, path, scope, make_account, police, api_client, police_signal
):
    _account, token = make_account(police)
    for forged in (token[:-1] + ("A" if token[-1] != "A" else "B"), "clk_", "zomaar-iets"):
        _is_problem(_call(api_client(forged), method, path, police_signal), 401)


@pytest.mark.parametrize(("method", "path", "scope"), ENDPOINTS, ids=IDS)
def test_wrong_source_address_is_refused(
    method, path, scope, make_account, police, api_client, police_signal
):
    _account, token = make_account(police, networks="192.0.2.0/24\n2001:db8::1")
    before = Signal.objects.count()
    _is_problem(
        _call(api_client(token, remote_addr="198.51.100.7"), method, path, police_signal), 403
    )
    assert Signal.objects.count() == before
    allowed = _call(api_client(token, remote_addr="192.0.2.44"), method, path, police_signal)
    assert allowed.status_code in (200, 201)


def test_source_address_is_the_trusted_proxys_entry(settings, make_account, police, api_client):
    settings.TRUSTED_PROXY_COUNT = 1
    _account, token = make_account(police, networks="192.0.2.0/24")
    forged = api_client(token, remote_addr="10.0.0.1").get(
        REFERENCE[0], **{"X-Forwarded-For": "192.0.2.9, 198.51.100.7"}
    )
    assert forged.status_code == 403  # the client wrote 192.0.2.9 itself
    proxied = api_client(token, remote_addr="10.0.0.1").client.get(
        REFERENCE[0],
        headers={"Authorization": f"Bearer {token}", "X-Forwarded-For": "192.0.2.9"},
    )
    assert proxied.status_code == 200


def test_demo_token_works_only_with_debug(settings, police, api_client):
    police.name = "Politie Basisteam Lelystad"
    police.save(update_fields=["name"])

    assert seed_demo_api() is not None
    settings.DEBUG = False
    _is_problem(api_client(DEMO_API_TOKEN).get(REFERENCE[0]), 401)
    settings.DEBUG = True
    assert api_client(DEMO_API_TOKEN).get(REFERENCE[0]).status_code == 200


def test_session_of_a_verified_user_does_not_open_the_api(verified_client, partner):
    """The API reads tokens only: a logged-in browser (and so a CSRF-able page) gets 401."""
    client = verified_client(partner)
    response = client.get("/api/v1/signals/")
    assert response.status_code == 401
    assert client.post("/api/v1/signals/", {}, content_type="application/json").status_code == 401
