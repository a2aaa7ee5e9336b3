from __future__ import annotations

from django.urls import path

from . import views_audit

app_name = "audit"

urlpatterns = [
    path("privacy/auditlog/", views_audit.audit_log, name="audit_log"),
    path("privacy/auditlog/export/", views_audit.audit_log_export, name="audit_log_export"),
]
