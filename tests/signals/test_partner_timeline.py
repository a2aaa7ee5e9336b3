"""The reporting partner sees the course of its signal with dates, never the
coordinator's reasons, the route or what is known about a person."""

from __future__ import annotations

import pytest

from signals import services
from signals.constants import ForwardRoute, SignalStatus
from tests.signals.conftest import make_signal

pytestmark = pytest.mark.django_db


def _course(page: str) -> str:
    return page.split('class="app-steps"')[1].split("</ol>")[0]


def test_a_new_signal_shows_received_and_what_is_still_to_come(verified_client, partner):
    signal = make_signal(partner)
    course = _course(verified_client(partner).get(f"/signalen/{signal.pk}/").content.decode())
    assert "Ontvangen" in course and "In behandeling" in course
    assert "Besluit: nog niet genomen" in course
    assert course.count("app-steps__step--done") == 1


@pytest.mark.parametrize(
    ("decision", "word"),
    [
        (SignalStatus.CLOSED, "afgesloten"),
        (SignalStatus.FORWARDED, "doorgezet"),
        (SignalStatus.FOR_CASE_CONSULTATION, "opgepakt"),
    ],
)
def test_the_decision_in_one_word_with_its_date_and_nothing_behind_it(
    verified_client, partner, coordinator, decision, word
):
    signal = make_signal(partner)
    services.signal_open_for_triage(signal=signal, coordinator=coordinator)
    services.signal_decide(
        signal=signal,
        coordinator=coordinator,
        decision=decision,
        reason="Geheime afweging: betrokkene is bekend bij de wijkagent.",
        forwarded_to=ForwardRoute.SAFETY_HOUSE if decision == SignalStatus.FORWARDED else "",
    )
    signal.refresh_from_db()
    page = verified_client(partner).get(f"/signalen/{signal.pk}/").content.decode()
    course = _course(page)
    assert f"Besluit: {word}" in course
    assert course.count("app-steps__step--done") == 3
    day = signal.decided_at
    assert f"{day.day} " in course and str(day.year) in course
    assert "Geheime afweging" not in page and "wijkagent" not in page
    assert "Veiligheidshuis" not in page
    assert coordinator.get_full_name() not in page
