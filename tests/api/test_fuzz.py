"""Whatever a partner's system sends as a signal: never a 500, errors in Dutch."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from api import services
from api.constants import Scope
from signals.constants import Category, Source, Urgency
from signals.models import Signal
from tests.factories import OrganisationFactory, TOTPDeviceFactory, UserFactory

from .conftest import ApiClient

text = st.one_of(
    st.text(max_size=50),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=20),
    st.sampled_from(["", " ", "\x00", "\u202e", "\ud800", "a" * 10001, "<script>", "' OR 1=1"]),
)
date_text = st.one_of(
    st.dates().map(str), st.sampled_from(["2024-02-30", "morgen", "01-02-2024", "", "9999-12-31"])
)
any_value = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    # JSON has no infinity (json.dumps writes "Infinity", which is not JSON);
    # such bodies are malformed, tested in test_signals.py.
    st.floats(allow_nan=False, allow_infinity=False),
    text,
    st.just([]),
    st.just({}),
)
person = st.fixed_dictionaries(
    {},
    optional={
        "full_name": st.one_of(text, any_value),
        "date_of_birth": st.one_of(date_text, any_value),
        "neighbourhood": st.one_of(st.integers(), any_value),
    },
)
payload = st.fixed_dictionaries(
    {},
    optional={
        "category": st.one_of(st.sampled_from(Category.values), any_value),
        "urgency": st.one_of(st.sampled_from(Urgency.values), any_value),
        "source": st.one_of(st.sampled_from(Source.values), any_value),
        "observation": st.one_of(text, any_value),
        "observed_on": st.one_of(date_text, any_value),
        "observed_where": text,
        "neighbourhood": st.one_of(st.integers(), any_value),
        "group_description": text,
        "place_description": st.one_of(text, any_value),
        "persons": st.one_of(st.lists(person, max_size=12), any_value),
    },
)

DUTCH_HINTS = (
    "veld", "geldig", "datum", "tekens", "keuze", "signaal", "lijst", "maximaal", "niet",
    "Geef", "Kies", "Vul", "Voer", "Zorg", "Verwachtte", "getal", "tekst", "lang",
    "heeft", "moet", "formaat", "Dit", "Deze", "Ongeldig", "Geen", "toekomst", "woordenboek",
)  # fmt: skip


class SignalPayloadFuzz(TestCase):
    @classmethod
    def setUpTestData(cls):
        police = OrganisationFactory(name="Politie Fuzz")
        admin = UserFactory(username="beheer.fuzz", role="functional_admin", organisation=police)
        TOTPDeviceFactory(user=admin)
        import datetime

        from django.utils import timezone

        _account, cls.token = services.system_account_create(
            actor=admin,
            organisation=police,
            name="Fuzz",
            scopes=[Scope.SIGNALS_WRITE],
            expires_on=timezone.localdate() + datetime.timedelta(days=5),
        )

    @given(body=payload, key=st.integers(min_value=0, max_value=10**9))
    def test_never_a_server_error_and_errors_in_dutch(self, body, key):
        from django.core.cache import caches
        from django.test import override_settings

        caches["api"].clear()
        with override_settings(API_RATE_LIMIT="100000/min"):
            response = ApiClient(self.token).post("/api/v1/signals/", body, key=f"fuzz-{key}")
        assert response.status_code in (200, 201, 400), response.content
        if response.status_code == 400:
            problem = response.json()
            assert response["Content-Type"] == "application/problem+json"
            assert problem["title"] == "Ongeldig verzoek"
            for error in problem["errors"]:
                assert error["pointer"].startswith("#")
                assert any(hint in error["detail"] for hint in DUTCH_HINTS), error
        else:
            assert Signal.objects.filter(pk=response.json()["id"]).exists()


pytestmark = pytest.mark.django_db
