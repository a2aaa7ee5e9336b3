from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # Imported here: models and the other apps are loaded only once ready() runs.
        from lelystad_radicalisering import notices

        from .services import notifications_create

        notices.subscribe(notifications_create)
