"""Nothing but login and 2FA enrolment without two factors, for every URL."""

from __future__ import annotations

import pytest
from django.urls import resolve

from accounts.middleware import OPEN_VIEWS
from tests.urlwalk import all_routes

EXPECTED_OPEN_VIEWS = {
    "accounts:login",
    "accounts:logout",
    "accounts:verify",
    "accounts:setup",
    # Single sign-on: to the organisation's provider and back (issue 23).
    "accounts:sso_start",
    "accounts:sso_callback",
    # Reached from an e-mail before any login (issue 14): each refuses a
    # logged-in session or shows only what an anonymous visitor may see.
    "accounts:invitation",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "health",
    "set_language",
}

ROUTES = all_routes()


def test_allowlist_is_short_and_explicit():
    assert set(OPEN_VIEWS) == EXPECTED_OPEN_VIEWS


def test_walker_finds_the_known_urls():
    names = {route.view_name for route in ROUTES}
    # A sanity check that the walker really walks: these exist since the foundation.
    assert {
        "dashboards:start",
        "administration:user_list",
        "network:organisation_list",
        "admin:index",
    } <= names
    assert len(ROUTES) > 20


# Token APIs (issue 23) read no session: they answer 401 themselves. The list is
# explicit, so a view cannot slip out of the second-factor rule unnoticed.
EXPECTED_TOKEN_APIS = {
    "api:signal_list",
    "api:signal_detail",
    "api:categories",
    "api:urgencies",
    "api:sources",
    "api:neighbourhoods",
}


def _authenticates_itself(route) -> bool:
    view_class = getattr(resolve(route.path).func, "view_class", None)
    return getattr(view_class, "authenticates_itself", False)


TOKEN_APIS = [route for route in ROUTES if _authenticates_itself(route)]
PROTECTED = [
    route
    for route in ROUTES
    if route.view_name not in EXPECTED_OPEN_VIEWS and route not in TOKEN_APIS
]


def test_token_apis_are_exactly_the_partner_api():
    assert {route.view_name for route in TOKEN_APIS} == EXPECTED_TOKEN_APIS


@pytest.mark.django_db
@pytest.mark.parametrize("route", TOKEN_APIS, ids=str)
@pytest.mark.parametrize("method", ["get", "post"])
def test_token_api_refuses_sessions_and_the_anonymous(
    client, password_only_client, coordinator, route, method
):
    for session_client in (client, password_only_client(coordinator)):
        response = getattr(session_client, method)(route.path)
        assert response.status_code == 401, route
        assert response["Content-Type"] == "application/problem+json"


@pytest.mark.django_db
@pytest.mark.parametrize("route", PROTECTED, ids=str)
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_is_sent_to_login(client, route, method):
    response = getattr(client, method)(route.path)
    assert response.status_code == 302, route
    assert response["Location"].startswith("/inloggen/?next="), response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("route", PROTECTED, ids=str)
@pytest.mark.parametrize("method", ["get", "post"])
def test_password_only_user_is_sent_to_second_factor(
    password_only_client, coordinator, route, method
):
    client = password_only_client(coordinator)
    response = getattr(client, method)(route.path)
    assert response.status_code == 302, route
    assert response["Location"] == "/inloggen/verificatie/"


@pytest.mark.django_db
def test_password_only_user_without_device_goes_on_to_enrolment(password_only_client, police):
    from tests.factories import UserFactory

    user = UserFactory(organisation=police)
    client = password_only_client(user)
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == "/inloggen/tweestapsverificatie-instellen/"


@pytest.mark.django_db
def test_django_admin_refuses_verified_non_staff(verified_client, coordinator):
    assert verified_client(coordinator).get("/django-admin/").status_code == 403


@pytest.mark.django_db
def test_django_admin_requires_verified_otp_even_for_superuser(password_only_client, coordinator):
    coordinator.is_staff = coordinator.is_superuser = True
    coordinator.save(update_fields=["is_staff", "is_superuser"])
    response = password_only_client(coordinator).get("/django-admin/")
    assert response.status_code == 302
    assert response["Location"] == "/inloggen/verificatie/"


@pytest.mark.django_db
def test_django_admin_open_to_verified_superuser(verified_client, coordinator):
    coordinator.is_staff = coordinator.is_superuser = True
    coordinator.save(update_fields=["is_staff", "is_superuser"])
    assert verified_client(coordinator).get("/django-admin/").status_code == 200
