from __future__ import annotations

from django.urls import path, re_path

from . import views, views_administration

app_name = "api"

urlpatterns = [
    path("api/v1/signals/", views.SignalCollectionView.as_view(), name="signal_list"),
    # Any text: a malformed id gets the API's 404 problem, not an HTML page.
    re_path(
        r"^api/v1/signals/(?P<id>[^/]+)/$",
        views.SignalDetailView.as_view(),
        name="signal_detail",
    ),
    path("api/v1/reference/categories/", views.CategoryListView.as_view(), name="categories"),
    path("api/v1/reference/urgencies/", views.UrgencyListView.as_view(), name="urgencies"),
    path("api/v1/reference/sources/", views.SourceListView.as_view(), name="sources"),
    path(
        "api/v1/reference/neighbourhoods/",
        views.NeighbourhoodListView.as_view(),
        name="neighbourhoods",
    ),
    path("beheer/api/", views_administration.documentation, name="documentation"),
    path("beheer/api/openapi.json", views_administration.schema, name="schema"),
    path(
        "beheer/systeemkoppelingen/",
        views_administration.system_account_list,
        name="system_account_list",
    ),
    path(
        "beheer/systeemkoppelingen/nieuw/",
        views_administration.system_account_create,
        name="system_account_create",
    ),
    path(
        "beheer/systeemkoppelingen/<int:pk>/",
        views_administration.system_account_detail,
        name="system_account_detail",
    ),
    path(
        "beheer/systeemkoppelingen/<int:pk>/intrekken/",
        views_administration.system_account_revoke,
        name="system_account_revoke",
    ),
]
