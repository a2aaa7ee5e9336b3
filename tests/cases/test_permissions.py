"""Every case URL: each role x (involved, involved with change right, not involved,
previously involved and revoked) x without 2FA."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cases.models import Intervention
from tests.cases.conftest import build_case, build_case_partners
from tests.conftest import build_cast, fresh_fixture, logged_in_once, module_transaction
from tests.urlwalk import all_routes

pytestmark = pytest.mark.django_db

ACTORS = [
    "coordinator",
    "reader",
    "contributor",
    "outsider",
    "revoked",
    "management",
    "functional_admin",
    "privacy_officer",
]
PARTNER_404 = {"reader": 404, "contributor": 404, "outsider": 404, "revoked": 404}

# url name -> (method, expected per actor; anyone unlisted gets 403)
TABLE = {
    "cases:case_list": (
        "get",
        {"coordinator": 200, "reader": 200, "contributor": 200, "outsider": 200, "revoked": 200},
    ),
    "cases:case_create": ("get", {"coordinator": 200}),
    "cases:signal_link": ("post", {"coordinator": 302}),
    "cases:case_detail": (
        "get",
        {"coordinator": 200, "reader": 200, "contributor": 200, "outsider": 404, "revoked": 404},
    ),
    "cases:case_edit": ("post", {"coordinator": 302}),
    "cases:involvement_add": ("post", {"coordinator": 302}),
    "cases:involvement_revoke": ("post", {"coordinator": 302}),
    "cases:update_add": (
        "post",
        {"coordinator": 302, "reader": 404, "contributor": 302, "outsider": 404, "revoked": 404},
    ),
    "cases:assessment_add": ("post", {"coordinator": 302}),
    "cases:goal_add": ("post", {"coordinator": 302}),
    "cases:intervention_add": ("post", {"coordinator": 302}),
    "cases:intervention_status": (
        "post",
        {"coordinator": 302, "reader": 404, "contributor": 302, "outsider": 404, "revoked": 404},
    ),
    "cases:case_close": ("post", {"coordinator": 302}),
    "cases:case_reopen": (
        "post",
        {"coordinator": 400},
    ),  # the case is open: a Dutch form error, nothing changes
    "cases:case_history": ("get", {"coordinator": 200}),
    "meetings:case_action_add": ("post", {"coordinator": 302}),
    # The PGA law's decisions: the coordinator of the fixture holds the mandate.
    "cases:inclusion_decide": ("get", {"coordinator": 200}),
    "cases:inclusion_end": ("get", {"coordinator": 200}),
    "cases:informing_record": ("get", {"coordinator": 200}),
    "cases:handover_create": ("get", {"coordinator": 200}),
    "cases:handover_pdf": ("get", {"coordinator": 200}),
    "cases:handover_json": ("get", {"coordinator": 200}),
    "cases:handover_answer": ("post", {"coordinator": 302}),
}


@pytest.fixture(scope="module")
def _world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The cast and the case, built once for the module (see
    ``module_transaction``): building them for each of its tests took most of
    its time. Each test gets copies of its own (``fresh_fixture``)."""
    with module_transaction(django_db_blocker, str(tmp_path_factory.mktemp("private"))):
        world = build_cast()
        world |= build_case_partners(world["other_partner"].organisation)
        case = build_case(
            world["coordinator"],
            world["partner"],
            world["reader"],
            world["contributor"],
            world["revoked"],
        )
        yield world | {"case": case}


@pytest.fixture
def _private_media():
    """The world's files lie in the module's private media root (``_world``)."""


coordinator = fresh_fixture("coordinator")
reader = fresh_fixture("reader")
contributor = fresh_fixture("contributor")
outsider = fresh_fixture("outsider")
revoked = fresh_fixture("revoked")
partner = fresh_fixture("partner")
management = fresh_fixture("management")
functional_admin = fresh_fixture("functional_admin")
privacy_officer = fresh_fixture("privacy_officer")
case = fresh_fixture("case")
_logins, verified_client, password_only_client = logged_in_once()


