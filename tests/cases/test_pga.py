"""The PGA law's steps on a case: the decision to include (by a mandated
official only), nothing about the person before it, ending it, informing."""

from __future__ import annotations

import datetime

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from accounts import services as account_services
from cases import services
from cases.constants import (
    CaseStatus,
    DecisionKind,
    InclusionStatus,
    InformingState,
    TimelineKind,
    Visibility,
)
from cases.models import DeferralReason, InclusionCriterion, LegalBasis
from cases.selectors import overdue_deferrals
from lelystad_radicalisering.exceptions import ApplicationError
from meetings import services as meeting_services
from tests.cases.conftest import grant_mandate, include, open_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def fresh(coordinator, partner, reader):
    """A case without a decision to include, the reader's organisation involved."""
    case = open_case(coordinator, partner, included=False)
    services.involvement_add(
        coordinator=coordinator, case=case, organisation=reader.organisation, can_change=True
    )
    return case


def _inclusion_data(case, **overrides):
    data = {
        "persons": [p.pk for p in case.persons.all()],
        "criteria": [InclusionCriterion.objects.first().pk],
        "proportionality": "Ernstig en aanhoudend.",
        "subsidiarity": "Lichtere aanpak werkte niet.",
        "legal_basis": LegalBasis.objects.filter(name__startswith="Wet gegevensverwerking")
        .get()
        .pk,
        "decided_on": timezone.localdate().isoformat(),
    }
    data.update(overrides)
    return data


def test_the_law_is_a_legal_basis_and_the_lists_are_seeded():
    assert LegalBasis.objects.filter(name__contains="36225").exists()
    assert InclusionCriterion.objects.filter(is_active=True).count() >= 3
    assert DeferralReason.objects.filter(is_active=True).count() >= 3


def test_a_case_without_inclusion_refuses_plan_and_actions_in_every_service(
    fresh, coordinator, reader
):
    organisation = reader.organisation
    with pytest.raises(services.NotIncluded):
        services.goal_add(coordinator=coordinator, case=fresh, description="Doel")
    with pytest.raises(services.NotIncluded):
        services.intervention_add(
            coordinator=coordinator, case=fresh, description="Gesprek", organisation=organisation
        )
    with pytest.raises(services.NotIncluded):
        meeting_services.action_create(
            coordinator=coordinator,
            case=fresh,
            description="Bellen",
            owner_organisation=organisation,
            due_on=timezone.localdate() + datetime.timedelta(days=3),
        )
    assert not fresh.goals.exists() and not fresh.interventions.exists()
    assert not fresh.actions.exists()


def test_a_case_without_inclusion_refuses_plan_and_actions_through_every_url(
    verified_client, fresh, coordinator, reader
):
    client = verified_client(coordinator)
    due = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    posts = {
        f"/casussen/{fresh.pk}/doelen/": {"description": "Doel"},
        f"/casussen/{fresh.pk}/interventies/": {
            "interventie-description": "Gesprek",
            "interventie-organisation": reader.organisation_id,
        },
        f"/casussen/{fresh.pk}/afspraken/": {
            "afspraak-description": "Bellen",
            "afspraak-owner_organisation": reader.organisation_id,
            "afspraak-due_on": due,
        },
    }
    for url, data in posts.items():
        response = client.post(url, data)
        assert response.status_code == 400, url
        assert "besluit tot opname" in response.content.decode().lower(), url
    # The meeting's chair view: an action on the case's agenda item.
    from tests.meetings.conftest import plan_meeting

    meeting = plan_meeting(coordinator, [reader.organisation])
    item = meeting_services.agenda_item_add(
        coordinator=coordinator, meeting=meeting, kind="new_case", case=fresh
    )
    response = client.post(
        f"/overleggen/{meeting.pk}/voorzitten/{item.pk}/afspraak/",
        {"description": "Bellen", "owner_organisation": reader.organisation_id, "due_on": due},
    )
    assert response.status_code == 400
    assert not fresh.goals.exists() and not fresh.interventions.exists()
    assert not fresh.actions.exists()


def test_only_a_mandated_coordinator_decides(verified_client, fresh, coordinator, privacy_officer):
    url = f"/casussen/{fresh.pk}/opname/"
    assert verified_client(coordinator).get(url).status_code == 403
    assert verified_client(coordinator).post(url, _inclusion_data(fresh)).status_code == 403
    assert verified_client(privacy_officer).get(url).status_code == 403
    with pytest.raises(ApplicationError):
        services.inclusion_decide(
            official=coordinator,
            case=fresh,
            persons=fresh.persons.all(),
            criteria=InclusionCriterion.objects.all()[:1],
            proportionality="x",
            subsidiarity="y",
            legal_basis=LegalBasis.objects.first(),
            decided_on=timezone.localdate(),
        )
    fresh.refresh_from_db()
    assert fresh.inclusion_status == InclusionStatus.NOT_INCLUDED


def test_functional_administrator_grants_the_mandate_audited(
    verified_client, coordinator, functional_admin, partner
):
    client = verified_client(functional_admin)
    response = client.post(f"/beheer/gebruikers/{coordinator.pk}/mandaat/", {"mandate": "yes"})
    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert coordinator.has_pga_mandate
    entry = LogEntry.objects.get_for_object(coordinator).filter(actor=functional_admin).first()
    assert entry is not None and "pga_mandate" in entry.changes_dict
    # A partner cannot hold it; nobody grants it to themselves.
    with pytest.raises(ApplicationError):
        account_services.user_set_mandate(actor=functional_admin, user=partner, mandate=True)
    with pytest.raises(ApplicationError):
        account_services.user_set_mandate(actor=coordinator, user=coordinator, mandate=False)


