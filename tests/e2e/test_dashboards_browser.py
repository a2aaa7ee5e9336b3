"""Every role's start page in Chromium on the demo data: its panels are there,
accessible (axe), without horizontal scroll on a phone, and screenshotted."""

from __future__ import annotations

import pytest

from .conftest import log_in
from .test_role_journeys import _context, _visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# username, a panel heading that the demo data fills, text that panel must show
DASHBOARDS = [
    ("politie", "Open afspraken van mijn organisatie", "Voortgangsverslag delen"),
    ("coordinator", "Signalen die wachten op triage", "acuut"),
    ("management", "Voortgang plan per pijler", "Tegengaan van polarisatie"),
    ("privacy", "Open verzoeken van betrokkenen", "AVG-"),
    ("beheerder", "Niet gebruikt in 90 dagen", "Karin Visser"),
]


@pytest.mark.usefixtures("demo")
@pytest.mark.parametrize(("username", "heading", "content"), DASHBOARDS)
def test_start_page_in_the_browser(live_server, browser, artifacts, username, heading, content):
    base = live_server.url
    for width in (1280, 375):
        context = _context(browser, width, 900)
        page = context.new_page()
        page.set_default_timeout(15_000)
        log_in(page, base, username)
        page.goto(f"{base}/")
        _visit(page, f"{username} start ({width} px)")
        panel = page.get_by_role("region", name=heading)
        assert content in panel.inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(artifacts / f"dashboard-{username}-{width}.png"), full_page=True)
        context.close()
