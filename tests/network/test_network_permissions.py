"""Every network URL: each role, own and other organisation, and without 2FA."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from network import services
from network.constants import CommunityKind, PlanPillar, Tension, TrainingTopic
from tests.conftest import build_cast, fresh, logged_in_once, module_transaction
from tests.signals.conftest import PDF_BYTES
from tests.urlwalk import all_routes

pytestmark = pytest.mark.django_db

ACTORS = [
    "coordinator",
    "partner_allowed",
    "partner_other",
    "management",
    "functional_admin",
    "privacy_officer",
]
MAINTAIN = {"coordinator": 302, "functional_admin": 302}
DIRECTORY = {
    "coordinator": 200,
    "partner_allowed": 200,
    "partner_other": 200,
    "functional_admin": 200,
}
COMMUNITY_WRITE = {"coordinator": 302, "partner_allowed": 302, "partner_other": 404}

TABLE = {
    "network:organisation_list": ("get", {"functional_admin": 200}),
    "network:organisation_create": ("get", {"functional_admin": 200}),
    "network:organisation_detail": ("get", {"functional_admin": 200}),
    "network:directory": ("get", DIRECTORY),
    # Suggestions for the organisation search fields (users, involvement, owners).
    "network:organisation_suggestions": ("get", {**DIRECTORY, "management": 200}),
    "network:organisation_page": ("get", DIRECTORY),
    "network:covenant_edit": ("post", MAINTAIN),
    "network:covenant_download": ("get", {"coordinator": 200, "functional_admin": 200}),
    "network:contact_add": ("post", MAINTAIN),
    "network:contact_remove": ("post", MAINTAIN),
    "network:community_list": (
        "get",
        {"coordinator": 200, "partner_allowed": 200, "partner_other": 200},
    ),
    "network:community_create": ("get", {"coordinator": 200}),
    "network:community_detail": (
        "get",
        {"coordinator": 200, "partner_allowed": 200, "partner_other": 404},
    ),
    "network:community_edit": ("get", {"coordinator": 200}),
    "network:community_contact_add": ("post", COMMUNITY_WRITE),
    "network:contact_moment_add": ("post", COMMUNITY_WRITE),
    "network:follow_up_done": ("post", COMMUNITY_WRITE),
    "network:follow_ups": ("get", {"coordinator": 200}),
    "signals:tension_overview": ("get", {"coordinator": 200}),
    "network:training_list": (
        "get",
        {"coordinator": 200, "partner_allowed": 200, "partner_other": 200},
    ),
    "network:training_create": ("get", {"coordinator": 200}),
    "network:training_overview": ("get", {"coordinator": 200}),
    "network:training_detail": (
        "get",
        {"coordinator": 200, "partner_allowed": 200, "partner_other": 404},
    ),
    "network:training_register": ("post", {"partner_allowed": 302, "partner_other": 404}),
    "network:training_attendance": ("post", {"coordinator": 302}),
}


@pytest.fixture(scope="module")
def _world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The cast and the network objects, built once for the module (see
    ``module_transaction``; the covenant's file lies in its private media root):
    building them for each of its tests took most of its time."""
    with module_transaction(django_db_blocker, str(tmp_path_factory.mktemp("private"))):
        cast = build_cast()
        yield cast | {"network": _build_world(cast)}


@pytest.fixture
def world(_world, db):
    """The module's world, every object read afresh for this test: requests
    change the objects they are given (see ``fresh_fixture``)."""
    return {
        name: {k: fresh(v) for k, v in obj.items()} if isinstance(obj, dict) else fresh(obj)
        for name, obj in _world["network"].items()
    }


_logins, verified_client, password_only_client = logged_in_once()


