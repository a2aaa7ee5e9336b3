"""The coordinator's triage: inbox, status machine, decisions and person matching."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection

from lelystad_radicalisering.exceptions import ApplicationError
from signals.constants import SignalStatus, Urgency
from signals.models import Person, Signal
from signals.services import signal_decide, signal_open_for_triage

from .conftest import make_signal

pytestmark = pytest.mark.django_db


def test_inbox_lists_acute_first_then_oldest(verified_client, coordinator, partner):
    normal_old = make_signal(partner)
    high = make_signal(partner, urgency=Urgency.HIGH)
    acute = make_signal(partner, urgency=Urgency.ACUTE)
    normal_new = make_signal(partner)
    html = verified_client(coordinator).get("/triage/").content.decode()
    positions = [html.index(s.reference) for s in (acute, high, normal_old, normal_new)]
    assert positions == sorted(positions)


def test_inbox_filters_and_counts_in_the_database(
    verified_client, coordinator, partner, other_partner, boswijk
):
    police_signal = make_signal(partner, neighbourhood=boswijk)
    youth_signal = make_signal(
        other_partner,
        urgency=Urgency.HIGH,
        observation="Spanning op het schoolplein",
        persons=[("Ander Kind", None)],
    )
    closed = make_signal(partner)
    signal_decide(
        signal=closed, coordinator=coordinator, decision=SignalStatus.CLOSED, reason="Geen zorg"
    )
    client = verified_client(coordinator)

    def listed(**params) -> set[str]:
        html = client.get("/triage/", params).content.decode()
        return {s.reference for s in (police_signal, youth_signal, closed) if s.reference in html}

    assert listed() == {police_signal.reference, youth_signal.reference}
    assert listed(status="all") == {
        police_signal.reference,
        youth_signal.reference,
        closed.reference,
    }
    assert listed(status="closed") == {closed.reference}
    assert listed(organisation=other_partner.organisation_id) == {youth_signal.reference}
    assert listed(urgency="high") == {youth_signal.reference}
    assert listed(neighbourhood=boswijk.pk) == {police_signal.reference}
    assert listed(q="schoolplein") == {youth_signal.reference}
    assert listed(q="Piet Test") == {police_signal.reference}
    tomorrow = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    assert listed(date_from=tomorrow) == set()
    html = client.get("/triage/").content.decode()
    # Counts for the open statuses only (issue 24): the closed ones are links.
    assert "<strong>2</strong> open" in html
    assert "<strong>2</strong> nieuw" in html
    assert "<strong>1</strong> gesloten zonder vervolg" not in html
    assert 'href="?status=closed">gesloten zonder vervolg</a>' in html


def test_bad_filter_values_do_not_break_the_inbox(verified_client, coordinator):
    response = verified_client(coordinator).get(
        "/triage/",
        {
            "date_from": "niet-een-datum",
            "organisation": "abc",
            "status": "<script>",
            "pagina": "-1",
        },
    )
    assert response.status_code == 200


def test_opening_marks_in_triage_with_the_coordinator(verified_client, coordinator, partner):
    signal = make_signal(partner)
    verified_client(coordinator).get(f"/triage/{signal.pk}/")
    signal.refresh_from_db()
    assert signal.status == SignalStatus.IN_TRIAGE
    assert signal.triaged_by == coordinator and signal.triage_started_at is not None


def test_close_requires_a_reason_in_dutch(verified_client, coordinator, partner):
    signal = make_signal(partner)
    response = verified_client(coordinator).post(
        f"/triage/{signal.pk}/besluit/", {"decision": "closed", "reason": " "}
    )
    assert response.status_code == 400
    assert "Geef een reden voor dit besluit." in response.content.decode()
    signal.refresh_from_db()
    assert signal.status == SignalStatus.NEW


def test_forward_requires_a_route(verified_client, coordinator, partner):
    signal = make_signal(partner)
    response = verified_client(coordinator).post(
        f"/triage/{signal.pk}/besluit/", {"decision": "forwarded", "reason": "Zorgroute"}
    )
    assert "Kies waar het signaal naartoe gaat." in response.content.decode()
    response = verified_client(coordinator).post(
        f"/triage/{signal.pk}/besluit/",
        {"decision": "forwarded", "reason": "Zorgroute", "forwarded_to": "care"},
    )
    assert response.status_code == 302
    signal.refresh_from_db()
    assert (signal.status, signal.forwarded_to, signal.decided_by) == (
        SignalStatus.FORWARDED,
        "care",
        coordinator,
    )


def test_decided_signal_cannot_be_decided_again(coordinator, partner):
    signal = make_signal(partner)
    signal_decide(
        signal=signal, coordinator=coordinator, decision=SignalStatus.CLOSED, reason="klaar"
    )
    with pytest.raises(ApplicationError):
        signal_decide(
            signal=signal, coordinator=coordinator, decision=SignalStatus.FORWARDED, reason="toch"
        )


def test_for_casusoverleg_can_still_be_closed(coordinator, partner):
    signal = make_signal(partner)
    signal_decide(
        signal=signal, coordinator=coordinator, decision=SignalStatus.FOR_CASE_CONSULTATION
    )
    signal_decide(
        signal=signal, coordinator=coordinator, decision=SignalStatus.CLOSED, reason="toch niet"
    )
    signal.refresh_from_db()
    assert signal.status == SignalStatus.CLOSED


def test_opening_a_decided_signal_keeps_its_status(coordinator, partner):
    signal = make_signal(partner)
    signal_decide(
        signal=signal, coordinator=coordinator, decision=SignalStatus.CLOSED, reason="klaar"
    )
    signal_open_for_triage(signal=signal, coordinator=coordinator)
    signal.refresh_from_db()
    assert signal.status == SignalStatus.CLOSED


def test_partner_sees_the_status_but_not_the_reason(verified_client, coordinator, partner):
    signal = make_signal(partner)
    signal_decide(
        signal=signal,
        coordinator=coordinator,
        decision=SignalStatus.CLOSED,
        reason="Persoon al bekend bij politie",
    )
    client = verified_client(partner)
    detail = client.get(f"/signalen/{signal.pk}/").content.decode()
    listing = client.get("/signalen/").content.decode()
    assert "Afgesloten" in detail and "Afgesloten" in listing
    assert "al bekend" not in detail and coordinator.get_full_name() not in detail


def test_partner_can_add_information_only_while_open(verified_client, coordinator, partner):
    signal = make_signal(partner)
    client = verified_client(partner)
    assert client.post(f"/signalen/{signal.pk}/aanvullen/", {"text": "Nog iets"}).status_code == 302
    assert signal.supplements.get().text == "Nog iets"
    signal_decide(
        signal=signal, coordinator=coordinator, decision=SignalStatus.CLOSED, reason="klaar"
    )
    client.post(f"/signalen/{signal.pk}/aanvullen/", {"text": "Te laat"})
    assert signal.supplements.count() == 1
    page = client.get(f"/signalen/{signal.pk}/").content.decode()
    assert "u kunt geen informatie meer toevoegen" in page


def test_colleague_of_same_organisation_sees_the_signal(verified_client, partner, police):
    from lelystad_radicalisering.roles import Role
    from tests.factories import TOTPDeviceFactory, UserFactory

    colleague = UserFactory(organisation=police, role=Role.PARTNER)
    TOTPDeviceFactory(user=colleague)
    signal = make_signal(partner)
    assert verified_client(colleague).get(f"/signalen/{signal.pk}/").status_code == 200


# --- persons ----------------------------------------------------------------------


def test_match_suggestions_find_similar_name_and_same_birth_date(
    verified_client, coordinator, partner
):
    similar = Person.objects.create(
        full_name="Piet Testpersoon", date_of_birth=datetime.date(2005, 5, 5)
    )
    same_birthday = Person.objects.create(
        full_name="Anders Iemand", date_of_birth=datetime.date(2005, 5, 5)
    )
    unrelated = Person.objects.create(
        full_name="Zus Onbekend", date_of_birth=datetime.date(1980, 1, 1)
    )
    signal = make_signal(partner, persons=[("Piet Testpersoon", datetime.date(2005, 5, 5))])
    html = verified_client(coordinator).get(f"/triage/{signal.pk}/").content.decode()
    assert f'name="person" value="{similar.pk}"' in html
    assert f'name="person" value="{same_birthday.pk}"' in html
    assert f'name="person" value="{unrelated.pk}"' not in html


def test_trigram_matching_tolerates_typos(coordinator, partner):
    if connection.vendor != "postgresql":
        pytest.skip("trigram similarity is PostgreSQL only (make test runs on PostgreSQL)")
    from signals.selectors import person_match_suggestions

    known = Person.objects.create(full_name="Mohammed El Idrissi")
    signal = make_signal(partner, persons=[("Mohamed El Idrisi", None)])
    assert person_match_suggestions(signal.persons.get()) == [known]


def test_link_to_known_person_and_to_a_new_one(verified_client, coordinator, partner):
    known = Person.objects.create(full_name="Piet Testpersoon")
    signal = make_signal(
        partner, persons=[("Piet Testpersoon", None), ("Nieuw Kind", datetime.date(2010, 1, 1))]
    )
    first, second = signal.persons.all()
    client = verified_client(coordinator)
    client.post(f"/triage/{signal.pk}/personen/{first.pk}/koppelen/", {"person": known.pk})
    client.post(f"/triage/{signal.pk}/personen/{second.pk}/koppelen/", {"person": "new"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.person == known and first.matched_by == coordinator
    assert second.person.full_name == "Nieuw Kind" and second.person.date_of_birth == datetime.date(
        2010, 1, 1
    )
    person_page = client.get(f"/betrokkenen/{known.pk}/").content.decode()
    assert signal.reference in person_page
    client.post(f"/triage/{signal.pk}/personen/{first.pk}/ontkoppelen/")
    first.refresh_from_db()
    assert first.person is None


def test_person_of_another_signal_cannot_be_linked_through_this_signal(
    verified_client, coordinator, partner
):
    one = make_signal(partner)
    other = make_signal(partner)
    foreign_person = other.persons.get()
    response = verified_client(coordinator).post(
        f"/triage/{one.pk}/personen/{foreign_person.pk}/koppelen/", {"person": "new"}
    )
    assert response.status_code == 404


def test_partner_never_sees_persons_or_matches(verified_client, coordinator, partner):
    known = Person.objects.create(full_name="Piet Testpersoon")
    assert verified_client(partner).get(f"/betrokkenen/{known.pk}/").status_code == 403


def test_seed_demo_adds_signals_in_several_statuses(settings):
    from demo.accounts import seed_demo_accounts
    from demo.signals import seed_demo_signals

    seed_demo_accounts()
    assert seed_demo_signals() >= 8
    statuses = set(Signal.objects.values_list("status", flat=True))
    assert {
        SignalStatus.NEW,
        SignalStatus.IN_TRIAGE,
        SignalStatus.CLOSED,
        SignalStatus.FORWARDED,
    } <= statuses
    assert seed_demo_signals() == 0  # idempotent


def test_functional_admin_maintains_the_neighbourhood_list(
    verified_client, functional_admin, partner
):
    from signals.models import Neighbourhood

    client = verified_client(functional_admin)
    client.post("/beheer/wijken/", {"name": "  Nieuwe   Wijk "})
    added = Neighbourhood.objects.get(name="Nieuwe Wijk")
    duplicate = client.post("/beheer/wijken/", {"name": "nieuwe wijk"})
    assert "Deze wijk staat al in de lijst." in duplicate.content.decode()
    assert (
        f'<option value="{added.pk}">Nieuwe Wijk'
        in verified_client(partner).get("/signalen/nieuw/").content.decode()
    )
    client.post(f"/beheer/wijken/{added.pk}/actief/")
    added.refresh_from_db()
    assert not added.is_active
    assert (
        f'<option value="{added.pk}">Nieuwe Wijk'
        not in verified_client(partner).get("/signalen/nieuw/").content.decode()
    )
