"""Each start page costs the same number of queries at 10 and at 1,000 rows
behind every panel, and stays within the page budget."""

from __future__ import annotations

import datetime
import uuid

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import AccessReview, User
from cases.constants import CaseStatus, TimelineKind, Visibility
from cases.models import Case, TimelineEntry
from lelystad_radicalisering.roles import Role
from meetings.constants import ActionStatus
from meetings.models import Action, Meeting
from network.constants import CommunityKind, OrganisationType, PlanPillar, Tension
from network.models import Community, ContactMoment, Organisation
from privacy.constants import RequestKind, RetentionKind
from privacy.models import DataSubjectRequest, DestructionRecord
from reports.models import Report
from signals.constants import Category, Source, Urgency
from signals.models import Signal
from tests.cases.test_query_budget import fill_cases

pytestmark = pytest.mark.django_db

# Session, user, 2FA device, navigation, audit insert and the panels' own
# queries: one per panel (its rows with its counts as columns), the quarter's
# figures and the retention counts one query each; never one per row.
PAGE_BUDGET = {
    Role.PARTNER: 12,
    Role.COORDINATOR: 12,
    Role.MANAGEMENT: 7,
    Role.PRIVACY_OFFICER: 10,
    Role.FUNCTIONAL_ADMIN: 12,
}


def fill(size: int, start: int, partner, coordinator) -> None:
    """``size`` rows behind every panel of every role."""
    now = timezone.now()
    today = timezone.localdate()
    organisation = partner.organisation
    fill_cases(size, organisation, start=start)
    cases = list(Case.objects.order_by("-pk")[:size])
    old = now - datetime.timedelta(days=400)
    Case.objects.filter(pk__in=[c.pk for c in cases[: size // 2]]).update(created_at=old)
    Case.objects.filter(pk__in=[c.pk for c in cases[size // 2 :]]).update(
        status=CaseStatus.CLOSED,
        closed_at=old,
        retention_start=old.date() - datetime.timedelta(days=3650),
    )
    TimelineEntry.objects.bulk_create(
        TimelineEntry(
            case=case,
            kind=TimelineKind.NOTE,
            text="Update",
            author=coordinator,
            organisation=coordinator.organisation,
            visibility=Visibility.ALL_INVOLVED,
        )
        for case in cases
    )
    Action.objects.bulk_create(
        Action(
            case=case,
            description="Afspraak",
            owner_organisation=organisation,
            due_on=today - datetime.timedelta(days=1),
            status=ActionStatus.OPEN,
        )
        for case in cases
    )
    Signal.objects.bulk_create(
        Signal(
            reference=f"S-2026-{start + i:05d}",
            submission_key=uuid.uuid4(),
            category=Category.OTHER,
            urgency=Urgency.ACUTE if i % 3 == 0 else Urgency.NORMAL,
            observation="Waarneming",
            observed_on=today,
            source=Source.OWN_OBSERVATION,
            organisation=organisation,
            reporter=partner,
        )
        for i in range(size)
    )
    meetings = Meeting.objects.bulk_create(
        Meeting(starts_at=now + datetime.timedelta(days=1 + i % 30), chair=coordinator)
        for i in range(size)
    )
    Meeting.invited_organisations.through.objects.bulk_create(
        Meeting.invited_organisations.through(meeting=meeting, organisation=organisation)
        for meeting in meetings
    )
    community = Community.objects.create(
        name=f"Gemeenschap {start}", kind=CommunityKind.ASSOCIATION
    )
    ContactMoment.objects.bulk_create(
        ContactMoment(
            community=community,
            date=today,
            spoke_with="Bestuur",
            topic="Gesprek",
            tension=Tension.NONE,
            pillar=PlanPillar.PREVENTION,
            follow_up="Terugbellen",
            follow_up_due=today,
        )
        for _ in range(size)
    )
    DataSubjectRequest.objects.bulk_create(
        DataSubjectRequest(
            reference=f"AVG-2026-{start + i:05d}", kind=RequestKind.ACCESS, received_on=today
        )
        for i in range(size)
    )
    DestructionRecord.objects.bulk_create(
        DestructionRecord(kind=RetentionKind.CASE_CLOSED, count=1, rule_days=1, cutoff=now)
        for _ in range(size)
    )
    # One report per period and version: a day of its own each.
    Report.objects.bulk_create(
        Report(
            period_start=today - datetime.timedelta(days=start + i),
            period_end=today - datetime.timedelta(days=start + i),
            threshold=5,
        )
        for i in range(size)
    )
    users = User.objects.bulk_create(
        User(
            username=f"gebruiker{start + i}",
            first_name="Test",
            last_name=f"Gebruiker {start + i}",
            email=f"gebruiker{start + i}@example.org",
            organisation=organisation,
            role=Role.PARTNER,
            date_joined=old,
        )
        for i in range(size)
    )
    AccessAttempt.objects.bulk_create(
        AccessAttempt(
            username=user.username,
            ip_address=address,
            user_agent="test",
            failures_since_start=10,
            attempt_time=now,
        )
        # Locked from one address and slowed down (a second address).
        for user in users
        for address in ("127.0.0.1", "127.0.0.2")
    )
    groups = Group.objects.bulk_create(
        Group(name=f"organisatie-budget-{start + i}") for i in range(size)
    )
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Organisatie {start + i}",
            type=OrganisationType.OTHER,
            group=group,
            covenant_signed_on=today - datetime.timedelta(days=300),
            covenant_ends_on=today + datetime.timedelta(days=10),
        )
        for i, group in enumerate(groups)
    )
    AccessReview.objects.bulk_create(
        AccessReview(organisation=organisation, due_on=today) for organisation in organisations
    )


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize("role", list(PAGE_BUDGET))
def test_start_page_queries_do_not_grow_with_the_data(
    verified_client, cast, partner, coordinator, role
):
    client = verified_client(cast[role])
    fill(10, 0, partner, coordinator)
    client.get("/")  # warm the content-type and permission caches
    small = _queries(client)
    fill(990, 10, partner, coordinator)
    large = _queries(client)
    print(f"{role}: {small} queries at 10 rows, {large} at 1,000")
    assert large == small
    assert large <= PAGE_BUDGET[role]
