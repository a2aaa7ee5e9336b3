"""Role checks. Object permissions are granted and checked per app."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse


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
