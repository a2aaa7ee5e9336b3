"""Background work for meetings: invitations and action reminders.

Reminders are idempotent through ``ActionReminder``'s unique constraint: the row
is claimed and the e-mail sent in one transaction, so a worker that dies before
the commit leaves nothing claimed (the next run sends), and a second run after
the commit finds the row and sends nothing.
"""

from __future__ import annotations

import datetime
import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .constants import ActionStatus, ReminderKind
from .invitations import invitation_email
from .models import Action, ActionReminder, Meeting
from .selectors import action_readers

logger = logging.getLogger(__name__)


@shared_task(name="meetings.send_invitations")
def meeting_send_invitations(meeting_id: int, sequence: int) -> int:
    """Send the invitation of this version of the meeting; an older queued
    version (the meeting changed since) is skipped, the newer one is sent."""
    meeting = Meeting.objects.select_related("chair").filter(pk=meeting_id).first()
    if meeting is None or meeting.ical_sequence != sequence or meeting.is_finalised:
        return 0
    message = invitation_email(meeting)
    if message is None:
        return 0
    message.send()
    return len(message.bcc)


def _reminder_recipients(action: Action) -> list[str]:
    """The e-mail addresses of whom the action is for (``action_readers``)."""
    return sorted(set(action_readers(action).exclude(email="").values_list("email", flat=True)))


def _send_reminder(action: Action, kind: str) -> bool:
    link = settings.SITE_URL + reverse("meetings:action_list")
    recipients = _reminder_recipients(action)
    try:
        with transaction.atomic():
            ActionReminder.objects.create(action=action, kind=kind, recipients=len(recipients))
            if recipients:
                with translation.override(settings.LANGUAGE_CODE):
                    values = {
                        "label": action.case.label,
                        "reference": action.case.reference,
                        "date": action.due_on.strftime("%d-%m-%Y"),
                        "link": link,
                    }
                    if kind == ReminderKind.OVERDUE:
                        subject = _("Overdue action in %(label)s") % values
                        body = (
                            _(
                                "An action of your organisation in %(label)s (%(reference)s) was due on %(date)s and is still open.\n\nOpen your actions:\n%(link)s\n"
                            )
                            % values
                        )
                    else:
                        subject = _("Action due on %(date)s in %(label)s") % values
                        body = (
                            _(
                                "An action of your organisation in %(label)s (%(reference)s) is due on %(date)s.\n\nOpen your actions:\n%(link)s\n"
                            )
                            % values
                        )
                # Inside the transaction: if sending fails, the claim is rolled
                # back and the next run tries again.
                send_mail(subject, body, None, recipients)
    except IntegrityError:
        return False  # already sent, by an earlier run or a concurrent worker
    return True


@shared_task(name="meetings.send_action_reminders")
def action_reminders_send() -> int:
    today = timezone.localdate()
    soon = today + datetime.timedelta(days=settings.ACTION_REMINDER_DAYS_BEFORE)
    sent = 0
    open_actions = Action.objects.filter(status=ActionStatus.OPEN).select_related(
        "case", "owner", "owner_organisation"
    )
    due_soon = open_actions.filter(due_on__gte=today, due_on__lte=soon).exclude(
        reminders__kind=ReminderKind.DUE_SOON
    )
    overdue = open_actions.filter(due_on__lt=today).exclude(reminders__kind=ReminderKind.OVERDUE)
    for kind, actions in ((ReminderKind.DUE_SOON, due_soon), (ReminderKind.OVERDUE, overdue)):
        for action in actions.iterator(chunk_size=200):
            sent += _send_reminder(action, kind)
    logger.info("Sent %s action reminders", sent)
    return sent
