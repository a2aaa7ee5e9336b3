"""Reads for notifications: the user's own notifications and preferences, and
the permission check made again (by the kind's own app) when one is opened."""

from __future__ import annotations

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from accounts.backends import loaded_with_user
from accounts.models import User
from lelystad_radicalisering import notices

from .models import Notification, NotificationPreference


def deliveries_for(user_ids: list[int], kind: str) -> dict[int, str]:
    """Each user's choice for ``kind``, the default where they made none."""
    chosen = dict(
        NotificationPreference.objects.filter(user_id__in=user_ids, kind=kind).values_list(
            "user_id", "delivery"
        )
    )
    default = notices.kind(kind).default_delivery
    return {pk: chosen.get(pk, default) for pk in user_ids}


def preferences_of(user: User) -> dict[str, str]:
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return {kind.code: chosen.get(kind.code, kind.default_delivery) for kind in notices.kinds()}


def notifications_of(user: User) -> QuerySet[Notification]:
    """A user sees their own notifications and nobody else's."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


# The header's unread count, loaded with every request's user in the user's own
# query (registered with accounts.backends in NotificationsConfig.ready()).
UNREAD_ATTRIBUTE = "unread_notification_count"


def unread_count_expression() -> Coalesce:
    """The unread count of the user row the query reads (``OuterRef("pk")``)."""
    unread = (
        Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(unread), 0)


def unread_count(user: User) -> int:
    """The count loaded with the request's user where there is one, else
    counted now."""
    loaded = loaded_with_user(user, UNREAD_ATTRIBUTE)
    if loaded is not None:
        return loaded
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_for_user_or_404(user: User, pk: int) -> Notification:
    try:
        return notifications_of(user).get(pk=pk)
    except (Notification.DoesNotExist, ValueError) as error:
        raise Http404 from error


def target_url(user: User, notification: Notification) -> str | None:
    """Where the notification leads, if ``user`` may still see it today, by the
    rule of the app that registered its kind; otherwise None."""
    return notices.kind(notification.kind).target_url(user, notification.target_id)
