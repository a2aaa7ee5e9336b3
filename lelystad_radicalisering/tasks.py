"""Queueing helpers shared by every app."""

from __future__ import annotations

import logging
from typing import Any

from celery import Task
from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue_after_commit(task: Task, *args: int | str, **kwargs: Any) -> None:
    """Queue ``task`` once the surrounding transaction has committed.

    Arguments must be primary keys or other non-personal scalars: they sit in
    Redis in plain text. Outside a transaction the task is queued at once.
    """

    def _send() -> None:
        try:
            task.apply_async(args=args, kwargs=kwargs)
        except Exception:
            # The committed data is safe; the scheduled sweeps pick up work whose
            # message never reached the broker.
            logger.exception("Could not queue task %s", task.name)

    transaction.on_commit(_send, robust=True)
