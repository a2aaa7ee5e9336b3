"""Single sign-on against a real OpenID Connect provider in its own process
(tests/oidc_provider: django-oauth-toolkit, RS256). The provider misbehaves
on purpose through its switches; nothing here mocks a response."""

from __future__ import annotations

import json
import logging
import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from auditlog.models import LogEntry
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import IdentityProvider, User
from accounts.services import invitation_issue
from tests.conftest import current_totp
from tests.factories import TEST_PASSWORD, OrganisationFactory, TOTPDeviceFactory, UserFactory
from tests.faults import free_port

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
CALLBACK = "http://testserver/inloggen/organisatie/terug/"
CLIENT_ID, CLIENT_SECRET = "casusoverleg", "test-provider-secret"
PROVIDER_PASSWORD = "provider-wachtwoord"
SECURITY = "casusoverleg.security"


@pytest.fixture(scope="session")
def provider_url(tmp_path_factory):
    port = free_port()
    data = tmp_path_factory.mktemp("oidc-provider")
    process = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "tests" / "oidc_provider" / "run.py"),
            "--port",
            str(port),
            "--data",
            str(data),
            "--redirect-uri",
            CALLBACK,
            "--switches",
            "{}",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=(data / "provider.log").open("w"),
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if requests.get(f"{base}/o/.well-known/openid-configuration", timeout=2).ok:
                break
        except requests.RequestException:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError((data / "provider.log").read_text()[-2000:])
        time.sleep(0.3)
    yield base
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def switches(provider_url):
    def set_switches(**values) -> None:
        requests.post(f"{provider_url}/test/switches/", data=json.dumps(values), timeout=5)

    set_switches()
    yield set_switches
    set_switches()


@pytest.fixture
def ggd(provider_url):
    organisation = OrganisationFactory(name="GGD Teststad")
    provider = IdentityProvider(
        organisation=organisation,
        issuer=f"{provider_url}/o",
        client_id=CLIENT_ID,
        user_claim="sub",
        trust_mfa_claim=True,
        mfa_claim="amr",
        mfa_values="mfa",
    )
    provider.set_client_secret(CLIENT_SECRET)
    provider.save()
    return provider


@pytest.fixture
def bound(ggd):
    """An account of the SSO organisation, bound to the provider's user ``ggd``."""
    user = UserFactory(username="ggd.app", organisation=ggd.organisation, email="ggd@example.org")
    user.sso_subject = "ggd"
    user.save(update_fields=["sso_subject"])
    TOTPDeviceFactory(user=user)
    return user


def _follow_at_provider(browser: requests.Session, url: str, username: str) -> str:
    """Walk the provider's pages as a browser would, logging in as ``username``;
    return the URL the provider sends the browser back to."""
    for _ in range(10):
        if url.startswith(CALLBACK):
            return url
        response = browser.get(url, allow_redirects=False, timeout=10)
        if response.status_code in (301, 302, 303):
            url = urljoin(url, response.headers["Location"])
            continue
        assert response.status_code == 200, response.text[:500]
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text).group(1)
        next_value = re.search(r'name="next" value="([^"]*)"', response.text).group(1)
        response = browser.post(
            url,
            data={
                "csrfmiddlewaretoken": csrf,
                "username": username,
                "password": PROVIDER_PASSWORD,
                "next": next_value.replace("&amp;", "&"),
            },
            headers={"Referer": url},
            allow_redirects=False,
            timeout=10,
        )
        assert response.status_code == 302, response.text[:500]
        url = urljoin(url, response.headers["Location"])
    raise AssertionError("the provider never sent the browser back")


def to_provider(client: Client, identifier: str) -> str:
    """The login page's first step; return the provider's authorization URL."""
    response = client.post("/inloggen/", {"username": identifier})
    assert response.status_code == 302, response.content[:300]
    start = client.get(response["Location"])
    assert start.status_code == 302, start.content[:300]
    return start["Location"]


def callback_path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def sso_login(client: Client, identifier: str, provider_user: str, browser=None):
    authorize = to_provider(client, identifier)
    back = _follow_at_provider(browser or requests.Session(), authorize, provider_user)
    return client.get(callback_path(back)), back


def test_full_authorization_code_flow_with_pkce_and_trusted_mfa(bound, switches):
    switches(amr=["pwd", "mfa"])
    client = Client()
    authorize = to_provider(client, bound.username)
    query = parse_qs(urlsplit(authorize).query)
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) >= 43
    assert query["state"] and query["nonce"] and query["client_id"] == [CLIENT_ID]
    back = _follow_at_provider(requests.Session(), authorize, "ggd")
    response = client.get(callback_path(back))
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200  # verified: no TOTP asked
    entry = LogEntry.objects.filter(object_pk=str(bound.pk)).latest("timestamp")
    assert entry.additional_data == {"event": "sso_login_second_factor_by_provider"}
    assert "second factor checked by the identity provider" in json.dumps(entry.changes)


