"""Every meeting, agenda, minutes and action URL: each role x (involved, involved
with change right, invited but not involved, not invited) x without 2FA."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.constants import ItemKind
from tests.cases.conftest import build_case, build_case_partners
from tests.conftest import build_cast, fresh_fixture, logged_in_once, module_transaction
from tests.meetings.conftest import build_action, build_meeting, plan_meeting
from tests.urlwalk import all_routes

pytestmark = pytest.mark.django_db

ACTORS = [
    "coordinator",
    "reader",  # invited, organisation involved in the case (view only), owns the action
    "contributor",  # invited, involved with change right
    "outsider",  # invited, not involved in the case
    "uninvited",  # not invited, not involved
    "management",
    "functional_admin",
    "privacy_officer",
]
INVITED_200 = {"reader": 200, "contributor": 200, "outsider": 200, "uninvited": 404}
PARTNERS_200 = {"reader": 200, "contributor": 200, "outsider": 200, "uninvited": 200}

# url name -> (method, expected per actor; anyone unlisted gets 403)
TABLE = {
    "meetings:meeting_list": ("get", {"coordinator": 200, **PARTNERS_200}),
    "meetings:meeting_create": ("get", {"coordinator": 200}),
    "meetings:meeting_detail": ("get", {"coordinator": 200, **INVITED_200}),
    "meetings:meeting_edit": ("get", {"coordinator": 200}),
    "meetings:meeting_cancel": ("post", {"coordinator": 302}),
    "meetings:invitations_send": ("post", {"coordinator": 302}),
    "meetings:item_add": ("post", {"coordinator": 302}),
    "meetings:agenda_order": ("post", {"coordinator": 302}),
    "meetings:item_edit": ("post", {"coordinator": 302}),
    "meetings:item_remove": ("post", {"coordinator": 302}),
    "meetings:item_move": ("post", {"coordinator": 302}),
    "meetings:chair": ("get", {"coordinator": 200}),
    # The search fields' suggestions (at most 20 rows each).
    "meetings:agenda_case_suggestions": ("get", {"coordinator": 200}),
    "meetings:chair_suggestions": ("get", {"coordinator": 200}),
    "meetings:action_owner_suggestions": ("get", {"coordinator": 200}),
    "meetings:current_item": ("post", {"coordinator": 302}),
    "meetings:minutes_save": ("post", {"coordinator": 302}),
    "meetings:decision_add": ("post", {"coordinator": 302}),
    "meetings:action_add": ("post", {"coordinator": 302}),
    "meetings:attendance": ("get", {"coordinator": 200}),
    "meetings:review_record": ("post", {"coordinator": 302}),
    "meetings:participants": ("get", {"coordinator": 200}),
    "meetings:statement": ("get", {"coordinator": 200, **PARTNERS_200}),
    "meetings:projection": ("get", {"coordinator": 200}),
    "meetings:finalise": ("post", {"coordinator": 302}),
    # Minutes of a finalised meeting (before finalising, partners get 404: see below).
    "meetings:minutes": ("get", {"coordinator": 200, **INVITED_200}),
    "meetings:minutes_pdf": ("get", {"coordinator": 200, **INVITED_200}),
    "meetings:addendum_add": ("post", {"coordinator": 302}),
    "meetings:action_list": ("get", {"coordinator": 200, **PARTNERS_200}),
    "meetings:action_overdue": ("get", {"coordinator": 200}),
    # Only the owning organisation (the reader's) and the coordinator.
    "meetings:action_update": (
        "post",
        {"coordinator": 302, "reader": 302, "contributor": 404, "outsider": 404, "uninvited": 404},
    ),
}


@pytest.fixture(scope="module")
def _world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The cast, the case, the meeting and its action, built once for the module
    (see ``module_transaction``): building them for each of its tests took most
    of its time. Each test gets copies of its own (``fresh_fixture``)."""
    with module_transaction(django_db_blocker, str(tmp_path_factory.mktemp("private"))):
        world = build_cast()
        world |= build_case_partners(world["other_partner"].organisation)
        coordinator, reader = world["coordinator"], world["reader"]
        case = build_case(
            coordinator, world["partner"], reader, world["contributor"], world["revoked"]
        )
        meeting = build_meeting(coordinator, case, reader, world["contributor"], world["outsider"])
        case_item = meeting.items.get(case__isnull=False)
        action = build_action(coordinator, case, reader, case_item)
        yield world | {"meeting": meeting, "case_item": case_item, "action": action}


@pytest.fixture
def _private_media():
    """The world's files lie in the module's private media root (``_world``)."""


