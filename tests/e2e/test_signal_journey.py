"""A partner logs a signal on a phone-width screen; the coordinator closes it; the partner sees the status."""

from __future__ import annotations

import datetime

import pytest

from demo.accounts import seed_demo_accounts
from signals.models import Signal

from .conftest import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_partner_logs_signal_coordinator_closes_it_partner_sees_status(
    live_server, browser, artifacts
):
    seed_demo_accounts()
    base = live_server.url

    partner_context = browser.new_context(viewport={"width": 375, "height": 812}, locale="nl-NL")
    partner = partner_context.new_page()
    log_in(partner, base, "politie")
    partner.get_by_role("link", name="Signaal melden").first.click()
    partner.get_by_label("Radicalisering").check()
    partner.get_by_label("Naam").first.fill("Tom Testjongere")
    partner.get_by_label("Wat heeft u waargenomen?").fill(
        "Deelt in de klassenapp video's die geweld verheerlijken."
    )
    yesterday = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
    partner.get_by_label("Wanneer?").fill(yesterday)
    partner.get_by_label("Eigen waarneming").check()
    # Acute shows the 112 warning before anything is sent.
    warning = partner.locator("#acute-warning")
    assert not warning.is_visible()
    partner.get_by_label("Acuut").check()
    assert warning.is_visible() and "112" in warning.inner_text()
    partner.get_by_label("Hoog").check()
    assert not warning.is_visible()
    partner.screenshot(path=str(artifacts / "signal-intake-375.png"), full_page=True)
    partner.get_by_role("button", name="Controleer uw melding").click()
    partner.get_by_role("button", name="Signaal versturen").click()
    partner.wait_for_url("**/ontvangen/")
    reference = partner.locator("[data-reference]").inner_text()
    assert Signal.objects.get(reference=reference).persons.get().full_name == "Tom Testjongere"
    # No horizontal scrolling on a phone.
    assert partner.evaluate("document.documentElement.scrollWidth") <= 375

    coordinator_context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="nl-NL"
    )
    coordinator = coordinator_context.new_page()
    log_in(coordinator, base, "coordinator")
    coordinator.get_by_role("navigation", name="Hoofdnavigatie").get_by_role(
        "link", name="Triage-inbox"
    ).click()
    coordinator.screenshot(path=str(artifacts / "triage-inbox.png"), full_page=True)
    coordinator.get_by_role("link", name=reference).click()
    coordinator.get_by_label("Sluiten zonder vervolg").check()
    coordinator.get_by_label("Reden").fill(
        "Besproken met school; geen aanwijzingen voor radicalisering."
    )
    coordinator.get_by_role("button", name="Besluit vastleggen").click()
    coordinator.wait_for_url(f"{base}/triage/")
    assert "gesloten zonder vervolg" in coordinator.locator(".app-messages").inner_text().lower()

    partner.goto(f"{base}/signalen/")
    row = partner.locator("tr", has_text=reference)
    assert "Afgesloten" in row.inner_text()
    partner_context.close()
    coordinator_context.close()


def test_expired_session_does_not_lose_the_typed_signal(live_server, browser):
    seed_demo_accounts()
    base = live_server.url
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page = context.new_page()
    log_in(page, base, "jeugdzorg")
    page.goto(f"{base}/signalen/nieuw/")
    page.get_by_label("Jeugdgroepering").check()
    page.get_by_label("Een groep").fill("Groep bij het station")
    text = "Lange waarneming die niet verloren mag gaan. " * 10
    page.get_by_label("Wat heeft u waargenomen?").fill(text)
    page.get_by_label("Wanneer?").fill(
        (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
    )
    page.get_by_label("Via een derde").check()

    context.clear_cookies()  # the session ran out while the partner was typing
    page.get_by_role("button", name="Controleer uw melding").click()
    page.get_by_role("button", name="Signaal versturen").click()
    warning = page.locator("#session-expired")
    warning.wait_for(state="visible")
    assert page.url == f"{base}/signalen/nieuw/"
    assert page.get_by_label("Wat heeft u waargenomen?").input_value() == text
    assert Signal.objects.count() == 0

    other_tab = context.new_page()
    log_in(other_tab, base, "jeugdzorg")
    other_tab.close()
    page.get_by_role("button", name="Signaal versturen").click()
    page.wait_for_url("**/ontvangen/")
    signal = Signal.objects.get()
    assert (
        signal.observation == text.strip() and signal.group_description == "Groep bij het station"
    )
    context.close()
