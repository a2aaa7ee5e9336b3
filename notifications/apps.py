from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # Imported here: models and the other apps are loaded only once ready() runs.
        from accounts.backends import register_user_annotation
        from lelystad_radicalisering import notices

        from .selectors import UNREAD_ATTRIBUTE, unread_count_expression
        from .services import notifications_create

        notices.subscribe(notifications_create)
        # The header's badge: loaded with the user, not one more query per page.
        register_user_annotation(UNREAD_ATTRIBUTE, unread_count_expression)