coordinator = fresh_fixture("coordinator")
reader = fresh_fixture("reader")
contributor = fresh_fixture("contributor")
outsider = fresh_fixture("outsider")
partner = fresh_fixture("partner")
management = fresh_fixture("management")
functional_admin = fresh_fixture("functional_admin")
privacy_officer = fresh_fixture("privacy_officer")
meeting = fresh_fixture("meeting")
case_item = fresh_fixture("case_item")
action = fresh_fixture("action")
_logins, verified_client, password_only_client = logged_in_once()


@pytest.fixture
def actors(
    coordinator,
    reader,
    contributor,
    outsider,
    partner,
    management,
    functional_admin,
    privacy_officer,
):
    return dict(
        coordinator=coordinator,
        reader=reader,
        contributor=contributor,
        outsider=outsider,
        uninvited=partner,
        management=management,
        functional_admin=functional_admin,
        privacy_officer=privacy_officer,
    )


def _request(name, meeting, case_item, action, coordinator, reader):
    """The URL and form data for one URL, built only for that URL."""
    other = meeting.items.get(case__isnull=True)
    item_args = [meeting.pk, case_item.pk]

    def finalised():
        services.meeting_finalise(coordinator=coordinator, meeting=meeting)
        return [meeting.pk]

    def empty_meeting():
        return [plan_meeting(coordinator, [reader.organisation], days=3).pk]

    def review_request():
        # An included case of the reader's organisation, as a periodic review item.
        from tests.meetings.conftest import second_case

        other_case = second_case(coordinator, reader, reader.organisation, label="Casus Toets 2")
        item = services.agenda_item_add(
            coordinator=coordinator,
            meeting=meeting,
            kind=ItemKind.PERIODIC_REVIEW,
            case=other_case,
        )
        return (
            reverse(name, args=[meeting.pk, item.pk]),
            {f"toets{item.pk}-outcome": "continue", f"toets{item.pk}-reasoning": "Doorgaan"},
        )

    due = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    builders = {
        "meetings:meeting_list": lambda: (reverse(name), {}),
        "meetings:meeting_create": lambda: (reverse(name), {}),
        "meetings:action_list": lambda: (reverse(name), {}),
        "meetings:action_overdue": lambda: (reverse(name), {}),
        "meetings:chair_suggestions": lambda: (reverse(name), {"chair": "co"}),
        "meetings:action_owner_suggestions": lambda: (
            reverse(name, args=[case_item.case_id]),
            {"owner": "a"},
        ),
        "meetings:meeting_cancel": lambda: (reverse(name, args=empty_meeting()), {}),
        "meetings:item_add": lambda: (
            reverse(name, args=[meeting.pk]),
            {"kind": ItemKind.OTHER, "topic": "Mededelingen", "minutes_planned": 5},
        ),
        "meetings:agenda_order": lambda: (
            reverse(name, args=[meeting.pk]),
            {"item": [other.pk, case_item.pk]},
        ),
        "meetings:item_edit": lambda: (
            reverse(name, args=[meeting.pk, other.pk]),
            {
                f"item-{other.pk}-kind": ItemKind.OTHER,
                f"item-{other.pk}-topic": "Rondvraag",
                f"item-{other.pk}-minutes_planned": 7,
            },
        ),
        "meetings:item_remove": lambda: (reverse(name, args=[meeting.pk, other.pk]), {}),
        "meetings:item_move": lambda: (reverse(name, args=item_args), {"direction": "down"}),
        "meetings:current_item": lambda: (reverse(name, args=item_args), {}),
        "meetings:minutes_save": lambda: (
            reverse(name, args=item_args),
            {f"m{case_item.pk}-notes": "Notulen", f"m{case_item.pk}-decisions": ""},
        ),
        "meetings:decision_add": lambda: (reverse(name, args=item_args), {"text": "Besluit"}),
        "meetings:action_add": lambda: (
            reverse(name, args=item_args),
            {
                "description": "Bellen",
                "owner_organisation": reader.organisation_id,
                "due_on": due,
            },
        ),
        "meetings:finalise": lambda: (reverse(name, args=[meeting.pk]), {"confirm": "yes"}),
        "meetings:minutes": lambda: (reverse(name, args=finalised()), {}),
        "meetings:minutes_pdf": lambda: (reverse(name, args=finalised()), {}),
        "meetings:addendum_add": lambda: (reverse(name, args=finalised()), {"text": "Correctie"}),
        "meetings:statement": lambda: (reverse(name), {}),
        "meetings:review_record": lambda: review_request(),
        "meetings:action_update": lambda: (
            reverse(name, args=[action.pk]),
            {"status": "done", "note": "Gedaan"},
        ),
    }
    return builders.get(name, lambda: (reverse(name, args=[meeting.pk]), {}))()


