from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API for partner systems")

    def ready(self) -> None:
        # Registers the token scheme with drf-spectacular.
        from . import schema  # noqa: F401
