"""The coordinator records progress on a measure; management sees the progress per pillar."""

from __future__ import annotations

import pytest

from demo.accounts import seed_demo_accounts
from demo.network import seed_demo_plan
from network.models import Measure

from .conftest import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_coordinator_records_progress_and_management_sees_it(live_server, browser, artifacts):
    seed_demo_accounts()
    seed_demo_plan()
    base = live_server.url
    measure = Measure.objects.get(title="Dialoogtafels in de wijken")

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    coordinator = context.new_page()
    log_in(coordinator, base, "coordinator")
    navigation = coordinator.get_by_role("navigation", name="Hoofdnavigatie")
    navigation.locator(".app-nav__bar summary").click()  # "Meer": beyond the bar's seven
    navigation.get_by_role("link", name="Plan van aanpak").click()
    coordinator.get_by_role("link", name="Dialoogtafels in de wijken").click()
    coordinator.get_by_label("Status").select_option("done")
    coordinator.get_by_label("Voortgang").fill("Alle vier dialoogtafels van dit jaar gehouden.")
    coordinator.get_by_role("button", name="Voortgang vastleggen").click()
    coordinator.wait_for_url(f"{base}/plan/maatregelen/{measure.pk}/")
    assert "Alle vier dialoogtafels" in coordinator.locator(".app-timeline").inner_text()
    context.close()

    management_context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="nl-NL"
    )
    management = management_context.new_page()
    log_in(management, base, "management")
    management.goto(f"{base}/plan/")
    row = management.locator("#progress-per-pillar tr", has_text="Tegengaan van polarisatie")
    cells = row.locator("td").all_inner_texts()
    assert cells == ["1", "0", "1", "0"]  # measures, running, done, stopped
    management.screenshot(path=str(artifacts / "plan-management.png"), full_page=True)
    management_context.close()
