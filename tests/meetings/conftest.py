"""Meetings under test: a case whose organisations are invited, and partners in
every relation to it (involved, contributing, invited but not involved, not invited)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from cases import services as case_services
from meetings import services
from meetings.constants import ItemKind
from tests.cases.conftest import (  # noqa: F401  (fixtures)
    _private_media,
    case,
    contributor,
    education,
    open_case,
    outsider,
    probation,
    reader,
    revoked,
    welfare,
)


def at(days: int, hour: int = 10) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def plan_meeting(coordinator, organisations, *, days: int = -1, location="Stadhuis zaal 1"):
    (meeting,) = services.meeting_create(
        coordinator=coordinator,
        starts_at=at(days),
        duration_minutes=120,
        chair=coordinator,
        invited_organisations=organisations,
        location=location,
    )
    return meeting


@pytest.fixture
def meeting(coordinator, case, reader, contributor, outsider):
    return build_meeting(coordinator, case, reader, contributor, outsider)


def build_meeting(coordinator, case, reader, contributor, outsider):
    """Yesterday's meeting, not finalised: the case is an item, plus another topic.
    Invited: the reader's, contributor's and outsider's organisations (not the police)."""
    meeting = plan_meeting(
        coordinator, [reader.organisation, contributor.organisation, outsider.organisation]
    )
    services.agenda_item_add(
        coordinator=coordinator, meeting=meeting, kind=ItemKind.PROGRESS, case=case
    )
    services.agenda_item_add(
        coordinator=coordinator, meeting=meeting, kind=ItemKind.OTHER, topic="Rondvraag"
    )
    return meeting


@pytest.fixture
def case_item(meeting):
    return meeting.items.get(case__isnull=False)


@pytest.fixture
def action(coordinator, case, reader, case_item):
    return build_action(coordinator, case, reader, case_item)


def build_action(coordinator, case, reader, case_item):
    """An open action of the reader's organisation, agreed in the meeting."""
    return services.action_create(
        coordinator=coordinator,
        case=case,
        agenda_item=case_item,
        description="Huisbezoek afleggen",
        owner_organisation=reader.organisation,
        due_on=timezone.localdate() + datetime.timedelta(days=7),
    )


@pytest.fixture
def final_meeting(coordinator, meeting, case_item):
    services.minutes_save(
        author=coordinator, item=case_item, notes="Besproken.", decisions="Doorgaan."
    )
    return services.meeting_finalise(coordinator=coordinator, meeting=meeting)


def second_case(coordinator, reporter, organisation, *, label):
    other = open_case(coordinator, reporter, label=label)
    case_services.involvement_add(
        coordinator=coordinator, case=other, organisation=organisation, can_change=True
    )
    return other
