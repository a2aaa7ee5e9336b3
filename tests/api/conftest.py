from __future__ import annotations

import datetime
import json

import pytest
from django.core.cache import caches
from django.test import Client
from django.utils import timezone

from api import services
from api.constants import Scope
from signals.constants import Category, Source, Urgency
from tests.signals.conftest import make_signal

ALL_SCOPES = [Scope.SIGNALS_WRITE, Scope.SIGNALS_READ, Scope.REFERENCE_READ]


@pytest.fixture(autouse=True)
def _fresh_rate_counts(settings):
    settings.API_RATE_LIMIT = "1000/min"
    caches[settings.API_THROTTLE_CACHE].clear()
    yield
    caches[settings.API_THROTTLE_CACHE].clear()


@pytest.fixture
def make_account(functional_admin):
    def make(organisation, *, scopes=ALL_SCOPES, networks: str = "", days: int = 30):
        account, token = services.system_account_create(
            actor=functional_admin,
            organisation=organisation,
            name="Registratiesysteem",
            scopes=list(scopes),
            expires_on=timezone.localdate() + datetime.timedelta(days=days),
            allowed_networks=networks,
        )
        return account, token

    return make


class ApiClient:
    """The Django test client speaking JSON with a bearer token."""

    def __init__(self, token: str | None, *, remote_addr: str = "127.0.0.1", language: str = ""):
        self.client = Client(REMOTE_ADDR=remote_addr)
        self.headers = {}
        if token:
            self.headers["Authorization"] = f"Bearer {token}"
        if language:
            self.headers["Accept-Language"] = language

    def get(self, path: str, **headers):
        return self.client.get(path, headers={**self.headers, **headers})

    def post(self, path: str, body, *, key: str | None = "sleutel-1", **headers):
        extra = {"Idempotency-Key": key} if key is not None else {}
        return self.client.post(
            path,
            data=json.dumps(body),
            content_type="application/json",
            headers={**self.headers, **extra, **headers},
        )


@pytest.fixture
def api_client():
    return ApiClient


def valid_payload(**overrides) -> dict:
    payload = {
        "category": Category.POLARISATION,
        "urgency": Urgency.HIGH,
        "source": Source.OWN_OBSERVATION,
        "observation": "Spandoek met haatdragende tekst bij het station.",
        "observed_on": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
        "place_description": "Stationsplein",
        "persons": [{"full_name": "Jan Voorbeeld", "date_of_birth": "2004-03-02"}],
    }
    payload.update(overrides)
    return payload


@pytest.fixture
def police_signal(partner):
    return make_signal(partner)


@pytest.fixture
def youth_signal(other_partner):
    return make_signal(other_partner)