def test_the_email_address_leads_to_the_provider_too(bound, switches):
    response = Client().post("/inloggen/", {"username": "GGD@example.org"})
    assert response["Location"] == f"/inloggen/organisatie/{bound.organisation_id}/"


def test_without_the_mfa_claim_the_totp_step_follows(bound, switches):
    switches(amr=["pwd"])
    client = Client()
    response, _ = sso_login(client, bound.username, "ggd")
    assert response["Location"] == "/inloggen/verificatie/"
    assert client.get("/")["Location"] == "/inloggen/verificatie/"
    entry = LogEntry.objects.filter(object_pk=str(bound.pk)).latest("timestamp")
    assert entry.additional_data == {"event": "sso_login_totp_required"}
    device = TOTPDevice.objects.get(user=bound)
    assert client.post("/inloggen/verificatie/", {"token": current_totp(device)})["Location"] == "/"
    assert client.get("/").status_code == 200


def test_an_untrusted_mfa_claim_still_asks_for_totp(bound, ggd, switches):
    ggd.trust_mfa_claim = False
    ggd.save(update_fields=["trust_mfa_claim"])
    switches(amr=["pwd", "mfa"])
    client = Client()
    response, _ = sso_login(client, bound.username, "ggd")
    assert response["Location"] == "/inloggen/verificatie/"


def test_acr_values_can_be_the_trusted_claim(bound, ggd, switches):
    ggd.mfa_claim, ggd.mfa_values = "acr", "urn:test:loa:high"
    ggd.save(update_fields=["mfa_claim", "mfa_values"])
    switches(acr="urn:test:loa:high")
    response, _ = sso_login(Client(), bound.username, "ggd")
    assert response["Location"] == "/"


@pytest.mark.parametrize(
    ("switch", "reason"),
    [
        ("bad_signature", "ID token signature invalid"),
        ("wrong_audience", "ID token for another audience"),
        ("expired", "ID token expired"),
        ("wrong_nonce", "JWT Nonce verification failed."),
    ],
)
def test_a_misbehaving_provider_logs_nobody_in(bound, switches, caplog, switch, reason):
    switches(amr=["pwd", "mfa"], **{switch: True})
    caplog.set_level(logging.WARNING, logger=SECURITY)
    client = Client()
    response, _ = sso_login(client, bound.username, "ggd")
    assert response.status_code == 403
    assert "Inloggen niet voltooid" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get("/")["Location"].startswith("/inloggen/")
    assert any(
        r.getMessage().startswith("Single sign-on refused") and r.getMessage().endswith(reason)
        for r in caplog.records
    )


def test_the_state_is_checked(bound, switches):
    client = Client()
    authorize = to_provider(client, bound.username)
    back = _follow_at_provider(requests.Session(), authorize, "ggd")
    forged = re.sub(r"state=[^&]+", "state=forged-state", callback_path(back))
    response = client.get(forged)
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    # The callback in another browser (no login started there) logs nobody in either.
    other = Client()
    assert other.get(callback_path(back))["Location"] == "/inloggen/"
    assert "_auth_user_id" not in other.session


def test_a_replayed_code_is_refused(bound, switches, caplog):
    switches(amr=["pwd", "mfa"])
    caplog.set_level(logging.WARNING, logger=SECURITY)
    client = Client()
    response, back = sso_login(client, bound.username, "ggd")
    assert response["Location"] == "/"
    old_code = parse_qs(urlsplit(back).query)["code"][0]
    # Someone who saw the callback URL starts a login of their own and replays the code.
    attacker = Client()
    authorize = to_provider(attacker, bound.username)
    state = parse_qs(urlsplit(authorize).query)["state"][0]
    replay = attacker.get(f"/inloggen/organisatie/terug/?code={old_code}&state={state}")
    assert replay.status_code == 403
    assert "_auth_user_id" not in attacker.session
    assert any("token request refused" in r.getMessage() for r in caplog.records)


def test_an_unknown_subject_gets_no_account(ggd, bound, switches):
    before = User.objects.count()
    client = Client()
    response, _ = sso_login(client, bound.username, "onbekend")
    assert response.status_code == 403
    assert User.objects.count() == before
    assert "_auth_user_id" not in client.session


def test_a_subject_bound_to_a_deactivated_account_is_refused(bound, switches):
    switches(amr=["pwd", "mfa"])
    bound.is_active = False
    bound.save(update_fields=["is_active"])
    client = Client()
    authorize = client.get(f"/inloggen/organisatie/{bound.organisation_id}/")["Location"]
    back = _follow_at_provider(requests.Session(), authorize, "ggd")
    response = client.get(callback_path(back))
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_the_invitation_link_binds_the_subject_once(ggd, functional_admin, switches):
    switches(amr=["pwd", "mfa"])
    invited = UserFactory(username="ggd.nieuw.app", organisation=ggd.organisation)
    role = invited.role
    invitation, token = invitation_issue(user=invited, actor=functional_admin)
    client = Client()
    page = client.get(f"/uitnodiging/{invitation.pk}/{token}/")
    assert "Inloggen via GGD Teststad" in page.content.decode()
    start = client.post(f"/uitnodiging/{invitation.pk}/{token}/")
    authorize = client.get(start["Location"])["Location"]
    back = _follow_at_provider(requests.Session(), authorize, "ggd.nieuw")
    assert client.get(callback_path(back))["Location"] == "/"
    invited.refresh_from_db()
    invitation.refresh_from_db()
    assert invited.sso_subject == "ggd.nieuw" and invited.role == role
    assert invitation.accepted_at is not None
    # From now on the login page leads there, without the invitation.
    response, _ = sso_login(Client(), invited.username, "ggd.nieuw")
    assert response["Location"] == "/"
    # The used link binds nobody else.
    assert Client().get(f"/uitnodiging/{invitation.pk}/{token}/").status_code == 404


