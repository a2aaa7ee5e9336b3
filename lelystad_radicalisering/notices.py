"""The registry of notification kinds, and the announcement of events.

The apps that notify (cases, meetings, reports) sit below the notifications app
and may not import it. Each registers its own kinds here in its
``AppConfig.ready()``, with its own recipient rule (derived from its visibility
functions) and its own rule for where a notification leads; its services call
``announce``. The notifications app subscribes to the announcements and reads
the kinds from this registry: it knows no app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from django.db import models, transaction
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from accounts.models import User


class Delivery(models.TextChoices):
    APP = "app", _("In the application only")
    IMMEDIATE = "immediate", _("Also by e-mail, immediately")
    DIGEST = "digest", _("Also in a daily e-mail summary")


@dataclass
class Audience:
    """What a notification is about and who may hear of it."""

    target_id: int
    # Not personal data: a case reference, a meeting date, a report period.
    reference: str
    users: QuerySet[User]


@dataclass(frozen=True)
class NoticeKind:
    code: str
    # What the user chooses a delivery for ("Update on a case").
    label: str | Promise
    # The text of one notification, with %(reference)s.
    title: str | Promise
    default_delivery: str
    # The source's id (an involvement, entry, action, meeting, report) to the
    # audience, or None when nobody is to hear of it (any more).
    audience: Callable[[int], Audience | None]
    # Where a notification leads for ``user`` today, or None when the target is
    # no longer visible to them (checked again on every opening).
    target_url: Callable[[User, int], str | None]
    # Kinds that can fire in bursts (every agenda drag, every note): while a
    # recipient has an unread one for the same target, no new one is added.
    coalesced: bool = False
    # Periodic kinds: the ids of the sources due now; each target is notified once.
    due: Callable[[], QuerySet] | None = None


_KINDS: dict[str, NoticeKind] = {}
_LISTENERS: list[Callable[..., object]] = []


def register(*kinds: NoticeKind) -> None:
    for kind in kinds:
        if kind.code in _KINDS and _KINDS[kind.code] != kind:
            raise ValueError(f"Notification kind {kind.code!r} registered twice")
        _KINDS[kind.code] = kind


def kinds() -> list[NoticeKind]:
    return list(_KINDS.values())


def kind(code: str) -> NoticeKind:
    return _KINDS[code]


def kind_choices() -> list[tuple[str, str | Promise]]:
    """For the model fields that store a kind (a callable: the apps register late)."""
    return [(kind.code, kind.label) for kind in _KINDS.values()]


def subscribe(listener: Callable[..., object]) -> None:
    """``listener(kind=..., source_id=..., actor_id=...)`` hears every announcement."""
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)


def announce(*, kind: str, source_id: int, actor: User | None = None) -> None:
    """Tell the listeners, once the change has committed, that ``kind`` happened
    to ``source_id``: a rolled-back change announces nothing. ``robust``: a
    listener's failure is logged and never undoes or breaks the change itself."""
    if kind not in _KINDS:
        raise ValueError(f"Unknown notification kind {kind!r}")
    actor_id = actor.pk if actor is not None else None
    for listener in _LISTENERS:
        transaction.on_commit(
            partial(listener, kind=kind, source_id=source_id, actor_id=actor_id), robust=True
        )
