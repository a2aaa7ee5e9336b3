from __future__ import annotations

from django.conf import settings
from django.core.cache import caches
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from .models import SystemAccount


class PerTokenThrottle(SimpleRateThrottle):
    """A rate per system account, counted in the shared cache (Redis in
    production), so every web worker counts the same requests."""

    scope = "system_account"

    def __init__(self) -> None:
        self.cache = caches[settings.API_THROTTLE_CACHE]
        super().__init__()

    def get_rate(self) -> str:
        # Read per request, not at import, so an operator's setting (and a test's) holds.
        return settings.API_RATE_LIMIT

    def get_cache_key(self, request: Request, view) -> str | None:
        account = request.user
        if not isinstance(account, SystemAccount):
            return None
        # The key id, not the row id: unique even where several databases share
        # one Redis (test workers, a restored copy).
        return self.cache_format % {"scope": self.scope, "ident": account.key_id}
