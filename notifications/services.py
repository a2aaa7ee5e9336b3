"""Writes for notifications. The apps announce events through
``lelystad_radicalisering.notices.announce`` (after their commit); this app
listens (``NotificationsConfig.ready``) and makes the notifications of one event
in one INSERT for all recipients."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.backends import forget_loaded
from accounts.models import User
from lelystad_radicalisering import notices
from lelystad_radicalisering.exceptions import ApplicationError
from lelystad_radicalisering.tasks import enqueue_after_commit

from . import selectors
from .constants import Delivery
from .models import Notification, NotificationPreference

logger = logging.getLogger(__name__)


@transaction.atomic
def notifications_create(
    *, kind: str, source_id: int, actor_id: int | None = None
) -> list[Notification]:
    """Fan out one notification to everyone who may hear of it, never the actor.
    For kinds that come in bursts, a recipient with an unread one for the same
    target gets no second one."""
    registered = notices.kind(kind)
    audience = registered.audience(source_id)
    if audience is None:
        return []
    users = audience.users
    if actor_id is not None:
        users = users.exclude(pk=actor_id)
    if registered.coalesced:
        users = users.exclude(
            pk__in=Notification.objects.filter(
                kind=kind, target_id=audience.target_id, read_at__isnull=True
            ).values("recipient_id")
        )
    user_ids = list(users.order_by().values_list("pk", flat=True).distinct())
    if not user_ids:
        return []
    deliveries = selectors.deliveries_for(user_ids, kind)
    created = Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=pk,
                kind=kind,
                target_id=audience.target_id,
                reference=audience.reference,
                delivery=deliveries[pk],
            )
            for pk in user_ids
        ]
    )
    # Imported here: the tasks module imports this one.
    from .tasks import notification_email_send

    for notification in created:
        if notification.delivery == Delivery.IMMEDIATE:
            enqueue_after_commit(notification_email_send, notification.pk)
    logger.info("%s notifications of kind %s", len(created), kind)
    return created


def notification_mark_read(*, user: User, notification: Notification) -> Notification:
    if notification.recipient_id != user.pk:
        raise ApplicationError(_("This notification is not yours."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        forget_loaded(user, selectors.UNREAD_ATTRIBUTE)
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    # Not an audited model: one UPDATE for all.
    marked = Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    forget_loaded(user, selectors.UNREAD_ATTRIBUTE)
    return marked


@transaction.atomic
def preferences_save(*, user: User, deliveries: Mapping[str, str]) -> None:
    """Store the user's choice per kind; one row per kind, changed in place."""
    existing = {p.kind: p for p in NotificationPreference.objects.filter(user=user)}
    known = {kind.code for kind in notices.kinds()}
    for kind, delivery in deliveries.items():
        if kind not in known or delivery not in Delivery.values:
            raise ApplicationError(_("Choose a valid option."), field=kind)
        row = existing.get(kind)
        if row is None:
            NotificationPreference.objects.create(user=user, kind=kind, delivery=delivery)
        elif row.delivery != delivery:
            row.delivery = delivery
            row.save(update_fields=["delivery"])