def test_table_covers_every_meeting_url():
    # The action form of the case page is tested with the case URLs (tests/cases).
    meeting_urls = {r.view_name for r in all_routes() if r.view_name.startswith("meetings:")}
    assert meeting_urls - {"meetings:case_action_add"} == set(TABLE)


@pytest.mark.parametrize("name", list(TABLE))
@pytest.mark.parametrize("actor", ACTORS)
def test_meeting_access_matrix(
    verified_client, actors, meeting, case_item, action, coordinator, reader, name, actor
):
    method, expected = TABLE[name]
    url, data = _request(name, meeting, case_item, action, coordinator, reader)
    response = getattr(verified_client(actors[actor]), method)(url, data)
    assert response.status_code == expected.get(actor, 403), f"{actor} {method.upper()} {url}"


@pytest.mark.parametrize("name", list(TABLE))
def test_without_second_factor_every_meeting_url_goes_to_verification(
    password_only_client, actors, meeting, case_item, action, coordinator, reader, name
):
    method, _ = TABLE[name]
    url, data = _request(name, meeting, case_item, action, coordinator, reader)
    for actor in ("coordinator", "reader", "outsider"):
        response = getattr(password_only_client(actors[actor]), method)(url, data)
        assert (response.status_code, response["Location"]) == (302, "/inloggen/verificatie/")


@pytest.mark.parametrize("suffix", ["notulen/", "notulen.pdf"])
def test_partners_cannot_read_draft_minutes(verified_client, meeting, reader, suffix):
    response = verified_client(reader).get(f"/overleggen/{meeting.pk}/{suffix}")
    assert response.status_code == 404


def test_coordinator_version_for_an_organisation_that_is_not_invited_is_404(
    verified_client, final_meeting, coordinator, partner
):
    url = f"/overleggen/{final_meeting.pk}/notulen/?organisatie={partner.organisation_id}"
    assert verified_client(coordinator).get(url).status_code == 404


def test_partner_cannot_ask_for_another_organisations_version(
    verified_client, final_meeting, reader, outsider
):
    """The organisation parameter is the coordinator's; a partner always gets its own."""
    url = f"/overleggen/{final_meeting.pk}/notulen/?organisatie={outsider.organisation_id}"
    response = verified_client(reader).get(url)
    assert response.status_code == 200
    assert response.context["organisation"] == reader.organisation


def test_item_of_another_meeting_is_404(verified_client, coordinator, meeting, reader):
    other = plan_meeting(coordinator, [reader.organisation], days=2)
    foreign = services.agenda_item_add(
        coordinator=coordinator, meeting=other, kind=ItemKind.OTHER, topic="Elders"
    )
    client = verified_client(coordinator)
    for path in ("voorzitten", "agenda"):
        url = f"/overleggen/{meeting.pk}/{path}/{foreign.pk}/"
        assert client.post(url, {}).status_code == 404, url
    assert client.get(f"/overleggen/{meeting.pk}/voorzitten/?punt={foreign.pk}").status_code == 404


def test_agenda_order_with_a_foreign_item_changes_nothing(
    verified_client, coordinator, meeting, case_item, reader
):
    other = plan_meeting(coordinator, [reader.organisation], days=2)
    foreign = services.agenda_item_add(
        coordinator=coordinator, meeting=other, kind=ItemKind.OTHER, topic="Elders"
    )
    before = list(meeting.items.values_list("pk", "position"))
    response = verified_client(coordinator).post(
        f"/overleggen/{meeting.pk}/agenda/volgorde/", {"item": [foreign.pk, case_item.pk]}
    )
    assert response.status_code == 302
    assert list(meeting.items.values_list("pk", "position")) == before
    assert foreign.meeting_id == other.pk


def test_action_add_for_an_organisation_not_involved_is_refused(
    verified_client, coordinator, meeting, case_item, partner
):
    # The module's world has an action on the item already: no other may appear.
    before = list(case_item.actions.values_list("pk", flat=True))
    response = verified_client(coordinator).post(
        f"/overleggen/{meeting.pk}/voorzitten/{case_item.pk}/afspraak/",
        {
            "description": "Iets doen",
            "owner_organisation": partner.organisation_id,
            "due_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 400
    assert "owner_organisation" in response.context["action_form"].errors
    assert list(case_item.actions.values_list("pk", flat=True)) == before
