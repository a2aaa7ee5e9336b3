"""Explicit audit entries for account events that are not a plain model change.

django-auditlog records field changes by itself; a two-factor reset deletes
devices (not audited models) and an access review's automatic deactivation
should say why. Those events are written here, as UPDATE entries on the user
with a pseudo-field, so the privacy officer's audit view lists them among the
changed fields.
"""

from __future__ import annotations

from auditlog.models import LogEntry
from django.db import models


def audit_record(
    *,
    obj: models.Model,
    actor,
    action: int,
    event: str,
    changes: dict[str, list[str]] | None = None,
) -> LogEntry:
    return LogEntry.objects.log_create(
        obj,
        force_log=True,
        action=action,
        actor=actor,
        changes=changes or {event: ["", event]},
        additional_data={"event": event},
    )
