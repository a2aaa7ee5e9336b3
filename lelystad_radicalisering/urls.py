from __future__ import annotations

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from . import views

urlpatterns = [
    # The start page sits on top of every app: it is the dashboards app's.
    path("", include("dashboards.urls")),
    path("", include("accounts.urls")),
    path("beheer/", include("accounts.urls_administration")),
    path("", include("network.urls")),
    path("", include("signals.urls")),
    path("", include("cases.urls")),
    path("", include("meetings.urls")),
    path("", include("privacy.urls")),
    path("", include("reports.urls")),
    path("", include("notifications.urls")),
    path("", include("privacy.urls_audit")),
    path("", include("api.urls")),
    path("health/", views.health, name="health"),
    path("bench/", include("lelystad_radicalisering.urls_bench")),
    path("taal/", set_language, name="set_language"),
    path("django-admin/", admin.site.urls),
]

handler403 = "lelystad_radicalisering.views.error_403"
handler404 = "lelystad_radicalisering.views.error_404"
