"""Roles and the role check every view starts with. In the core so that every
app, from network up, can name a role without importing accounts."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PARTNER = "partner", _("Partner professional")
    COORDINATOR = "coordinator", _("Coordinator")
    MANAGEMENT = "management", _("Management")
    FUNCTIONAL_ADMIN = "functional_admin", _("Functional administrator")
    PRIVACY_OFFICER = "privacy_officer", _("Privacy officer")


def role_required(*roles: str) -> Callable:
    """Allow a view only to users with one of ``roles``; everyone else gets 403.

    Runs before any object lookup, so a wrong role never learns whether an
    object exists.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated or not request.user.has_role(*roles):
                # The reason goes to the security log only (error_403), not to the page.
                raise PermissionDenied(f"role not in {', '.join(roles)}")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
