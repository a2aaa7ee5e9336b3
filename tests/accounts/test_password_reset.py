"""Self-service password reset: no account enumeration, single-use link, the
second factor still required afterwards, other sessions ended."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from lelystad_radicalisering.roles import Role
from tests.conftest import current_totp
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RESET = "/wachtwoord-vergeten/"
NEW_PASSWORD = "een-gloednieuwe-wachtzin-2026"


def _request(email: str, capture) -> Client:
    client = Client()
    mail.outbox.clear()
    with capture(execute=True):
        response = client.post(RESET, {"email": email})
    assert response["Location"] == "/wachtwoord-vergeten/verstuurd/"
    return response


def _link() -> str:
    (message,) = mail.outbox
    return re.search(r"https?://[^/\s]+(/wachtwoord-vergeten/[^\s]+/)", message.body).group(1)


def _set_password(link: str, password: str = NEW_PASSWORD):
    client = Client()
    form = client.get(link, follow=True)
    assert "Kies een nieuw wachtwoord" in form.content.decode()
    return client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link,
        {"new_password1": password, "new_password2": password},
    )


def test_unknown_and_known_addresses_get_the_same_answer(
    partner, django_capture_on_commit_callbacks
):
    known = _request(partner.email, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    unknown = _request("niemand@example.org", django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 0
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    page = Client().get("/wachtwoord-vergeten/verstuurd/").content.decode()
    assert "Hoort het adres bij een actief account" in page


def test_inactive_and_uninvited_users_get_nothing(police, django_capture_on_commit_callbacks):
    from accounts.services import user_create

    inactive = UserFactory(organisation=police)
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])
    _request(inactive.email, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    uninvited = user_create(
        username="nog.niet",
        first_name="Nog",
        last_name="Niet",
        email="nognietingelogd@example.org",
        organisation=police,
        role=Role.PARTNER,
    )
    _request(uninvited.email, django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_reset_mail_holds_no_personal_data(partner, django_capture_on_commit_callbacks):
    _request(partner.email, django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    for personal in (partner.username, partner.last_name, partner.organisation.name):
        assert personal not in message.body


def test_after_the_reset_the_second_factor_is_still_required(
    partner, django_capture_on_commit_callbacks
):
    _request(partner.email, django_capture_on_commit_callbacks)
    response = _set_password(_link())
    assert response["Location"] == "/wachtwoord-vergeten/ingesteld/"
    partner.refresh_from_db()
    assert partner.check_password(NEW_PASSWORD)
    client = Client()
    # The reset did not log anyone in.
    assert client.get("/")["Location"].startswith("/inloggen/")
    client.post("/inloggen/", {"username": partner.username, "password": NEW_PASSWORD})
    assert client.get("/")["Location"] == "/inloggen/verificatie/"
    device = TOTPDevice.objects.get(user=partner, confirmed=True)
    client.post("/inloggen/verificatie/", {"token": current_totp(device)})
    assert client.get("/").status_code == 200


def test_reset_link_works_once(partner, django_capture_on_commit_callbacks):
    _request(partner.email, django_capture_on_commit_callbacks)
    link = _link()
    _set_password(link)
    again = Client().get(link, follow=True)
    assert "Deze link is niet meer geldig" in again.content.decode()


def test_reset_ends_every_other_session(
    partner, verified_client, django_capture_on_commit_callbacks
):
    thief = verified_client(partner)
    assert thief.get("/").status_code == 200
    _request(partner.email, django_capture_on_commit_callbacks)
    _set_password(_link())
    assert thief.get("/")["Location"].startswith("/inloggen/")


def test_a_password_change_alone_invalidates_a_session_via_its_auth_hash(partner, verified_client):
    """Even a session the reset did not delete (e.g. restored from a backup) dies:
    the session carries a hash of the password."""
    other = verified_client(partner)
    assert other.get("/").status_code == 200
    partner.set_password(NEW_PASSWORD)
    partner.save(update_fields=["password"])
    assert other.get("/")["Location"].startswith("/inloggen/")
