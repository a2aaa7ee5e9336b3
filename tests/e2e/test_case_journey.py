"""Signal -> case -> partner collaboration, in Chromium."""

from __future__ import annotations

import pytest

from cases.models import Case
from demo.accounts import seed_demo_accounts
from demo.signals import seed_demo_signals
from signals.constants import SignalStatus
from signals.models import Signal

from .conftest import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_coordinator_opens_case_involves_two_organisations_partner_updates_outsider_cannot_find(
    live_server, browser, artifacts
):
    seed_demo_accounts()
    seed_demo_signals()
    base = live_server.url
    signal = (
        Signal.objects.filter(
            status=SignalStatus.NEW, organisation__name="Politie Basisteam Lelystad"
        )
        .order_by("pk")
        .first()
    )

    coordinator_context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="nl-NL"
    )
    coordinator = coordinator_context.new_page()
    log_in(coordinator, base, "coordinator")
    coordinator.goto(f"{base}/triage/{signal.pk}/")
    coordinator.get_by_role("link", name="Nieuwe casus openen").click()
    coordinator.get_by_label("Neutraal label").fill("Casus Boswijk 12")
    coordinator.get_by_label("Pijler").select_option("person_oriented")
    coordinator.get_by_role("button", name="Casus openen").click()
    coordinator.wait_for_url(f"{base}/casussen/*/")
    case = Case.objects.get(label="Casus Boswijk 12")

    for organisation, contributing in (("Jeugdteam Lelystad", True), ("Welzijn Lelystad", False)):
        coordinator.get_by_role("region", name="Betrokken organisaties").get_by_label(
            "Organisatie", exact=True
        ).fill(organisation)
        if contributing:
            coordinator.get_by_label("Bijdragende partner (mag updates toevoegen)").check()
        coordinator.get_by_role("button", name="Betrekken").click()
        coordinator.wait_for_load_state()
    involved = coordinator.locator("#betrokken").locator("..").inner_text()
    assert "Jeugdteam Lelystad" in involved and "Welzijn Lelystad" in involved
    coordinator.screenshot(path=str(artifacts / "case-coordinator.png"), full_page=True)

    partner_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    partner = partner_context.new_page()
    log_in(partner, base, "jeugdzorg")
    partner.get_by_role("navigation", name="Hoofdnavigatie").get_by_role(
        "link", name="Casussen"
    ).click()
    partner.screenshot(path=str(artifacts / "case-list-partner.png"), full_page=True)
    partner.get_by_role("link", name=case.reference).click()
    partner.get_by_label("Update", exact=True).fill(
        "Eerste huisbezoek gedaan; jongere staat open voor begeleiding."
    )
    partner.get_by_role("button", name="Update toevoegen").click()
    partner.wait_for_url(f"{base}/casussen/{case.pk}/#tijdlijn")
    assert "Eerste huisbezoek gedaan" in partner.locator(".app-timeline").inner_text()
    partner.screenshot(path=str(artifacts / "case-partner.png"), full_page=True)

    outsider_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    outsider = outsider_context.new_page()
    log_in(outsider, base, "politie")
    outsider.goto(f"{base}/casussen/")
    assert case.reference not in outsider.content()
    response = outsider.goto(f"{base}/casussen/{case.pk}/")
    assert response.status == 404
    for context in (coordinator_context, partner_context, outsider_context):
        context.close()
