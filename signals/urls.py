from __future__ import annotations

from django.urls import path

from . import views, views_neighbourhoods, views_triage

app_name = "signals"

urlpatterns = [
    path("signalen/", views.signal_list, name="signal_list"),
    path("netwerk/spanningen/", views.tension_overview, name="tension_overview"),
    path("signalen/nieuw/", views.signal_create, name="signal_create"),
    path("signalen/<int:pk>/", views.signal_detail, name="signal_detail"),
    path("signalen/<int:pk>/ontvangen/", views.signal_confirmation, name="confirmation"),
    path("signalen/<int:pk>/aanvullen/", views.signal_supplement, name="signal_supplement"),
    path(
        "signalen/<int:pk>/bijlagen/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path("triage/", views_triage.triage_inbox, name="triage_inbox"),
    path("triage/<int:pk>/", views_triage.triage_detail, name="triage_detail"),
    path("triage/<int:pk>/besluit/", views_triage.triage_decide, name="triage_decide"),
    path(
        "triage/<int:pk>/personen/<int:person_pk>/koppelen/",
        views_triage.triage_person_link,
        name="triage_person_link",
    ),
    path(
        "triage/<int:pk>/personen/<int:person_pk>/ontkoppelen/",
        views_triage.triage_person_unlink,
        name="triage_person_unlink",
    ),
    path("betrokkenen/<int:pk>/", views_triage.person_detail, name="person_detail"),
    path("beheer/wijken/", views_neighbourhoods.neighbourhood_list, name="neighbourhood_list"),
    path(
        "beheer/wijken/<int:pk>/actief/",
        views_neighbourhoods.neighbourhood_toggle,
        name="neighbourhood_toggle",
    ),
]
