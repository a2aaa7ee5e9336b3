"""Functional administration: manages users, sees nothing else."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import BackupCodeDevice, User
from lelystad_radicalisering.roles import Role
from tests.conftest import current_totp
from tests.factories import TEST_PASSWORD
from tests.urlwalk import all_routes

pytestmark = pytest.mark.django_db

# What a functional administrator may open; everything else answers 403.
ADMINISTRATOR_VIEWS = {
    "dashboards:start",
    "accounts:account",
    "accounts:account_password",
    "accounts:account_backup_codes",
    "accounts:session_status",
    "accounts:session_keepalive",
    # Every role has a notification centre (issue 14); nothing in it is case content.
    "notifications:notification_list",
    "notifications:notification_open",
    "notifications:notification_read",
    "notifications:notifications_read_all",
    "notifications:preferences",
    "accounts:login",
    "accounts:logout",
    "accounts:verify",
    "accounts:setup",
    "accounts:sso_start",
    "accounts:sso_callback",
    "accounts:invitation",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "health",
    "set_language",
    # The partner directory and its covenants, maintained with the coordinator.
    "network:directory",
    "network:organisation_page",
    "network:covenant_edit",
    "network:covenant_download",
    "network:contact_add",
    "network:contact_remove",
    # Suggestions for the organisation search fields of the user forms.
    "network:organisation_suggestions",
}
ADMINISTRATION_PREFIXES = (
    "administration:",
    # System accounts for partner systems and the API's description.
    "api:system_account",
    "api:documentation",
    "api:schema",
    "network:organisation_list",
    "network:organisation_create",
    "network:organisation_detail",
    "signals:neighbourhood_",
)

# The partner-system API answers a session with 401 whoever it is (tests/api).
TOKEN_ONLY = "/api/v1/"

ROUTES = all_routes()
FORBIDDEN_TO_ADMINISTRATOR = [
    route
    for route in ROUTES
    if route.view_name not in ADMINISTRATOR_VIEWS
    and not route.path.startswith(TOKEN_ONLY)
    and not route.view_name.startswith(ADMINISTRATION_PREFIXES)
]
ADMINISTRATION_ROUTES = [r for r in ROUTES if r.view_name.startswith(ADMINISTRATION_PREFIXES)]


@pytest.mark.parametrize("route", FORBIDDEN_TO_ADMINISTRATOR, ids=str)
def test_functional_admin_gets_403_on_everything_else(verified_client, functional_admin, route):
    response = verified_client(functional_admin).get(route.path)
    assert response.status_code == 403, route


@pytest.mark.parametrize("route", ADMINISTRATION_ROUTES, ids=str)
@pytest.mark.parametrize(
    "role", [Role.PARTNER, Role.COORDINATOR, Role.MANAGEMENT, Role.PRIVACY_OFFICER]
)
def test_other_roles_cannot_reach_administration(verified_client, cast, route, role):
    client = verified_client(cast[role])
    assert client.get(route.path).status_code == 403
    assert client.post(route.path, {"role": Role.FUNCTIONAL_ADMIN}).status_code == 403


def test_administration_pages_render(verified_client, functional_admin, partner):
    client = verified_client(functional_admin)
    for path in (
        "/beheer/gebruikers/",
        "/beheer/gebruikers/nieuw/",
        f"/beheer/gebruikers/{partner.pk}/",
        "/beheer/organisaties/",
        "/beheer/organisaties/nieuw/",
        f"/beheer/organisaties/{partner.organisation_id}/",
    ):
        assert client.get(path).status_code == 200, path


def test_user_list_filters_in_the_database(
    verified_client, functional_admin, partner, other_partner
):
    client = verified_client(functional_admin)
    html = client.get(
        "/beheer/gebruikers/", {"organisation": partner.organisation_id}
    ).content.decode()
    assert partner.username in html and other_partner.username not in html
    html = client.get("/beheer/gebruikers/", {"q": "youth"}).content.decode()
    assert other_partner.username in html and partner.username not in html


def test_user_list_query_count_does_not_grow(
    verified_client, functional_admin, police, django_assert_max_num_queries
):
    from tests.factories import UserFactory

    client = verified_client(functional_admin)
    UserFactory.create_batch(3, organisation=police)
    with django_assert_max_num_queries(12) as few:
        client.get("/beheer/gebruikers/")
    UserFactory.create_batch(40, organisation=police)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/beheer/gebruikers/")


def test_create_user_puts_them_in_their_organisation_group(
    verified_client, functional_admin, police
):
    response = verified_client(functional_admin).post(
        "/beheer/gebruikers/nieuw/",
        {
            "username": "J.Jansen",
            "first_name": "Jan",
            "last_name": "Jansen",
            "email": "j.jansen@example.org",
            "organisation": police.pk,
            "role": Role.PARTNER,
        },
    )
    user = User.objects.get(username="j.jansen")
    assert response["Location"] == f"/beheer/gebruikers/{user.pk}/"
    assert list(user.groups.all()) == [police.group]
    assert not user.has_usable_password()


def test_create_user_with_bad_input_shows_dutch_errors_and_keeps_input(
    verified_client, functional_admin, police, partner
):
    response = verified_client(functional_admin).post(
        "/beheer/gebruikers/nieuw/",
        {
            "username": partner.username,
            "first_name": "Jan",
            "last_name": "",
            "email": "geen-email",
            "organisation": police.pk,
            "role": "superuser",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Deze gebruikersnaam is al in gebruik." in html
    assert "Dit veld is verplicht." in html
    assert "Voer een geldig e-mailadres in." in html
    assert "Selecteer een geldige keuze." in html
    assert 'value="Jan"' in html
    assert User.objects.filter(first_name="Jan").count() == 0


def test_organisation_of_an_account_cannot_change(
    verified_client, functional_admin, partner, youth_care
):
    client = verified_client(functional_admin)
    html = client.get(f"/beheer/gebruikers/{partner.pk}/").content.decode()
    assert "deactiveer dit account en nodig de gebruiker opnieuw uit" in html
    response = client.post(
        f"/beheer/gebruikers/{partner.pk}/",
        {
            "first_name": "Test",
            "last_name": "Verhuisd",
            "email": partner.email,
            "organisation": youth_care.pk,
            "role": Role.PARTNER,
            "is_active": "on",
        },
    )
    assert response.status_code == 302  # the disabled field keeps its stored value
    partner.refresh_from_db()
    assert partner.organisation != youth_care
    assert partner.last_name == "Verhuisd"
    assert list(partner.groups.all()) == [partner.organisation.group]


def test_service_refuses_an_organisation_change(functional_admin, partner, youth_care):
    from accounts.services import OrganisationChangeRefused, user_update

    with pytest.raises(OrganisationChangeRefused):
        user_update(
            actor=functional_admin,
            user=partner,
            first_name=partner.first_name,
            last_name=partner.last_name,
            email=partner.email,
            organisation=youth_care,
            role=Role.PARTNER,
            is_active=True,
        )
    partner.refresh_from_db()
    assert partner.organisation != youth_care


def test_deactivating_a_user_ends_their_sessions(verified_client, functional_admin, partner):
    partner_client = verified_client(partner)
    assert partner_client.get("/").status_code == 200
    verified_client(functional_admin).post(
        f"/beheer/gebruikers/{partner.pk}/",
        {
            "first_name": partner.first_name,
            "last_name": partner.last_name,
            "email": partner.email,
            "organisation": partner.organisation_id,
            "role": Role.PARTNER,
        },
    )
    partner.refresh_from_db()
    assert not partner.is_active
    assert partner_client.get("/")["Location"].startswith("/inloggen/")


def test_functional_admin_cannot_raise_own_role(verified_client, functional_admin, police):
    client = verified_client(functional_admin)
    response = client.post(
        f"/beheer/gebruikers/{functional_admin.pk}/",
        {
            "first_name": "Ik",
            "last_name": "Zelf",
            "email": functional_admin.email,
            "organisation": police.pk,
            "role": Role.COORDINATOR,
            "is_active": "on",
        },
    )
    assert response.status_code == 302  # disabled fields keep their stored values
    functional_admin.refresh_from_db()
    assert functional_admin.role == Role.FUNCTIONAL_ADMIN
    assert functional_admin.organisation != police
    assert functional_admin.is_active
    assert functional_admin.last_name == "Zelf"


def test_service_refuses_self_escalation_even_without_the_form(functional_admin, police):
    from accounts.services import SelfEscalation, user_update

    with pytest.raises(SelfEscalation):
        user_update(
            actor=functional_admin,
            user=functional_admin,
            first_name="x",
            last_name="y",
            email=functional_admin.email,
            organisation=functional_admin.organisation,
            role=Role.COORDINATOR,
            is_active=True,
        )


def test_no_form_offers_staff_or_superuser(verified_client, functional_admin, partner):
    html = (
        verified_client(functional_admin).get(f"/beheer/gebruikers/{partner.pk}/").content.decode()
    )
    assert "is_staff" not in html and "is_superuser" not in html


def test_reset_two_factor_forces_re_enrolment(verified_client, functional_admin, partner):
    partner_client = verified_client(partner)
    response = verified_client(functional_admin).post(
        f"/beheer/gebruikers/{partner.pk}/2fa-resetten/", {"confirm": "yes"}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=partner).exists()
    assert not BackupCodeDevice.objects.filter(user=partner).exists()
    # The running session is gone; the next login leads to enrolment.
    assert partner_client.get("/")["Location"].startswith("/inloggen/")
    client = Client()
    client.post("/inloggen/", {"username": partner.username, "password": TEST_PASSWORD})
    assert (
        client.get("/", follow=True).redirect_chain[-1][0]
        == "/inloggen/tweestapsverificatie-instellen/"
    )
    client.get("/inloggen/tweestapsverificatie-instellen/")
    device = TOTPDevice.objects.get(user=partner, confirmed=False)
    client.post("/inloggen/tweestapsverificatie-instellen/", {"token": current_totp(device)})
    assert client.get("/").status_code == 200


def test_reset_two_factor_names_the_consequence_and_needs_the_confirmation(
    verified_client, functional_admin, partner, settings
):
    from accounts.services import backup_codes_generate

    backup_codes_generate(user=partner)
    client = verified_client(functional_admin)
    html = client.get(f"/beheer/gebruikers/{partner.pk}/").content.decode()
    assert f"{partner.get_full_name()} wordt direct uitgelogd" in html
    assert f"{settings.BACKUP_CODE_COUNT} ongebruikte reservecodes worden verwijderd" in html
    response = client.post(f"/beheer/gebruikers/{partner.pk}/2fa-resetten/", follow=True)
    assert "Bevestig het resetten van de tweestapsverificatie." in response.content.decode()
    assert TOTPDevice.objects.filter(user=partner, confirmed=True).exists()


def test_reset_two_factor_requires_post(verified_client, functional_admin, partner):
    response = verified_client(functional_admin).get(
        f"/beheer/gebruikers/{partner.pk}/2fa-resetten/"
    )
    assert response.status_code == 405
    assert TOTPDevice.objects.filter(user=partner).exists()


def test_functional_admin_cannot_reset_own_two_factor(verified_client, functional_admin):
    verified_client(functional_admin).post(
        f"/beheer/gebruikers/{functional_admin.pk}/2fa-resetten/", {"confirm": "yes"}
    )
    assert TOTPDevice.objects.filter(user=functional_admin).exists()


def test_unlock_clears_a_lockout(verified_client, functional_admin, partner, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        Client().post(
            "/inloggen/", {"username": partner.username, "password": "wrong-password-123"}
        )
    assert (
        Client()
        .post("/inloggen/", {"username": partner.username, "password": TEST_PASSWORD})
        .status_code
        == 429
    )
    verified_client(functional_admin).post(f"/beheer/gebruikers/{partner.pk}/ontgrendelen/")
    response = Client().post(
        "/inloggen/", {"username": partner.username, "password": TEST_PASSWORD}
    )
    assert response["Location"] == "/inloggen/verificatie/"


def test_missing_user_answers_404(verified_client, functional_admin):
    assert verified_client(functional_admin).get("/beheer/gebruikers/999999/").status_code == 404


def test_user_changes_are_in_the_audit_log_with_the_actor(
    verified_client, functional_admin, partner
):
    from auditlog.models import LogEntry

    verified_client(functional_admin).post(
        f"/beheer/gebruikers/{partner.pk}/",
        {
            "first_name": partner.first_name,
            "last_name": "Nieuwe Achternaam",
            "email": partner.email,
            "organisation": partner.organisation_id,
            "role": Role.PARTNER,
            "is_active": "on",
        },
    )
    entry = (
        LogEntry.objects.get_for_object(partner)
        .filter(action=LogEntry.Action.UPDATE)
        .latest("timestamp")
    )
    assert entry.actor == functional_admin
    assert "last_name" in entry.changes_dict
    assert "password" not in entry.changes_dict
