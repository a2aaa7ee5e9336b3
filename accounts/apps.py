from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        # Imported here: models and the other apps are loaded only once ready() runs.
        from . import otp_keys, receivers  # noqa: F401 (receivers connect on import)

        otp_keys.install()
