from __future__ import annotations

from django.urls import path

from . import views, views_network, views_plan

app_name = "network"

urlpatterns = [
    path("beheer/organisaties/", views.organisation_list, name="organisation_list"),
    path("beheer/organisaties/nieuw/", views.organisation_create, name="organisation_create"),
    path("beheer/organisaties/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("netwerk/organisaties/", views_network.directory, name="directory"),
    path(
        "netwerk/organisaties/suggesties/",
        views_network.organisation_suggestions,
        name="organisation_suggestions",
    ),
    path(
        "netwerk/organisaties/<int:pk>/", views_network.organisation_page, name="organisation_page"
    ),
    path(
        "netwerk/organisaties/<int:pk>/convenant/",
        views_network.covenant_edit,
        name="covenant_edit",
    ),
    path(
        "netwerk/organisaties/<int:pk>/convenant/document/",
        views_network.covenant_download,
        name="covenant_download",
    ),
    path(
        "netwerk/organisaties/<int:pk>/contactpersonen/",
        views_network.contact_add,
        name="contact_add",
    ),
    path(
        "netwerk/organisaties/<int:pk>/contactpersonen/<int:contact_pk>/verwijderen/",
        views_network.contact_remove,
        name="contact_remove",
    ),
    path("netwerk/gemeenschappen/", views_network.community_list, name="community_list"),
    path("netwerk/gemeenschappen/nieuw/", views_network.community_create, name="community_create"),
    path(
        "netwerk/gemeenschappen/<int:pk>/", views_network.community_detail, name="community_detail"
    ),
    path(
        "netwerk/gemeenschappen/<int:pk>/bewerken/",
        views_network.community_edit,
        name="community_edit",
    ),
    path(
        "netwerk/gemeenschappen/<int:pk>/contacten/",
        views_network.community_contact_add,
        name="community_contact_add",
    ),
    path(
        "netwerk/gemeenschappen/<int:pk>/contactmomenten/",
        views_network.contact_moment_add,
        name="contact_moment_add",
    ),
    path(
        "netwerk/gemeenschappen/<int:pk>/contactmomenten/<int:moment_pk>/opgevolgd/",
        views_network.follow_up_done,
        name="follow_up_done",
    ),
    path("netwerk/opvolging/", views_network.follow_ups, name="follow_ups"),
    path("trainingen/", views_network.training_list, name="training_list"),
    path("trainingen/nieuw/", views_network.training_create, name="training_create"),
    path("trainingen/overzicht/", views_network.training_overview, name="training_overview"),
    path("trainingen/<int:pk>/", views_network.training_detail, name="training_detail"),
    path(
        "trainingen/<int:pk>/inschrijven/",
        views_network.training_register,
        name="training_register",
    ),
    path(
        "trainingen/<int:pk>/aanwezigheid/",
        views_network.training_attendance,
        name="training_attendance",
    ),
    path("plan/", views_plan.plan_overview, name="plan"),
    path("plan/nieuw/", views_plan.plan_create, name="plan_create"),
    path("plan/maatregelen/nieuw/", views_plan.measure_create, name="measure_create"),
    path("plan/maatregelen/<int:pk>/", views_plan.measure_detail, name="measure_detail"),
    path("plan/maatregelen/<int:pk>/bewerken/", views_plan.measure_edit, name="measure_edit"),
    path("plan/maatregelen/<int:pk>/voortgang/", views_plan.progress_add, name="progress_add"),
    path("plan/openbaar/", views_plan.plan_public, name="plan_public"),
    path("plan/openbaar/pdf/", views_plan.plan_public_pdf, name="plan_public_pdf"),
    path("preventie/", views_plan.activity_list, name="activity_list"),
    path("preventie/nieuw/", views_plan.activity_create, name="activity_create"),
    path("preventie/bereik/", views_plan.reach_overview, name="reach_overview"),
]
