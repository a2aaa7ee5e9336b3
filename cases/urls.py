from __future__ import annotations

from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("casussen/", views.case_list, name="case_list"),
    path("casussen/nieuw/", views.case_create, name="case_create"),
    path("casussen/koppel-signaal/", views.signal_link, name="signal_link"),
    path("casussen/<int:pk>/", views.case_detail, name="case_detail"),
    path("casussen/<int:pk>/bewerken/", views.case_edit, name="case_edit"),
    path("casussen/<int:pk>/betrokkenheid/", views.involvement_add, name="involvement_add"),
    path(
        "casussen/<int:pk>/betrokkenheid/<int:involvement_pk>/beeindigen/",
        views.involvement_revoke,
        name="involvement_revoke",
    ),
    path("casussen/<int:pk>/updates/", views.update_add, name="update_add"),
    path("casussen/<int:pk>/risicotaxatie/", views.assessment_add, name="assessment_add"),
    path("casussen/<int:pk>/doelen/", views.goal_add, name="goal_add"),
    path("casussen/<int:pk>/interventies/", views.intervention_add, name="intervention_add"),
    path(
        "casussen/<int:pk>/interventies/<int:intervention_pk>/status/",
        views.intervention_status,
        name="intervention_status",
    ),
    path("casussen/<int:pk>/sluiten/", views.case_close, name="case_close"),
    path("casussen/<int:pk>/heropenen/", views.case_reopen, name="case_reopen"),
    path("casussen/<int:pk>/opname/", views.inclusion_decide, name="inclusion_decide"),
    path("casussen/<int:pk>/opname/beeindigen/", views.inclusion_end, name="inclusion_end"),
    path(
        "casussen/<int:pk>/informeren/<int:person_pk>/",
        views.informing_record,
        name="informing_record",
    ),
    path("casussen/<int:pk>/overdracht/", views.handover_create, name="handover_create"),
    path(
        "casussen/<int:pk>/overdracht/<int:handover_pk>/pakket.pdf",
        views.handover_pdf,
        name="handover_pdf",
    ),
    path(
        "casussen/<int:pk>/overdracht/<int:handover_pk>/pakket.json",
        views.handover_json,
        name="handover_json",
    ),
    path(
        "casussen/<int:pk>/overdracht/<int:handover_pk>/antwoord/",
        views.handover_answer,
        name="handover_answer",
    ),
    path("casussen/<int:pk>/geschiedenis/", views.case_history, name="case_history"),
]
