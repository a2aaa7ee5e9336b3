"""Open-ended input to the case forms: a Dutch form error or a clean change, never a 500."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.models import Case, RiskAssessment, TimelineEntry

pytestmark = pytest.mark.django_db

text = st.one_of(
    st.text(max_size=200),
    st.sampled_from(
        ["", " ", "\x00", "<script>alert(1)</script>", "Casus Piet", "\u202e\u0000x", "é" * 120]
    ),
)
choice = st.one_of(
    st.sampled_from(
        [
            "",
            "low",
            "high",
            "all",
            "selected",
            "coordinator",
            "active",
            "closed",
            "prevention",
            "other",
            "1",
            "-1",
        ]
    ),
    st.text(max_size=12),
)
FUZZ = settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    deadline=None,
    max_examples=25,
)


@FUZZ
@given(label=text, pillar=choice, category=choice, legal_basis=choice, status=choice)
def test_case_edit_form(
    verified_client, case, coordinator, label, pillar, category, legal_basis, status
):
    before = Case.objects.values_list("label", "status").get(pk=case.pk)
    response = verified_client(coordinator).post(
        f"/casussen/{case.pk}/bewerken/",
        {
            "label": label,
            "pillar": pillar,
            "category": category,
            "legal_basis": legal_basis,
            "status": status,
        },
    )
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert Case.objects.values_list("label", "status").get(pk=case.pk) == before
        assert (
            "utrecht-form-field-error-message" in response.content.decode()
            or "form-errors" in response.content.decode()
        )


@FUZZ
@given(body=text, visibility=choice, shared=st.lists(choice, max_size=3))
def test_update_form(verified_client, case, contributor, body, visibility, shared):
    before = TimelineEntry.objects.count()
    response = verified_client(contributor).post(
        f"/casussen/{case.pk}/updates/",
        {"text": body, "visibility": visibility, "shared_with": shared},
    )
    assert response.status_code in (302, 400)
    assert TimelineEntry.objects.count() == before + (1 if response.status_code == 302 else 0)


@FUZZ
@given(level=choice, risk=st.lists(choice, max_size=3), notes=text)
def test_assessment_form(verified_client, case, coordinator, level, risk, notes):
    before = RiskAssessment.objects.count()
    response = verified_client(coordinator).post(
        f"/casussen/{case.pk}/risicotaxatie/",
        {"level": level, "risk_factors": risk, "risk_notes": notes},
    )
    assert response.status_code in (302, 400)
    assert RiskAssessment.objects.count() == before + (1 if response.status_code == 302 else 0)


@FUZZ
@given(organisation=choice, can_change=choice, ends_on=st.one_of(st.dates().map(str), text))
def test_involvement_form(verified_client, case, coordinator, organisation, can_change, ends_on):
    response = verified_client(coordinator).post(
        f"/casussen/{case.pk}/betrokkenheid/",
        {"organisation": organisation, "can_change": can_change, "ends_on": ends_on},
    )
    assert response.status_code in (302, 400)


@FUZZ
@given(outcome=choice, reason=text)
def test_close_form_on_a_fresh_case(verified_client, coordinator, partner, outcome, reason):
    from tests.cases.conftest import open_case

    case = open_case(coordinator, partner)
    response = verified_client(coordinator).post(
        f"/casussen/{case.pk}/sluiten/", {"outcome": outcome, "reason": reason}
    )
    assert response.status_code in (302, 400)
    case.refresh_from_db()
    assert case.is_closed == (response.status_code == 302)