@pytest.fixture
def actors(
    coordinator,
    reader,
    contributor,
    outsider,
    revoked,
    management,
    functional_admin,
    privacy_officer,
):
    return dict(
        coordinator=coordinator,
        reader=reader,
        contributor=contributor,
        outsider=outsider,
        revoked=revoked,
        management=management,
        functional_admin=functional_admin,
        privacy_officer=privacy_officer,
    )


def _request(name: str, case, coordinator, partner):
    """The URL and form data for one case URL, built only for that URL."""
    from cases import services
    from tests.signals.conftest import make_signal

    def involved_organisation():
        return case.involvements.filter(revoked_at__isnull=True).first().organisation

    def intervention():
        found = Intervention.objects.filter(case=case).first()
        return found or services.intervention_add(
            coordinator=coordinator,
            case=case,
            description="Gesprek",
            organisation=involved_organisation(),
        )

    def handover():
        return services.handover_create(
            coordinator=coordinator,
            case=case,
            person=case.persons.first(),
            kind="moved",
            receiving_organisation="Gemeente Almere",
            legal_basis=case.legal_basis,
        )

    builders = {
        "cases:case_list": lambda: (reverse(name), {}),
        "cases:case_create": lambda: (reverse(name) + f"?signaal={make_signal(partner).pk}", {}),
        "cases:signal_link": lambda: (
            reverse(name),
            {"signaal": make_signal(partner).pk, "case": case.reference},
        ),
        "cases:case_edit": lambda: (
            reverse(name, args=[case.pk]),
            {
                "label": "Casus Test 2",
                "pillar": case.pillar,
                "category": case.category,
                "legal_basis": case.legal_basis_id,
                "status": case.status,
            },
        ),
        "cases:involvement_add": lambda: (
            reverse(name, args=[case.pk]),
            {"organisation": partner.organisation_id},
        ),
        "cases:involvement_revoke": lambda: (
            reverse(
                name, args=[case.pk, case.involvements.filter(revoked_at__isnull=True).first().pk]
            ),
            {},
        ),
        "cases:update_add": lambda: (
            reverse(name, args=[case.pk]),
            {"text": "Update", "visibility": "all"},
        ),
        "cases:assessment_add": lambda: (reverse(name, args=[case.pk]), {"level": "low"}),
        "cases:goal_add": lambda: (reverse(name, args=[case.pk]), {"description": "Doel"}),
        "cases:intervention_add": lambda: (
            reverse(name, args=[case.pk]),
            {
                "interventie-description": "Actie",
                "interventie-organisation": involved_organisation().pk,
            },
        ),
        "cases:intervention_status": lambda: (
            reverse(name, args=[case.pk, intervention().pk]),
            {"status": "done"},
        ),
        "cases:case_close": lambda: (
            reverse(name, args=[case.pk]),
            {"outcome": "no_grounds", "reason": "Klaar"},
        ),
        "cases:case_reopen": lambda: (reverse(name, args=[case.pk]), {"reason": "Opnieuw"}),
        "meetings:case_action_add": lambda: (
            reverse(name, args=[case.pk]),
            {
                "afspraak-description": "Bellen",
                "afspraak-owner_organisation": involved_organisation().pk,
                "afspraak-due_on": "2099-01-01",
            },
        ),
        "cases:handover_pdf": lambda: (reverse(name, args=[case.pk, handover().pk]), {}),
        "cases:handover_json": lambda: (reverse(name, args=[case.pk, handover().pk]), {}),
        "cases:handover_answer": lambda: (
            reverse(name, args=[case.pk, handover().pk]),
            {"answer": "declined", "answered_on": "2026-01-01"},
        ),
        "cases:informing_record": lambda: (
            reverse(name, args=[case.pk, case.persons.first().pk]),
            {},
        ),
    }
    builder = builders.get(name, lambda: (reverse(name, args=[case.pk]), {}))
    return builder()


# Pages under a case that other apps serve: the case page's action form posts to meetings.
CASE_URLS_OF_OTHER_APPS = {"meetings:case_action_add"}


