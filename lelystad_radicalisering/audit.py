"""Access entries in the audit log: who saw which personal data, when, where from."""

from __future__ import annotations

from collections.abc import Iterable

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpRequest
from django.utils import timezone

from .middleware import client_ip


def record_access(
    request: HttpRequest, objects: Iterable[models.Model], *, view: str, context: str = ""
) -> None:
    """Write one ACCESS entry per object shown, in a single INSERT.

    ``context`` says why: the triage, meeting, search or export the view was
    part of (e.g. ``meeting:12``), so the privacy officer sees the reason too.

    Detail pages pass one object, lists pass the page they show, so a list's
    cost does not grow with its length.
    """
    objects = list(objects)
    if not objects:
        return
    user = request.user
    now = timezone.now()
    remote_addr = client_ip(request)
    # A principal that is not a user (a partner's system account, see the api
    # app) names itself through ``audit_label`` and ``audit_data``.
    actor = user if isinstance(user, get_user_model()) and user.is_authenticated else None
    actor_email = getattr(user, "audit_label", None) or getattr(user, "email", "") or ""
    extra = getattr(user, "audit_data", None) or {}
    content_types = ContentType.objects.get_for_models(*{type(obj) for obj in objects})
    LogEntry.objects.bulk_create(
        [
            LogEntry(
                content_type=content_types[type(obj)],
                object_pk=str(obj.pk),
                object_id=obj.pk if isinstance(obj.pk, int) else None,
                object_repr=str(obj),
                action=LogEntry.Action.ACCESS,
                actor=actor,
                actor_email=actor_email,
                remote_addr=remote_addr,
                timestamp=now,
                additional_data={
                    "view": view,
                    **({"context": context} if context else {}),
                    **extra,
                },
            )
            for obj in objects
        ]
    )
