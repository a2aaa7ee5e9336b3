"""Who acted, in the audit log, when a partner's system calls the API."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from auditlog.context import auditlog_value, set_extra_data
from rest_framework.request import Request

from lelystad_radicalisering.middleware import client_ip

from .models import SystemAccount


@contextmanager
def acting_system(request: Request, account: SystemAccount) -> Iterator[None]:
    """Changes made inside carry the system account and its organisation, as a
    browser user's changes carry the user (``AuditActorMiddleware``)."""
    outer = auditlog_value.get(None)
    with set_extra_data(
        {
            "actor_email": account.audit_label,
            "remote_addr": client_ip(request),
            "additional_data": account.audit_data,
        }
    ):
        yield
    if outer is not None:
        # django-auditlog does not restore the outer context on exit; without
        # this the middleware's receiver would never be disconnected.
        auditlog_value.set(outer)
