from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import cached_property

from .selectors import unread_count


class UnreadCount:
    """The header badge: the count loaded with the request's user (one
    subquery in the user's own query), or where that is missing, a COUNT run
    only when a template shows it, at most once per request."""

    def __init__(self, user) -> None:
        self.user = user

    @cached_property
    def value(self) -> int:
        return unread_count(self.user)

    def __bool__(self) -> bool:
        return self.value > 0

    def __str__(self) -> str:
        return str(self.value)


def notifications(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notifications_unread": UnreadCount(user)}