def _build_world(cast):
    coordinator, partner = cast["coordinator"], cast["partner"]
    organisation = partner.organisation
    upload = SimpleUploadedFile("c.pdf", PDF_BYTES, content_type="application/pdf")
    services.covenant_update(
        organisation=organisation,
        signed_on=datetime.date(2024, 1, 1),
        ends_on=None,
        document=upload,
    )
    contact = services.contact_person_add(
        organisation=organisation, name="Contact", function="", phone="", email=""
    )
    community = services.community_save(
        name="Gemeenschap", kind=CommunityKind.FAITH_COMMUNITY, allowed_users=[partner]
    )
    moment = services.contact_moment_record(
        community=community,
        recorded_by=coordinator,
        date=timezone.localdate(),
        spoke_with="Bestuur",
        topic="Kennismaking",
        tension=Tension.NONE,
        pillar=PlanPillar.PREVENTION,
    )
    training = services.training_create(
        title="Training",
        topic=TrainingTopic.RECOGNISING,
        starts_at=timezone.now() + datetime.timedelta(days=7),
        location="Stadhuis",
        trainer="Trainer",
        capacity=10,
        target_organisations=[organisation],
    )
    actors = {
        "coordinator": coordinator,
        "partner_allowed": partner,
        "partner_other": cast["other_partner"],
        "management": cast["management"],
        "functional_admin": cast["functional_admin"],
        "privacy_officer": cast["privacy_officer"],
    }
    return {
        "organisation": organisation,
        "contact": contact,
        "community": community,
        "moment": moment,
        "training": training,
        "actors": actors,
    }


def _request(name: str, world) -> tuple[str, dict]:
    org, community, training = world["organisation"], world["community"], world["training"]
    args = {
        "network:organisation_detail": [org.pk],
        "network:organisation_page": [org.pk],
        "network:covenant_edit": [org.pk],
        "network:covenant_download": [org.pk],
        "network:contact_add": [org.pk],
        "network:contact_remove": [org.pk, world["contact"].pk],
        "network:community_detail": [community.pk],
        "network:community_edit": [community.pk],
        "network:community_contact_add": [community.pk],
        "network:contact_moment_add": [community.pk],
        "network:follow_up_done": [community.pk, world["moment"].pk],
        "network:training_detail": [training.pk],
        "network:training_register": [training.pk],
        "network:training_attendance": [training.pk],
    }.get(name, [])
    data = {
        "network:covenant_edit": {"covenant_signed_on": "2024-01-01"},
        "network:contact_add": {"name": "Nieuw contact"},
        "network:community_contact_add": {"name": "Sleutelfiguur"},
        "network:contact_moment_add": {
            "date": timezone.localdate().isoformat(),
            "spoke_with": "Imam",
            "topic": "Overleg",
            "tension": "low",
            "pillar": "prevention",
        },
        "network:training_register": {
            "participant_name": "Professional",
            "participant_email": "p@example.org",
        },
    }.get(name, {})
    return reverse(name, args=args), data


def test_table_covers_every_network_url():
    from tests.network.test_plan import TABLE as PLAN_TABLE

    network = {r.view_name for r in all_routes() if r.view_name.startswith("network:")}
    # The tension overview reads signals too, so the signals app serves it.
    network |= {"signals:tension_overview"}
    # The plan of action has its own table (tests/network/test_plan.py); together they cover all.
    assert network == set(TABLE) | set(PLAN_TABLE)
    assert not set(TABLE) & set(PLAN_TABLE)


@pytest.mark.parametrize("name", list(TABLE))
@pytest.mark.parametrize("actor", ACTORS)
def test_network_access_matrix(verified_client, world, name, actor):
    method, expected = TABLE[name]
    url, data = _request(name, world)
    response = getattr(verified_client(world["actors"][actor]), method)(url, data)
    assert response.status_code == expected.get(actor, 403), f"{actor} {method.upper()} {url}"


@pytest.mark.parametrize("name", list(TABLE))
def test_without_second_factor_every_network_url_goes_to_verification(
    password_only_client, world, name
):
    method, _ = TABLE[name]
    url, data = _request(name, world)
    for actor in ("coordinator", "partner_allowed", "functional_admin"):
        response = getattr(password_only_client(world["actors"][actor]), method)(url, data)
        assert (response.status_code, response["Location"]) == (302, "/inloggen/verificatie/")