def test_mandated_official_records_the_decision_with_its_reasoning(
    verified_client, fresh, coordinator, reader
):
    grant_mandate(coordinator)
    client = verified_client(coordinator)
    form = client.get(f"/casussen/{fresh.pk}/opname/")
    assert form.status_code == 200
    assert "36225" in form.content.decode()
    # Missing reasoning: a Dutch message next to the field, nothing recorded.
    bad = client.post(f"/casussen/{fresh.pk}/opname/", _inclusion_data(fresh, subsidiarity=""))
    assert bad.status_code == 400
    assert "verplicht" in bad.content.decode()
    response = client.post(f"/casussen/{fresh.pk}/opname/", _inclusion_data(fresh))
    assert response.status_code == 302
    fresh.refresh_from_db()
    assert fresh.inclusion_status == InclusionStatus.INCLUDED
    assert fresh.review_due_on == timezone.localdate().replace(
        year=timezone.localdate().year + 1
    ) or fresh.review_due_on > timezone.localdate() + datetime.timedelta(days=360)
    decision = fresh.inclusion_decisions.get()
    assert decision.kind == DecisionKind.INCLUDE and decision.decided_by == coordinator
    assert decision.criteria.exists() and decision.legal_basis.name.endswith("(Kamerstuk 36225)")
    # On the timeline, for the coordinator only.
    event = fresh.timeline.get(kind=TimelineKind.INCLUSION)
    assert event.visibility == Visibility.COORDINATOR_ONLY
    assert (
        "Besluit tot opname"
        not in verified_client(reader).get(f"/casussen/{fresh.pk}/").content.decode()
    )
    # Now the plan may start.
    services.goal_add(coordinator=coordinator, case=fresh, description="Doel")


def test_ending_downgrades_or_closes_and_stops_the_plan(case, coordinator, reader):
    intervention = services.intervention_add(
        coordinator=coordinator, case=case, description="Gesprek", organisation=reader.organisation
    )
    case = services.case_update(
        coordinator=coordinator,
        case=case,
        label=case.label,
        pillar=case.pillar,
        category=case.category,
        legal_basis=case.legal_basis,
        status=CaseStatus.ACTIVE,
    )
    services.inclusion_end(
        official=coordinator,
        case=case,
        reasoning="Risico afgenomen.",
        end_effect="monitoring",
        decided_on=timezone.localdate(),
    )
    case.refresh_from_db()
    assert (case.status, case.inclusion_status) == (CaseStatus.MONITORING, InclusionStatus.ENDED)
    assert case.review_due_on is None
    with pytest.raises(services.NotIncluded):
        services.goal_add(coordinator=coordinator, case=case, description="Doel")
    with pytest.raises(services.NotIncluded):
        services.intervention_set_status(
            user=coordinator, intervention=intervention, status="ongoing"
        )
    # Winding down stays possible.
    services.intervention_set_status(user=coordinator, intervention=intervention, status="stopped")


def test_ending_with_close_closes_the_case(case, coordinator):
    services.inclusion_end(
        official=coordinator,
        case=case,
        reasoning="Geen zorgen meer.",
        end_effect="close",
        decided_on=timezone.localdate(),
    )
    case.refresh_from_db()
    assert case.is_closed and case.inclusion_status == InclusionStatus.ENDED


def test_informing_informed_and_deferred(verified_client, case, coordinator, privacy_officer):
    person = case.persons.get()
    client = verified_client(coordinator)
    url = f"/casussen/{case.pk}/informeren/{person.pk}/"
    assert client.get(url).status_code == 200
    # Deferred without a review date: a Dutch message, nothing stored.
    reason = DeferralReason.objects.first()
    bad = client.post(url, {"state": "deferred", "deferral_reason": reason.pk})
    assert bad.status_code == 400 and not case.informing.exists()
    review_on = timezone.localdate() + datetime.timedelta(days=30)
    ok = client.post(
        url,
        {"state": "deferred", "deferral_reason": reason.pk, "review_on": review_on.isoformat()},
    )
    assert ok.status_code == 302
    informing = case.informing.get()
    assert (informing.state, informing.review_on) == (InformingState.DEFERRED, review_on)
    assert not overdue_deferrals().exists()
    assert list(overdue_deferrals(review_on + datetime.timedelta(days=1))) == [informing]
    ok = client.post(
        url,
        {
            "state": "informed",
            "informed_on": timezone.localdate().isoformat(),
            "informed_by": "S. Verbeek, gemeente",
            "method": "in_person",
        },
    )
    assert ok.status_code == 302
    informing.refresh_from_db()
    assert informing.state == InformingState.INFORMED and informing.review_on is None
    assert LogEntry.objects.get_for_object(informing).count() >= 2


def test_informing_needs_the_person_to_be_included(fresh, coordinator):
    grant_mandate(coordinator)
    with pytest.raises(services.NotIncluded):
        services.informing_record(
            coordinator=coordinator,
            case=fresh,
            person=fresh.persons.get(),
            state="informed",
            informed_on=timezone.localdate(),
            informed_by="X",
            method="letter",
        )
    include(coordinator, fresh)
    services.informing_record(
        coordinator=coordinator,
        case=fresh,
        person=fresh.persons.get(),
        state="informed",
        informed_on=timezone.localdate(),
        informed_by="X",
        method="letter",
    )
