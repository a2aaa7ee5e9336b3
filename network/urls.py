from __future__ import annotations

from django.urls import path

from . import views

app_name = "network"

urlpatterns = [
    path("beheer/organisaties/", views.organisation_list, name="organisation_list"),
    path("beheer/organisaties/nieuw/", views.organisation_create, name="organisation_create"),
    path("beheer/organisaties/<int:pk>/", views.organisation_detail, name="organisation_detail"),
]
