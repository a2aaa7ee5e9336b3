from __future__ import annotations

from django.http import HttpRequest

from .navigation import navigation_for


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None:
        return {"navigation": []}
    match = getattr(request, "resolver_match", None)
    return {"navigation": navigation_for(user, match.view_name if match else None)}
