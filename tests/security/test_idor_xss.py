"""IDOR (ids of other objects in URLs and form fields) and XSS (payloads in every
free-text field, rendered by every page, e-mail and PDF)."""

from __future__ import annotations

import io
import re

import pytest
from django.apps import apps
from django.core import mail
from django.db import models
from django.db.models import Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from pypdf import PdfReader

from cases.models import Intervention, TimelineEntry
from tests.urlwalk import all_routes

from .access_table import ACTORS, TABLE
from .harness import _client, _in_savepoint, _in_savepoint_with_changes

pytestmark = pytest.mark.django_db

PAYLOAD = "<script>alert('xss')</script><img src=x onerror=alert(1)>\"'&"
ESCAPED = "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"
RAW = re.compile(r"<script>alert|<img src=x", re.IGNORECASE)


# ``world`` and ``logins`` (tests/security/conftest.py): the access table's world,
# built once for the module; each test changes it only in its own savepoint.


# --- IDOR in the URL: a child object under a parent it does not belong to ---------


def _second_parents(world):
    """A second signal, case, community and organisation, each with its children."""
    from cases import services as case_services
    from network import services as network_services
    from network.constants import CommunityKind, PlanPillar, Tension
    from tests.cases.conftest import open_case
    from tests.signals.conftest import _pdf, make_signal

    signal = make_signal(world.partner_own, attachments=[_pdf("ander.pdf")])
    case = open_case(world.coordinator, world.partner_own, label="Casus Test 8")
    involvement = case_services.involvement_add(
        coordinator=world.coordinator,
        case=case,
        organisation=world.partner_change.organisation,
        can_change=True,
    )
    intervention = case_services.intervention_add(
        coordinator=world.coordinator,
        case=case,
        description="Ander",
        organisation=world.partner_change.organisation,
    )
    community = network_services.community_save(
        name="Andere gemeenschap", kind=CommunityKind.FAITH_COMMUNITY, allowed_users=[]
    )
    moment = network_services.contact_moment_record(
        community=community,
        recorded_by=world.coordinator,
        date=world.moment.date,
        spoke_with="Bestuur",
        topic="Ander",
        tension=Tension.NONE,
        pillar=PlanPillar.PREVENTION,
    )
    contact = network_services.contact_person_add(
        organisation=world.partner_other.organisation,
        name="Ander contact",
        function="",
        phone="",
        email="",
    )
    from meetings import services as meeting_services
    from meetings.constants import ItemKind

    (other_meeting,) = meeting_services.meeting_create(
        coordinator=world.coordinator,
        starts_at=world.meeting.starts_at,
        duration_minutes=60,
        chair=world.coordinator,
        invited_organisations=[world.partner_involved.organisation],
        location="Elders",
    )
    agenda_item = meeting_services.agenda_item_add(
        coordinator=world.coordinator, meeting=other_meeting, kind=ItemKind.PROGRESS, case=case
    )
    handover = case_services.handover_create(
        coordinator=world.coordinator,
        case=case,
        person=case.persons.first(),
        kind="moved",
        receiving_organisation="Gemeente Dronten",
        legal_basis=case.legal_basis,
    )
    return {
        "agenda_item": agenda_item,
        "case_person": case.persons.first(),
        "handover": handover,
        "attachment": signal.attachments.get(),
        "signal_person": signal.persons.get(),
        "involvement": involvement,
        "intervention": intervention,
        "moment": moment,
        "contact": contact,
    }


# URL name -> (parent attribute of the world, child key of the second parents)
NESTED = {
    "signals:attachment_download": ("signal", "attachment"),
    "signals:triage_person_link": ("signal", "signal_person"),
    "signals:triage_person_unlink": ("signal", "signal_person"),
    "cases:involvement_revoke": ("case", "involvement"),
    "cases:intervention_status": ("case", "intervention"),
    "network:follow_up_done": ("community", "moment"),
    "network:contact_remove": ("organisation", "contact"),
    "meetings:item_edit": ("meeting", "agenda_item"),
    "meetings:item_remove": ("meeting", "agenda_item"),
    "meetings:item_move": ("meeting", "agenda_item"),
    "meetings:current_item": ("meeting", "agenda_item"),
    "meetings:minutes_save": ("meeting", "agenda_item"),
    "meetings:decision_add": ("meeting", "agenda_item"),
    "meetings:action_add": ("meeting", "agenda_item"),
    "meetings:review_record": ("meeting", "agenda_item"),
    "cases:informing_record": ("case", "case_person"),
    "cases:handover_pdf": ("case", "handover"),
    "cases:handover_json": ("case", "handover"),
    "cases:handover_answer": ("case", "handover"),
}
NESTED_ROUTES = [r for r in all_routes() if r.path.count("/1/") >= 2]


def test_every_nested_url_has_a_cross_parent_check():
    assert {r.view_name for r in NESTED_ROUTES if not r.view_name.startswith("admin:")} == set(
        NESTED
    )


@pytest.mark.parametrize("name", list(NESTED))
def test_child_of_another_parent_answers_404_and_changes_nothing(world, logins, name):
    parent, child = NESTED[name]
    foreign = _second_parents(world)[child]
    row = TABLE[name]
    _, data = row.request(world, name)
    url = reverse(name, args=[getattr(world, parent).pk, foreign.pk])
    allowed = [a for a in ACTORS if row.status_for(a) < 400]
    assert allowed
    for actor in allowed:
        client = _client(world.actors[actor], logins=logins)
        response, changed = _in_savepoint_with_changes(
            lambda client=client: getattr(client, row.method)(url, data)
        )
        assert response.status_code == 404, f"{actor} {url}"
        assert changed == []


