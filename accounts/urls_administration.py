from __future__ import annotations

from django.urls import path

from . import views_administration as views

app_name = "administration"

urlpatterns = [
    path("gebruikers/", views.user_list, name="user_list"),
    path("gebruikers/nieuw/", views.user_create, name="user_create"),
    path("gebruikers/<int:pk>/", views.user_detail, name="user_detail"),
    path(
        "gebruikers/<int:pk>/2fa-resetten/",
        views.user_reset_two_factor,
        name="user_reset_two_factor",
    ),
    path("gebruikers/<int:pk>/ontgrendelen/", views.user_unlock, name="user_unlock"),
]
