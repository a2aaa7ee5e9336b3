"""A partner logs a signal on a phone-width screen; the coordinator closes it; the partner sees the status."""

from __future__ import annotations

import datetime

import pytest

from accounts.demo import seed_demo_accounts
from signals.models import Signal

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
    coordinator.get_by_role("link", name="Triage-inbox").click()
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
