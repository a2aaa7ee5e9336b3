"""The chair view in Chromium: after every move (the buttons, the agenda, back
and a reload) the item shown, the agenda's highlight and the URL agree."""

from __future__ import annotations

import pytest

from meetings import services
from meetings.constants import ItemKind

from .conftest import log_in
from .test_meeting_journey import _meeting

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def _in_step(page, base: str, meeting) -> str:
    """The item in the URL, the highlighted agenda entry and the shown item are one."""
    shown = page.locator("#chair-item").get_attribute("data-current-item")
    highlighted = page.locator("[data-agenda-link][aria-current=true]")
    assert highlighted.count() == 1
    assert highlighted.get_attribute("data-agenda-link") == shown
    assert page.url == f"{base}/overleggen/{meeting.pk}/voorzitten/?punt={shown}"
    label = highlighted.inner_text().split("\n")[-1].strip()
    assert label.split()[0] in page.locator("#item-heading").inner_text()
    return shown


def _move(page, name: str) -> None:
    before = page.url
    page.get_by_role("button", name=name).click()
    page.wait_for_function("url => location.href !== url", arg=before)
    page.wait_for_function(
        "() => document.querySelector('#chair-item').dataset.currentItem"
        " === new URLSearchParams(location.search).get('punt')"
    )


def test_chair_item_highlight_and_url_stay_in_step(browser, live_server, artifacts):
    meeting, _boswijk, _centrum = _meeting()
    services.agenda_item_add(
        coordinator=meeting.chair, meeting=meeting, kind=ItemKind.OTHER, topic="Rondvraag"
    )
    items = [
        str(pk) for pk in meeting.items.order_by("position", "pk").values_list("pk", flat=True)
    ]
    base = live_server.url
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, base, "coordinator")
    page.goto(f"{base}/overleggen/{meeting.pk}/voorzitten/")
    page.locator("[data-agenda-link]").first.click()
    page.wait_for_url(f"**/voorzitten/?punt={items[0]}")
    assert _in_step(page, base, meeting) == items[0]

    _move(page, "Volgend punt")
    assert _in_step(page, base, meeting) == items[1]
    _move(page, "Volgend punt")
    assert _in_step(page, base, meeting) == items[2]
    page.screenshot(path=str(artifacts / "chair-after-two-moves.png"), full_page=True)
    # The last item has no next step but leads to finalising.
    assert page.get_by_role("button", name="Volgend punt").count() == 0
    assert page.locator(".app-last-item summary", has_text="Notulen vaststellen").is_visible()

    page.reload()
    assert _in_step(page, base, meeting) == items[2]

    _move(page, "Vorig punt")
    assert _in_step(page, base, meeting) == items[1]
    page.locator(f"[data-agenda-link='{items[0]}']").click()
    page.wait_for_url(f"**/voorzitten/?punt={items[0]}")
    assert _in_step(page, base, meeting) == items[0]

    page.go_back()
    page.wait_for_url(f"**/voorzitten/?punt={items[1]}")
    page.wait_for_function(
        "() => document.querySelector('#chair-item')"
        f" && document.querySelector('#chair-item').dataset.currentItem === '{items[1]}'"
    )
    assert _in_step(page, base, meeting) == items[1]
    context.close()
