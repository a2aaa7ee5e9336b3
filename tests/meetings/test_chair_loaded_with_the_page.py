"""What the chair view and the statement check read together with other rows
(issue 24 point 6) still answers the same: the date the case was last
discussed, and whether the statement is confirmed, also right after confirming."""

from __future__ import annotations

import pytest

from accounts.backends import UserBackend
from meetings import selectors, services
from meetings.constants import ItemKind
from meetings.models import ConfidentialityStatement
from tests.meetings.conftest import plan_meeting

pytestmark = pytest.mark.django_db


def test_the_chair_shows_updates_since_the_earlier_discussion_of_the_case(
    verified_client, coordinator, case, reader
):
    earlier = plan_meeting(coordinator, [reader.organisation], days=-20)
    services.agenda_item_add(
        coordinator=coordinator, meeting=earlier, kind=ItemKind.PROGRESS, case=case
    )
    later = plan_meeting(coordinator, [reader.organisation], days=-1)
    services.agenda_item_add(
        coordinator=coordinator, meeting=later, kind=ItemKind.PROGRESS, case=case
    )
    client = verified_client(coordinator)
    html = client.get(f"/overleggen/{later.pk}/voorzitten/").content.decode()
    assert "Updates sinds het overleg van" in html
    html = client.get(f"/overleggen/{earlier.pk}/voorzitten/").content.decode()
    assert "Updates sinds het overleg van" not in html


def test_the_chairs_date_is_the_one_previous_discussion_gives(coordinator, case, reader):
    earlier = plan_meeting(coordinator, [reader.organisation], days=-20)
    services.agenda_item_add(
        coordinator=coordinator, meeting=earlier, kind=ItemKind.PROGRESS, case=case
    )
    later = plan_meeting(coordinator, [reader.organisation], days=-1)
    services.agenda_item_add(
        coordinator=coordinator, meeting=later, kind=ItemKind.PROGRESS, case=case
    )
    services.agenda_item_add(
        coordinator=coordinator, meeting=later, kind=ItemKind.OTHER, topic="Rondvraag"
    )
    for meeting in (earlier, later):
        rows = selectors.agenda_for(meeting, user=coordinator, with_previous_discussion=True)
        for row in rows:
            fresh = meeting.items.get(pk=row.item.pk)
            assert selectors.previous_discussion(row.item) == selectors.previous_discussion(fresh)
    (case_row,) = [
        r
        for r in selectors.agenda_for(later, user=coordinator, with_previous_discussion=True)
        if r.item.case_id
    ]
    assert selectors.previous_discussion(case_row.item) == earlier.starts_at


def test_a_confirmation_counts_in_the_same_request(coordinator):
    ConfidentialityStatement.objects.create(version=99, text="Nieuwe tekst")
    user = UserBackend().get_user(coordinator.pk)
    assert selectors.statement_is_confirmed(user) is False
    services.statement_confirm(user=user, version=99)
    assert selectors.statement_is_confirmed(user) is True
