from __future__ import annotations

from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("meldingen/", views.notification_list, name="notification_list"),
    path("meldingen/alles-gelezen/", views.notifications_read_all, name="notifications_read_all"),
    path("meldingen/<int:pk>/", views.notification_open, name="notification_open"),
    path("meldingen/<int:pk>/gelezen/", views.notification_read, name="notification_read"),
    path("account/meldingen/", views.preferences, name="preferences"),
]
