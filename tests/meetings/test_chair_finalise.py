"""Chairing: the agenda and the item are swapped together, the last item leads
to finalising, and finalising names what it locks or says why it cannot yet."""

from __future__ import annotations

import pytest

from meetings import services
from tests.meetings.conftest import plan_meeting

pytestmark = pytest.mark.django_db


def test_a_move_returns_the_agenda_with_the_new_item_highlighted(
    verified_client, coordinator, meeting, case_item
):
    other = meeting.items.get(case__isnull=True)
    response = verified_client(coordinator).post(
        f"/overleggen/{meeting.pk}/voorzitten/{other.pk}/", headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert html.startswith('<div class="app-chair" id="chair"')
    assert f'data-agenda-link="{other.pk}" aria-current="true"' in html
    assert f'data-agenda-link="{case_item.pk}" aria-current' not in html
    assert response["HX-Push-Url"].endswith(f"?punt={other.pk}")


def test_a_history_restore_gets_the_whole_page(verified_client, coordinator, meeting):
    response = verified_client(coordinator).get(
        f"/overleggen/{meeting.pk}/voorzitten/",
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in response.content.decode()


def test_the_last_item_leads_to_finalising_with_what_it_locks(
    verified_client, coordinator, meeting, case_item, action
):
    services.minutes_save(author=coordinator, item=case_item, notes="Besproken.", decisions="")
    last = meeting.items.get(case__isnull=True)
    client = verified_client(coordinator)
    html = client.get(f"/overleggen/{meeting.pk}/voorzitten/?punt={last.pk}").content.decode()
    assert "Dit is het laatste punt." in html
    assert "Vaststellen vergrendelt de notulen van 1 van 2 punten" in html
    assert "en 1 afspraak die daarin is gemaakt" in html
    assert "3 uitgenodigde organisaties kunnen daarna hun deel lezen" in html
    assert html.count(f'action="/overleggen/{meeting.pk}/vaststellen/"') == 1
    first = client.get(f"/overleggen/{meeting.pk}/voorzitten/?punt={case_item.pk}")
    assert "Dit is het laatste punt." not in first.content.decode()


def test_a_meeting_not_yet_started_offers_no_finalise_button_and_says_why(
    verified_client, coordinator, reader
):
    future = plan_meeting(coordinator, [reader.organisation], days=3)
    services.agenda_item_add(coordinator=coordinator, meeting=future, kind="other", topic="X")
    html = verified_client(coordinator).get(f"/overleggen/{future.pk}/voorzitten/").content
    html = html.decode()
    assert "kunnen worden vastgesteld zodra het overleg is begonnen" in html
    assert "/vaststellen/" not in html
