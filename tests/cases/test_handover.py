"""Handover (PGA law): a package of what may be shared, as PDF and JSON, with
the decisions and the plan; never third-party free text or another person's
name. Accepted: the case closes "handed over" and is read-only."""

from __future__ import annotations

import datetime
import json
import subprocess

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from cases import services
from cases.constants import ClosingOutcome, HandoverStatus, Visibility
from lelystad_radicalisering.audit import accessed
from signals.models import Person

pytestmark = pytest.mark.django_db

SECRET_UPDATE = "Buurman Gerrit Zwanenburg belde over de zoon"
OTHER_PERSON = "Petra Voorbeeldzus"


@pytest.fixture
def rich_case(case, coordinator, contributor):
    """An included case with a plan, a partner's update naming a third party,
    a risk note, and a second person who is not handed over."""
    case.persons.add(Person.objects.create(full_name=OTHER_PERSON))
    goal = services.goal_add(coordinator=coordinator, case=case, description="Dagbesteding houden")
    services.intervention_add(
        coordinator=coordinator,
        case=case,
        description="Wekelijks gesprek met mentor",
        organisation=contributor.organisation,
        goal=goal,
    )
    services.timeline_add_update(
        author=contributor, case=case, text=SECRET_UPDATE, visibility=Visibility.ALL_INVOLVED
    )
    services.risk_assessment_add(
        assessor=coordinator, case=case, level="medium", risk_notes=f"Zus {OTHER_PERSON} bezorgd"
    )
    return case


def _build(client, case):
    person = case.persons.exclude(full_name=OTHER_PERSON).get()
    response = client.post(
        f"/casussen/{case.pk}/overdracht/",
        {
            "person": person.pk,
            "kind": "moved",
            "receiving_organisation": "Gemeente Almere, team Veiligheid",
            "legal_basis": case.legal_basis_id,
        },
    )
    assert response.status_code == 302
    return case.handovers.get(), person


def test_package_pdf_and_json_hold_decisions_and_plan_only(
    verified_client, rich_case, coordinator, tmp_path
):
    client = verified_client(coordinator)
    handover, person = _build(client, rich_case)
    pdf = client.get(f"/casussen/{rich_case.pk}/overdracht/{handover.pk}/pakket.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    path = tmp_path / "pakket.pdf"
    path.write_bytes(pdf.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    data = json.loads(
        client.get(f"/casussen/{rich_case.pk}/overdracht/{handover.pk}/pakket.json").content
    )
    for output in (text, json.dumps(data, ensure_ascii=False)):
        assert person.full_name in output
        assert "Besluit tot opname" in output
        assert "Wekelijks gesprek met mentor" in output and "Dagbesteding houden" in output
        assert "Gemeente Almere" in output
        assert "Zwanenburg" not in output and SECRET_UPDATE not in output
        assert OTHER_PERSON not in output and "Voorbeeldzus" not in output
    assert data["decisions"][0]["criteria"]
    # Dates as a Dutch reader writes them in the PDF; ISO in the JSON for systems.
    decided = datetime.date.fromisoformat(data["decisions"][0]["date"])
    assert f"{decided.day}-{decided.month}-{decided.year}" in text
    assert data["decisions"][0]["date"] not in text
    # The package is an access entry of the person.
    assert (
        LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=coordinator)
        .filter(accessed(person))
        .exists()
    )


def test_accepted_handover_closes_the_case_handed_over_and_read_only(
    verified_client, rich_case, coordinator, contributor
):
    client = verified_client(coordinator)
    handover, _person = _build(client, rich_case)
    response = client.post(
        f"/casussen/{rich_case.pk}/overdracht/{handover.pk}/antwoord/",
        {"answer": "accepted", "answered_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    rich_case.refresh_from_db()
    handover.refresh_from_db()
    assert handover.status == HandoverStatus.ACCEPTED
    assert rich_case.is_closed and rich_case.closing_outcome == ClosingOutcome.HANDED_OVER
    with pytest.raises(services.CaseClosed):
        services.timeline_add_update(
            author=contributor, case=rich_case, text="Nog iets", visibility="all"
        )
    assert LogEntry.objects.get_for_object(handover).count() >= 2


def test_declined_handover_keeps_the_case_open(verified_client, rich_case, coordinator):
    client = verified_client(coordinator)
    handover, _person = _build(client, rich_case)
    client.post(
        f"/casussen/{rich_case.pk}/overdracht/{handover.pk}/antwoord/",
        {"answer": "declined", "answered_on": timezone.localdate().isoformat()},
    )
    rich_case.refresh_from_db()
    assert not rich_case.is_closed
    handover.refresh_from_db()
    assert handover.status == HandoverStatus.DECLINED


def test_handover_form_refuses_an_empty_organisation(verified_client, rich_case, coordinator):
    response = verified_client(coordinator).post(
        f"/casussen/{rich_case.pk}/overdracht/",
        {
            "person": rich_case.persons.first().pk,
            "kind": "moved",
            "receiving_organisation": "",
            "legal_basis": rich_case.legal_basis_id,
        },
    )
    assert response.status_code == 400 and "verplicht" in response.content.decode()
    assert not rich_case.handovers.exists()
