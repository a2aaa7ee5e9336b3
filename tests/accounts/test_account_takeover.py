"""Paths by which someone who knows (or chose) a password could take an account over."""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from lelystad_radicalisering.roles import Role
from tests.conftest import current_totp

pytestmark = pytest.mark.django_db

SETUP = "/inloggen/tweestapsverificatie-instellen/"


def _create_via_admin(client, police) -> User:
    client.post(
        "/beheer/gebruikers/nieuw/",
        {
            "username": "nieuw",
            "first_name": "Nieuwe",
            "last_name": "Collega",
            "email": "nieuw@example.org",
            "organisation": police.pk,
            "role": Role.PARTNER,
            # An old client still sending a password: it must be ignored.
            "password": "startwachtwoord-van-beheer",
        },
    )
    return User.objects.get(username="nieuw")


def _enrol(client: Client, user: User, password: str) -> None:
    client.post("/inloggen/", {"username": user.username, "password": password})
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    client.post(SETUP, {"token": current_totp(device)})


def test_an_administrator_can_never_choose_a_users_password(
    verified_client, functional_admin, police
):
    user = _create_via_admin(verified_client(functional_admin), police)
    assert not user.has_usable_password()
    response = Client().post(
        "/inloggen/", {"username": "nieuw", "password": "startwachtwoord-van-beheer"}
    )
    assert response.status_code == 200
    assert "Gebruikersnaam of wachtwoord onjuist." in response.content.decode()


def test_enrolment_secret_seen_in_another_session_stops_working(police):
    from tests.factories import UserFactory

    user = UserFactory(username="slachtoffer", organisation=police)
    attacker, victim = Client(), Client()
    attacker.post(
        "/inloggen/", {"username": user.username, "password": "correct-horse-battery-staple-42"}
    )
    attacker.get(SETUP)
    stolen = TOTPDevice.objects.get(user=user, confirmed=False)

    _enrol(victim, user, "correct-horse-battery-staple-42")
    assert victim.get("/").status_code == 200
    confirmed = TOTPDevice.objects.get(user=user)
    assert confirmed.confirmed and confirmed.key != stolen.key
    assert not TOTPDevice.objects.filter(pk=stolen.pk).exists()

    # The attacker's copy of the secret is worthless for the verification step.
    later = Client()
    later.post(
        "/inloggen/", {"username": user.username, "password": "correct-horse-battery-staple-42"}
    )
    response = later.post("/inloggen/verificatie/", {"token": current_totp(stolen)})
    assert response.status_code == 200
    assert later.get("/")["Location"] == "/inloggen/verificatie/"


def test_new_backup_codes_keep_a_session_verified_with_a_backup_code(police):
    from tests.factories import UserFactory

    user = UserFactory(username="reserve", organisation=police)
    first = Client()
    first.post(
        "/inloggen/", {"username": user.username, "password": "correct-horse-battery-staple-42"}
    )
    first.get(SETUP)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    page = first.post(SETUP, {"token": current_totp(device)}).content.decode()
    codes = re.findall(r"<code class=\"utrecht-code\">([a-z0-9-]+)</code>", page)

    client = Client()
    client.post(
        "/inloggen/", {"username": user.username, "password": "correct-horse-battery-staple-42"}
    )
    client.post("/inloggen/verificatie/", {"token": codes[0]})
    assert client.get("/account/").status_code == 200
    client.post("/account/reservecodes/")
    assert client.get("/account/").status_code == 200


def test_session_key_changes_when_the_second_factor_is_verified(client, partner):
    device = TOTPDevice.objects.get(user=partner)
    client.post(
        "/inloggen/", {"username": partner.username, "password": "correct-horse-battery-staple-42"}
    )
    half = client.session.session_key
    client.post("/inloggen/verificatie/", {"token": current_totp(device)})
    assert client.session.session_key != half


def test_functional_admin_cannot_touch_technical_superusers(
    verified_client, functional_admin, coordinator
):
    coordinator.is_superuser = coordinator.is_staff = True
    coordinator.save(update_fields=["is_superuser", "is_staff"])
    client = verified_client(functional_admin)
    assert (
        f"/beheer/gebruikers/{coordinator.pk}/"
        not in client.get("/beheer/gebruikers/").content.decode()
    )
    assert client.get(f"/beheer/gebruikers/{coordinator.pk}/").status_code == 404
    assert client.post(f"/beheer/gebruikers/{coordinator.pk}/2fa-resetten/").status_code == 404
    assert TOTPDevice.objects.filter(user=coordinator).exists()


def test_totp_secrets_are_not_in_the_django_admin():
    assert not admin.site.is_registered(TOTPDevice)


def test_audit_address_cannot_be_forged_with_x_forwarded_for(
    verified_client, functional_admin, partner, settings
):
    from auditlog.models import LogEntry

    settings.TRUSTED_PROXY_COUNT = 0
    verified_client(functional_admin).post(
        f"/beheer/gebruikers/{partner.pk}/",
        {
            "first_name": "A",
            "last_name": "B",
            "email": partner.email,
            "organisation": partner.organisation_id,
            "role": Role.PARTNER,
            "is_active": "on",
        },
        HTTP_X_FORWARDED_FOR="6.6.6.6",
        REMOTE_ADDR="10.1.2.3",
    )
    entry = LogEntry.objects.get_for_object(partner).latest("timestamp")
    assert entry.remote_addr == "10.1.2.3"


def test_behind_one_trusted_proxy_the_proxy_added_address_counts(rf, settings):
    from lelystad_radicalisering.middleware import client_ip

    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.7", REMOTE_ADDR="10.0.0.1")
    assert client_ip(request) == "192.0.2.7"
