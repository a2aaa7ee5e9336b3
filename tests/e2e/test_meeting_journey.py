"""Chairing a casusoverleg in Chromium: minutes for two items, an action, finalising;
then a partner sees only its own items."""

from __future__ import annotations

import datetime
import subprocess
import time

import pytest
from django.utils import timezone

from accounts.models import User
from demo.accounts import seed_demo_accounts
from demo.cases import seed_demo_cases
from demo.signals import seed_demo_signals
from meetings import services
from meetings.constants import ItemKind
from meetings.models import Action, AgendaItem
from network.models import Organisation

from .conftest import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def _meeting():
    seed_demo_accounts()
    seed_demo_signals()
    seed_demo_cases()
    from cases.models import Case

    coordinator = User.objects.get(username="coordinator")
    invited = Organisation.objects.filter(
        name__in=["Politie Basisteam Lelystad", "Jeugdteam Lelystad", "Welzijn Lelystad"]
    )
    start = timezone.now() - datetime.timedelta(minutes=30)
    (meeting,) = services.meeting_create(
        coordinator=coordinator,
        starts_at=start,
        duration_minutes=120,
        chair=coordinator,
        invited_organisations=invited,
        location="Stadhuis zaal 2.14",
    )
    boswijk = Case.objects.get(label="Casus Boswijk 1")  # police and youth care involved
    centrum = Case.objects.get(label="Casus Centrum 3")  # police and welfare involved
    for case in (boswijk, centrum):
        services.agenda_item_add(
            coordinator=coordinator, meeting=meeting, kind=ItemKind.PROGRESS, case=case
        )
    return meeting, boswijk, centrum


def test_coordinator_chairs_and_finalises_partner_sees_only_its_items(
    live_server, browser, artifacts, tmp_path
):
    meeting, boswijk, centrum = _meeting()
    base = live_server.url
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="nl-NL")
    chair = context.new_page()
    chair.set_default_timeout(15_000)
    log_in(chair, base, "coordinator")
    chair.goto(f"{base}/overleggen/{meeting.pk}/")
    chair.screenshot(path=str(artifacts / "meeting-agenda.png"), full_page=True)
    chair.get_by_role("link", name="Overleg voorzitten").click()
    chair.wait_for_url(f"{base}/overleggen/{meeting.pk}/voorzitten/")

    # Item 1: minutes are saved while typing (htmx autosave), no button needed.
    assert "Casus Boswijk 1" in chair.locator("#item-heading").inner_text()
    chair.get_by_role("textbox", name="Notulen (niet verplicht)").fill(
        "Jeugdzorg loopt; school meldt verbetering."
    )
    chair.locator(".app-save-status [data-saved]").wait_for()
    first = AgendaItem.objects.get(meeting=meeting, case=boswijk)
    assert first.notes == "Jeugdzorg loopt; school meldt verbetering."

    # Item 2 through the agenda button: the panel is swapped in place.
    chair.get_by_role("button", name="Volgend punt").click()
    chair.wait_for_url("**/voorzitten/?punt=*")
    assert "Casus Centrum 3" in chair.locator("#item-heading").inner_text()
    chair.get_by_role("textbox", name="Notulen (niet verplicht)").fill(
        "Welzijn heeft contact; stabiel."
    )
    chair.get_by_role("textbox", name="Besluiten (niet verplicht)").fill("Blijft in monitoring.")
    # Straight on to the action form, before the typing pause has passed: the
    # minutes are saved anyway when the page is left.
    chair.get_by_label("Afspraak", exact=True).fill("Terugkoppeling buurtgesprek")
    chair.get_by_label("Organisatie", exact=True).select_option(label="Welzijn Lelystad")
    chair.get_by_label("Uiterste datum").fill(
        (timezone.localdate() + datetime.timedelta(days=14)).isoformat()
    )
    chair.get_by_role("button", name="Afspraak toevoegen").click()
    chair.wait_for_load_state()
    chair.locator("text=De afspraak is toegevoegd.").wait_for()
    action = Action.objects.get(case=centrum)
    assert action.owner_organisation.name == "Welzijn Lelystad"
    second = AgendaItem.objects.get(meeting=meeting, case=centrum)
    for _ in range(50):  # the save on leaving runs beside the action's request
        if second.notes:
            break
        time.sleep(0.1)
        second.refresh_from_db()
    assert (second.notes, second.decisions) == (
        "Welzijn heeft contact; stabiel.",
        "Blijft in monitoring.",
    )
    chair.screenshot(path=str(artifacts / "meeting-chair.png"), full_page=True)

    projection = context.new_page()
    projection.goto(f"{base}/overleggen/{meeting.pk}/projectie/")
    assert "Casus Centrum 3" in projection.locator("[aria-current=true]").inner_text()
    assert centrum.reference not in projection.content()
    projection.screenshot(path=str(artifacts / "meeting-projection.png"))

    chair.locator("summary", has_text="Notulen vaststellen").click()
    chair.get_by_label("De notulen zijn compleet").check()
    chair.get_by_role("button", name="Vaststellen").click()
    chair.wait_for_url(f"{base}/overleggen/{meeting.pk}/notulen/")
    meeting.refresh_from_db()
    assert meeting.is_finalised

    partner_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    partner = partner_context.new_page()
    partner.set_default_timeout(15_000)
    log_in(partner, base, "jeugdzorg")
    partner.get_by_role("navigation", name="Hoofdnavigatie").get_by_role(
        "link", name="Casusoverleggen"
    ).click()
    partner.wait_for_url(f"{base}/overleggen/")
    assert partner.locator(f"a[href='/overleggen/{meeting.pk}/']").count() == 1
    partner.goto(f"{base}/overleggen/{meeting.pk}/notulen/")
    text = partner.locator("main").inner_text()
    assert "Jeugdzorg loopt; school meldt verbetering." in text
    assert "Besloten agendapunt" in text
    for hidden in ("Casus Centrum 3", centrum.reference, "Welzijn heeft contact", "buurtgesprek"):
        assert hidden not in text, hidden
    partner.screenshot(path=str(artifacts / "meeting-minutes-partner.png"), full_page=True)

    with partner.expect_download() as download:
        partner.get_by_role("link", name="Downloaden als pdf").click()
    pdf = tmp_path / "notulen.pdf"
    download.value.save_as(pdf)
    pdf_text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "Casus Boswijk 1" in pdf_text and "Casus Centrum 3" not in pdf_text
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            str(pdf),
            str(artifacts / "minutes"),
        ],
        check=True,
    )
    partner_context.close()
    context.close()
