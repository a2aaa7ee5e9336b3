"""Submitting and reading signals through the API: the browser's rules, audit, idempotency."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from api.models import ApiSubmission
from signals.constants import SignalStatus
from signals.models import Signal, SignalPerson
from signals.selectors import InboxFilters, triage_inbox

from .conftest import valid_payload

pytestmark = pytest.mark.django_db

URL = "/api/v1/signals/"


def test_submitted_signal_reaches_the_triage_inbox_with_its_person(
    make_account, police, api_client, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    account, token = make_account(police)
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client(token).post(URL, valid_payload())
    assert response.status_code == 201
    body = response.json()
    signal = Signal.objects.get(pk=body["id"])
    assert body == {
        "id": signal.pk,
        "reference": signal.reference,
        "category": "polarisation",
        "urgency": "high",
        "created_at": body["created_at"],
        "status": "new",
        "status_label": "Ontvangen",
    }
    assert signal.organisation == police and signal.reporter is None
    assert signal.persons.get().full_name == "Jan Voorbeeld"
    assert list(triage_inbox(coordinator, InboxFilters())) == [signal]
    assert ApiSubmission.objects.get(signal=signal).system_account == account
    # The coordinators hear of it as of any signal: reference and link only.
    assert [m.subject for m in mailoutbox] == [f"Nieuw signaal {signal.reference}"]


def test_submission_is_audited_with_the_system_account_and_its_organisation(
    make_account, police, api_client
):
    account, token = make_account(police)
    response = api_client(token, remote_addr="192.0.2.5").post(URL, valid_payload())
    signal = Signal.objects.get(pk=response.json()["id"])
    for model, pk in ((Signal, signal.pk), (SignalPerson, signal.persons.get().pk)):
        entry = LogEntry.objects.get(
            content_type=ContentType.objects.get_for_model(model),
            object_pk=str(pk),
            action=LogEntry.Action.CREATE,
        )
        assert entry.actor is None
        assert entry.actor_email == f"system:{account.key_id}"
        assert entry.remote_addr == "192.0.2.5"
        assert entry.additional_data["system_account"] == account.pk
        assert entry.additional_data["organisation"] == police.pk


def test_reading_writes_access_entries_like_the_browser(
    make_account, police, api_client, police_signal
):
    account, token = make_account(police)
    client = api_client(token)
    client.get(URL)
    client.get(f"{URL}{police_signal.pk}/")
    entries = LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, object_pk=str(police_signal.pk)
    ).order_by("pk")
    assert [e.additional_data["view"] for e in entries] == ["api:signal_list", "api:signal_detail"]
    assert {e.actor_email for e in entries} == {f"system:{account.key_id}"}
    assert {e.additional_data["organisation"] for e in entries} == {police.pk}


def test_status_as_the_partner_sees_it_and_nothing_behind_it(
    make_account, police, api_client, police_signal, coordinator
):
    from signals import services as signal_services

    signal_services.signal_decide(
        coordinator=coordinator,
        signal=police_signal,
        decision=SignalStatus.CLOSED,
        reason="Geen zorgen na gesprek met school.",
    )
    _account, token = make_account(police)
    body = api_client(token).get(f"{URL}{police_signal.pk}/").json()
    assert (body["status"], body["status_label"]) == ("closed", "Afgesloten")
    assert set(body) == {
        "id",
        "reference",
        "category",
        "urgency",
        "created_at",
        "status",
        "status_label",
    }
    text = str(body)
    assert (
        "Piet Testpersoon" not in text and "Geen zorgen" not in text and "Waargenomen" not in text
    )


def test_list_costs_a_fixed_number_of_queries(
    make_account, police, api_client, partner, django_assert_max_num_queries
):
    from tests.signals.conftest import make_signal

    for _ in range(12):
        make_signal(partner)
    _account, token = make_account(police)
    client = api_client(token)
    with django_assert_max_num_queries(6):
        response = client.get(URL)
    assert response.json()["count"] == 12


def test_dutch_field_errors_next_to_the_field(make_account, police, api_client):
    _account, token = make_account(police)
    response = api_client(token).post(
        URL,
        valid_payload(
            observation="   ",
            observed_on="2999-01-01",
            category="onbekend",
            persons=[{"full_name": "Ab\u202eC"}],
        ),
    )
    assert response.status_code == 400
    assert response["Content-Language"] == "nl"
    errors = {e["pointer"]: e["detail"] for e in response.json()["errors"]}
    assert "#/category" in errors and "geldige keuze" in errors["#/category"]
    assert errors["#/observation"] == "Dit veld mag niet leeg zijn."


def test_the_browser_forms_rules_hold(make_account, police, api_client):
    _account, token = make_account(police)
    client = api_client(token)
    future = client.post(URL, valid_payload(observed_on="2999-01-01"), key="a")
    assert {e["pointer"]: e["detail"] for e in future.json()["errors"]} == {
        "#/observed_on": "Deze datum ligt in de toekomst."
    }
    about_nothing = client.post(URL, valid_payload(persons=[], place_description=""), key="b")
    assert about_nothing.json()["errors"] == [
        {
            "pointer": "#",
            "detail": "Geef aan over wie of wat het signaal gaat: een persoon, een groep, of een plek of incident.",
        }
    ]
    control = client.post(URL, valid_payload(persons=[{"full_name": "Ab\u202eC"}]), key="c")
    assert control.json()["errors"] == [
        {
            "pointer": "#/persons/0/full_name",
            "detail": "Deze tekst bevat tekens die niet zijn toegestaan.",
        }
    ]
    assert Signal.objects.count() == 0


def test_english_when_asked(make_account, police, api_client):
    _account, token = make_account(police)
    response = api_client(token, language="en-GB,en;q=0.9").post(
        URL, valid_payload(observed_on="2999-01-01")
    )
    assert response["Content-Language"] == "en"
    body = response.json()
    assert body["title"] == "Bad request"
    assert body["errors"][0]["detail"] == "This date lies in the future."
    dutch = api_client(None, language="nl").get(URL).json()
    assert dutch["title"] == "Niet aangemeld"


def test_retry_with_the_same_key_returns_the_first_signal(make_account, police, api_client):
    _account, token = make_account(police)
    client = api_client(token)
    first = client.post(URL, valid_payload(), key="registratie-4711")
    again = client.post(URL, valid_payload(), key="registratie-4711")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    assert Signal.objects.count() == 1


def test_same_key_with_another_body_is_refused(make_account, police, api_client):
    _account, token = make_account(police)
    client = api_client(token)
    client.post(URL, valid_payload(), key="registratie-4711")
    other = client.post(URL, valid_payload(urgency="acute"), key="registratie-4711")
    assert other.status_code == 422
    assert other["Content-Type"] == "application/problem+json"
    assert Signal.objects.count() == 1


def test_keys_of_different_accounts_never_meet(make_account, police, youth_care, api_client):
    _a, police_token = make_account(police)
    _b, youth_token = make_account(youth_care)
    assert api_client(police_token).post(URL, valid_payload(), key="1").status_code == 201
    assert api_client(youth_token).post(URL, valid_payload(), key="1").status_code == 201
    assert Signal.objects.count() == 2


@pytest.mark.parametrize("key", [None, "", "met spatie", "x" * 256, "é"])
def test_idempotency_key_is_required_and_plain(make_account, police, api_client, key):
    _account, token = make_account(police)
    response = api_client(token).post(URL, valid_payload(), key=key)
    assert response.status_code == 400
    assert response.json()["errors"][0]["pointer"] == "#/Idempotency-Key"
    assert Signal.objects.count() == 0


def test_rate_limit_per_token(settings, make_account, police, youth_care, api_client):
    settings.API_RATE_LIMIT = "3/min"
    _a, token = make_account(police)
    _b, other = make_account(youth_care)
    client = api_client(token)
    statuses = [client.get("/api/v1/reference/categories/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get("/api/v1/reference/categories/")
    assert refused["Content-Type"] == "application/problem+json"
    assert int(refused["Retry-After"]) > 0
    # Another token has its own count.
    assert api_client(other).get("/api/v1/reference/categories/").status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        "niet-json",
        "[]",
        "null",
        '{"persons": 5}',
        '{"category": ["a"]}',
        '{"observation": Infinity}',
    ],
)
def test_malformed_bodies_get_a_problem_not_a_500(make_account, police, api_client, body):
    _account, token = make_account(police)
    response = api_client(token).client.post(
        URL,
        data=body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "k"},
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_other_content_types_are_refused(make_account, police, api_client):
    _account, token = make_account(police)
    response = api_client(token).client.post(
        URL,
        data={"category": "other"},
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "k"},
    )
    assert response.status_code == 415
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("value", ["abc", "0", "-1", "99999999999999999999999", "1.5"])
def test_malformed_signal_id_answers_like_a_missing_one(make_account, police, api_client, value):
    _account, token = make_account(police)
    response = api_client(token).get(f"{URL}{value}/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
