"""E-mail of notifications: immediate (with an outbox), daily summary once a
day, nothing for in-app only, and never personal data in any part."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from cases import services as case_services
from cases.constants import Visibility
from meetings import services as meeting_services
from notifications.constants import Delivery
from notifications.models import DigestSent, Notification
from notifications.services import preferences_save
from notifications.tasks import (
    notification_email_send,
    notifications_send_digests,
    notifications_send_pending,
)
from tests.notifications.kinds import Kind

pytestmark = pytest.mark.django_db

SECRET_TEXT = "Vertrouwelijk: Jan Jansen (12-03-2001) bezoekt de moskee"


def _parts(message) -> str:
    html = "".join(content for content, _ in getattr(message, "alternatives", []))
    return "\n".join([message.subject, message.body, html])


def _all_kinds_for(coordinator, reader, case, case_item, management, capture):
    """Make every kind of notification, with personal data in every free field."""
    from reports.periods import quarter_of
    from reports.services import report_request

    for kind in Kind.values:
        preferences_save(user=reader, deliveries={kind: Delivery.IMMEDIATE})
    preferences_save(user=management, deliveries={Kind.REPORT_READY: Delivery.IMMEDIATE})
    with capture(execute=True):
        case_services.timeline_add_update(
            author=coordinator, case=case, text=SECRET_TEXT, visibility=Visibility.ALL_INVOLVED
        )
        action = meeting_services.action_create(
            coordinator=coordinator,
            case=case,
            description=SECRET_TEXT,
            owner_organisation=reader.organisation,
            due_on=timezone.localdate() + datetime.timedelta(days=1),
        )
        meeting_services.invitations_send(coordinator=coordinator, meeting=case_item.meeting)
        meeting_services.agenda_item_update(
            coordinator=coordinator, item=case_item, kind=case_item.kind, minutes_planned=25
        )
        report_request(user=management, period=quarter_of(timezone.localdate()).previous())
    from notifications.services import notifications_create

    with capture(execute=True):
        notifications_create(kind=Kind.ACTION_OVERDUE, source_id=action.pk)
        involvement = case.involvements.get(organisation=reader.organisation)
        notifications_create(kind=Kind.INVOLVEMENT, source_id=involvement.pk)
    # Last: a finalised meeting makes no agenda news any more, only the minutes notice.
    with capture(execute=True):
        case_item.notes = SECRET_TEXT
        case_item.save(update_fields=["notes"])
        meeting_services.meeting_finalise(coordinator=coordinator, meeting=case_item.meeting)
    return action


def test_no_personal_data_in_any_notification_email(
    coordinator, partner, reader, case, case_item, management, django_capture_on_commit_callbacks
):
    case.label = "Casus Jan Jansen"
    case.save(update_fields=["label"])
    person = case.persons.first()
    mail.outbox.clear()
    _all_kinds_for(
        coordinator, reader, case, case_item, management, django_capture_on_commit_callbacks
    )
    ours = [m for m in mail.outbox if m.subject.startswith("Casusoverleg Lelystad:")]
    kinds = set(Notification.objects.filter(recipient=reader).values_list("kind", flat=True))
    assert kinds == set(Kind.values) - {Kind.REPORT_READY}
    # One per kind to the reader, the report to management (the minutes notice also
    # reaches the other invited partners, by their default delivery).
    mine = [m for m in ours if set(m.to) & {reader.email, management.email}]
    assert len(mine) == len(Kind.values)
    forbidden = [
        SECRET_TEXT,
        "Jan Jansen",
        case.label,
        person.full_name,
        reader.get_full_name(),
        reader.last_name,
        coordinator.last_name,
        management.last_name,
        reader.organisation.name,
        "Rondvraag",
    ]
    for message in ours:
        text = _parts(message)
        for secret in forbidden:
            assert secret not in text, (secret, message.subject)
        assert "/berichten/" in message.body
        assert message.alternatives and message.alternatives[0][1] == "text/html"


def test_in_app_only_sends_nothing(coordinator, reader, case, django_capture_on_commit_callbacks):
    preferences_save(user=reader, deliveries={Kind.CASE_UPDATE: Delivery.APP})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        case_services.timeline_add_update(
            author=coordinator, case=case, text="Nieuws", visibility=Visibility.ALL_INVOLVED
        )
    assert Notification.objects.filter(recipient=reader).exists()
    assert [m for m in mail.outbox if reader.email in m.to] == []
    notifications_send_digests()
    assert not any(reader.email in m.to for m in mail.outbox)


def test_immediate_mail_is_sent_once(coordinator, reader, case, django_capture_on_commit_callbacks):
    preferences_save(user=reader, deliveries={Kind.CASE_UPDATE: Delivery.IMMEDIATE})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        case_services.timeline_add_update(
            author=coordinator, case=case, text="Nieuws", visibility=Visibility.ALL_INVOLVED
        )
    notification = Notification.objects.get(recipient=reader)
    assert [m.to for m in mail.outbox] == [[reader.email]]
    assert notification_email_send(notification.pk) is False  # a duplicate message
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_sweep_sends_what_the_broker_never_got(coordinator, reader, case):
    """The notification is committed but its e-mail message never reaches a
    worker (here: the after-commit queueing never runs, as when the broker is
    down and the send is only logged). The beat sweep sends it once it is older
    than the grace period, and only once."""
    import time_machine

    from notifications.services import notifications_create

    preferences_save(user=reader, deliveries={Kind.CASE_UPDATE: Delivery.IMMEDIATE})
    entry = case_services.timeline_add_update(
        author=coordinator, case=case, text="Nieuws", visibility=Visibility.ALL_INVOLVED
    )
    mail.outbox.clear()
    notifications_create(kind=Kind.CASE_UPDATE, source_id=entry.pk, actor_id=coordinator.pk)
    notification = Notification.objects.get(recipient=reader)
    assert notification.emailed_at is None and mail.outbox == []
    assert notifications_send_pending() == 0  # within the grace period the task may still come
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=6)):
        assert notifications_send_pending() == 1
        assert notifications_send_pending() == 0
    assert [m.to for m in mail.outbox] == [[reader.email]]


def test_digest_once_a_day_with_counts_per_kind(
    coordinator, reader, contributor, case, django_capture_on_commit_callbacks
):
    preferences_save(user=reader, deliveries={Kind.CASE_UPDATE: Delivery.DIGEST})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        case_services.timeline_add_update(
            author=coordinator, case=case, text="Nieuws", visibility=Visibility.ALL_INVOLVED
        )
    Notification.objects.create(
        recipient=reader,
        kind=Kind.AGENDA_CHANGED,
        target_id=1,
        reference="01-01-2027",
        delivery=Delivery.DIGEST,
    )
    assert [m for m in mail.outbox if reader.email in m.to] == []  # nothing immediate
    assert notifications_send_digests() >= 1
    digests = [m for m in mail.outbox if m.to == [reader.email]]
    assert len(digests) == 1
    body = digests[0].body
    assert "2 nieuwe berichten" in digests[0].subject
    assert "/berichten/" in body and "Update in een casus: 1" in body
    # Later the same day: new ones wait for tomorrow, nothing is sent twice.
    Notification.objects.create(
        recipient=reader,
        kind=Kind.AGENDA_CHANGED,
        target_id=2,
        reference="02-01-2027",
        delivery=Delivery.DIGEST,
    )
    notifications_send_digests()
    assert len([m for m in mail.outbox if m.to == [reader.email]]) == 1
    assert DigestSent.objects.filter(recipient=reader).count() == 1
    import time_machine

    with time_machine.travel(timezone.now() + datetime.timedelta(days=1)):
        notifications_send_digests()
    assert len([m for m in mail.outbox if m.to == [reader.email]]) == 2


def test_digest_skips_what_was_read_already(reader):
    Notification.objects.create(
        recipient=reader,
        kind=Kind.CASE_UPDATE,
        target_id=1,
        reference="C-1",
        delivery=Delivery.DIGEST,
        read_at=timezone.now(),
    )
    mail.outbox.clear()
    assert notifications_send_digests() == 0
    assert mail.outbox == []
    assert not Notification.objects.filter(digested_at__isnull=True).exists()
