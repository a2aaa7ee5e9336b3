from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import BackupCode, BackupCodeDevice
from tests.conftest import current_totp
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/inloggen/"
VERIFY = "/inloggen/verificatie/"
SETUP = "/inloggen/tweestapsverificatie-instellen/"


def password_step(client: Client, username: str, password: str = TEST_PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


def test_wrong_password_shows_dutch_message_and_no_session(client, partner):
    response = password_step(client, partner.username, "wrong-password-123")
    assert response.status_code == 200
    assert "Gebruikersnaam of wachtwoord onjuist." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_unknown_user_gets_the_same_message_as_wrong_password(client, partner):
    unknown = password_step(client, "nobody-here", "wrong-password-123").content.decode()
    wrong = password_step(Client(), partner.username, "wrong-password-123").content.decode()
    message = "Gebruikersnaam of wachtwoord onjuist."
    assert message in unknown and message in wrong


def test_inactive_user_cannot_log_in(client, partner):
    partner.is_active = False
    partner.save(update_fields=["is_active"])
    response = password_step(client, partner.username)
    assert "Gebruikersnaam of wachtwoord onjuist." in response.content.decode()


def test_correct_password_leads_to_second_factor_not_to_the_app(client, partner):
    response = password_step(client, partner.username)
    assert response.status_code == 302
    assert response["Location"] == VERIFY
    assert client.get("/")["Location"] == VERIFY


def test_username_is_case_insensitive_at_login(client, partner):
    response = password_step(client, partner.username.upper())
    assert response["Location"] == VERIFY


def test_locked_out_after_five_failed_passwords(client, partner):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = password_step(client, partner.username, "wrong-password-123")
        assert response.status_code == 200
    response = password_step(client, partner.username, "wrong-password-123")
    assert response.status_code == 429
    assert "Account tijdelijk geblokkeerd" in response.content.decode()
    # Even the right password is refused now.
    response = password_step(Client(), partner.username)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_ends_after_cool_off(client, partner):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        password_step(client, partner.username, "wrong-password-123")
    with time_machine.travel(timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(minutes=1)):
        assert password_step(Client(), partner.username)["Location"] == VERIFY


def test_full_login_with_totp_reaches_start_page(client, partner):
    device = TOTPDevice.objects.get(user=partner)
    password_step(client, partner.username)
    response = client.post(VERIFY, {"token": current_totp(device)})
    assert response.status_code == 302
    assert response["Location"] == "/"
    page = client.get("/")
    assert page.status_code == 200
    assert "Welkom, Test" in page.content.decode()


def test_login_returns_to_the_requested_page(client, partner):
    device = TOTPDevice.objects.get(user=partner)
    first = client.get("/account/")
    assert first["Location"] == "/inloggen/?next=%2Faccount%2F"
    client.post(
        LOGIN + "?next=/account/",
        {"username": partner.username, "password": TEST_PASSWORD, "next": "/account/"},
    )
    response = client.post(VERIFY, {"token": current_totp(device)})
    assert response["Location"] == "/account/"


def test_login_does_not_redirect_to_another_site(client, partner):
    device = TOTPDevice.objects.get(user=partner)
    client.post(
        LOGIN,
        {"username": partner.username, "password": TEST_PASSWORD, "next": "https://evil.example/"},
    )
    response = client.post(VERIFY, {"token": current_totp(device)})
    assert response["Location"] == "/"


def test_wrong_totp_is_rejected_in_dutch(client, partner):
    device = TOTPDevice.objects.get(user=partner)
    password_step(client, partner.username)
    wrong = f"{(int(current_totp(device)) + 1) % 1_000_000:06d}"
    response = client.post(VERIFY, {"token": wrong})
    assert response.status_code == 200
    assert "Deze code is onjuist, verlopen of al gebruikt." in response.content.decode()
    assert client.get("/")["Location"] == VERIFY


def test_reused_totp_code_is_rejected(client, partner):
    device = TOTPDevice.objects.get(user=partner)
    code = current_totp(device)
    password_step(client, partner.username)
    assert client.post(VERIFY, {"token": code})["Location"] == "/"
    # Someone who saw the code tries it in another session within the same time window.
    other = Client()
    password_step(other, partner.username)
    response = other.post(VERIFY, {"token": code})
    assert response.status_code == 200
    assert other.get("/")["Location"] == VERIFY


def test_failed_codes_count_towards_lockout(client, partner):
    device = TOTPDevice.objects.get(user=partner)
    password_step(client, partner.username)
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        # Step the clock past django-otp's own throttling delay between tries.
        with time_machine.travel(timezone.now() + timedelta(seconds=2 ** (attempt + 1))):
            response = client.post(
                VERIFY, {"token": "000000" if current_totp(device) != "000000" else "111111"}
            )
    assert response.status_code == 429
    assert "Account tijdelijk geblokkeerd" in response.content.decode()
    # The half-logged-in session is gone and the password alone no longer helps.
    assert "_auth_user_id" not in client.session
    assert password_step(Client(), partner.username).status_code == 429


def test_password_relogin_does_not_reset_code_failures(client, partner):
    """Guessing codes, then logging in with the password again, must not start a fresh count."""
    password_step(client, partner.username)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(VERIFY, {"token": "abcdefghjk"})
    fresh = Client()
    assert password_step(fresh, partner.username)["Location"] == VERIFY
    response = fresh.post(VERIFY, {"token": "abcdefghjk"})
    assert response.status_code == 429


def test_successful_full_login_clears_earlier_failures(client, partner):
    device = TOTPDevice.objects.get(user=partner)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        password_step(Client(), partner.username, "wrong-password-123")
    password_step(client, partner.username)
    client.post(VERIFY, {"token": current_totp(device)})
    assert not AccessAttempt.objects.filter(username=partner.username).exists()


def test_failed_code_is_logged_without_the_code(client, partner, caplog):
    password_step(client, partner.username)
    client.post(VERIFY, {"token": "123456"})
    messages = [r.getMessage() for r in caplog.records if r.name == "casusoverleg.security"]
    assert any("Second factor rejected" in m and str(partner.pk) in m for m in messages)
    assert not any("123456" in m for m in messages)


# --- enrolment -----------------------------------------------------------------


@pytest.fixture
def new_user(police):
    return UserFactory(username="nieuw", organisation=police)


def test_enrolment_with_real_totp_code_and_ten_hashed_backup_codes(client, new_user):
    assert password_step(client, new_user.username)["Location"] == VERIFY
    assert client.get(VERIFY)["Location"] == SETUP
    page = client.get(SETUP)
    assert page.status_code == 200
    html = page.content.decode()
    assert "data:image/svg+xml;base64," in html  # QR code
    device = TOTPDevice.objects.get(user=new_user, confirmed=False)
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', html).group(1).replace(" ", "")
    import base64

    assert base64.b32decode(secret) == device.bin_key

    response = client.post(SETUP, {"token": current_totp(device)})
    assert response.status_code == 200
    codes = re.findall(
        r"<code class=\"utrecht-code\">([a-z0-9-]+)</code>", response.content.decode()
    )
    assert len(codes) == 10 and len(set(codes)) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/").status_code == 200
    # Stored only as salted hashes: no code appears in the database.
    stored = list(
        BackupCode.objects.filter(device__user=new_user).values_list("code_hash", flat=True)
    )
    assert len(stored) == 10
    for code in codes:
        assert code not in stored and code.replace("-", "") not in stored


def test_enrolment_rejects_wrong_code_and_keeps_the_same_key(client, new_user):
    password_step(client, new_user.username)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=new_user, confirmed=False)
    wrong = f"{(int(current_totp(device)) + 1) % 1_000_000:06d}"
    response = client.post(SETUP, {"token": wrong})
    assert "Deze code is onjuist of verlopen." in response.content.decode()
    assert TOTPDevice.objects.filter(user=new_user).count() == 1
    assert not TOTPDevice.objects.get(user=new_user).confirmed
    assert client.get("/")["Location"] == VERIFY


