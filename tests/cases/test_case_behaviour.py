"""Case files: opening, need to know, closing, access after closing, audit."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core import mail
from django.utils import timezone

from cases import services
from cases.constants import CaseStatus, ClosingOutcome, RiskLevel, Visibility
from cases.models import Case
from lelystad_radicalisering.exceptions import ApplicationError
from signals.constants import SignalStatus
from tests.signals.conftest import make_signal

from .conftest import open_case

pytestmark = pytest.mark.django_db


def test_coordinator_opens_a_case_from_a_signal_in_the_browser_flow(
    verified_client, coordinator, partner
):
    signal = make_signal(partner, persons=[("Jan Testpersoon", datetime.date(2004, 4, 4))])
    client = verified_client(coordinator)
    assert client.get(f"/casussen/nieuw/?signaal={signal.pk}").status_code == 200
    response = client.post(
        "/casussen/nieuw/",
        {
            "signaal": signal.pk,
            "label": "Casus Boswijk 7",
            "pillar": "person_oriented",
            "category": "radicalisation",
            "legal_basis": 1,
        },
    )
    case = Case.objects.get()
    assert response["Location"] == f"/casussen/{case.pk}/"
    assert case.reference.startswith("C-") and case.status == CaseStatus.INTAKE
    signal.refresh_from_db()
    assert signal.status == SignalStatus.LINKED_TO_CASE and signal.case == case
    assert [p.full_name for p in case.persons.all()] == ["Jan Testpersoon"]


def test_label_with_a_persons_name_is_refused(verified_client, coordinator, partner):
    signal = make_signal(partner, persons=[("Jan Testpersoon", None)])
    response = verified_client(coordinator).post(
        "/casussen/nieuw/",
        {
            "signaal": signal.pk,
            "label": "Casus testpersoon",
            "pillar": "prevention",
            "category": "other",
            "legal_basis": 1,
        },
    )
    assert "Het label bevat een naam van een persoon in deze casus." in response.content.decode()
    assert not Case.objects.exists()


def test_link_a_signal_to_an_existing_case(verified_client, coordinator, partner):
    case = open_case(coordinator, partner)
    signal = make_signal(partner, persons=[("Tweede Persoon", None)])
    response = verified_client(coordinator).post(
        "/casussen/koppel-signaal/", {"signaal": signal.pk, "case": case.reference.lower()}
    )
    assert response["Location"] == f"/casussen/{case.pk}/"
    signal.refresh_from_db()
    assert signal.case == case
    assert case.persons.count() == 2


def test_reporting_partner_learns_the_status_but_never_the_case(
    verified_client, coordinator, partner
):
    case = open_case(coordinator, partner)
    signal = case.signals.get()
    client = verified_client(partner)
    page = client.get(f"/signalen/{signal.pk}/").content.decode()
    assert "Opgenomen in een casus" in page
    assert case.reference not in page and case.label not in page
    # Involved later, the partner still cannot read which signal led to the case.
    services.involvement_add(
        coordinator=coordinator, case=case, organisation=partner.organisation, can_change=True
    )
    case_page = client.get(f"/casussen/{case.pk}/").content.decode()
    assert signal.reference not in case_page


def test_need_to_know_in_the_timeline(verified_client, case, coordinator, reader, contributor):
    services.timeline_add_update(
        author=coordinator, case=case, text="VOOR-IEDEREEN", visibility=Visibility.ALL_INVOLVED
    )
    services.timeline_add_update(
        author=coordinator,
        case=case,
        text="ALLEEN-COORDINATOR",
        visibility=Visibility.COORDINATOR_ONLY,
    )
    services.timeline_add_update(
        author=coordinator,
        case=case,
        text="ALLEEN-SCHOOL",
        visibility=Visibility.SELECTED,
        shared_with=[contributor.organisation],
    )
    services.timeline_add_update(
        author=contributor, case=case, text="EIGEN-BERICHT", visibility=Visibility.COORDINATOR_ONLY
    )
    reader_page = verified_client(reader).get(f"/casussen/{case.pk}/").content.decode()
    contributor_page = verified_client(contributor).get(f"/casussen/{case.pk}/").content.decode()
    coordinator_page = verified_client(coordinator).get(f"/casussen/{case.pk}/").content.decode()
    assert "VOOR-IEDEREEN" in reader_page and "ALLEEN-COORDINATOR" not in reader_page
    assert "ALLEEN-SCHOOL" not in reader_page and "EIGEN-BERICHT" not in reader_page
    assert "ALLEEN-SCHOOL" in contributor_page and "EIGEN-BERICHT" in contributor_page
    assert "ALLEEN-COORDINATOR" not in contributor_page
    for text in ("VOOR-IEDEREEN", "ALLEEN-COORDINATOR", "ALLEEN-SCHOOL", "EIGEN-BERICHT"):
        assert text in coordinator_page


def test_sharing_with_an_uninvolved_organisation_is_refused(case, coordinator, outsider):
    with pytest.raises(ApplicationError):
        services.timeline_add_update(
            author=coordinator,
            case=case,
            text="x",
            visibility=Visibility.SELECTED,
            shared_with=[outsider.organisation],
        )


def test_contributor_adds_an_update_with_author_and_organisation(
    verified_client, case, contributor
):
    response = verified_client(contributor).post(
        f"/casussen/{case.pk}/updates/", {"text": "Gesprek gehad", "visibility": "all"}
    )
    assert response.status_code == 302
    entry = case.timeline.filter(kind="note").get(text="Gesprek gehad")
    assert entry.author == contributor and entry.organisation == contributor.organisation


def test_empty_update_gets_a_dutch_message(verified_client, case, contributor):
    response = verified_client(contributor).post(
        f"/casussen/{case.pk}/updates/", {"text": "  ", "visibility": "selected"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Dit veld is verplicht." in html or "Schrijf een update." in html


def test_every_assessment_is_kept(verified_client, case, coordinator):
    client = verified_client(coordinator)
    client.post(f"/casussen/{case.pk}/risicotaxatie/", {"level": RiskLevel.HIGH})
    client.post(f"/casussen/{case.pk}/risicotaxatie/", {"level": RiskLevel.LOW})
    assert list(case.assessments.values_list("level", flat=True)) == [RiskLevel.LOW, RiskLevel.HIGH]
    assert "Huidig niveau" in client.get(f"/casussen/{case.pk}/").content.decode()


def test_status_machine_and_timeline(case, coordinator):
    def move(status):
        return services.case_update(
            coordinator=coordinator,
            case=case,
            label=case.label,
            pillar=case.pillar,
            category=case.category,
            legal_basis=case.legal_basis,
            status=status,
        )

    with pytest.raises(ApplicationError):
        move(CaseStatus.MONITORING)  # intake cannot skip to monitoring
    move(CaseStatus.ACTIVE)
    move(CaseStatus.MONITORING)
    assert case.timeline.filter(kind="status").count() == 2


def test_closing_needs_reason_and_outcome_and_makes_the_case_read_only(
    verified_client, case, coordinator, contributor
):
    client = verified_client(coordinator)
    response = client.post(
        f"/casussen/{case.pk}/sluiten/", {"outcome": ClosingOutcome.MOVED_AWAY, "reason": " "}
    )
    assert response.status_code == 400 and "Dit veld is verplicht." in response.content.decode()
    client.post(
        f"/casussen/{case.pk}/sluiten/",
        {"outcome": ClosingOutcome.MOVED_AWAY, "reason": "Verhuisd naar Almere"},
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.retention_start == timezone.localdate()
    assert case.closing_outcome == ClosingOutcome.MOVED_AWAY
    with pytest.raises(ApplicationError):
        services.timeline_add_update(author=coordinator, case=case, text="x", visibility="all")
    page = verified_client(contributor).get(f"/casussen/{case.pk}/").content.decode()
    assert "alleen-lezen" in page and "Update toevoegen" not in page


def test_reopening_is_logged_with_a_reason(verified_client, case, coordinator):
    services.case_close(
        coordinator=coordinator, case=case, reason="klaar", outcome=ClosingOutcome.NO_GROUNDS
    )
    verified_client(coordinator).post(
        f"/casussen/{case.pk}/heropenen/", {"reason": "Nieuwe signalen"}
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.ACTIVE and case.retention_start is None
    entry = case.timeline.get(kind="reopened", visibility=Visibility.COORDINATOR_ONLY)
    assert entry.text == "Nieuwe signalen" and entry.author == coordinator


def test_partners_keep_read_access_for_the_grace_period_then_lose_it(
    verified_client, case, coordinator, reader, settings
):
    services.case_close(
        coordinator=coordinator, case=case, reason="klaar", outcome=ClosingOutcome.RISK_REDUCED
    )
    client = verified_client(reader)
    assert client.get(f"/casussen/{case.pk}/").status_code == 200
    later = timezone.now() + datetime.timedelta(days=settings.CASE_PARTNER_ACCESS_DAYS, hours=1)
    with time_machine.travel(later):
        # A fresh login: the old session has long expired by then.
        assert verified_client(reader).get(f"/casussen/{case.pk}/").status_code == 404
        services.case_access_expire()
    from cases.models import CaseGroupObjectPermission

    assert not CaseGroupObjectPermission.objects.filter(content_object=case).exists()
    assert verified_client(coordinator).get(f"/casussen/{case.pk}/").status_code == 200


def test_involvement_end_date_revokes_access(verified_client, case, coordinator, reader):
    ends = timezone.localdate() + datetime.timedelta(days=3)
    services.involvement_add(
        coordinator=coordinator,
        case=case,
        organisation=reader.organisation,
        can_change=False,
        ends_on=ends,
    )
    with time_machine.travel(timezone.now() + datetime.timedelta(days=5)):
        assert services.case_access_expire() == 1
    assert verified_client(reader).get(f"/casussen/{case.pk}/").status_code == 404


def test_involved_partners_get_label_and_link_only(
    coordinator, partner, reader, django_capture_on_commit_callbacks
):
    case = open_case(coordinator, partner, label="Casus Haven 3")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.involvement_add(
            coordinator=coordinator, case=case, organisation=reader.organisation, can_change=False
        )
    # Through the notifications app (issue 14): reference and link, never the label.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [reader.email]
    assert case.reference in message.subject and "/berichten/" in message.body
    for secret in ("Piet", "Testpersoon", "Casus Haven 3"):
        assert secret not in message.subject + message.body


def test_case_changes_and_views_are_audited(verified_client, case, coordinator, reader):
    verified_client(coordinator).post(f"/casussen/{case.pk}/risicotaxatie/", {"level": "medium"})
    assessment = case.assessments.get()
    created = LogEntry.objects.get_for_object(assessment).get(action=LogEntry.Action.CREATE)
    assert created.actor == coordinator and "level" in created.changes_dict
    verified_client(reader).get(f"/casussen/{case.pk}/")
    accessed = LogEntry.objects.get_for_object(case).filter(
        action=LogEntry.Action.ACCESS, actor=reader
    )
    assert accessed.count() == 1
    person = case.persons.get()
    assert (
        LogEntry.objects.get_for_object(person)
        .filter(action=LogEntry.Action.ACCESS, actor=reader)
        .exists()
    )
    history = (
        verified_client(coordinator).get(f"/casussen/{case.pk}/geschiedenis/").content.decode()
    )
    assert "Risicotaxatie" in history


def test_seed_demo_adds_cases_in_every_status():
    from demo.accounts import seed_demo_accounts
    from demo.cases import seed_demo_cases
    from demo.signals import seed_demo_signals

    seed_demo_accounts()
    seed_demo_signals()
    assert seed_demo_cases() == 4
    assert set(Case.objects.values_list("status", flat=True)) == set(CaseStatus.values)
    for case in Case.objects.all():
        assert case.assessments.exists() and case.timeline.filter(kind="note").exists()
        # The PGA law: a plan only after the decision to include (not the intake case).
        assert case.interventions.exists() == (case.inclusion_decisions.exists())
        assert case.inclusion_decisions.exists() == (case.status != CaseStatus.INTAKE)


# --- regressions from the security review ---------------------------------------------


def test_partner_in_the_coordinators_organisation_sees_no_coordinator_only_entries(
    verified_client, coordinator, partner, municipality
):
    from lelystad_radicalisering.roles import Role
    from tests.factories import TOTPDeviceFactory, UserFactory

    colleague = UserFactory(
        username="gemeente.partner", organisation=municipality, role=Role.PARTNER
    )
    TOTPDeviceFactory(user=colleague)
    case = open_case(coordinator, colleague)
    services.involvement_add(
        coordinator=coordinator, case=case, organisation=municipality, can_change=False
    )
    services.timeline_add_update(
        author=coordinator,
        case=case,
        text="GEHEIM-VAN-COORDINATOR",
        visibility=Visibility.COORDINATOR_ONLY,
    )
    page = verified_client(colleague).get(f"/casussen/{case.pk}/").content.decode()
    assert "GEHEIM-VAN-COORDINATOR" not in page
    assert case.signals.get().reference not in page


def test_involvement_end_date_holds_before_the_expiry_job_runs(
    verified_client, case, coordinator, reader
):
    ends = timezone.localdate() + datetime.timedelta(days=1)
    services.involvement_add(
        coordinator=coordinator,
        case=case,
        organisation=reader.organisation,
        can_change=False,
        ends_on=ends,
    )
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        assert verified_client(reader).get(f"/casussen/{case.pk}/").status_code == 404


def test_partners_see_a_persons_name_only(verified_client, coordinator, partner, reader):
    case = open_case(coordinator, partner)
    services.involvement_add(
        coordinator=coordinator, case=case, organisation=reader.organisation, can_change=False
    )
    page = verified_client(reader).get(f"/casussen/{case.pk}/").content.decode()
    assert "Piet Testpersoon" in page and "5-5-2005" not in page
    assert "5-5-2005" in verified_client(coordinator).get(f"/casussen/{case.pk}/").content.decode()


def test_closing_reason_stays_with_the_coordinator(verified_client, case, coordinator, reader):
    services.case_close(
        coordinator=coordinator,
        case=case,
        reason="VERTROUWELIJKE-REDEN",
        outcome=ClosingOutcome.MOVED_AWAY,
    )
    page = verified_client(reader).get(f"/casussen/{case.pk}/").content.decode()
    assert "VERTROUWELIJKE-REDEN" not in page and "Verhuisd" in page
    assert (
        "VERTROUWELIJKE-REDEN"
        in verified_client(coordinator).get(f"/casussen/{case.pk}/").content.decode()
    )


def test_intervention_only_for_an_involved_organisation(case, coordinator, outsider, reader):
    with pytest.raises(ApplicationError):
        services.intervention_add(
            coordinator=coordinator, case=case, description="x", organisation=outsider.organisation
        )
    assert services.intervention_add(
        coordinator=coordinator, case=case, description="x", organisation=reader.organisation
    )


def test_logged_in_pages_are_never_stored(verified_client, case, coordinator):
    response = verified_client(coordinator).post(
        f"/casussen/{case.pk}/risicotaxatie/", {"level": "bogus"}
    )
    assert response.status_code == 400
    assert "no-store" in response["Cache-Control"]