def test_table_covers_every_case_url():
    case_urls = {r.view_name for r in all_routes() if r.view_name.startswith("cases:")}
    assert case_urls | CASE_URLS_OF_OTHER_APPS == set(TABLE)


@pytest.mark.parametrize("name", list(TABLE))
@pytest.mark.parametrize("actor", ACTORS)
def test_case_access_matrix(verified_client, actors, case, coordinator, partner, name, actor):
    method, expected = TABLE[name]
    url, data = _request(name, case, coordinator, partner)
    response = getattr(verified_client(actors[actor]), method)(url, data)
    assert response.status_code == expected.get(actor, 403), f"{actor} {method.upper()} {url}"


@pytest.mark.parametrize("name", list(TABLE))
def test_without_second_factor_every_case_url_goes_to_verification(
    password_only_client, actors, case, coordinator, partner, name
):
    method, _ = TABLE[name]
    url, data = _request(name, case, coordinator, partner)
    for actor in ("coordinator", "contributor", "reader"):
        response = getattr(password_only_client(actors[actor]), method)(url, data)
        assert (response.status_code, response["Location"]) == (302, "/inloggen/verificatie/")


def test_partner_list_shows_only_involved_cases(
    verified_client, case, coordinator, partner, reader, outsider, revoked
):
    from tests.cases.conftest import open_case

    other = open_case(coordinator, partner, label="Casus Test 9")
    assert case.reference in verified_client(reader).get("/casussen/").content.decode()
    for user in (outsider, revoked):
        html = verified_client(user).get("/casussen/").content.decode()
        assert case.reference not in html and other.reference not in html
    assert other.reference not in verified_client(reader).get("/casussen/").content.decode()


def test_revocation_takes_effect_on_the_next_request(verified_client, case, coordinator, reader):
    from cases import services

    client = verified_client(reader)
    assert client.get(f"/casussen/{case.pk}/").status_code == 200
    services.involvement_revoke(involvement=case.involvements.get(organisation=reader.organisation))
    assert client.get(f"/casussen/{case.pk}/").status_code == 404
    assert case.reference not in client.get("/casussen/").content.decode()


def test_change_right_can_be_withdrawn_without_ending_view(
    verified_client, case, coordinator, contributor
):
    from cases import services

    client = verified_client(contributor)
    services.involvement_add(
        coordinator=coordinator, case=case, organisation=contributor.organisation, can_change=False
    )
    assert client.get(f"/casussen/{case.pk}/").status_code == 200
    assert (
        client.post(f"/casussen/{case.pk}/updates/", {"text": "x", "visibility": "all"}).status_code
        == 404
    )


def test_guardian_uses_the_direct_foreign_key_tables(case, reader):
    from guardian.models import GroupObjectPermission
    from guardian.utils import get_group_obj_perms_model

    from cases.models import CaseGroupObjectPermission

    assert get_group_obj_perms_model(case) is CaseGroupObjectPermission
    assert CaseGroupObjectPermission.objects.filter(
        content_object=case, group=reader.organisation.group
    ).exists()
    assert not GroupObjectPermission.objects.exists()


def test_guardian_shortcuts_with_querysets_and_the_real_key_type(case, reader, contributor):
    from guardian.shortcuts import get_groups_with_perms, get_objects_for_user

    from cases.models import Case

    assert list(
        get_objects_for_user(
            reader, "cases.view_case", klass=Case.objects.all(), accept_global_perms=False
        )
    ) == [case]
    assert (
        list(
            get_objects_for_user(
                reader, "cases.change_case", klass=Case.objects.all(), accept_global_perms=False
            )
        )
        == []
    )
    assert list(
        get_objects_for_user(
            contributor, "cases.change_case", klass=Case.objects.all(), accept_global_perms=False
        )
    ) == [case]
    groups = set(get_groups_with_perms(case))
    assert {reader.organisation.group, contributor.organisation.group} <= groups
    assert isinstance(case.pk, int)
