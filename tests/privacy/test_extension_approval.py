"""Keeping longer is bounded (PGA law): a second extension waits for the
privacy officer, and nothing is kept past the maximum the officer sets."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from cases import services as case_services
from lelystad_radicalisering.exceptions import ApplicationError
from privacy import services
from privacy.constants import ExtensionStatus, RetentionKind
from privacy.services import expired_cases, retention_days
from tests.cases.conftest import open_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_case(coordinator, partner):
    case = open_case(coordinator, partner)
    return case_services.case_close(
        coordinator=coordinator, case=case, reason="Klaar", outcome="no_grounds"
    )


def _extend(coordinator, case, days):
    return services.retention_extend(
        coordinator=coordinator,
        target="case",
        object_id=case.pk,
        until=timezone.localdate() + datetime.timedelta(days=days),
        reason="Lopend onderzoek",
    )


def test_first_extension_is_in_force_the_second_awaits_the_officer(
    verified_client, coordinator, privacy_officer, closed_case
):
    first = _extend(coordinator, closed_case, 100)
    assert first.status == ExtensionStatus.APPROVED
    second = _extend(coordinator, closed_case, 400)
    assert second.status == ExtensionStatus.PENDING
    with pytest.raises(ApplicationError):
        _extend(coordinator, closed_case, 500)
    start = verified_client(privacy_officer).get("/").content.decode()
    assert "Verzoeken om langer te bewaren" in start and "Lopend onderzoek" in start
    # Past the first extension, only the approved request keeps the case.
    later = timezone.now() + datetime.timedelta(
        days=retention_days(RetentionKind.CASE_CLOSED) + 200
    )
    cutoff = later - datetime.timedelta(days=retention_days(RetentionKind.CASE_CLOSED))
    assert closed_case in expired_cases(cutoff, later)
    response = verified_client(privacy_officer).post(
        f"/bewaren/verzoeken/{second.pk}/beslissen/", {"decision": "approve"}
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.status == ExtensionStatus.APPROVED and second.decided_by == privacy_officer
    assert (
        verified_client(coordinator)
        .post(f"/bewaren/verzoeken/{second.pk}/beslissen/", {"decision": "approve"})
        .status_code
        == 403
    )


def test_nothing_is_kept_past_the_maximum(coordinator, privacy_officer, closed_case):
    services.retention_rule_update(
        officer=privacy_officer, kind=RetentionKind.EXTENSION_MAXIMUM, days=30
    )
    services.retention_rule_update(officer=privacy_officer, kind=RetentionKind.CASE_CLOSED, days=30)
    with pytest.raises(ApplicationError, match="maximum"):
        _extend(coordinator, closed_case, 90)
    assert _extend(coordinator, closed_case, 50).status == ExtensionStatus.APPROVED
