from __future__ import annotations

from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("overleggen/", views.meeting_list, name="meeting_list"),
    path("overleggen/nieuw/", views.meeting_create, name="meeting_create"),
    path("overleggen/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("overleggen/<int:pk>/bewerken/", views.meeting_edit, name="meeting_edit"),
    path("overleggen/<int:pk>/annuleren/", views.meeting_cancel, name="meeting_cancel"),
    path("overleggen/<int:pk>/uitnodigen/", views.invitations_send, name="invitations_send"),
    path("overleggen/<int:pk>/agenda/", views.item_add, name="item_add"),
    path("overleggen/voorzitters/", views.chair_suggestions, name="chair_suggestions"),
    path(
        "afspraken/casus/<int:pk>/verantwoordelijken/",
        views.action_owner_suggestions,
        name="action_owner_suggestions",
    ),
    path(
        "overleggen/<int:pk>/agenda/casussen/",
        views.agenda_case_suggestions,
        name="agenda_case_suggestions",
    ),
    path("overleggen/<int:pk>/agenda/volgorde/", views.agenda_order, name="agenda_order"),
    path("overleggen/<int:pk>/agenda/<int:item_pk>/", views.item_edit, name="item_edit"),
    path(
        "overleggen/<int:pk>/agenda/<int:item_pk>/verwijderen/",
        views.item_remove,
        name="item_remove",
    ),
    path(
        "overleggen/<int:pk>/agenda/<int:item_pk>/verplaatsen/",
        views.item_move,
        name="item_move",
    ),
    path("overleggen/<int:pk>/voorzitten/", views.chair, name="chair"),
    path(
        "overleggen/<int:pk>/voorzitten/<int:item_pk>/",
        views.current_item,
        name="current_item",
    ),
    path(
        "overleggen/<int:pk>/voorzitten/<int:item_pk>/notulen/",
        views.minutes_save,
        name="minutes_save",
    ),
    path(
        "overleggen/<int:pk>/voorzitten/<int:item_pk>/besluit/",
        views.decision_add,
        name="decision_add",
    ),
    path(
        "overleggen/<int:pk>/voorzitten/<int:item_pk>/toets/",
        views.review_record,
        name="review_record",
    ),
    path(
        "overleggen/<int:pk>/voorzitten/<int:item_pk>/afspraak/",
        views.action_add,
        name="action_add",
    ),
    path("overleggen/geheimhouding/", views.statement, name="statement"),
    path("overleggen/<int:pk>/deelnemers/", views.participants, name="participants"),
    path("overleggen/<int:pk>/aanwezigheid/", views.attendance, name="attendance"),
    path("overleggen/<int:pk>/projectie/", views.projection, name="projection"),
    path("overleggen/<int:pk>/vaststellen/", views.finalise, name="finalise"),
    path("overleggen/<int:pk>/notulen/", views.minutes, name="minutes"),
    path("overleggen/<int:pk>/notulen.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("overleggen/<int:pk>/addendum/", views.addendum_add, name="addendum_add"),
    path("afspraken/", views.action_list, name="action_list"),
    path("casussen/<int:pk>/afspraken/", views.case_action_add, name="case_action_add"),
    path("afspraken/verlopen/", views.action_overdue, name="action_overdue"),
    path("afspraken/<int:pk>/", views.action_update, name="action_update"),
]
