"""Covenants, communities, the tension overview and trainings."""

from __future__ import annotations

import datetime
import threading

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.utils import timezone

from cases import services as case_services
from lelystad_radicalisering.audit import accessed, object_key
from lelystad_radicalisering.exceptions import ApplicationError
from network import services
from network.constants import (
    CommunityKind,
    OrganisationType,
    PlanPillar,
    Tension,
    TrainingTopic,
)
from network.models import Training, TrainingRegistration
from signals.constants import Category
from signals.models import Neighbourhood
from signals.selectors import tension_overview
from tests.cases.conftest import open_case
from tests.factories import OrganisationFactory
from tests.signals.conftest import make_signal

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")


# --- covenant rule ------------------------------------------------------------------


def test_organisation_without_valid_covenant_cannot_be_involved(coordinator, partner):
    case = open_case(coordinator, partner)
    unsigned = OrganisationFactory(name="Zonder convenant", covenant_signed_on=None)
    expired = OrganisationFactory(
        name="Verlopen", covenant_ends_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    for organisation in (unsigned, expired):
        with pytest.raises(
            ApplicationError, match=r"geen geldig convenant|no valid data-sharing covenant"
        ):
            case_services.involvement_add(
                coordinator=coordinator, case=case, organisation=organisation, can_change=False
            )
    assert not case.involvements.exists()


def test_case_screen_refuses_and_explains_the_covenant_rule(verified_client, coordinator, partner):
    case = open_case(coordinator, partner)
    unsigned = OrganisationFactory(name="Zonder convenant", covenant_signed_on=None)
    client = verified_client(coordinator)
    page = client.get(f"/casussen/{case.pk}/").content.decode()
    assert (
        "Alleen organisaties met een geldig convenant gegevensdeling kunnen worden betrokken."
        in page
    )
    # The organisation is a search field; its suggestions hold valid covenants only.
    assert "/netwerk/organisaties/suggesties/?scope=covenant" in page
    suggestions = client.get(
        "/netwerk/organisaties/suggesties/", {"scope": "covenant", "organisation": "Zonder"}
    ).content.decode()
    assert unsigned.name not in suggestions
    everyone = client.get(
        "/netwerk/organisaties/suggesties/", {"scope": "all", "organisation": "Zonder"}
    ).content.decode()
    assert unsigned.name in everyone
    response = client.post(f"/casussen/{case.pk}/betrokkenheid/", {"organisation": unsigned.pk})
    assert response.status_code == 400
    assert not case.involvements.exists()


def test_case_screen_flags_an_involved_organisation_whose_covenant_ran_out(
    verified_client, coordinator, partner
):
    import time_machine

    case = open_case(coordinator, partner)
    organisation = OrganisationFactory(
        name="Bijna verlopen", covenant_ends_on=timezone.localdate() + datetime.timedelta(days=1)
    )
    case_services.involvement_add(
        coordinator=coordinator, case=case, organisation=organisation, can_change=False
    )
    with time_machine.travel(timezone.now() + datetime.timedelta(days=3)):
        # The date passed; the expiry job has not run yet.
        assert (
            "convenant niet geldig"
            in verified_client(coordinator).get(f"/casussen/{case.pk}/").content.decode()
        )


def test_covenant_form_checks_dates_and_pdf(verified_client, coordinator, partner):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = verified_client(coordinator)
    url = f"/netwerk/organisaties/{partner.organisation_id}/convenant/"
    response = client.post(
        url, {"covenant_signed_on": "2025-05-01", "covenant_ends_on": "2024-01-01"}
    )
    assert "De einddatum ligt voor de datum van ondertekening." in response.content.decode()
    fake = SimpleUploadedFile("convenant.pdf", b"MZ" + b"\0" * 100)
    response = client.post(url, {"covenant_signed_on": "2025-05-01", "document": fake})
    assert "convenant.pdf is niet toegestaan." in response.content.decode()
    response = client.post(url, {"covenant_ends_on": "2030-01-01"})
    assert "Vul in wanneer het convenant is getekend." in response.content.decode()


# --- directory ----------------------------------------------------------------------

DIRECTORY = "/netwerk/organisaties/"
# The partner's own organisation as a row (the page header names it too).
POLICE_ROW = ">Politie Teststad</a></td>"


def _buurtwerk(count: int) -> list:
    """``count`` organisations named to sort before the cast's own (Gemeente,
    Jeugdteam, Politie), each with one contact person."""
    organisations = [
        OrganisationFactory(name=f"Buurtwerk {n:02d}", type=OrganisationType.WELFARE)
        for n in range(count)
    ]
    for organisation in organisations:
        services.contact_person_add(
            organisation=organisation,
            name=f"Contact van {organisation.name}",
            function="",
            phone="",
            email="",
        )
    return organisations


def _directory(client, **params) -> str:
    response = client.get(DIRECTORY, params)
    assert response.status_code == 200
    return response.content.decode()


def test_directory_shows_25_organisations_a_page(verified_client, partner):
    _buurtwerk(30)
    client = verified_client(partner)
    first = _directory(client)
    assert "Buurtwerk 24" in first
    assert "Buurtwerk 25" not in first
    assert "Pagina 1 van 2" in first
    assert "31 organisaties" in first  # 30 and the partner's own
    second = _directory(client, pagina="2")
    assert "Buurtwerk 25" in second  # the 26th by name
    assert "Buurtwerk 24" not in second
    assert POLICE_ROW in second


@pytest.mark.parametrize("number", ["abc", "0", "-1", "999", "1.5", "2x", "9" * 5000])
def test_directory_page_out_of_range_or_not_a_number_is_not_an_error(
    verified_client, partner, number
):
    _buurtwerk(30)
    assert "Buurtwerk" in _directory(verified_client(partner), pagina=number)


def test_directory_pager_keeps_the_filters(verified_client, partner):
    _buurtwerk(30)
    page = _directory(verified_client(partner), q="buurtwerk", type="welfare")
    assert "30 organisaties" in page
    assert "?q=buurtwerk&amp;type=welfare&amp;pagina=2" in page
    assert 'value="buurtwerk"' in page


def test_directory_search_finds_organisation_and_contact_person_names(verified_client, partner):
    noord = OrganisationFactory(name="Wijkteam Noord", type=OrganisationType.WELFARE)
    OrganisationFactory(name="Wijkteam Zuid", type=OrganisationType.WELFARE)
    for name in ("Fatima de Vries", "Jan de Vries"):
        services.contact_person_add(organisation=noord, name=name, function="", phone="", email="")
    client = verified_client(partner)
    by_contact = _directory(client, q="DE VRIES")
    assert "Wijkteam Noord" in by_contact
    assert "Wijkteam Zuid" not in by_contact
    assert "1 organisatie<" in by_contact  # two matching contacts, still one row
    by_name = _directory(client, q="  zuid ")
    assert "Wijkteam Zuid" in by_name
    assert "Wijkteam Noord" not in by_name


def test_directory_filters_on_type(verified_client, partner):
    OrganisationFactory(name="Scholengroep Lelystad", type=OrganisationType.EDUCATION)
    page = _directory(verified_client(partner), type=OrganisationType.EDUCATION)
    assert "Scholengroep Lelystad" in page
    assert POLICE_ROW not in page
    assert "1 organisatie<" in page
    assert '<option value="education" selected>Onderwijs</option>' in page


def test_directory_without_matches_says_so(verified_client, partner):
    page = _directory(verified_client(partner), q="bestaat niet")
    assert "0 organisaties" in page
    assert "Geen organisaties die aan deze filters voldoen." in page


def test_directory_unknown_type_gets_a_dutch_message_and_the_search_still_applies(
    verified_client, partner
):
    OrganisationFactory(name="Wijkteam Noord", type=OrganisationType.WELFARE)
    page = _directory(verified_client(partner), q="noord", type="geheime-dienst")
    assert "Kies een soort organisatie uit de lijst." in page
    assert "Wijkteam Noord" in page
    assert POLICE_ROW not in page
    # Text the database refuses (a NUL) and an overlong search are form errors.
    assert POLICE_ROW in _directory(verified_client(partner), q="a\x00b")
    assert POLICE_ROW in _directory(verified_client(partner), q="x" * 500)


def test_directory_audit_entry_lists_only_the_contacts_shown(verified_client, partner):
    organisations = _buurtwerk(30)
    client = verified_client(partner)

    def listed() -> set[str]:
        entry = LogEntry.objects.filter(
            action=LogEntry.Action.ACCESS,
            actor=partner,
            additional_data__view="network:directory",
        ).latest("pk")
        return set(entry.additional_data["objects"])

    def keys(shown) -> set[str]:
        return {object_key(c) for o in shown for c in o.contacts.all()}

    _directory(client)
    assert listed() == keys(organisations[:25])
    _directory(client, pagina="2")
    # Page 2: the last five and the partner's own organisation (no contacts).
    assert listed() == keys(organisations[25:])
    _directory(client, q="Buurtwerk 07")
    assert listed() == keys(organisations[7:8])


# --- communities --------------------------------------------------------------------


def test_communities_are_confidential(verified_client, coordinator, partner, other_partner):
    open_to_partner = services.community_save(
        name="Open", kind=CommunityKind.ASSOCIATION, allowed_users=[partner]
    )
    closed = services.community_save(name="Gesloten", kind=CommunityKind.FAITH_COMMUNITY)
    html = verified_client(partner).get("/netwerk/gemeenschappen/").content.decode()
    assert "Open" in html and "Gesloten" not in html
    assert verified_client(partner).get(f"/netwerk/gemeenschappen/{closed.pk}/").status_code == 404
    assert (
        "Open"
        not in verified_client(other_partner).get("/netwerk/gemeenschappen/").content.decode()
    )
    assert (
        verified_client(coordinator)
        .get(f"/netwerk/gemeenschappen/{open_to_partner.pk}/")
        .status_code
        == 200
    )


def test_contact_moment_bad_input_gets_dutch_messages(verified_client, coordinator):
    community = services.community_save(name="Gemeenschap", kind=CommunityKind.FAITH_COMMUNITY)
    response = verified_client(coordinator).post(
        f"/netwerk/gemeenschappen/{community.pk}/contactmomenten/",
        {
            "date": "2999-01-01",
            "spoke_with": "",
            "topic": "x",
            "tension": "extreme",
            "pillar": "prevention",
            "follow_up_due": "2026-13-45",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    for message in (
        "Deze datum ligt in de toekomst.",
        "Dit veld is verplicht.",
        "Selecteer een geldige keuze.",
        "Voer een geldige datum in.",
    ):
        assert message in html
    assert not community.contact_moments.exists()


def test_follow_ups_show_overdue_and_planned(verified_client, coordinator):
    community = services.community_save(name="Gemeenschap", kind=CommunityKind.FAITH_COMMUNITY)
    today = timezone.localdate()
    overdue = services.contact_moment_record(
        community=community,
        recorded_by=coordinator,
        date=today - datetime.timedelta(days=10),
        spoke_with="Bestuur",
        topic="t",
        tension=Tension.NONE,
        pillar=PlanPillar.PREVENTION,
        follow_up="BELLEN-OVER-BIJEENKOMST",
        follow_up_due=today - datetime.timedelta(days=1),
        next_contact_on=today + datetime.timedelta(days=5),
    )
    client = verified_client(coordinator)
    html = client.get("/netwerk/opvolging/").content.decode()
    assert "BELLEN-OVER-BIJEENKOMST" in html and "Gemeenschap" in html
    client.post(
        f"/netwerk/gemeenschappen/{community.pk}/contactmomenten/{overdue.pk}/opgevolgd/",
        {"terug": "opvolging"},
    )
    html = client.get("/netwerk/opvolging/").content.decode()
    assert "BELLEN-OVER-BIJEENKOMST" not in html


def test_tension_overview_counts_correctly_and_shows_no_names(
    verified_client, coordinator, partner
):
    boswijk = Neighbourhood.objects.get(name="Boswijk")
    waterwijk = Neighbourhood.objects.get(name="Waterwijk")
    mosque = services.community_save(
        name="Geheime Naam Moskee", kind=CommunityKind.FAITH_COMMUNITY, neighbourhood=boswijk
    )
    today = timezone.localdate()
    for tension in (Tension.LOW, Tension.HIGH, Tension.NONE):
        services.contact_moment_record(
            community=mosque,
            recorded_by=coordinator,
            date=today,
            spoke_with="Imam Geheim",
            topic="Spanning",
            tension=tension,
            pillar=PlanPillar.COUNTERING_POLARISATION,
        )
    make_signal(
        partner,
        category=Category.POLARISATION,
        neighbourhood=boswijk,
        persons=[("Persoon Geheim", None)],
    )
    make_signal(partner, category=Category.POLARISATION, neighbourhood=waterwijk)
    make_signal(
        partner, category=Category.RADICALISATION, neighbourhood=boswijk
    )  # other category: not counted
    data = tension_overview()
    rows = dict(data["rows"])
    month = today.replace(day=1)
    assert rows["Boswijk"][month] == {"moments": 2, "signals": 1}
    assert rows["Waterwijk"][month] == {"moments": 0, "signals": 1}
    html = verified_client(coordinator).get("/netwerk/spanningen/").content.decode()
    assert f'data-month="{month:%Y-%m}"><span' in html and "2 / 1" in html
    for name in ("Geheime Naam Moskee", "Imam Geheim", "Persoon Geheim", "Piet"):
        assert name not in html


# --- trainings ----------------------------------------------------------------------


def _training(capacity: int, **extra) -> Training:
    return services.training_create(
        title="Training",
        topic=TrainingTopic.POLARISATION,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        location="Stadhuis",
        trainer="Trainer",
        capacity=capacity,
        **extra,
    )


def test_partner_registers_a_professional_and_coordinator_records_attendance(
    verified_client, coordinator, partner
):
    training = _training(5)
    response = verified_client(partner).post(
        f"/trainingen/{training.pk}/inschrijven/",
        {"participant_name": "Eva Prof", "participant_email": "Eva@Example.org"},
    )
    assert response.status_code == 302
    registration = TrainingRegistration.objects.get()
    assert (registration.organisation, registration.participant_email) == (
        partner.organisation,
        "eva@example.org",
    )
    duplicate = verified_client(partner).post(
        f"/trainingen/{training.pk}/inschrijven/",
        {"participant_name": "Eva", "participant_email": "eva@example.org"},
    )
    assert "Deze professional is al ingeschreven." in duplicate.content.decode()
    verified_client(coordinator).post(
        f"/trainingen/{training.pk}/aanwezigheid/", {"aanwezig": [registration.pk]}
    )
    registration.refresh_from_db()
    assert registration.attended is True
    overview = verified_client(coordinator).get("/trainingen/overzicht/").content.decode()
    assert partner.organisation.name in overview and "Dilemma\u2019s rond polarisatie" in overview


def test_partner_sees_only_own_organisations_registrations(verified_client, partner, other_partner):
    training = _training(5)
    services.training_register(
        training=training,
        organisation=other_partner.organisation,
        participant_name="Andere Prof",
        participant_email="a@example.org",
        registered_by=other_partner,
    )
    assert (
        "Andere Prof"
        not in verified_client(partner).get(f"/trainingen/{training.pk}/").content.decode()
    )


def test_full_training_refuses_in_dutch(verified_client, partner, other_partner):
    training = _training(1)
    services.training_register(
        training=training,
        organisation=other_partner.organisation,
        participant_name="Eerste",
        participant_email="e@example.org",
        registered_by=other_partner,
    )
    response = verified_client(partner).post(
        f"/trainingen/{training.pk}/inschrijven/",
        {"participant_name": "Tweede", "participant_email": "t@example.org"},
    )
    assert "Deze training is vol." in response.content.decode()
    assert TrainingRegistration.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_capacity_holds_under_concurrent_registrations(partner):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (make test runs on PostgreSQL)")
    from django.db import connections

    training = _training(3)
    barrier = threading.Barrier(10)
    outcomes: list[str] = []

    def register(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            services.training_register(
                training=training,
                organisation=partner.organisation,
                participant_name=f"P{index}",
                participant_email=f"p{index}@example.org",
                registered_by=partner,
            )
            outcomes.append("ok")
        except ApplicationError:
            outcomes.append("full")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(i,)) for i in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert TrainingRegistration.objects.filter(training=training).count() == 3
    assert sorted(outcomes) == ["full"] * 7 + ["ok"] * 3


def test_contact_persons_are_audited(verified_client, coordinator, partner):
    verified_client(coordinator).post(
        f"/netwerk/organisaties/{partner.organisation_id}/contactpersonen/", {"name": "Jan Contact"}
    )
    contact = partner.organisation.contacts.get()
    assert (
        LogEntry.objects.get_for_object(contact)
        .filter(action=LogEntry.Action.CREATE, actor=coordinator)
        .exists()
    )
    verified_client(partner).get(f"/netwerk/organisaties/{partner.organisation_id}/")
    assert LogEntry.objects.filter(accessed(contact), actor=partner).exists()


def test_seed_demo_adds_communities_moments_and_trainings():
    from demo.accounts import seed_demo_accounts
    from demo.network import seed_demo_network
    from network.models import Community, ContactMoment

    seed_demo_accounts()
    assert seed_demo_network() == 3
    assert Community.objects.count() == 3
    assert ContactMoment.objects.exclude(tension=Tension.NONE).exists()
    assert (
        Training.objects.count() == 3
        and TrainingRegistration.objects.filter(attended=True).exists()
    )


def test_involvement_ends_when_the_covenant_runs_out(verified_client, coordinator, partner):
    from tests.factories import TOTPDeviceFactory, UserFactory

    organisation = OrganisationFactory(
        name="Tijdelijk convenant",
        covenant_ends_on=timezone.localdate() + datetime.timedelta(days=2),
    )
    member = UserFactory(organisation=organisation)
    TOTPDeviceFactory(user=member)
    case = open_case(coordinator, partner)
    case_services.involvement_add(
        coordinator=coordinator, case=case, organisation=organisation, can_change=True
    )
    assert verified_client(member).get(f"/casussen/{case.pk}/").status_code == 200
    services.covenant_update(
        organisation=organisation,
        signed_on=datetime.date(2024, 1, 1),
        ends_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    assert verified_client(member).get(f"/casussen/{case.pk}/").status_code == 404
    # Changing the covenant ends the involvement at once; the job has nothing left to do.
    assert case.involvements.get().revoked_at is not None
    assert case_services.case_access_expire() == 0


# --- regressions from the review ---------------------------------------------------------


def test_very_long_email_gets_a_form_error_not_a_500(verified_client, coordinator, partner):
    long_email = "a" * 250 + "@example.org"
    response = verified_client(coordinator).post(
        f"/netwerk/organisaties/{partner.organisation_id}/contactpersonen/",
        {"name": "X", "email": long_email},
    )
    assert response.status_code == 400


def test_unicode_digits_in_attendance_do_not_break(verified_client, coordinator):
    training = _training(3)
    assert (
        verified_client(coordinator)
        .post(f"/trainingen/{training.pk}/aanwezigheid/", {"aanwezig": ["\u00b2", "\u0661"]})
        .status_code
        == 302
    )


def test_training_date_out_of_range_is_a_form_error(verified_client, coordinator):
    response = verified_client(coordinator).post(
        "/trainingen/nieuw/",
        {
            "title": "T",
            "topic": "other",
            "starts_at": "0001-01-01T00:05",
            "location": "L",
            "trainer": "T",
            "capacity": 3,
        },
    )
    assert (
        response.status_code == 200
        and "Vul een datum tussen 2000 en 2100 in." in response.content.decode()
    )


def test_started_training_and_inactive_organisation_refuse_registration(partner, other_partner):
    started = services.training_create(
        title="Bezig",
        topic=TrainingTopic.OTHER,
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        location="L",
        trainer="T",
        capacity=5,
    )
    with pytest.raises(ApplicationError):
        services.training_register(
            training=started,
            organisation=partner.organisation,
            participant_name="P",
            participant_email="p@example.org",
            registered_by=partner,
        )
    services.organisation_update(
        organisation=other_partner.organisation,
        name=other_partner.organisation.name,
        type=other_partner.organisation.type,
        is_active=False,
    )
    with pytest.raises(ApplicationError):
        services.training_register(
            training=_training(5),
            organisation=other_partner.organisation,
            participant_name="P",
            participant_email="q@example.org",
            registered_by=other_partner,
        )


def test_future_contact_moment_is_refused_by_the_service(coordinator):
    community = services.community_save(name="G", kind=CommunityKind.OTHER)
    with pytest.raises(ApplicationError):
        services.contact_moment_record(
            community=community,
            recorded_by=coordinator,
            date=timezone.localdate() + datetime.timedelta(days=3),
            spoke_with="x",
            topic="y",
            tension=Tension.LOW,
            pillar=PlanPillar.PREVENTION,
        )


def test_tension_overview_has_six_months():
    assert len(tension_overview()["months"]) == 6


def test_deactivating_or_ending_a_covenant_ends_involvements_at_once(
    verified_client, coordinator, partner
):
    from tests.factories import TOTPDeviceFactory, UserFactory

    organisation = OrganisationFactory(name="Wordt gedeactiveerd")
    member = UserFactory(organisation=organisation)
    TOTPDeviceFactory(user=member)
    case = open_case(coordinator, partner)
    case_services.involvement_add(
        coordinator=coordinator, case=case, organisation=organisation, can_change=True
    )
    services.organisation_update(
        organisation=organisation, name=organisation.name, type=organisation.type, is_active=False
    )
    assert case.involvements.get().revoked_at is not None
    assert verified_client(member).get(f"/casussen/{case.pk}/").status_code == 404
    # Reopening or re-rendering never brings an organisation back that is no longer current.
    assert organisation not in case_services.Organisation.objects.filter(
        involvements__in=case.involvements.current()
    )


def test_community_list_writes_access_entries(verified_client, coordinator):
    community = services.community_save(name="Sleutelfiguur Naam", kind=CommunityKind.KEY_FIGURE)
    verified_client(coordinator).get("/netwerk/gemeenschappen/")
    assert LogEntry.objects.filter(accessed(community), actor=coordinator).exists()


def test_involvement_form_knows_about_covenants_signed_after_start(
    verified_client, coordinator, partner
):
    from cases.forms import InvolvementForm

    late = OrganisationFactory(name="Laat getekend", covenant_signed_on=None)
    services.covenant_update(organisation=late, signed_on=timezone.localdate(), ends_on=None)
    assert late in InvolvementForm().fields["organisation"].queryset