def test_enrolment_rejects_non_digits_next_to_the_field(client, new_user):
    password_step(client, new_user.username)
    response = client.post(SETUP, {"token": "12ab56"})
    assert "Vul de zes cijfers in die uw authenticator-app toont." in response.content.decode()


def test_password_alone_cannot_add_a_second_device(client, partner):
    """An attacker with only the password must not enrol an app of their own."""
    password_step(client, partner.username)
    response = client.get(SETUP)
    assert response["Location"] == VERIFY
    response = client.post(SETUP, {"token": "123456"})
    assert response["Location"] == VERIFY
    assert TOTPDevice.objects.filter(user=partner).count() == 1


def test_no_remember_this_browser_and_no_sms(client, partner):
    password_step(client, partner.username)
    html = client.get(VERIFY).content.decode().lower()
    assert "onthoud" not in html and "remember" not in html and "sms" not in html


# --- backup codes --------------------------------------------------------------


def _enrol(client, user) -> list[str]:
    password_step(client, user.username)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(SETUP, {"token": current_totp(device)})
    return re.findall(
        r"<code class=\"utrecht-code\">([a-z0-9-]+)</code>", response.content.decode()
    )


def test_backup_code_works_exactly_once(client, new_user):
    codes = _enrol(client, new_user)
    client.post("/uitloggen/")

    first = Client()
    password_step(first, new_user.username)
    assert first.post(VERIFY, {"token": codes[0].upper()})["Location"] == "/"
    assert BackupCode.objects.filter(device__user=new_user).count() == 9

    second = Client()
    password_step(second, new_user.username)
    response = second.post(VERIFY, {"token": codes[0]})
    assert response.status_code == 200
    assert "Deze code is onjuist, verlopen of al gebruikt." in response.content.decode()