# --- IDOR in form fields ----------------------------------------------------------


def test_update_cannot_be_shared_with_an_organisation_outside_the_case(world):
    response = _client(world.partner_change).post(
        reverse("cases:update_add", args=[world.case.pk]),
        {
            "text": "Alleen voor een buitenstaander",
            "visibility": "selected",
            "shared_with": [world.partner_other.organisation_id],
        },
    )
    assert response.status_code in (200, 400)
    assert not TimelineEntry.objects.filter(text="Alleen voor een buitenstaander").exists()


def test_intervention_cannot_use_a_goal_of_another_case(world):
    from cases import services as case_services
    from tests.cases.conftest import open_case

    other = open_case(world.coordinator, world.partner_own, label="Casus Test 7")
    foreign_goal = case_services.goal_add(
        coordinator=world.coordinator, case=other, description="Ander doel"
    )
    response = _client(world.coordinator).post(
        reverse("cases:intervention_add", args=[world.case.pk]),
        {
            "description": "Met vreemd doel",
            "organisation": world.partner_change.organisation_id,
            "goal": foreign_goal.pk,
        },
    )
    assert response.status_code in (200, 400)
    assert not Intervention.objects.filter(description="Met vreemd doel").exists()


def test_intervention_cannot_go_to_an_organisation_outside_the_case(world):
    response = _client(world.coordinator).post(
        reverse("cases:intervention_add", args=[world.case.pk]),
        {"description": "Voor buitenstaander", "organisation": world.partner_other.organisation_id},
    )
    assert response.status_code in (200, 400)
    assert not Intervention.objects.filter(description="Voor buitenstaander").exists()


def test_case_cannot_be_opened_from_a_signal_id_that_does_not_exist(world):
    response = _client(world.coordinator).get(reverse("cases:case_create") + "?signaal=999999")
    assert response.status_code == 404


# --- XSS ---------------------------------------------------------------------------

SKIP_FIELDS = {"reference", "password", "username", "email", "content_type", "file", "key"}


def _free_text_fields():
    for app in ("signals", "cases", "network", "accounts"):
        for model in apps.get_app_config(app).get_models():
            for field in model._meta.concrete_fields:
                if not isinstance(field, (models.CharField, models.TextField)):
                    continue
                if field.choices or field.unique or field.name in SKIP_FIELDS:
                    continue
                if field.max_length is not None and field.max_length < len(PAYLOAD):
                    continue
                yield model, field


def _poison_every_free_text_field() -> int:
    """Write the payload into every free-text column of every row.

    Straight into the rows on purpose: escaping is a property of the output,
    and this reaches fields no form would let through unchanged.
    """
    count = 0
    for model, field in _free_text_fields():
        # The row's id appended keeps unique-together constraints satisfied.
        count += model._base_manager.update(
            **{field.name: Concat(Value(PAYLOAD), Cast("pk", models.CharField()))}
        )
    return count


def test_payloads_in_every_free_text_field_come_out_escaped_on_every_page(world, logins):
    assert _poison_every_free_text_field() > 50
    checked = 0
    for name, row in TABLE.items():
        url, _ = row.request(world, name)
        for actor in ACTORS:
            if row.method != "get" or row.status_for(actor) != 200:
                continue
            response = _in_savepoint(
                lambda actor=actor, url=url: _client(world.actors[actor], logins=logins).get(url)
            )
            content_type = response.get("Content-Type", "")
            if "html" not in content_type:
                continue
            html = response.content.decode()
            assert not RAW.search(html), f"{actor} {url} renders a payload unescaped"
            checked += 1
    assert checked > 60


def test_payload_shows_as_text_on_the_pages_that_show_it(world):
    _poison_every_free_text_field()
    for actor, url in (
        ("coordinator", reverse("signals:triage_detail", args=[world.signal.pk])),
        ("partner_own", reverse("signals:signal_detail", args=[world.signal.pk])),
        ("partner_involved", reverse("cases:case_detail", args=[world.case.pk])),
        ("coordinator", reverse("network:community_detail", args=[world.community.pk])),
    ):
        html = _client(world.actors[actor]).get(url).content.decode()
        assert ESCAPED in html, url


def test_payload_in_the_public_plan_pdf_is_text_not_markup(world):
    _poison_every_free_text_field()
    response = _client(world.coordinator).get(reverse("network:plan_public_pdf"))
    assert response.status_code == 200
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    # Rendered as characters: had it been markup, WeasyPrint would have swallowed the tags.
    assert "<script>alert('xss')</script>" in text.replace("\n", "")


def test_notification_mails_are_plain_text_and_carry_no_free_text(
    world, django_capture_on_commit_callbacks
):
    from tests.signals.conftest import intake_data

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(world.partner_own).post(
            reverse("signals:signal_create"), intake_data(observation=PAYLOAD)
        )
    assert response.status_code == 302
    assert mail.outbox, "the coordinators are told"
    for message in mail.outbox:
        assert not getattr(message, "alternatives", None)  # no HTML part to inject into
        assert "xss" not in message.subject + message.body
