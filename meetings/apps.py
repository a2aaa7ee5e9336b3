from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Case consultations")

    def ready(self) -> None:
        from .notices import register_notices

        register_notices()
