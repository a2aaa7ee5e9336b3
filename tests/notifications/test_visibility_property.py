"""Property (issue 21): over random worlds of organisations, cases, involvements,
updates and actions,
- every notification made goes to someone who may see its target by that kind's
  own visibility function (the rule of the app that registered the kind), and
- the minutes per organisation show exactly the items whose case a partner of
  that organisation sees by ``cases_visible_to``.
"""

from __future__ import annotations

import contextlib
import datetime
import itertools

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases import notices as case_notices
from cases import services as case_services
from cases.constants import TimelineKind, Visibility
from cases.models import Case
from cases.selectors import cases_visible_to, timeline_for
from lelystad_radicalisering import notices
from lelystad_radicalisering.exceptions import ApplicationError
from lelystad_radicalisering.roles import Role
from meetings import services as meeting_services
from meetings.constants import ItemKind
from meetings.selectors import agenda_for
from notifications.models import Notification
from tests.cases.conftest import open_case
from tests.factories import OrganisationFactory, TOTPDeviceFactory, UserFactory
from tests.meetings.conftest import plan_meeting

pytestmark = pytest.mark.django_db

_serial = itertools.count()

ORGANISATIONS = 3
CASES = 2

involvement_ops = st.lists(
    st.tuples(
        st.integers(0, CASES - 1),
        st.integers(0, ORGANISATIONS - 1),
        st.booleans(),  # can change
        st.booleans(),  # revoked afterwards
    ),
    max_size=6,
)
update_ops = st.lists(
    st.tuples(
        st.integers(0, CASES - 1),
        st.integers(-1, ORGANISATIONS - 1),  # -1: the coordinator writes
        st.sampled_from(
            [Visibility.ALL_INVOLVED, Visibility.SELECTED, Visibility.COORDINATOR_ONLY]
        ),
        st.sets(st.integers(0, ORGANISATIONS - 1), max_size=ORGANISATIONS),
    ),
    max_size=5,
)
action_ops = st.lists(
    st.tuples(st.integers(0, CASES - 1), st.integers(-1, ORGANISATIONS - 1), st.booleans()),
    max_size=4,
)


def _user(organisation, role):
    user = UserFactory(username=f"u{next(_serial)}", organisation=organisation, role=role)
    TOTPDeviceFactory(user=user)
    return user


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(involvements=involvement_ops, updates=update_ops, actions=action_ops)
def test_notifications_and_minutes_follow_the_visibility_functions(
    django_capture_on_commit_callbacks, involvements, updates, actions
):
    with transaction.atomic():
        _check_world(django_capture_on_commit_callbacks, involvements, updates, actions)
        transaction.set_rollback(True)


def _check_world(capture, involvements, updates, actions):
    municipality = OrganisationFactory(name=f"Gemeente {next(_serial)}")
    coordinator = _user(municipality, Role.COORDINATOR)
    organisations = [
        OrganisationFactory(name=f"Partner {next(_serial)}") for _ in range(ORGANISATIONS)
    ]
    # Two partners per organisation, one owning actions by name now and then.
    partners = {o.pk: [_user(o, Role.PARTNER), _user(o, Role.PARTNER)] for o in organisations}
    reporter = partners[organisations[0].pk][0]

    with capture(execute=True):
        cases = [open_case(coordinator, reporter, label=f"Casus {n}") for n in range(CASES)]
        for case_index, org_index, can_change, revoke in involvements:
            involvement = case_services.involvement_add(
                coordinator=coordinator,
                case=cases[case_index],
                organisation=organisations[org_index],
                can_change=can_change,
            )
            if revoke:
                case_services.involvement_revoke(involvement=involvement)
        for case_index, author_index, visibility, shared in updates:
            case = cases[case_index]
            author = (
                coordinator if author_index < 0 else partners[organisations[author_index].pk][0]
            )
            involved = set(case.involvements.current().values_list("organisation_id", flat=True))
            shared_with = [
                o for i, o in enumerate(organisations) if i in shared and o.pk in involved
            ]
            # Not allowed for this author or these organisations: nothing is made.
            with contextlib.suppress(ApplicationError):
                case_services.timeline_add_update(
                    author=author,
                    case=case,
                    text="Voortgang",
                    visibility=visibility,
                    shared_with=shared_with,
                )
        due = timezone.localdate() + datetime.timedelta(days=7)
        for case_index, owner_index, by_name in actions:
            case = cases[case_index]
            organisation = municipality if owner_index < 0 else organisations[owner_index]
            owner = None
            if by_name and owner_index >= 0:
                owner = partners[organisation.pk][1]
            # An organisation not involved cannot own an action: nothing is made.
            with contextlib.suppress(ApplicationError):
                meeting_services.action_create(
                    coordinator=coordinator,
                    case=case,
                    description="Huisbezoek",
                    owner_organisation=organisation,
                    owner=owner,
                    due_on=due,
                )
        meeting = plan_meeting(coordinator, organisations, days=7)
        for case in cases:
            meeting_services.agenda_item_add(
                coordinator=coordinator, meeting=meeting, kind=ItemKind.PROGRESS, case=case
            )
        meeting_services.agenda_item_add(
            coordinator=coordinator, meeting=meeting, kind=ItemKind.OTHER, topic="Rondvraag"
        )
        meeting_services.invitations_send(coordinator=coordinator, meeting=meeting)

    for notification in Notification.objects.select_related("recipient"):
        kind = notices.kind(notification.kind)
        assert kind.target_url(notification.recipient, notification.target_id) is not None, (
            f"{notification.kind} to {notification.recipient.username} about "
            f"{notification.target_id}, which they may not see"
        )
        if notification.kind == case_notices.CASE_UPDATE:
            # The update itself must be one the recipient may read on the timeline.
            case = Case.objects.get(pk=notification.target_id)
            readable = (
                timeline_for(notification.recipient, case)
                .filter(kind=TimelineKind.NOTE)
                .exclude(author=notification.recipient)
            )
            assert readable.exists(), (notification.recipient.username, case.reference)

    for organisation in organisations:
        partner = partners[organisation.pk][0]
        seen = set(cases_visible_to(partner).values_list("pk", flat=True))
        rows = agenda_for(meeting, organisation=organisation, with_minutes=True)
        for row in rows:
            if row.item.case_id is None:
                assert row.visible
            else:
                assert row.visible == (row.item.case_id in seen), (organisation.name, row.item)
