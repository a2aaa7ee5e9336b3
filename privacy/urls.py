from __future__ import annotations

from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("privacy/bewaartermijnen/", views.retention, name="retention"),
    path("privacy/auditlog/controle/", views.chain_verify, name="chain_verify"),
    path("privacy/afwijkende-inzage/", views.unusual_access, name="unusual_access"),
    path("privacy/inzage/", views.subject_search, name="subject_search"),
    path("privacy/inzage/<int:pk>/", views.subject_detail, name="subject_detail"),
    path("privacy/inzage/<int:pk>/export/", views.subject_export, name="subject_export"),
    path("privacy/inzage/<int:pk>/verzoek/", views.request_create, name="request_create"),
    path("privacy/verzoeken/<int:pk>/", views.request_decide, name="request_decide"),
    path("privacy/gegevenscategorieen/", views.sharing_matrix, name="sharing_matrix"),
    path(
        "bewaren/verzoeken/<int:pk>/beslissen/",
        views.extension_decide,
        name="extension_decide",
    ),
    path("bewaren/verloopt/", views.expiring, name="expiring"),
    path("bewaren/<str:target>/<int:pk>/verlengen/", views.extend, name="extend"),
]
