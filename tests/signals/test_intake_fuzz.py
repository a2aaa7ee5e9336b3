"""Open-ended input to the intake form: a form error or a complete signal, never a 500."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from signals.models import Signal, SignalPerson

from .conftest import intake_data

pytestmark = pytest.mark.django_db

nasty_text = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=50),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "<script>alert(1)</script>",
            "'; DROP TABLE signals;--",
            "\u202e",
            "😀" * 70,
        ]
    ),
    st.integers(min_value=9990, max_value=10010).map(lambda n: "a" * n),
)
dates = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(
        ["", "2026-02-30", "0000-00-00", "31-12-2025", "gisteren", "9999-99-99", "1899-12-31"]
    ),
    st.text(max_size=20),
)
choices = st.one_of(
    st.sampled_from(["radicalisation", "other", "acute", "normal", "own", ""]), st.text(max_size=20)
)


@settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow], deadline=None
)
@given(
    observation=nasty_text,
    group=nasty_text,
    name=nasty_text,
    second_name=nasty_text,
    observed_on=dates,
    birth=dates,
    category=choices,
    urgency=choices,
    source=choices,
    neighbourhood=st.one_of(
        st.just(""), st.integers(min_value=-5, max_value=10**12).map(str), st.text(max_size=10)
    ),
    total_forms=st.sampled_from(["1", "2", "0", "11", "-1", "x", "1000"]),
)
def test_intake_never_fails_and_never_half_saves(
    verified_client,
    partner,
    observation,
    group,
    name,
    second_name,
    observed_on,
    birth,
    category,
    urgency,
    source,
    neighbourhood,
    total_forms,
):
    client = verified_client(partner)
    data = intake_data(
        submission_key=str(uuid.uuid4()),
        observation=observation,
        group_description=group,
        observed_on=observed_on,
        category=category,
        urgency=urgency,
        source=source,
        neighbourhood=neighbourhood,
        **{
            "persons-TOTAL_FORMS": total_forms,
            "persons-0-full_name": name,
            "persons-0-date_of_birth": birth,
            "persons-1-full_name": second_name,
            "persons-1-date_of_birth": "",
            "persons-1-neighbourhood": "",
        },
    )
    signals_before, persons_before = Signal.objects.count(), SignalPerson.objects.count()
    response = client.post("/signalen/nieuw/", data)
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        signal = Signal.objects.latest("pk")
        assert Signal.objects.count() == signals_before + 1
        assert signal.observation.strip()
        assert SignalPerson.objects.count() - persons_before == signal.persons.count()
    else:
        assert (Signal.objects.count(), SignalPerson.objects.count()) == (
            signals_before,
            persons_before,
        )
        assert (
            "utrecht-form-field-error-message" in response.content.decode()
            or "form-errors" in response.content.decode()
        )
