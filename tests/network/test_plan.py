"""Plan of action: roles per URL, public version without confidential text, progress."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from lelystad_radicalisering.exceptions import ApplicationError
from network import plan as plan_service
from network.constants import ActivityKind, MeasureStatus, PlanPillar, TargetGroup
from network.models import MeasureProgress, PreventionActivity
from tests.urlwalk import all_routes

pytestmark = pytest.mark.django_db

PUBLIC_TEXT = "OPENBARE-SAMENVATTING-XYZ"
SECRET_DETAIL = "GEHEIME-UITWERKING-QQQ"
SECRET_MEASURE = "GEHEIME-MAATREGEL-TITEL"


@pytest.fixture
def plan(coordinator, partner, other_partner):
    plan = plan_service.plan_start(
        title="Plan 2026-2028",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2028, 12, 31),
    )
    public = plan_service.measure_save(
        plan=plan,
        pillar=PlanPillar.PREVENTION,
        title="Openbare maatregel",
        public_summary=PUBLIC_TEXT,
        confidential_detail=SECRET_DETAIL,
        is_confidential=False,
        owner=other_partner.organisation,
        planned_start=None,
        planned_end=None,
    )
    secret = plan_service.measure_save(
        plan=plan,
        pillar=PlanPillar.PERSON_ORIENTED,
        title=SECRET_MEASURE,
        public_summary="ook geheim",
        confidential_detail="details",
        is_confidential=True,
        owner=other_partner.organisation,
        planned_start=None,
        planned_end=None,
    )
    own = plan_service.measure_save(
        plan=plan,
        pillar=PlanPillar.SIGNALLING,
        title="Eigen vertrouwelijke maatregel",
        public_summary="",
        confidential_detail="EIGEN-DETAIL",
        is_confidential=True,
        owner=partner.organisation,
        planned_start=None,
        planned_end=None,
    )
    return {"plan": plan, "public": public, "secret": secret, "own": own}


ACTORS = [
    "coordinator",
    "management",
    "partner",
    "other_partner",
    "functional_admin",
    "privacy_officer",
]
READERS = {"coordinator": 200, "management": 200, "partner": 200, "other_partner": 200}
TABLE = {
    "network:plan": ("get", READERS, None),
    "network:plan_create": ("get", {"coordinator": 200}, None),
    "network:measure_create": ("get", {"coordinator": 200}, None),
    "network:measure_detail": (
        "get",
        {"coordinator": 200, "management": 200, "partner": 404, "other_partner": 200},
        "secret",
    ),
    "network:measure_edit": ("get", {"coordinator": 200}, "public"),
    "network:progress_add": ("post", {"coordinator": 302}, "public"),
    "network:plan_public": ("get", READERS, None),
    "network:plan_public_pdf": ("get", READERS, None),
    "network:activity_list": ("get", {"coordinator": 200, "management": 200}, None),
    "network:activity_create": ("post", {"coordinator": 302}, None),
    "network:reach_overview": ("get", {"coordinator": 200, "management": 200}, None),
}


def test_table_covers_every_plan_url():
    plan_names = {
        r.view_name
        for r in all_routes()
        if r.view_name.split(":")[-1].startswith(
            ("plan", "measure", "progress", "activity", "reach")
        )
    }
    assert plan_names == set(TABLE)


def _data(name, other_partner):
    return {
        "network:progress_add": {"status": "running", "note": "Voortgang"},
        "network:activity_create": {
            "date": timezone.localdate().isoformat(),
            "kind": "dialogue",
            "pillar": "prevention",
            "organiser": other_partner.organisation_id,
            "target_group": "youth",
            "participants": 12,
        },
    }.get(name, {})


@pytest.mark.parametrize("name", list(TABLE))
@pytest.mark.parametrize("actor", ACTORS)
def test_plan_access_matrix(verified_client, cast, partner, other_partner, plan, name, actor):
    method, expected, measure_key = TABLE[name]
    users = {
        **{role: user for role, user in cast.items()},
        "partner": partner,
        "other_partner": other_partner,
    }
    user = users[actor] if actor in users else cast[actor]
    url = reverse(name, args=[plan[measure_key].pk]) if measure_key else reverse(name)
    response = getattr(verified_client(user), method)(url, _data(name, other_partner))
    assert response.status_code == expected.get(actor, 403), f"{actor} {url}"


@pytest.mark.parametrize("name", list(TABLE))
def test_plan_urls_need_the_second_factor(password_only_client, coordinator, plan, name):
    method, _, measure_key = TABLE[name]
    url = reverse(name, args=[plan[measure_key].pk]) if measure_key else reverse(name)
    assert (
        getattr(password_only_client(coordinator), method)(url)["Location"]
        == "/inloggen/verificatie/"
    )


def test_partner_sees_public_measures_and_own_measures_in_full(verified_client, partner, plan):
    client = verified_client(partner)
    overview = client.get("/plan/").content.decode()
    assert "Openbare maatregel" in overview and "Eigen vertrouwelijke maatregel" in overview
    assert SECRET_MEASURE not in overview
    public_page = client.get(f"/plan/maatregelen/{plan['public'].pk}/").content.decode()
    assert PUBLIC_TEXT in public_page and SECRET_DETAIL not in public_page
    assert "EIGEN-DETAIL" in client.get(f"/plan/maatregelen/{plan['own'].pk}/").content.decode()


def test_public_page_and_pdf_contain_no_confidential_text(verified_client, coordinator, plan):
    client = verified_client(coordinator)
    page = client.get("/plan/openbaar/").content.decode()
    response = client.get("/plan/openbaar/pdf/")
    assert response["Content-Type"] == "application/pdf"
    text = "".join(
        pdf_page.extract_text() for pdf_page in PdfReader(io.BytesIO(response.content)).pages
    )
    for content in (page, text):
        assert PUBLIC_TEXT in content and "Openbare maatregel" in content
        for secret in (
            SECRET_DETAIL,
            SECRET_MEASURE,
            "EIGEN-DETAIL",
            "Eigen vertrouwelijke maatregel",
            "ook geheim",
        ):
            assert secret not in content


def test_progress_history_is_kept_and_stopping_needs_a_reason(verified_client, coordinator, plan):
    measure = plan["public"]
    client = verified_client(coordinator)
    client.post(
        f"/plan/maatregelen/{measure.pk}/voortgang/", {"status": "running", "note": "Eerste stap"}
    )
    client.post(
        f"/plan/maatregelen/{measure.pk}/voortgang/", {"status": "done", "note": "Afgerond"}
    )
    response = client.post(
        f"/plan/maatregelen/{measure.pk}/voortgang/", {"status": "stopped", "note": " "}
    )
    assert (
        response.status_code == 400
        and "Geef de reden waarom de maatregel stopt." in response.content.decode()
    )
    assert list(MeasureProgress.objects.filter(measure=measure).values_list("note", flat=True)) == [
        "Afgerond",
        "Eerste stap",
    ]
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.DONE


def test_new_period_continues_running_measures(coordinator, plan):
    plan_service.measure_progress_add(
        measure=plan["public"], author=coordinator, note="klaar", status=MeasureStatus.DONE
    )
    new = plan_service.plan_start(
        title="Plan 2029",
        starts_on=datetime.date(2029, 1, 1),
        ends_on=datetime.date(2031, 12, 31),
        copy_from=plan["plan"],
    )
    assert set(new.measures.values_list("title", flat=True)) == {
        SECRET_MEASURE,
        "Eigen vertrouwelijke maatregel",
    }
    with pytest.raises(ApplicationError):
        plan_service.plan_start(
            title="Fout", starts_on=datetime.date(2030, 1, 1), ends_on=datetime.date(2029, 1, 1)
        )


def test_reach_overview_counts_participants(verified_client, management, other_partner, plan):
    for participants in (10, 15):
        plan_service.activity_record(
            date=timezone.localdate(),
            kind=ActivityKind.SCHOOL_WORKSHOP,
            pillar=PlanPillar.PREVENTION,
            organiser=other_partner.organisation,
            target_group=TargetGroup.YOUTH,
            neighbourhood=None,
            participants=participants,
            measure=plan["public"],
            description="",
        )
    html = verified_client(management).get("/preventie/bereik/").content.decode()
    assert '<td class="utrecht-table__cell">25</td>' in html and "Jongeren" in html


def test_activity_bad_input_gets_dutch_messages(verified_client, coordinator, other_partner):
    response = verified_client(coordinator).post(
        "/preventie/nieuw/",
        {
            "date": "2999-01-01",
            "kind": "x",
            "participants": "-3",
            "organiser": other_partner.organisation_id,
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Deze datum ligt in de toekomst." in html and "Selecteer een geldige keuze." in html
    assert not PreventionActivity.objects.exists()


def test_seed_demo_adds_a_plan_on_all_pillars():
    from demo.accounts import seed_demo_accounts
    from demo.network import seed_demo_plan

    seed_demo_accounts()
    assert seed_demo_plan() == 5
    plan = plan_service.current_plan()
    assert set(plan.measures.values_list("pillar", flat=True)) == set(PlanPillar.values)
    assert PreventionActivity.objects.count() == 3


def test_plan_dates_and_bidi_overrides_are_refused(verified_client, coordinator, plan):
    client = verified_client(coordinator)
    response = client.post(
        "/plan/nieuw/", {"title": "Typfout", "starts_on": "2205-01-01", "ends_on": "2207-01-01"}
    )
    assert "Vul een datum tussen 2000 en 2100 in." in response.content.decode()
    response = client.post(
        "/plan/maatregelen/nieuw/",
        {"pillar": "prevention", "title": "abc\u202edef", "owner": plan["public"].owner_id},
    )
    assert "Deze tekst bevat tekens die niet zijn toegestaan." in response.content.decode()
    assert plan_service.current_plan() == plan["plan"]


def test_measure_of_a_deactivated_owner_can_still_be_edited(verified_client, coordinator, plan):
    from network.services import organisation_update

    owner = plan["public"].owner
    organisation_update(organisation=owner, name=owner.name, type=owner.type, is_active=False)
    response = verified_client(coordinator).post(
        f"/plan/maatregelen/{plan['public'].pk}/bewerken/",
        {"pillar": "prevention", "title": "Nieuwe titel", "owner": owner.pk},
    )
    assert response.status_code == 302
