"""TOTP secrets encrypted at rest (django-otp#67), and the security log: every
authentication decision and every denied access (OWASP ASVS 4.0.3 V7.2)."""

from __future__ import annotations

import importlib
import logging
from binascii import hexlify, unhexlify

import pytest
from cryptography.exceptions import InvalidTag
from django.apps import apps
from django.db import connection
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.otp_keys import PREFIX, decrypt_key, encrypt_key
from tests.conftest import current_totp
from tests.factories import TEST_PASSWORD, TOTPDeviceFactory

pytestmark = pytest.mark.django_db

SECURITY = "casusoverleg.security"


def _stored_key(device: TOTPDevice) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT key FROM otp_totp_totpdevice WHERE id = %s", [device.pk])
        return cursor.fetchone()[0]


# --- TOTP secrets at rest -------------------------------------------------------


def test_a_new_device_stores_its_secret_encrypted(partner):
    device = TOTPDevice.objects.get(user=partner)
    stored = _stored_key(device)
    assert stored.startswith(PREFIX)
    secret = device.bin_key
    assert len(secret) == 20
    assert hexlify(secret).decode() not in stored


def test_enrolment_and_login_work_with_the_encrypted_secret(partner):
    client = Client()
    assert client.post("/inloggen/", {"username": partner.username, "password": TEST_PASSWORD})[
        "Location"
    ] == ("/inloggen/verificatie/")
    device = TOTPDevice.objects.get(user=partner)
    response = client.post("/inloggen/verificatie/", {"token": current_totp(device)})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_the_enrolment_page_builds_its_qr_code_from_the_decrypted_secret(police):
    from tests.factories import UserFactory

    user = UserFactory(organisation=police)
    client = Client()
    client.force_login(user)
    html = client.get("/inloggen/tweestapsverificatie-instellen/").content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert _stored_key(device).startswith(PREFIX)
    import base64

    secret = base64.b32encode(device.bin_key).decode()
    shown = html.split('id="totp-secret">')[1].split("</code>")[0].replace(" ", "")
    assert shown == secret


def test_a_tampered_secret_is_refused_not_used(partner):
    device = TOTPDevice.objects.get(user=partner)
    stored = _stored_key(device)
    tampered = stored[:-2] + ("AA" if not stored.endswith("AA") else "BB")
    with pytest.raises((InvalidTag, ValueError)):
        decrypt_key(tampered)


def test_another_encryption_key_cannot_read_the_secrets(partner, settings):
    device = TOTPDevice.objects.get(user=partner)
    settings.OTP_KEY_ENCRYPTION_KEY = "A" * 43 + "="  # 32 bytes of zeros, base64
    with pytest.raises(InvalidTag):
        decrypt_key(_stored_key(device))


def test_migration_encrypts_existing_plain_keys_and_reverses():
    plain = "3132333435363738393031323334353637383930"
    device = TOTPDeviceFactory()
    # As django-otp left it before this migration: plain hex, written past the model.
    TOTPDevice.objects.filter(pk=device.pk).update(key=plain)
    assert _stored_key(device) == plain
    migration = importlib.import_module("accounts.migrations.0004_encrypt_totp_keys")
    migration.encrypt(apps, None)
    stored = _stored_key(device)
    assert stored.startswith(PREFIX) and plain not in stored
    assert decrypt_key(stored) == unhexlify(plain)
    migration.encrypt(apps, None)  # idempotent
    assert _stored_key(device) == stored
    migration.decrypt(apps, None)
    assert _stored_key(device) == plain


def test_each_encryption_uses_a_fresh_nonce():
    plain = "00" * 20
    assert encrypt_key(plain) != encrypt_key(plain)


# --- the security log -------------------------------------------------------------


def _lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == SECURITY]


def test_password_accepted_and_rejected_are_logged(caplog, partner):
    caplog.set_level(logging.INFO, logger=SECURITY)
    Client().post("/inloggen/", {"username": partner.username, "password": "fout-wachtwoord-1"})
    Client().post("/inloggen/", {"username": "bestaat-niet", "password": "fout-wachtwoord-1"})
    Client().post("/inloggen/", {"username": partner.username, "password": TEST_PASSWORD})
    lines = _lines(caplog)
    assert f"Password rejected for user id {partner.pk} from 127.0.0.1" in lines
    assert "Password rejected for an unknown username from 127.0.0.1" in lines
    assert f"Password accepted for user id {partner.pk} from 127.0.0.1" in lines
    # Never the username as typed.
    assert not any("bestaat-niet" in line or partner.username in line for line in lines)


