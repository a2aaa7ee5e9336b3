from __future__ import annotations

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("rapportages/", views.report_list, name="report_list"),
    path("rapportages/nieuw/", views.report_create, name="report_create"),
    path("rapportages/bestaat-al/", views.report_offer, name="report_offer"),
    path("rapportages/<int:pk>/", views.report_detail, name="report_detail"),
    path("rapportages/<int:pk>/status/", views.report_status, name="report_status"),
    path("rapportages/<int:pk>/opnieuw/", views.report_retry, name="report_retry"),
    path("rapportages/<int:pk>/rapportage.pdf", views.report_download, name="report_download"),
    path("rapportages/<int:pk>/cijfers.csv", views.report_csv, name="report_csv"),
]
