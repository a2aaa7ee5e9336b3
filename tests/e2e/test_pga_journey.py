"""The PGA law in Chromium: the mandated official records the decision to
include; the coordinator records that the person was informed; the chair
records the periodic review from the chair view."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from accounts.models import User
from cases.constants import DecisionKind, InclusionStatus, InformingState
from cases.models import Case
from demo.accounts import seed_demo_accounts
from demo.cases import seed_demo_cases
from demo.signals import seed_demo_signals
from meetings import services
from meetings.constants import ItemKind
from network.models import Organisation

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_inclusion_informing_and_periodic_review(live_server, page, artifacts):
    seed_demo_accounts()
    seed_demo_signals()
    seed_demo_cases()  # the demo coordinator holds the mandate
    base = live_server.url
    case = Case.objects.get(label="Casus Waterwijk 2")  # no decision to include yet
    assert case.inclusion_status == InclusionStatus.NOT_INCLUDED
    log_in(page, base, "coordinator")

    # 1. The mandated official records the decision to include.
    page.goto(f"{base}/casussen/{case.pk}/")
    page.get_by_role("link", name="Besluit tot opname vastleggen").click()
    page.get_by_label("Zorgen over radicalisering van de betrokkene").check()
    page.get_by_label("Proportionaliteit").fill("Aanhoudende zorgen; delen is in verhouding.")
    page.get_by_label("Subsidiariteit").fill("Losse gesprekken van school hielpen niet.")
    page.get_by_role("button", name="Besluit vastleggen").click()
    page.get_by_text("Het besluit tot opname is vastgelegd.").wait_for()
    case.refresh_from_db()
    assert case.inclusion_status == InclusionStatus.INCLUDED
    page.screenshot(path=str(artifacts / "pga-included.png"), full_page=True)

    # 2. The coordinator records that the person was informed.
    person = case.persons.order_by("full_name").first()
    page.get_by_role("listitem").filter(has_text=f"{person.full_name}:").get_by_role(
        "link", name="Informeren vastleggen"
    ).click()
    page.get_by_label("Geïnformeerd", exact=True).check()
    page.get_by_label("Geïnformeerd op").fill(timezone.localdate().isoformat())
    page.get_by_label("Geïnformeerd door (naam en organisatie)").fill("S. Verbeek, gemeente")
    page.get_by_label("Hoe").select_option("in_person")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Het informeren is vastgelegd.").wait_for()
    assert case.informing.get(person=person).state == InformingState.INFORMED

    # 3. The chair records the periodic review from the chair view.
    coordinator = User.objects.get(username="coordinator")
    (meeting,) = services.meeting_create(
        coordinator=coordinator,
        starts_at=timezone.now() - datetime.timedelta(minutes=30),
        duration_minutes=120,
        chair=coordinator,
        invited_organisations=Organisation.objects.filter(name="Jeugdteam Lelystad"),
        location="Stadhuis zaal 2.14",
    )
    item = services.agenda_item_add(
        coordinator=coordinator, meeting=meeting, kind=ItemKind.PERIODIC_REVIEW, case=case
    )
    page.goto(f"{base}/overleggen/{meeting.pk}/voorzitten/?punt={item.pk}")
    page.get_by_role("heading", name="Periodieke toets").wait_for()
    page.get_by_label("Voortzetten").check()
    page.get_by_label("Motivering").fill("Zorgen blijven; aanpak loopt door.")
    page.get_by_role("button", name="Toets vastleggen").click()
    page.get_by_text("De periodieke toets is vastgelegd.").wait_for()
    page.screenshot(path=str(artifacts / "pga-review.png"), full_page=True)
    decision = case.inclusion_decisions.get(kind=DecisionKind.CONTINUE)
    assert decision.reasoning == "Zorgen blijven; aanpak loopt door."