def test_second_factor_decisions_and_lockout_are_logged(caplog, partner, settings):
    caplog.set_level(logging.INFO, logger=SECURITY)
    client = Client()
    client.post("/inloggen/", {"username": partner.username, "password": TEST_PASSWORD})
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/inloggen/verificatie/", {"token": "000000"})
    lines = _lines(caplog)
    assert any(
        line.startswith(f"Second factor rejected for user id {partner.pk}") for line in lines
    )
    assert any(
        line.startswith(f"Account locked after repeated failures: user id {partner.pk}")
        for line in lines
    )


def test_successful_second_factor_and_logout_are_logged(caplog, partner):
    caplog.set_level(logging.INFO, logger=SECURITY)
    client = Client()
    client.post("/inloggen/", {"username": partner.username, "password": TEST_PASSWORD})
    device = TOTPDevice.objects.get(user=partner)
    client.post("/inloggen/verificatie/", {"token": current_totp(device)})
    client.post("/uitloggen/")
    lines = _lines(caplog)
    assert f"Second factor verified for user id {partner.pk}" in lines
    assert f"Logged out user id {partner.pk}" in lines


def test_denied_access_is_logged(caplog, verified_client, password_only_client, partner):
    caplog.set_level(logging.INFO, logger=SECURITY)
    verified_client(partner).get("/beheer/gebruikers/")
    verified_client(partner).get("/casussen/999999/")
    password_only_client(partner).get("/casussen/")
    Client().get("/casussen/")
    lines = _lines(caplog)
    assert (
        f"Access denied (403): user id {partner.pk} (partner) GET /beheer/gebruikers/: "
        "role not in functional_admin"
    ) in lines
    assert (
        f"Not found or not permitted (404): user id {partner.pk} (partner) GET /casussen/999999/"
        in lines
    )
    assert f"Sent to second factor: user id {partner.pk} GET /casussen/" in lines
    assert "Sent to login (no session): GET /casussen/" in lines


# --- password policy ----------------------------------------------------------------


@pytest.mark.parametrize(
    "new_password",
    ["kort-1", "123456789012345", "password1234", "partner.police2026"],
    ids=["too-short", "numeric", "common", "like-the-username"],
)
def test_password_policy_refuses_weak_passwords(verified_client, partner, new_password):
    response = verified_client(partner).post(
        "/account/wachtwoord/",
        {
            "old_password": TEST_PASSWORD,
            "new_password1": new_password,
            "new_password2": new_password,
        },
    )
    assert response.status_code == 200
    assert "utrecht-form-field-error-message" in response.content.decode()
    partner.refresh_from_db()
    assert partner.check_password(TEST_PASSWORD)


def test_a_refusal_is_one_line_without_traceback(caplog, verified_client, partner):
    caplog.set_level(logging.INFO)
    response = verified_client(partner).get("/beheer/gebruikers/")
    assert response.status_code == 403
    refusals = [
        r for r in caplog.records if "403" in r.getMessage() or getattr(r, "status_code", 0) == 403
    ]
    assert [r.name for r in refusals] == [SECURITY]
    assert all(r.exc_info is None for r in caplog.records)


def test_a_real_error_keeps_its_traceback(caplog, verified_client, partner, monkeypatch):
    """A 500 is a bug: the log keeps the whole traceback for whoever fixes it."""
    from dashboards import views as dashboard_views

    def broken(request):
        raise RuntimeError("boom")

    monkeypatch.setitem(dashboard_views.DASHBOARDS, partner.role, broken)
    client = verified_client(partner)
    client.raise_request_exception = False
    caplog.set_level(logging.INFO)
    assert client.get("/").status_code == 500
    errors = [r for r in caplog.records if r.name == "django.request"]
    assert len(errors) == 1
    assert errors[0].exc_info is not None and isinstance(errors[0].exc_info[1], RuntimeError)
