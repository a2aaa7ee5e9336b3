"""The functional administrator creates and revokes system accounts; the API page."""

from __future__ import annotations

import datetime
import hashlib
import json

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from api.models import SystemAccount
from api.services import system_account_create

pytestmark = pytest.mark.django_db


def _form(organisation, **overrides) -> dict:
    data = {
        "organisation": organisation.pk,
        "name": "Registratiesysteem politie",
        "scopes": ["signals:write", "reference:read"],
        "expires_on": (timezone.localdate() + datetime.timedelta(days=90)).isoformat(),
        "allowed_networks": "192.0.2.0/24\n2001:db8::1",
    }
    data.update(overrides)
    return data


def test_token_is_shown_once_and_only_its_hash_is_kept(
    verified_client, functional_admin, police, api_client
):
    client = verified_client(functional_admin)
    response = client.post("/beheer/systeemkoppelingen/nieuw/", _form(police))
    assert response.status_code == 200
    token = response.context["token"]
    assert token.startswith("clk_") and len(token) > 40
    assert "no-store" in response["Cache-Control"]
    account = SystemAccount.objects.get()
    assert account.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in json.dumps(list(SystemAccount.objects.values()), default=str)
    assert account.scopes == ["reference:read", "signals:write"]
    assert account.allowed_networks == "192.0.2.0/24\n2001:db8::1/128"
    assert account.created_by == functional_admin
    # Never again: the detail page shows the key id, not the token.
    detail = client.get(f"/beheer/systeemkoppelingen/{account.pk}/").content.decode()
    assert account.key_id in detail and token not in detail
    # The creation is in the audit log, without the hash.
    entry = LogEntry.objects.get(object_pk=str(account.pk), action=LogEntry.Action.CREATE)
    assert entry.actor == functional_admin and "token_hash" not in entry.changes
    # And the token works, from an allowed address.
    works = api_client(token, remote_addr="192.0.2.1").get("/api/v1/reference/categories/")
    assert works.status_code == 200


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("scopes", [], "Kies ten minste één bevoegdheid."),
        ("expires_on", "2000-01-01", "Deze datum ligt in het verleden."),
        ("expires_on", "2099-01-01", "Kies een datum hoogstens twee jaar vooruit."),
        ("allowed_networks", "lelystad.nl", "“lelystad.nl” is geen IP-adres of netwerk."),
        ("name", "a\x07b", "Deze tekst bevat tekens die niet zijn toegestaan."),
    ],
)
def test_bad_input_gets_a_dutch_message_next_to_the_field(
    verified_client, functional_admin, police, field, value, message
):
    response = verified_client(functional_admin).post(
        "/beheer/systeemkoppelingen/nieuw/", _form(police, **{field: value})
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert not SystemAccount.objects.exists()


def test_revoking_ends_the_token_at_once(verified_client, functional_admin, police, api_client):
    account, token = system_account_create(
        actor=functional_admin,
        organisation=police,
        name="Koppeling",
        scopes=["reference:read"],
        expires_on=timezone.localdate() + datetime.timedelta(days=5),
    )
    assert api_client(token).get("/api/v1/reference/urgencies/").status_code == 200
    response = verified_client(functional_admin).post(
        f"/beheer/systeemkoppelingen/{account.pk}/intrekken/"
    )
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.revoked_by == functional_admin and account.revoked_at is not None
    assert api_client(token).get("/api/v1/reference/urgencies/").status_code == 401


def test_list_shows_state_per_account(verified_client, functional_admin, police, youth_care):
    system_account_create(
        actor=functional_admin,
        organisation=youth_care,
        name="Jeugdsysteem",
        scopes=["signals:read"],
        expires_on=timezone.localdate(),
    )
    page = verified_client(functional_admin).get("/beheer/systeemkoppelingen/").content.decode()
    assert "Jeugdsysteem" in page and "Actief" in page


def test_api_page_lists_every_operation_without_scripts(verified_client, functional_admin):
    response = verified_client(functional_admin).get("/beheer/api/")
    page = response.content.decode()
    for operation in (
        "POST /api/v1/signals/",
        "GET /api/v1/signals/",
        "GET /api/v1/signals/{id}/",
        "GET /api/v1/reference/categories/",
        "GET /api/v1/reference/urgencies/",
        "GET /api/v1/reference/sources/",
        "GET /api/v1/reference/neighbourhoods/",
    ):
        assert operation in page
    assert "Idempotency-Key" in page and "signals:write" in page
    assert "<script" not in page.split("</header>", 1)[-1].split("<footer", 1)[0]
    assert "cdn" not in page.lower()


def test_openapi_document_is_valid_openapi_3(verified_client, functional_admin):
    from drf_spectacular.validation import validate_schema

    response = verified_client(functional_admin).get("/beheer/api/openapi.json")
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.")
    validate_schema(document)  # against the OpenAPI 3 JSON schema
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"


@pytest.mark.parametrize("url", ["/beheer/api/", "/beheer/api/openapi.json"])
def test_api_description_is_for_the_administrator_with_two_factors(
    url, verified_client, password_only_client, functional_admin, coordinator, partner
):
    assert verified_client(coordinator).get(url).status_code == 403
    assert verified_client(partner).get(url).status_code == 403
    response = password_only_client(functional_admin).get(url)
    assert (response.status_code, response["Location"]) == (302, "/inloggen/verificatie/")
