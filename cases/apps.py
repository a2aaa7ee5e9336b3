from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        # Imported here: models and the other apps are loaded only once ready() runs.
        from network.services import on_organisation_changed

        from .notices import register_notices
        from .services import involvements_end_for_organisation

        register_notices()
        # An organisation deactivated or out of covenant loses its involvements.
        on_organisation_changed(involvements_end_for_organisation)
