"""Each kind of notification: made after the commit only, for the right
organisation and role, never for the one who acted."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from cases import services as case_services
from cases.constants import Visibility
from lelystad_radicalisering.roles import Role
from meetings import services as meeting_services
from meetings.constants import ItemKind
from notifications.constants import Delivery
from notifications.models import Notification
from notifications.tasks import notifications_sweep_due
from tests.factories import OrganisationFactory, TOTPDeviceFactory, UserFactory
from tests.notifications.kinds import Kind

pytestmark = pytest.mark.django_db


def recipients(kind: str) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def test_new_involvement_notifies_the_partners_of_that_organisation_only(
    coordinator, partner, reader, contributor, case, django_capture_on_commit_callbacks
):
    other = OrganisationFactory(name="Welzijn Extra")
    colleague = UserFactory(username="collega", organisation=other, role=Role.PARTNER)
    asleep = UserFactory(username="slapend", organisation=other, role=Role.PARTNER)
    asleep.is_active = False
    asleep.save(update_fields=["is_active"])
    UserFactory(username="beheer.extra", organisation=other, role=Role.FUNCTIONAL_ADMIN)
    with django_capture_on_commit_callbacks(execute=True):
        case_services.involvement_add(
            coordinator=coordinator, case=case, organisation=other, can_change=False
        )
    assert recipients(Kind.INVOLVEMENT) == {colleague.username}
    notification = Notification.objects.get(kind=Kind.INVOLVEMENT)
    assert (notification.target_id, notification.reference) == (case.pk, case.reference)
    assert notification.label == f"Uw organisatie is betrokken bij casus {case.reference}"


def test_a_rolled_back_change_notifies_nobody(
    coordinator, case, django_capture_on_commit_callbacks
):
    other = OrganisationFactory(name="Welzijn Extra")
    UserFactory(username="collega", organisation=other, role=Role.PARTNER)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        case_services.involvement_add(
            coordinator=coordinator, case=case, organisation=other, can_change=False
        )
        transaction.set_rollback(True)
    assert callbacks == []
    assert not Notification.objects.exists()


def test_update_goes_to_those_who_may_read_it_and_not_to_the_author(
    coordinator,
    partner,
    reader,
    contributor,
    outsider,
    revoked,
    case,
    django_capture_on_commit_callbacks,
):
    colleague = UserFactory(
        username="collega.school", organisation=contributor.organisation, role=Role.PARTNER
    )
    with django_capture_on_commit_callbacks(execute=True):
        case_services.timeline_add_update(
            author=contributor,
            case=case,
            text="Gesprek gevoerd",
            visibility=Visibility.ALL_INVOLVED,
        )
    # Involved partners (also the author's colleague) and the coordinator; never
    # the author, the reporting police (not involved), the outsider or the revoked.
    assert recipients(Kind.CASE_UPDATE) == {
        reader.username,
        colleague.username,
        coordinator.username,
    }


def test_update_shared_with_selected_organisations_skips_the_others(
    coordinator, reader, contributor, case, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case_services.timeline_add_update(
            author=coordinator,
            case=case,
            text="Alleen voor school",
            visibility=Visibility.SELECTED,
            shared_with=[contributor.organisation],
        )
    assert recipients(Kind.CASE_UPDATE) == {contributor.username}


def test_coordinator_only_update_reaches_no_partner(
    coordinator, reader, contributor, case, django_capture_on_commit_callbacks
):
    second = UserFactory(
        username="coordinator2", organisation=coordinator.organisation, role=Role.COORDINATOR
    )
    with django_capture_on_commit_callbacks(execute=True):
        case_services.timeline_add_update(
            author=coordinator, case=case, text="Intern", visibility=Visibility.COORDINATOR_ONLY
        )
    assert recipients(Kind.CASE_UPDATE) == {second.username}


def test_a_burst_of_updates_gives_one_unread_notification(
    coordinator, reader, contributor, case, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for text in ("Een", "Twee", "Drie"):
            case_services.timeline_add_update(
                author=contributor, case=case, text=text, visibility=Visibility.ALL_INVOLVED
            )
    assert Notification.objects.filter(kind=Kind.CASE_UPDATE, recipient=reader).count() == 1
    Notification.objects.filter(recipient=reader).update(read_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        case_services.timeline_add_update(
            author=contributor, case=case, text="Vier", visibility=Visibility.ALL_INVOLVED
        )
    assert Notification.objects.filter(kind=Kind.CASE_UPDATE, recipient=reader).count() == 2


def test_action_assigned_to_an_organisation_or_a_person(
    coordinator, reader, case, case_item, django_capture_on_commit_callbacks
):
    colleague = UserFactory(
        username="collega.welzijn", organisation=reader.organisation, role=Role.PARTNER
    )
    due = timezone.localdate() + datetime.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.action_create(
            coordinator=coordinator,
            case=case,
            description="Huisbezoek",
            owner_organisation=reader.organisation,
            due_on=due,
        )
    assert recipients(Kind.ACTION_ASSIGNED) == {reader.username, colleague.username}
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        action = meeting_services.action_create(
            coordinator=coordinator,
            case=case,
            description="Bellen",
            owner_organisation=reader.organisation,
            owner=colleague,
            due_on=due,
        )
    assert recipients(Kind.ACTION_ASSIGNED) == {colleague.username}
    assert Notification.objects.get().target_id == action.pk


def test_overdue_actions_are_notified_once(coordinator, reader, action):
    with time_travel(days=10):
        assert notifications_sweep_due() == 1
        assert notifications_sweep_due() == 0
    assert recipients(Kind.ACTION_OVERDUE) == {reader.username}


def test_invitation_and_changed_agenda_go_to_invited_partners_once_per_burst(
    coordinator, partner, reader, contributor, outsider, case, django_capture_on_commit_callbacks
):
    from tests.meetings.conftest import plan_meeting

    meeting = plan_meeting(
        coordinator, [reader.organisation, contributor.organisation, outsider.organisation], days=7
    )
    invited = {reader.username, contributor.username, outsider.username}
    with django_capture_on_commit_callbacks(execute=True):
        # A draft agenda: nobody is told yet.
        meeting_services.agenda_item_add(
            coordinator=coordinator, meeting=meeting, kind=ItemKind.OTHER, topic="Opening"
        )
    assert not Notification.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.invitations_send(coordinator=coordinator, meeting=meeting)
    assert recipients(Kind.MEETING_INVITED) == invited
    with django_capture_on_commit_callbacks(execute=True):
        item = meeting_services.agenda_item_add(
            coordinator=coordinator, meeting=meeting, kind=ItemKind.PROGRESS, case=case
        )
        ids = list(meeting.items.order_by("position").values_list("pk", flat=True))
        for order in (ids[::-1], ids, ids[::-1]):  # dragging back and forth
            meeting_services.agenda_reorder(
                coordinator=coordinator, meeting=meeting, item_ids=order
            )
        meeting_services.agenda_item_update(
            coordinator=coordinator, item=item, kind=ItemKind.PROGRESS, minutes_planned=20
        )
    assert recipients(Kind.AGENDA_CHANGED) == invited
    assert Notification.objects.filter(kind=Kind.AGENDA_CHANGED).count() == len(invited)
    assert coordinator.notifications.count() == 0  # the actor


def test_report_ready_tells_the_requester(
    management, coordinator, django_capture_on_commit_callbacks
):
    from reports.periods import quarter_of
    from reports.services import report_request

    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(user=management, period=quarter_of(timezone.localdate()).previous())
    assert recipients(Kind.REPORT_READY) == {management.username}
    assert Notification.objects.get().target_id == report.pk


def test_preference_is_recorded_with_the_notification(
    coordinator, reader, case, django_capture_on_commit_callbacks
):
    from notifications.services import preferences_save

    preferences_save(user=reader, deliveries={Kind.CASE_UPDATE: Delivery.APP})
    with django_capture_on_commit_callbacks(execute=True):
        case_services.timeline_add_update(
            author=coordinator, case=case, text="Nieuws", visibility=Visibility.ALL_INVOLVED
        )
    assert Notification.objects.get(recipient=reader).delivery == Delivery.APP


def time_travel(*, days: int):
    import time_machine

    return time_machine.travel(timezone.now() + datetime.timedelta(days=days))


def _partner(organisation, username):
    user = UserFactory(username=username, organisation=organisation, role=Role.PARTNER)
    TOTPDeviceFactory(user=user)
    return user
