from __future__ import annotations

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class ProjectConfig(AppConfig):
    """Shared templates tags and management commands of the project package."""

    default = True
    name = "lelystad_radicalisering"


class SecureAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "lelystad_radicalisering.admin_site.SecureAdminSite"
