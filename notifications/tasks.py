"""Background work for notifications: the immediate e-mail with its outbox
sweep, the daily summary and the daily check for overdue actions.

Every task takes primary keys only and is idempotent: the e-mail is sent inside
the transaction that stamps ``emailed_at`` (or claims the day's ``DigestSent``
row), so a worker that dies before the commit leaves the mail due for the
sweep, and a second run after the commit sends nothing.
"""

from __future__ import annotations

import datetime
import logging
from collections import Counter

from celery import shared_task
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from lelystad_radicalisering import notices

from . import services
from .constants import Delivery
from .emails import digest_email, notification_email
from .models import DigestSent, Notification

logger = logging.getLogger(__name__)

# A notification still waiting this long after it was made lost its message.
OUTBOX_GRACE = datetime.timedelta(minutes=5)


@shared_task(name="notifications.send_email")
def notification_email_send(notification_id: int) -> bool:
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id, delivery=Delivery.IMMEDIATE, emailed_at__isnull=True)
            .first()
        )
        if notification is None:
            return False
        recipient = notification.recipient
        sent = bool(recipient.is_active and recipient.email)
        if sent:
            # Inside the transaction: if sending fails, the stamp is rolled back
            # and the sweep tries again.
            notification_email(notification).send()
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return sent


@shared_task(name="notifications.send_pending")
def notifications_send_pending() -> int:
    """Outbox sweep: e-mails whose message never reached the broker go out now."""
    cutoff = timezone.now() - OUTBOX_GRACE
    pending = list(
        Notification.objects.filter(
            delivery=Delivery.IMMEDIATE, emailed_at__isnull=True, created_at__lt=cutoff
        ).values_list("pk", flat=True)
    )
    sent = 0
    for notification_id in pending:
        try:
            sent += notification_email_send(notification_id)
        except Exception:
            logger.exception(
                "Notification e-mail %s failed; the next sweep tries again", notification_id
            )
    return sent


def _digest_one(user_id: int, day: datetime.date) -> bool:
    with transaction.atomic():
        pending = list(
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(recipient_id=user_id, delivery=Delivery.DIGEST, digested_at__isnull=True)
        )
        if not pending:
            return False
        counts = Counter(n.kind for n in pending if n.read_at is None)
        recipient = pending[0].recipient
        now = timezone.now()
        if counts and recipient.is_active and recipient.email:
            try:
                with transaction.atomic():
                    DigestSent.objects.create(
                        recipient=recipient, day=day, count=sum(counts.values())
                    )
            except IntegrityError:
                return False  # today's summary has gone out; these wait for tomorrow
            digest_email(recipient.email, counts).send()
            sent = True
        else:
            sent = False  # all read already, or nowhere to send: nothing to summarise
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(digested_at=now)
    return sent


@shared_task(name="notifications.send_digests")
def notifications_send_digests() -> int:
    """One summary per user per day: counts per kind and a link to the centre."""
    day = timezone.localdate()
    user_ids = (
        Notification.objects.filter(delivery=Delivery.DIGEST, digested_at__isnull=True)
        .order_by()
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    sent = sum(_digest_one(user_id, day) for user_id in list(user_ids))
    logger.info("Sent %s notification summaries", sent)
    return sent


@shared_task(name="notifications.sweep_due")
def notifications_sweep_due() -> int:
    """For the periodic kinds (an action passing its due date): once per target,
    a notification when its app says it is due."""
    count = 0
    for kind in notices.kinds():
        if kind.due is None:
            continue
        already = Notification.objects.filter(kind=kind.code, target_id=OuterRef("pk"))
        due = kind.due().filter(~Exists(already))
        for source_id in list(due):
            count += len(services.notifications_create(kind=kind.code, source_id=source_id))
    return count