def test_password_login_is_refused_for_an_sso_organisation(bound):
    bound.set_password(TEST_PASSWORD)
    bound.save(update_fields=["password"])
    response = Client().post("/inloggen/", {"username": bound.username, "password": TEST_PASSWORD})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Uw organisatie logt in via een eigen inlogdienst" in page
    assert "Inloggen via GGD Teststad" in page


def test_an_unreachable_provider_gets_a_dutch_message_and_no_fallback(bound, ggd):
    ggd.issuer = f"http://127.0.0.1:{free_port()}/o"
    ggd.save(update_fields=["issuer"])
    client = Client()
    response = client.post("/inloggen/", {"username": bound.username})
    page = client.get(response["Location"])
    assert page.status_code == 503
    text = page.content.decode()
    assert "De inlogdienst van GGD Teststad is op dit moment niet bereikbaar" in text
    assert 'name="password"' not in text


def test_logout_ends_the_session_here_and_at_the_provider(bound, switches, provider_url):
    switches(amr=["pwd", "mfa"])
    client, browser = Client(), requests.Session()
    sso_login(client, bound.username, "ggd", browser)
    response = client.post("/uitloggen/")
    assert response["Location"].startswith(f"{provider_url}/o/logout/?")
    assert "id_token_hint=" in response["Location"]
    assert client.get("/")["Location"].startswith("/inloggen/")
    at_provider = browser.get(response["Location"], allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302
    assert at_provider.headers["Location"] == "http://testserver/inloggen/"
    # The provider's own session has ended: the next login asks for its password again.
    authorize = to_provider(Client(), bound.username)
    again = browser.get(authorize, allow_redirects=False, timeout=10)
    assert "/login/" in again.headers["Location"]


def test_a_password_user_is_not_sent_to_any_provider(partner, ggd):
    response = Client().post("/inloggen/", {"username": partner.username})
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()


def test_sso_start_for_an_organisation_without_provider_goes_to_the_login_page(partner):
    response = Client().get(f"/inloggen/organisatie/{partner.organisation_id}/")
    assert response["Location"] == "/inloggen/"


# --- administration -------------------------------------------------------------


def test_administrator_configures_a_provider_with_an_encrypted_secret(
    verified_client, functional_admin, police
):
    client = verified_client(functional_admin)
    url = f"/beheer/inloggen-via-organisatie/{police.pk}/"
    data = {
        "is_active": "on",
        "issuer": "https://login.politie.example/realms/casus",
        "client_id": "casusoverleg",
        "client_secret": "zeer-geheim-123",
        "user_claim": "sub",
        "trust_mfa_claim": "on",
        "mfa_claim": "amr",
        "mfa_values": "mfa, hwk",
    }
    assert client.post(url, data)["Location"] == "/beheer/inloggen-via-organisatie/"
    provider = IdentityProvider.objects.get(organisation=police)
    assert "zeer-geheim" not in provider.client_secret_encrypted
    assert provider.client_secret == "zeer-geheim-123"
    assert provider.mfa_value_set() == {"mfa", "hwk"}
    page = client.get(url).content.decode()
    assert "zeer-geheim" not in page
    # An empty secret keeps the stored one.
    client.post(url, {**data, "client_secret": ""})
    provider.refresh_from_db()
    assert provider.client_secret == "zeer-geheim-123"


def test_bad_provider_settings_get_dutch_messages(verified_client, functional_admin, police):
    response = verified_client(functional_admin).post(
        f"/beheer/inloggen-via-organisatie/{police.pk}/",
        {"issuer": "http://login.example/", "client_id": "x", "user_claim": "sub; drop"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Het adres moet beginnen met https://." in page
    assert "Vul de naam van één claim in" in page
    assert not IdentityProvider.objects.exists()


def test_the_browser_may_follow_the_login_and_logout_forms_to_the_provider(
    bound, switches, provider_url
):
    """Browsers check the page's CSP form-action on every redirect after a form."""
    switches(amr=["pwd", "mfa"])
    csp = Client().get("/inloggen/")["Content-Security-Policy"]
    assert f"form-action 'self' {provider_url}" in csp
    client = Client()
    sso_login(client, bound.username, "ggd")
    assert provider_url in client.get("/account/")["Content-Security-Policy"]
    assert provider_url not in Client().get("/health/")["Content-Security-Policy"]
