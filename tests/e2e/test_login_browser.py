"""A demo user logs in with password and TOTP in real (Debian) Chromium."""

from __future__ import annotations

import pytest
from django_otp.oath import totp

from demo.accounts import DEMO_PASSWORD, demo_totp_key, seed_demo_accounts

from .conftest import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_demo_coordinator_logs_in_with_totp_and_reaches_start_page(live_server, page, artifacts):
    seed_demo_accounts()
    page.goto(f"{live_server.url}/")
    assert page.url.startswith(f"{live_server.url}/inloggen/")
    assert page.locator("html").get_attribute("lang") == "nl"

    page.get_by_label("Gebruikersnaam").fill("coordinator")
    page.get_by_role("button", name="Volgende").click()
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Volgende").click()
    page.wait_for_url(f"{live_server.url}/inloggen/verificatie/")

    code = f"{totp(demo_totp_key('coordinator')):06d}"
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{live_server.url}/")

    assert page.get_by_role("heading", level=1).inner_text() == "Welkom, Sanne"
    header = page.locator("header").inner_text()
    assert "Sanne Verbeek" in header and "Gemeente Lelystad" in header and "Coördinator" in header
    page.screenshot(path=str(artifacts / "start-coordinator.png"), full_page=True)


def test_keyboard_user_reaches_content_through_skip_link(live_server, page):
    seed_demo_accounts()
    log_in(page, live_server.url, "jeugdzorg")
    page.keyboard.press("Tab")
    skip = page.locator(".utrecht-skip-link")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_wrong_code_shows_dutch_message_in_the_browser(live_server, page):
    seed_demo_accounts()
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("politie")
    page.get_by_role("button", name="Volgende").click()
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Volgende").click()
    right = totp(demo_totp_key("politie"))
    page.get_by_label("Code").fill(f"{(right + 1) % 1_000_000:06d}")
    page.get_by_role("button", name="Inloggen").click()
    assert page.get_by_text(
        "Deze code is onjuist, verlopen of al gebruikt.", exact=True
    ).is_visible()
    field = page.get_by_label("Code")
    assert field.get_attribute("aria-invalid") == "true"
