"""Action reminders: scheduled by beat, sent once per kind whatever runs twice, and
without personal data."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.utils import timezone

from cases import services as case_services
from meetings import services
from meetings.constants import ActionStatus, ReminderKind
from meetings.models import ActionReminder
from meetings.tasks import action_reminders_send

pytestmark = pytest.mark.django_db


def test_beat_runs_the_reminder_task():
    from lelystad_radicalisering.celery import app

    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "meetings.send_action_reminders" in scheduled
    app.loader.import_default_modules()
    assert "meetings.send_action_reminders" in app.tasks


def test_due_soon_and_overdue_are_each_sent_once(action, reader):
    mail.outbox.clear()
    due = action.due_on
    # Far from the due date: nothing.
    assert action_reminders_send() == 0
    days_before = settings.ACTION_REMINDER_DAYS_BEFORE
    soon = timezone.make_aware(
        datetime.datetime.combine(due - datetime.timedelta(days=days_before), datetime.time(8))
    )
    with time_machine.travel(soon, tick=False):
        assert action_reminders_send() == 1
        assert action_reminders_send() == 0  # a second run, e.g. after a worker restart
    late = timezone.make_aware(
        datetime.datetime.combine(due + datetime.timedelta(days=1), datetime.time(8))
    )
    with time_machine.travel(late, tick=False):
        assert action_reminders_send() == 1
        assert action_reminders_send() == 0
    assert sorted(ActionReminder.objects.values_list("kind", flat=True)) == sorted(
        [ReminderKind.DUE_SOON, ReminderKind.OVERDUE]
    )
    assert len(mail.outbox) == 2
    assert {tuple(m.to) for m in mail.outbox} == {(reader.email,)}


def test_reminder_claim_survives_a_concurrent_second_run(action):
    """The row is the lock: a run that finds it already claimed sends nothing."""
    ActionReminder.objects.create(action=action, kind=ReminderKind.OVERDUE)
    late = timezone.make_aware(
        datetime.datetime.combine(action.due_on + datetime.timedelta(days=2), datetime.time(8))
    )
    mail.outbox.clear()
    with time_machine.travel(late, tick=False):
        assert action_reminders_send() == 0
    assert mail.outbox == []


def test_a_failed_send_is_retried_on_the_next_run(action, settings):
    late = timezone.make_aware(
        datetime.datetime.combine(action.due_on + datetime.timedelta(days=1), datetime.time(8))
    )
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    with time_machine.travel(late, tick=False):
        with pytest.raises(OSError):
            action_reminders_send()
        assert not ActionReminder.objects.exists()  # the claim was rolled back
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        mail.outbox = []
        assert action_reminders_send() == 1
    assert len(mail.outbox) == 1


def test_reminder_email_carries_no_personal_data(action, case):
    late = timezone.make_aware(
        datetime.datetime.combine(action.due_on + datetime.timedelta(days=1), datetime.time(8))
    )
    mail.outbox.clear()
    with time_machine.travel(late, tick=False):
        action_reminders_send()
    message = mail.outbox[0]
    text = message.subject + message.body
    assert case.label in text and "/afspraken/" in text
    assert action.description not in text
    for person in case.persons.all():
        assert person.full_name not in text
        assert str(person.date_of_birth.year) not in text


def test_closed_actions_get_no_reminder(action, reader):
    services.action_set_status(user=reader, action=action, status=ActionStatus.DONE, note="")
    late = timezone.make_aware(
        datetime.datetime.combine(action.due_on + datetime.timedelta(days=1), datetime.time(8))
    )
    with time_machine.travel(late, tick=False):
        assert action_reminders_send() == 0


def test_no_reminder_to_an_organisation_that_is_no_longer_involved(action, case, reader):
    case_services.involvement_revoke(
        involvement=case.involvements.get(organisation=reader.organisation)
    )
    late = timezone.make_aware(
        datetime.datetime.combine(action.due_on + datetime.timedelta(days=1), datetime.time(8))
    )
    mail.outbox.clear()
    with time_machine.travel(late, tick=False):
        action_reminders_send()
    assert all(reader.email not in m.to for m in mail.outbox)


def test_reminder_goes_to_the_owner_person_when_set(coordinator, case, reader, case_item):
    other = type(reader).objects.create(
        username="collega",
        email="collega@welzijn.example",
        organisation=reader.organisation,
        role=reader.role,
    )
    action = services.action_create(
        coordinator=coordinator,
        case=case,
        agenda_item=case_item,
        description="Bellen",
        owner_organisation=reader.organisation,
        owner=other,
        due_on=timezone.localdate(),
    )
    mail.outbox.clear()
    later = timezone.now() + datetime.timedelta(days=2)
    with time_machine.travel(later, tick=False):
        action_reminders_send()
    assert [m.to for m in mail.outbox] == [[other.email]]
    assert action.reminders.count() == 1
