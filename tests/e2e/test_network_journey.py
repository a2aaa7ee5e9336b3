"""The coordinator records a contact moment with tension; a partner registers a professional."""

from __future__ import annotations

import datetime

import pytest

from demo.accounts import seed_demo_accounts
from demo.network import seed_demo_network
from network.models import Community, ContactMoment, TrainingRegistration

from .conftest import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_contact_moment_with_tension_and_training_registration(live_server, browser, artifacts):
    seed_demo_accounts()
    seed_demo_network()
    base = live_server.url
    community = Community.objects.get(name="Kerkgemeenschap Demo")

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    coordinator = context.new_page()
    log_in(coordinator, base, "coordinator")
    navigation = coordinator.get_by_role("navigation", name="Hoofdnavigatie")
    navigation.locator(".app-nav__bar summary").click()  # "Meer": beyond the bar's seven
    navigation.get_by_role("link", name="Netwerk").click()
    coordinator.get_by_role("link", name="Kerkgemeenschap Demo").click()
    coordinator.get_by_label("Datum", exact=True).fill(datetime.date.today().isoformat())
    coordinator.get_by_label("Gesproken met").fill("Voorganger")
    coordinator.get_by_label("Onderwerp").fill("Onrust na berichten op sociale media over de kerk.")
    coordinator.get_by_label("Duidelijke spanning").check()
    coordinator.get_by_label("Afgesproken vervolg").fill("Gezamenlijke bijeenkomst organiseren")
    coordinator.get_by_role("button", name="Contactmoment vastleggen").click()
    coordinator.wait_for_url(f"{base}/netwerk/gemeenschappen/{community.pk}/")
    moment = ContactMoment.objects.filter(community=community).latest("pk")
    assert moment.tension == "medium" and moment.spoke_with == "Voorganger"
    coordinator.goto(f"{base}/netwerk/spanningen/")
    coordinator.screenshot(path=str(artifacts / "tension-overview.png"), full_page=True)
    context.close()

    partner_context = browser.new_context(viewport={"width": 375, "height": 800}, locale="nl-NL")
    partner = partner_context.new_page()
    log_in(partner, base, "politie")
    partner.goto(f"{base}/trainingen/")
    partner.get_by_role("link", name="Radicalisering herkennen").click()
    partner.get_by_label("Naam van de professional").fill("Agent Demo")
    partner.get_by_label("E-mailadres").fill("agent@demo.lelystad.example")
    partner.get_by_role("button", name="Inschrijven").click()
    partner.wait_for_load_state()
    assert "Agent Demo" in partner.locator("main").inner_text()
    assert TrainingRegistration.objects.filter(
        participant_name="Agent Demo", organisation__name="Politie Basisteam Lelystad"
    ).exists()
    partner.screenshot(path=str(artifacts / "training-partner-375.png"), full_page=True)
    partner_context.close()
