from __future__ import annotations

import logging

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lelystad_radicalisering.roles import Role, role_required

logger = logging.getLogger(__name__)
# Denied access (OWASP ASVS V7.2). A 404 is also the answer for an object the
# user may not see, so every 404 to a logged-in user is logged too.
security_log = logging.getLogger("casusoverleg.security")


def _who(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return "anonymous"
    return f"user id {user.pk} ({getattr(user, 'role', '-')})"


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("Health check: database unreachable")
        return False


def _redis_ok() -> bool:
    import redis

    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2
        )
        return bool(client.ping())
    except Exception:
        logger.exception("Health check: Redis unreachable")
        return False


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """Liveness and readiness for the load balancer: no personal data, no auth."""
    checks = {"database": "ok" if _database_ok() else "error"}
    if settings.REDIS_URL:
        checks["redis"] = "ok" if _redis_ok() else "error"
    else:
        checks["redis"] = "not configured"
    healthy = "error" not in checks.values()
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks},
        status=200 if healthy else 503,
    )


@never_cache
@require_GET
@role_required(Role.PARTNER, Role.COORDINATOR)
def bench_floor(request: HttpRequest) -> HttpResponse:
    """The benchmark's floor: the full middleware stack (session, login, second
    factor, audit) and one trivial query. A 404 unless ``BENCH_FLOOR`` is on;
    only the roles the benchmark logs in with (separation of duties holds)."""
    if not settings.BENCH_FLOOR:
        raise Http404
    Organisation = apps.get_model("network", "Organisation")
    exists = Organisation.objects.filter(pk=request.user.organisation_id).exists()
    return HttpResponse(f"floor {int(exists)}\n", content_type="text/plain")


def error_403(request: HttpRequest, exception: Exception | None = None):
    # Who, what, why, on one line; no traceback (see log_filters).
    why = str(exception) if exception is not None and str(exception) else "permission denied"
    security_log.warning(
        "Access denied (403): %s %s %s: %s", _who(request), request.method, request.path, why
    )
    return render(request, "403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None):
    security_log.info(
        "Not found or not permitted (404): %s %s %s", _who(request), request.method, request.path
    )
    return render(request, "404.html", status=404)
