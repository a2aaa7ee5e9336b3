from __future__ import annotations

from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("berichten/", views.notification_list, name="notification_list"),
    path("berichten/alles-gelezen/", views.notifications_read_all, name="notifications_read_all"),
    path("berichten/<int:pk>/", views.notification_open, name="notification_open"),
    path("berichten/<int:pk>/gelezen/", views.notification_read, name="notification_read"),
    path("account/berichten/", views.preferences, name="preferences"),
]
