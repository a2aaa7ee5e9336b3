from __future__ import annotations

from django.urls import path

from . import views_administration as views

app_name = "administration"

urlpatterns = [
    path("gebruikers/", views.user_list, name="user_list"),
    path("gebruikers/nieuw/", views.user_create, name="user_create"),
    path("gebruikers/importeren/", views.user_bulk_invite, name="user_bulk_invite"),
    path(
        "gebruikers/importeren/bevestigen/",
        views.user_bulk_invite_confirm,
        name="user_bulk_invite_confirm",
    ),
    path("gebruikers/<int:pk>/", views.user_detail, name="user_detail"),
    path(
        "gebruikers/<int:pk>/uitnodiging-opnieuw/",
        views.user_resend_invitation,
        name="user_resend_invitation",
    ),
    path(
        "gebruikers/<int:pk>/2fa-resetten/",
        views.user_reset_two_factor,
        name="user_reset_two_factor",
    ),
    path("gebruikers/<int:pk>/mandaat/", views.user_mandate, name="user_mandate"),
    path("gebruikers/<int:pk>/ontgrendelen/", views.user_unlock, name="user_unlock"),
    path("inloggen-via-organisatie/", views.identity_provider_list, name="identity_provider_list"),
    path(
        "inloggen-via-organisatie/<int:organisation_pk>/",
        views.identity_provider_edit,
        name="identity_provider_edit",
    ),
    path("toegangscontroles/", views.access_review_list, name="access_review_list"),
    path("toegangscontroles/openen/", views.access_review_open, name="access_review_open"),
    path("toegangscontroles/<int:pk>/", views.access_review_detail, name="access_review_detail"),
]
