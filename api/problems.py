"""Error bodies as RFC 9457 problem details, in the request's language."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

PROBLEM_CONTENT_TYPE = "application/problem+json"

security_log = logging.getLogger("casusoverleg.security")

TITLES = {
    400: _("Bad request"),
    401: _("Not authenticated"),
    403: _("Forbidden"),
    404: _("Not found"),
    405: _("Method not allowed"),
    406: _("Not acceptable"),
    409: _("Conflict"),
    415: _("Unsupported media type"),
    422: _("Unprocessable content"),
    429: _("Too many requests"),
}


def _printable(text: str) -> str:
    """Error texts may quote the input; a lone surrogate in it cannot be encoded."""
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _pointers(detail, path: str = "#") -> list[dict[str, str]]:
    """Flatten DRF's nested error detail into RFC 9457 ``errors`` with JSON pointers."""
    if isinstance(detail, dict):
        found = []
        for key, value in detail.items():
            inner = (
                path
                if key in ("non_field_errors", "__all__")
                else f"{path}/{_printable(str(key)).replace('~', '~0').replace('/', '~1')}"
            )
            found += _pointers(value, inner)
        return found
    if isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            return [{"pointer": path, "detail": _printable(str(item))} for item in detail]
        found = []
        for index, item in enumerate(detail):
            found += _pointers(item, f"{path}/{index}")
        return found
    return [{"pointer": path, "detail": _printable(str(detail))}]


def problem(
    request, status_code: int, detail: str, *, errors: list | None = None, headers=None
) -> Response:
    body = {
        "type": "about:blank",
        "title": str(TITLES.get(status_code, _("Error"))),
        "status": status_code,
        "detail": _printable(detail),
        "instance": request.path if request is not None else "",
    }
    if errors:
        body["errors"] = errors
    return Response(body, status=status_code, headers=headers, content_type=PROBLEM_CONTENT_TYPE)


def problem_exception_handler(exc, context) -> Response | None:
    request = context.get("request")
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    if not isinstance(exc, exceptions.APIException):
        return None  # a real error: Django's 500 handling, with its traceback
    headers = {}
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        view = context.get("view")
        authenticate = view.get_authenticate_header(request) if view else None
        if authenticate:
            headers["WWW-Authenticate"] = authenticate
        exc.status_code = status.HTTP_401_UNAUTHORIZED
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    if exc.status_code in (401, 403, 429):
        security_log.info("API refused (%s): %s %s", exc.status_code, request.method, request.path)
    set_rollback()
    if isinstance(exc, exceptions.ValidationError):
        errors = _pointers(exc.detail)
        return problem(
            request,
            400,
            str(_("The request holds invalid values; see errors.")),
            errors=errors,
            headers=headers,
        )
    detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    return problem(request, exc.status_code, str(detail), headers=headers)
