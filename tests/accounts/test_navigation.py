"""The navigation per role: at most seven entries in the bar, the rest under one
"Meer" menu, one menu button for a phone, and "Berichten" for notifications."""

from __future__ import annotations

import re

import pytest

from accounts.navigation import MAX_TOP_LEVEL, NAVIGATION
from lelystad_radicalisering.roles import Role

pytestmark = pytest.mark.django_db


def _bar(html: str) -> str:
    return html.split('<div class="app-nav__bar">', 1)[1].split("</div>", 1)[0]


def _top_level(bar: str) -> list[str]:
    # The entries of the bar: its direct links plus the "Meer" summary.
    outer = re.sub(r'<ul class="app-nav__sublist">.*?</ul>', "", bar, flags=re.S)
    return re.findall(r'class="app-nav__link[^"]*"[^>]*>([^<]+)<', outer)


@pytest.mark.parametrize("role", list(Role))
def test_every_role_has_at_most_seven_top_level_entries_and_keeps_every_page(
    verified_client, cast, role
):
    html = verified_client(cast[role]).get("/").content.decode()
    bar = _bar(html)
    assert 1 <= len(_top_level(bar)) <= MAX_TOP_LEVEL
    # Nothing is lost: every page of the role is still one click away.
    expected = sum(1 for item in NAVIGATION if role in item.roles)
    assert len(re.findall(r'<a class="app-nav__link"', bar)) == expected


def test_coordinator_finds_the_rest_under_meer(verified_client, coordinator):
    bar = _bar(verified_client(coordinator).get("/").content.decode())
    top = _top_level(bar)
    assert top[-1].strip() == "Meer" and len(top) == MAX_TOP_LEVEL
    assert {"Triage-inbox", "Casussen", "Signaal melden"} <= {label.strip() for label in top}
    more = bar.split('<ul class="app-nav__sublist">', 1)[1]
    assert "Rapportages" in more and "Berichten" in more


def test_management_needs_no_meer_menu(verified_client, management):
    html = verified_client(management).get("/").content.decode()
    assert "app-nav__more" not in html


def test_partner_sees_their_signals_in_the_bar(verified_client, partner):
    top = _top_level(_bar(verified_client(partner).get("/").content.decode()))
    assert "Signalen van mijn organisatie" in [label.strip() for label in top]


def test_meer_is_marked_when_the_current_page_is_under_it(verified_client, coordinator):
    bar = _bar(verified_client(coordinator).get("/berichten/").content.decode())
    assert "app-nav__summary app-nav__link--current" in bar
    assert 'href="/berichten/" aria-current="page"' in bar
    bar = _bar(verified_client(coordinator).get("/casussen/").content.decode())
    assert "app-nav__link--current" not in bar


def test_a_phone_gets_one_menu_button_that_works_without_javascript(verified_client, partner):
    html = verified_client(partner).get("/").content.decode()
    menu = html.split('<details class="app-menu" data-menu>', 1)[1].split("</details>\n", 1)[0]
    assert '<summary class="app-menu__button">Menu</summary>' in menu
    assert 'href="/signalen/nieuw/"' in menu


def test_in_app_notifications_are_called_berichten_not_meldingen(verified_client, partner):
    client = verified_client(partner)
    for path in ("/", "/berichten/"):
        html = client.get(path).content.decode()
        assert "Berichten" in html
        assert "Meldingen" not in html and "meldingen" not in html
