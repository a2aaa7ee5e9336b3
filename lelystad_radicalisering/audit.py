"""Access entries in the audit log: who saw which personal data, when, where from.

One page view is one access entry, however many objects the page showed: the
objects are listed in the entry (``additional_data["objects"]``, keyed
``"app_label.model:pk"``), so "pages opened" can be counted and every object
can still be found. A view may call :func:`record_access` more than once; the
:class:`AccessRecordMiddleware` collects the calls and writes the one entry when
the response is ready. Outside a request through the middleware (a task, a
test with a bare request) each call writes its own entry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from .middleware import client_ip

_PENDING = "_pending_access"


def object_key(obj: models.Model) -> str:
    """How an entry names an object: ``"cases.case:7"``."""
    return f"{obj._meta.label_lower}:{obj.pk}"


def neutral_label(obj: models.Model) -> str:
    """A label without a name in it: the object's reference where it has one.
    Persons, contacts and users are named in the log by kind and number only."""
    reference = getattr(obj, "reference", "")
    return str(reference) if reference else ""


def accessed(obj: models.Model) -> Q:
    """Access entries that showed ``obj`` (as the page's main object or among others)."""
    content_type = ContentType.objects.get_for_model(type(obj))
    return Q(action=LogEntry.Action.ACCESS) & (
        Q(content_type=content_type, object_pk=str(obj.pk))
        | Q(additional_data__objects__has_key=object_key(obj))
    )


class _Pending:
    def __init__(self) -> None:
        self.objects: dict[str, models.Model] = {}
        self.view = ""
        self.context = ""

    def add(self, objects: list[models.Model], view: str, context: str) -> None:
        self.view = self.view or view
        self.context = self.context or context
        for obj in objects:
            self.objects.setdefault(object_key(obj), obj)


def record_access(
    request: HttpRequest, objects: Iterable[models.Model], *, view: str, context: str = ""
) -> None:
    """Note that this page showed ``objects``.

    ``context`` says why: the triage, meeting, search or export the view was
    part of (e.g. ``meeting:12``), so the privacy officer sees the reason too.
    Lists pass the page they show, so a list's cost does not grow with its length.
    """
    objects = [obj for obj in objects if obj is not None]
    if not objects:
        return
    pending = getattr(request, _PENDING, None)
    if pending is None:
        _write(request, objects, view=view, context=context)
        return
    pending.add(objects, view, context)


def _write(
    request: HttpRequest, objects: list[models.Model], *, view: str, context: str
) -> LogEntry:
    user = request.user
    first = objects[0]
    listed: dict[str, str] = {}
    kinds: dict[str, int] = {}
    for obj in objects:
        listed.setdefault(object_key(obj), neutral_label(obj))
    for key in listed:
        kind = key.partition(":")[0]
        kinds[kind] = kinds.get(kind, 0) + 1
    # A principal that is not a user (a partner's system account, see the api
    # app) names itself through ``audit_label`` and ``audit_data``.
    actor = user if isinstance(user, get_user_model()) and user.is_authenticated else None
    actor_email = getattr(user, "audit_label", None) or getattr(user, "email", "") or ""
    extra = getattr(user, "audit_data", None) or {}
    data = {"view": view, "objects": listed, "kinds": kinds, **extra}
    if context:
        data["context"] = context
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(type(first)),
        object_pk=str(first.pk),
        object_id=first.pk if isinstance(first.pk, int) else None,
        object_repr=neutral_label(first),
        action=LogEntry.Action.ACCESS,
        actor=actor,
        actor_email=actor_email,
        remote_addr=client_ip(request),
        timestamp=timezone.now(),
        additional_data=data,
    )


class AccessRecordMiddleware:
    """Writes the one access entry of a page view after the view has run."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        pending = _Pending()
        setattr(request, _PENDING, pending)
        try:
            response = self.get_response(request)
        finally:
            # Written for error responses too: the data was read, maybe shown.
            if pending.objects:
                _write(
                    request,
                    list(pending.objects.values()),
                    view=pending.view,
                    context=pending.context,
                )
        return response
