"""Each role's start page: its panels, and only what the role may see."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from auditlog.models import LogEntry
from axes.models import AccessAttempt
from django.utils import timezone

from cases import services as case_services
from cases.constants import Visibility
from lelystad_radicalisering.audit import accessed
from lelystad_radicalisering.roles import Role
from meetings import services as meeting_services
from meetings.constants import ItemKind
from network.constants import CommunityKind, PlanPillar, Tension
from network.models import Community
from network.services import contact_moment_record
from privacy.constants import RequestKind
from privacy.models import DataSubjectRequest, DestructionRecord
from signals.constants import Urgency
from tests.cases.conftest import open_case
from tests.factories import OrganisationFactory, UserFactory
from tests.meetings.conftest import plan_meeting
from tests.signals.conftest import make_signal

pytestmark = pytest.mark.django_db


def start_page(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("role", "headings"),
    [
        (
            Role.PARTNER,
            [
                "Open afspraken van mijn organisatie",
                "Komende casusoverleggen",
                "Casussen met updates sinds uw vorige bezoek",
            ],
        ),
        (
            Role.COORDINATOR,
            [
                "Signalen die wachten op triage",
                "Volgend casusoverleg",
                "Verlopen afspraken",
                "Bewaartermijn loopt af",
                "Vervolgafspraken met gemeenschappen",
            ],
        ),
        (Role.MANAGEMENT, ["Kerncijfers", "Voortgang plan per pijler", "Laatste rapportages"]),
        (
            Role.PRIVACY_OFFICER,
            [
                "Afwijkende inzage vandaag",
                "Open verzoeken van betrokkenen",
                "Recente vernietigingen",
            ],
        ),
        (
            Role.FUNCTIONAL_ADMIN,
            [
                "Gebruikers zonder tweestapsverificatie",
                "Geblokkeerd per gebruikersnaam en adres",
                "Vertraagd: mislukte pogingen vanaf meerdere adressen",
                "Niet gebruikt in 90 dagen",
                "Convenanten die aflopen",
                "Toegangscontroles die openstaan",
            ],
        ),
    ],
)
def test_each_role_sees_its_own_panels(verified_client, cast, role, headings):
    page = start_page(verified_client(cast[role]))
    for heading in headings:
        assert heading in page
    others = {
        "Signalen die wachten op triage",
        "Kerncijfers",
        "Geblokkeerd per gebruikersnaam en adres",
    }
    for heading in others - set(headings):
        assert heading not in page


# --- partner ---------------------------------------------------------------------


def test_partner_actions_are_those_of_the_own_organisation(
    verified_client, coordinator, case, reader, contributor
):
    today = timezone.localdate()
    meeting_services.action_create(
        coordinator=coordinator,
        case=case,
        description="Huisbezoek lezer-organisatie",
        owner_organisation=reader.organisation,
        due_on=today - datetime.timedelta(days=1),
    )
    meeting_services.action_create(
        coordinator=coordinator,
        case=case,
        description="Gesprek school",
        owner_organisation=contributor.organisation,
        due_on=today + datetime.timedelta(days=2),
    )
    page = start_page(verified_client(reader))
    assert "Huisbezoek lezer-organisatie" in page
    assert "1 verlopen" in page
    assert "Gesprek school" not in page


def test_partner_sees_only_meetings_its_organisation_is_invited_to(
    verified_client, coordinator, reader, outsider
):
    plan_meeting(coordinator, [reader.organisation], days=3, location="Zaal voor lezers")
    plan_meeting(coordinator, [outsider.organisation], days=4, location="Zaal voor anderen")
    plan_meeting(coordinator, [reader.organisation], days=-3, location="Zaal van vorige week")
    page = start_page(verified_client(reader))
    assert "Zaal voor lezers" in page
    assert "Zaal voor anderen" not in page
    assert "Zaal van vorige week" not in page


def test_updates_since_the_last_visit_of_the_case_page(
    verified_client, coordinator, case, reader, contributor
):
    client = verified_client(reader)
    # Never opened: the events of the case's opening are news.
    assert case.label in start_page(client)
    client.get(case.get_absolute_url())
    assert case.label not in start_page(client)
    later = timezone.now() + datetime.timedelta(minutes=5)
    with time_machine.travel(later, tick=False):
        case_services.timeline_add_update(
            author=contributor, case=case, text="Nieuw", visibility=Visibility.ALL_INVOLVED
        )
    with time_machine.travel(later + datetime.timedelta(minutes=1), tick=False):
        assert case.label in start_page(client)
        # Opening the case page is the visit: the update is no longer new.
        assert client.get(case.get_absolute_url()).status_code == 200
    with time_machine.travel(later + datetime.timedelta(minutes=2), tick=False):
        assert case.label not in start_page(client)


def test_updates_the_organisation_may_not_read_do_not_count(
    verified_client, coordinator, case, reader, contributor, outsider
):
    client = verified_client(reader)
    client.get(case.get_absolute_url())
    later = timezone.now() + datetime.timedelta(minutes=5)
    with time_machine.travel(later, tick=False):
        # Shared with the contributor only, and a coordinator-only note.
        case_services.timeline_add_update(
            author=contributor,
            case=case,
            text="Alleen voor de school",
            visibility=Visibility.SELECTED,
            shared_with=[contributor.organisation],
        )
        case_services.timeline_add_update(
            author=coordinator, case=case, text="Notitie", visibility=Visibility.COORDINATOR_ONLY
        )
    with time_machine.travel(later + datetime.timedelta(minutes=1), tick=False):
        assert case.label not in start_page(client)
        # Not involved at all: never, whatever is written.
        assert case.label not in start_page(verified_client(outsider))


def test_own_updates_are_not_news(verified_client, case, contributor):
    client = verified_client(contributor)
    client.get(case.get_absolute_url())
    later = timezone.now() + datetime.timedelta(minutes=5)
    with time_machine.travel(later, tick=False):
        case_services.timeline_add_update(
            author=contributor, case=case, text="Eigen update", visibility=Visibility.ALL_INVOLVED
        )
    with time_machine.travel(later + datetime.timedelta(minutes=1), tick=False):
        assert case.label not in start_page(client)


def test_revoked_involvement_ends_the_updates_panel(verified_client, coordinator, case, revoked):
    later = timezone.now() + datetime.timedelta(minutes=5)
    with time_machine.travel(later, tick=False):
        case_services.timeline_add_update(
            author=coordinator, case=case, text="Na intrekking", visibility=Visibility.ALL_INVOLVED
        )
    with time_machine.travel(later + datetime.timedelta(minutes=1), tick=False):
        assert case.label not in start_page(verified_client(revoked))


def test_partner_sees_the_status_of_own_organisation_signals_only(
    verified_client, partner, other_partner
):
    own = make_signal(partner)
    foreign = make_signal(other_partner)
    page = start_page(verified_client(partner))
    assert own.reference in page
    # The partner's wording of the status, as in the organisation's signal list.
    assert "Ontvangen: 1" in page
    assert "Nieuw" not in page
    assert foreign.reference not in page
    # Names of reported persons never appear on a start page.
    assert "Piet Testpersoon" not in page


def test_cases_and_signals_shown_are_logged_as_access(verified_client, partner, coordinator):
    signal = make_signal(partner, urgency=Urgency.ACUTE)
    verified_client(coordinator).get("/")
    entry = LogEntry.objects.get(accessed(signal), actor=coordinator)
    assert entry.additional_data["view"] == "dashboards:start"


# --- coordinator -----------------------------------------------------------------


def test_coordinator_sees_waiting_signals_acute_first_with_age(
    verified_client, coordinator, partner
):
    old = timezone.now() - datetime.timedelta(days=3)
    with time_machine.travel(old, tick=False):
        normal = make_signal(partner)
    acute = make_signal(partner, urgency=Urgency.ACUTE)
    page = start_page(verified_client(coordinator))
    assert page.index(acute.reference) < page.index(normal.reference)
    assert "2 nieuw, 1 acuut" in page
    assert "wacht 3\xa0dagen" in page


def test_coordinator_next_meeting_and_its_readiness(verified_client, coordinator, case, reader):
    meeting = plan_meeting(coordinator, [reader.organisation], days=2)
    client = verified_client(coordinator)
    page = start_page(client)
    assert "Agenda nog niet klaar" in page
    assert "0 agendapunten" in page
    meeting_services.agenda_item_add(
        coordinator=coordinator, meeting=meeting, kind=ItemKind.PROGRESS, case=case
    )
    meeting_services.invitations_send(coordinator=coordinator, meeting=meeting)
    page = start_page(client)
    assert "Agenda klaar" in page
    assert "1 agendapunt" in page


def test_coordinator_overdue_actions_and_stale_assessments(
    verified_client, coordinator, partner, settings
):
    settings.RISK_ASSESSMENT_STALE_MONTHS = 6
    long_ago = timezone.now() - datetime.timedelta(days=200)
    with time_machine.travel(long_ago, tick=False):
        stale = open_case(coordinator, partner, label="Oude casus")
    fresh = open_case(coordinator, partner, label="Nieuwe casus")
    meeting_services.action_create(
        coordinator=coordinator,
        case=fresh,
        description="Te laat",
        owner_organisation=coordinator.organisation,
        due_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    page = start_page(verified_client(coordinator))
    stale_panel = page[page.index("Geen risicotaxatie") :]
    assert stale.label in stale_panel.split("</section>")[0]
    assert fresh.label not in stale_panel.split("</section>")[0]
    overdue_panel = page[page.index("Verlopen afspraken") :].split("</section>")[0]
    assert fresh.label in overdue_panel
    case_services.risk_assessment_add(assessor=coordinator, case=stale, level="low")
    page = start_page(verified_client(coordinator))
    assert stale.label not in page[page.index("Geen risicotaxatie") :].split("</section>")[0]


def test_coordinator_follow_ups_with_communities(verified_client, coordinator):
    community = Community.objects.create(name="Moskee De Vrede", kind=CommunityKind.FAITH_COMMUNITY)
    contact_moment_record(
        community=community,
        recorded_by=coordinator,
        date=timezone.localdate(),
        spoke_with="Bestuur",
        topic="Kennismaking",
        tension=Tension.NONE,
        pillar=PlanPillar.COUNTERING_POLARISATION,
        follow_up="Terugbellen",
        follow_up_due=timezone.localdate() + datetime.timedelta(days=2),
    )
    page = start_page(verified_client(coordinator))
    panel = page[page.index("Vervolgafspraken met gemeenschappen") :].split("</section>")[0]
    assert "Moskee De Vrede" in panel
    assert "Terugbellen" not in panel


# --- management ----------------------------------------------------------------------


def test_management_figures_are_suppressed_like_the_report(
    verified_client, management, partner, settings
):
    settings.REPORT_SUPPRESSION_THRESHOLD = 5
    for _ in range(3):
        make_signal(partner)
    page = start_page(verified_client(management))
    figures = page[page.index("Kerncijfers") :].split("</section>")[0]
    assert "&lt;5" in figures
    for _ in range(4):
        make_signal(partner)
    page = start_page(verified_client(management))
    figures = page[page.index("Kerncijfers") :].split("</section>")[0]
    assert "<dd>7</dd>" in figures.replace(" ", "").replace("\n", "")


def test_management_start_page_names_no_case_or_person(
    verified_client, management, coordinator, case
):
    page = start_page(verified_client(management))
    assert case.reference not in page
    assert case.label not in page
    assert "Piet Testpersoon" not in page


# --- privacy officer --------------------------------------------------------------------


def test_privacy_officer_sees_open_requests_and_destructions(verified_client, privacy_officer):
    today = timezone.localdate()
    open_request = DataSubjectRequest.objects.create(
        reference="AVG-2026-0001",
        kind=RequestKind.ACCESS,
        received_on=today - datetime.timedelta(days=40),
    )
    DataSubjectRequest.objects.create(
        reference="AVG-2026-0002",
        kind=RequestKind.ACCESS,
        received_on=today,
        decision="granted",
    )
    DestructionRecord.objects.create(
        kind="case_closed", count=4, rule_days=1825, cutoff=timezone.now()
    )
    page = start_page(verified_client(privacy_officer))
    assert open_request.reference in page
    assert "AVG-2026-0002" not in page
    panel = page[page.index("Open verzoeken") :].split("</section>")[0]
    assert "verlopen" in panel  # received 40 days ago: the month has passed
    assert ": 4" in page[page.index("Recente vernietigingen") :]


# --- functional administrator -------------------------------------------------------------


def test_functional_admin_panels(verified_client, functional_admin, municipality, settings):
    without = UserFactory(username="zonder.2fa", organisation=municipality, role=Role.PARTNER)
    locked = UserFactory(username="geblokkeerd", organisation=municipality, role=Role.PARTNER)
    AccessAttempt.objects.create(
        username=locked.username,
        ip_address="127.0.0.1",
        user_agent="test",
        failures_since_start=settings.AXES_FAILURE_LIMIT,
        attempt_time=timezone.now(),
    )
    dormant = UserFactory(username="slapend", organisation=municipality, role=Role.PARTNER)
    dormant.last_login = timezone.now() - datetime.timedelta(days=120)
    dormant.save(update_fields=["last_login"])
    expiring = OrganisationFactory(name="Stichting Aflopend")
    expiring.covenant_ends_on = timezone.localdate() + datetime.timedelta(days=20)
    expiring.save(update_fields=["covenant_ends_on"])
    page = start_page(verified_client(functional_admin))

    def panel(title: str) -> str:
        return page[page.index(title) :].split("</section>")[0]

    assert without.get_full_name() in panel("Gebruikers zonder tweestapsverificatie")
    assert locked.get_full_name() in panel("Geblokkeerd per gebruikersnaam en adres")
    assert without.get_full_name() not in panel("Geblokkeerd per gebruikersnaam en adres")
    assert dormant.get_full_name() in panel("Niet gebruikt in 90 dagen")
    assert "Stichting Aflopend" in panel("Convenanten die aflopen")


def test_functional_admin_sees_open_access_reviews_due_first(
    verified_client, functional_admin, police, youth_care
):
    from accounts.models import AccessReview

    today = timezone.localdate()
    AccessReview.objects.create(organisation=youth_care, due_on=today + datetime.timedelta(days=9))
    AccessReview.objects.create(organisation=police, due_on=today - datetime.timedelta(days=1))
    AccessReview.objects.create(
        organisation=OrganisationFactory(name="Al gecontroleerd"),
        due_on=today,
        completed_at=timezone.now(),
    )
    page = start_page(verified_client(functional_admin))
    panel = page[page.index("Toegangscontroles die openstaan") :].split("</section>")[0]
    assert panel.index(police.name) < panel.index(youth_care.name)
    assert "verlopen" in panel
    assert "Al gecontroleerd" not in panel


def test_functional_admin_start_page_shows_no_case_content(
    verified_client, functional_admin, case, partner
):
    signal = make_signal(partner)
    page = start_page(verified_client(functional_admin))
    for text in (case.reference, case.label, signal.reference, "Piet Testpersoon"):
        assert text not in page


def test_start_page_requires_two_factor(password_only_client, client, coordinator):
    assert client.get("/").status_code == 302
    response = password_only_client(coordinator).get("/")
    assert response.status_code == 302
    assert response["Location"] == "/inloggen/verificatie/"


def test_a_new_case_with_an_old_assessment_is_stale_but_a_new_unassessed_case_is_not(
    verified_client, coordinator, partner
):
    from cases.models import RiskAssessment

    assessed = open_case(coordinator, partner, label="Getaxeerde casus")
    # Assessed 200 days ago, through the service that keeps the case's stored date.
    with time_machine.travel(timezone.now() - datetime.timedelta(days=200)):
        case_services.risk_assessment_add(assessor=coordinator, case=assessed, level="low")
    assert RiskAssessment.objects.get(case=assessed).assessed_at < timezone.now() - (
        datetime.timedelta(days=199)
    )
    unassessed = open_case(coordinator, partner, label="Verse casus")
    page = start_page(verified_client(coordinator))
    panel = page[page.index("Geen risicotaxatie") :].split("</section>")[0]
    assert assessed.label in panel
    assert unassessed.label not in panel
