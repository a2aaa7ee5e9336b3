from __future__ import annotations

from celery import shared_task

from lelystad_radicalisering.notices import announce

from . import notices
from .services import case_access_expire


@shared_task(name="cases.notify_involvement")
def involvement_notify(involvement_id: int) -> None:
    """Kept for messages queued before notifications existed: they now become
    notifications (in the app, e-mailed with an outbox). Nothing queues it any more."""
    announce(kind=notices.INVOLVEMENT, source_id=involvement_id)


@shared_task(name="cases.expire_access")
def expire_access() -> int:
    return case_access_expire()
