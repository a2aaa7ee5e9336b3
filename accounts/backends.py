"""The authentication backend: Django's ModelBackend, loading in the one query
that reads the user what every page needs with it: the organisation (the
header), the second-factor device the session was verified with (see
``accounts.middleware.OTPMiddleware``) and the annotations apps above register
(the unread count of the header's notification badge)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Expression, FilteredRelation, Q
from django_otp.models import Device

# name -> a factory of the expression, evaluated per query (OuterRef("pk") is the user).
_USER_ANNOTATIONS: dict[str, Callable[[], Expression]] = {}

# The persistent id of the device in the session of the request whose user is
# being loaded; set by accounts.middleware.OTPMiddleware around that load.
_session_device: ContextVar[str | None] = ContextVar("session_device", default=None)
_DEVICE_ALIAS = "_session_otp_device"
# (persistent id, the device or None) on a user loaded with its session's device.
LOADED_DEVICE_ATTRIBUTE = "_loaded_session_device"


def register_user_annotation(name: str, expression: Callable[[], Expression]) -> None:
    """Load ``name`` with every request's user, in the same query."""
    _USER_ANNOTATIONS[name] = expression


def loaded_with_user(user: Any, name: str) -> Any:
    """What ``register_user_annotation(name, ...)`` loaded with ``user``: None
    where it was not loaded (a user read another way) or has been forgotten."""
    return getattr(user, name, None)


def forget_loaded(user: Any, name: str) -> None:
    """After a change in this request to what ``name`` holds, later reads in the
    same request ask the database again."""
    if getattr(user, name, None) is not None:
        setattr(user, name, None)


@contextmanager
def session_device(persistent_id: str | None) -> Iterator[None]:
    """A user loaded inside this block comes with the device ``persistent_id``
    names (if it is theirs), as ``LOADED_DEVICE_ATTRIBUTE``."""
    token = _session_device.set(persistent_id)
    try:
        yield
    finally:
        _session_device.reset(token)


def _device_relation(persistent_id: str) -> FilteredRelation | None:
    """The join from the user to the device django-otp's ``persistent_id``
    names ("app_label.model/pk"), or None for anything else."""
    try:
        label, pk = persistent_id.rsplit("/", 1)
        model = apps.get_model(label)
        pk = int(pk)
    except (ValueError, LookupError):
        return None
    if not issubclass(model, Device):
        return None
    relation = model._meta.get_field("user").related_query_name()
    return FilteredRelation(relation, condition=Q(**{f"{relation}__pk": pk}))


class UserBackend(ModelBackend):
    def get_user(self, user_id: Any):
        model = get_user_model()
        users = model._default_manager.select_related("organisation").annotate(
            **{name: expression() for name, expression in _USER_ANNOTATIONS.items()}
        )
        persistent_id = _session_device.get()
        device = _device_relation(persistent_id) if persistent_id else None
        if device is not None:
            users = users.annotate(**{_DEVICE_ALIAS: device}).select_related(_DEVICE_ALIAS)
        try:
            user = users.get(pk=user_id)
        except model.DoesNotExist:
            return None
        if persistent_id:
            # select_related leaves the attribute out when no row matched; an
            # id that names no device of a user has none.
            setattr(
                user,
                LOADED_DEVICE_ATTRIBUTE,
                (persistent_id, user.__dict__.pop(_DEVICE_ALIAS, None)),
            )
        return user if self.user_can_authenticate(user) else None