def test_regenerating_backup_codes_invalidates_the_old_ones(client, new_user):
    codes = _enrol(client, new_user)
    response = client.post("/account/reservecodes/")
    new_codes = re.findall(
        r"<code class=\"utrecht-code\">([a-z0-9-]+)</code>", response.content.decode()
    )
    assert len(new_codes) == 10 and not set(new_codes) & set(codes)
    assert BackupCodeDevice.objects.filter(user=new_user).count() == 1
    other = Client()
    password_step(other, new_user.username)
    assert other.post(VERIFY, {"token": codes[1]}).status_code == 200  # old code refused
    assert other.post(VERIFY, {"token": new_codes[1]})["Location"] == "/"


# --- sessions ------------------------------------------------------------------


def test_session_ends_after_idle_timeout(client, partner):
    device = TOTPDevice.objects.get(user=partner)
    password_step(client, partner.username)
    client.post(VERIFY, {"token": current_totp(device)})
    assert client.get("/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=settings.SESSION_IDLE_MINUTES - 1)):
        assert client.get("/").status_code == 200  # activity keeps the session alive
    later = timezone.now() + timedelta(minutes=2 * settings.SESSION_IDLE_MINUTES)
    with time_machine.travel(later):
        response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_session_cookie_ends_at_browser_close(client, partner):
    response = password_step(client, partner.username)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == "" and cookie["max-age"] == ""
    assert cookie["httponly"]


def test_logout_requires_post_and_ends_the_session(verified_client, partner):
    client = verified_client(partner)
    assert client.get("/uitloggen/").status_code == 405
    client.post("/uitloggen/")
    assert client.get("/")["Location"].startswith(LOGIN)


def test_password_change_enforces_minimum_length(verified_client, partner):
    client = verified_client(partner)
    response = client.post(
        "/account/wachtwoord/",
        {"old_password": TEST_PASSWORD, "new_password1": "kort-1", "new_password2": "kort-1"},
    )
    assert response.status_code == 200
    assert (
        "Dit wachtwoord is te kort. De minimale lengte is 12 tekens." in response.content.decode()
    )
    partner.refresh_from_db()
    assert partner.check_password(TEST_PASSWORD)


def test_password_change_keeps_the_verified_session(verified_client, partner):
    client = verified_client(partner)
    new = "een-veel-langer-wachtwoord-2026"
    response = client.post(
        "/account/wachtwoord/",
        {"old_password": TEST_PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response["Location"] == "/account/"
    assert client.get("/account/").status_code == 200
