from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Case consultations")

    def ready(self) -> None:
        # Imported here: models and the other apps are loaded only once ready() runs.
        from accounts.backends import register_user_annotation
        from cases.page_parts import register_case_child, register_case_page_part

        from .models import Action
        from .notices import register_notices
        from .selectors import STATEMENT_ATTRIBUTE, statement_confirmed_expression
        from .views import case_page_actions

        register_notices()
        register_case_page_part(case_page_actions)
        register_case_child(Action, "actions")
        # Every meeting page asks (statement_required): loaded with the user.
        register_user_annotation(STATEMENT_ATTRIBUTE, statement_confirmed_expression)
