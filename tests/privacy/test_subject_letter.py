"""The answer to a data-subject request (art. 15 GDPR) as a letter the privacy
officer can send: every section the article requires, nobody else's name, no
staff name, no internal word; a restriction changes what it says."""

from __future__ import annotations

import datetime
import json
import re
import subprocess

import pytest
from django.urls import get_resolver
from django.utils import timezone

from cases import services as case_services
from cases.models import Case
from meetings import services as meeting_services
from meetings.constants import ItemKind
from privacy import services
from privacy.constants import RestrictionGround
from privacy.models import SubjectRestriction
from tests.cases.conftest import include
from tests.meetings.conftest import plan_meeting

from .conftest import OTHER, SUBJECT

pytestmark = pytest.mark.django_db

SECTIONS = (
    "Uw verzoek om inzage in uw persoonsgegevens (artikel 15 AVG)",
    "Wat we over u vastleggen",
    "Signalen",
    "Casus",
    "Plan",
    "Besluiten",
    "Casusoverleggen waarin u besproken bent",
    "Afspraken die u betreffen",
    "Waarom we deze gegevens verwerken",
    "Grondslag",
    "Wie uw gegevens heeft ontvangen",
    "Waar de gegevens vandaan komen",
    "Hoe lang we uw gegevens bewaren",
    "Uw rechten",
    "Rectificatie (artikel 16 AVG)",
    "Wissen (artikel 17 AVG)",
    "Beperking van de verwerking (artikel 18 AVG)",
    "Bezwaar (artikel 21 AVG)",
    "Autoriteit Persoonsgegevens",
    "Wie uw gegevens heeft ingezien",
)


def _route_names() -> set[str]:
    names = set()

    def walk(resolver, prefix=""):
        for pattern in resolver.url_patterns:
            if hasattr(pattern, "url_patterns"):
                walk(pattern, f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix)
            elif pattern.name:
                names.add(f"{prefix}{pattern.name}")

    walk(get_resolver())
    return names


@pytest.fixture
def discussed(coordinator, partner, subject, welfare):
    """The subject's case, shared with welfare, on a meeting's agenda with a
    decision and an action."""
    case = Case.objects.get(label="Casus Inzage 1")
    include(coordinator, case)  # the PGA law: the plan starts after inclusion
    case_services.involvement_add(
        coordinator=coordinator, case=case, organisation=welfare, can_change=False
    )
    meeting = plan_meeting(coordinator, [partner.organisation])
    meeting_services.agenda_item_add(
        coordinator=coordinator, meeting=meeting, kind=ItemKind.PROGRESS, case=case
    )
    item = meeting.items.get(case=case)
    item.decisions = "Besloten: gesprek met de jongerenwerker aanbieden."
    item.save(update_fields=["decisions"])
    meeting_services.action_create(
        coordinator=coordinator,
        case=case,
        agenda_item=item,
        description="Gesprek plannen met school.",
        owner_organisation=coordinator.organisation,
        due_on=timezone.localdate() + datetime.timedelta(days=14),
    )
    return case


def _pdf_text(client, subject, tmp_path, exclude=()) -> str:
    response = client.post(
        f"/privacy/inzage/{subject.pk}/export/", {"format": "pdf", "exclude": list(exclude)}
    )
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "brief.pdf"
    path.write_bytes(response.content)
    return subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_the_letter_has_every_section_and_names_nobody_else(
    verified_client, privacy_officer, coordinator, partner, subject, discussed, tmp_path
):
    verified_client(coordinator).get(f"/casussen/{discussed.pk}/")
    verified_client(partner).get(f"/casussen/{discussed.pk}/")
    client = verified_client(privacy_officer)
    page = client.get(f"/privacy/inzage/{subject.pk}/")
    henk = [t.key for t in page.context["letter"].texts if "Henk" in t.text]
    text = _pdf_text(client, subject, tmp_path, exclude=henk)
    flat = re.sub(r"\s+", " ", text)
    for section in SECTIONS:
        assert section in flat, section
    # Addressed to the person, about their own file.
    assert f"Aan: {SUBJECT[0]}" in flat and f"Beste {SUBJECT[0]}," in flat
    assert "Zorg over Quirijn op school." in flat
    assert "gesprek met de jongerenwerker aanbieden" in flat
    assert "Gesprek plannen met school." in flat
    assert discussed.reference in flat
    # Recipients by organisation and period, source by kind of organisation.
    assert "Welzijn Teststad" in flat
    assert "Gemeld door een organisatie van het soort: Politie" in flat
    # Nobody else: no other person, no third-party passage, no staff member.
    for name in (OTHER[0], "Rozemarijn", "Henk"):
        assert name not in flat, name
    for staff in (coordinator, partner, privacy_officer):
        assert staff.get_full_name() not in flat
    # No internal words.
    leaked = {name for name in _route_names() if name in flat}
    assert not leaked, leaked
    assert "export:" not in flat and "inzage:" not in flat


def test_access_history_is_summarised_per_organisation_and_month(
    verified_client, privacy_officer, coordinator, partner, subject, discussed
):
    for _ in range(3):
        verified_client(coordinator).get(f"/casussen/{discussed.pk}/")
    response = verified_client(privacy_officer).post(
        f"/privacy/inzage/{subject.pk}/export/", {"format": "json"}
    )
    payload = json.loads(response.content)
    month = timezone.localdate().replace(day=1).isoformat()
    rows = {(r["month"], r["organisation"]): r["count"] for r in payload["access_summary"]}
    assert rows[(month, coordinator.organisation.name)] >= 3
    assert all(count >= 1 for count in rows.values())
    # The JSON has the letter's sections.
    for key in ("signals", "cases", "plan", "decisions", "meetings", "actions", "purposes"):
        assert key in payload
    for key in ("legal_basis", "recipients", "retention", "sources", "rights"):
        assert payload[key], key
    assert payload["restriction"] is None


def test_a_restriction_changes_what_the_letter_says(
    verified_client, privacy_officer, subject, discussed, tmp_path
):
    client = verified_client(privacy_officer)
    review_on = timezone.localdate() + datetime.timedelta(days=60)
    response = client.post(
        f"/privacy/inzage/{subject.pk}/beperking/",
        {
            "ground": RestrictionGround.APPROACH,
            "reason": "Politieonderzoek loopt nog",
            "review_on": review_on.isoformat(),
        },
    )
    assert response.status_code == 302
    text = re.sub(r"\s+", " ", _pdf_text(client, subject, tmp_path))
    assert "Wat we u nu niet kunnen vertellen" in text
    assert "art. 41 lid 1 onder d UAVG" in text
    assert "Uw rechten" in text and "Autoriteit Persoonsgegevens" in text
    # The file and the internal reason stay out.
    for withheld in ("Zorg over Quirijn", discussed.reference, "Politieonderzoek", "Wie uw"):
        assert withheld not in text, withheld
    payload = json.loads(
        client.post(f"/privacy/inzage/{subject.pk}/export/", {"format": "json"}).content
    )
    assert payload["restriction"]["review_on"] == review_on.isoformat()
    assert payload["cases"] == [] and payload["access_summary"] == []


def test_restriction_needs_a_reason_and_a_future_review_date(
    verified_client, privacy_officer, subject
):
    response = verified_client(privacy_officer).post(
        f"/privacy/inzage/{subject.pk}/beperking/",
        {"ground": RestrictionGround.APPROACH, "reason": " ", "review_on": "2020-01-01"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Dit veld is verplicht." in html or "Geef de reden van de beperking." in html
    assert not SubjectRestriction.objects.exists()


def test_restriction_due_for_review_is_on_the_start_page(verified_client, privacy_officer, subject):
    restriction = services.restriction_record(
        officer=privacy_officer,
        person=subject,
        ground=RestrictionGround.OTHERS,
        reason="Bescherming melder",
        review_on=timezone.localdate() + datetime.timedelta(days=10),
    )
    client = verified_client(privacy_officer)
    assert f"betrokkene nr. {subject.pk}" not in client.get("/").content.decode()
    SubjectRestriction.objects.filter(pk=restriction.pk).update(
        review_on=timezone.localdate()
    )  # test shortcut: the date has come
    html = client.get("/").content.decode()
    assert "Beperkingen om opnieuw te beoordelen" in html
    assert f"Beperking bij betrokkene nr. {subject.pk}" in html
    assert SUBJECT[0] not in html
    # Lifted, it leaves the start page.
    client.post(f"/privacy/beperkingen/{restriction.pk}/opheffen/")
    assert f"Beperking bij betrokkene nr. {subject.pk}" not in client.get("/").content.decode()


def test_the_letter_names_the_pga_decisions_and_whether_the_person_was_informed(
    verified_client, privacy_officer, coordinator, subject, discussed, tmp_path
):
    """Issue 22: the decision to include (criteria, legal basis, reasoning), and the
    deferral of informing with its reason and review date; another person's
    decision stays out."""
    from cases.constants import InformingState
    from cases.models import DeferralReason, InclusionDecision

    other_case = include(coordinator, Case.objects.get(label="Casus Ander 2"))
    other_case.inclusion_decisions.update(proportionality="Alleen over Rozemarijn.")
    reason = DeferralReason.objects.filter(is_active=True).first()
    review_on = timezone.localdate() + datetime.timedelta(days=30)
    case_services.informing_record(
        coordinator=coordinator,
        case=discussed,
        person=subject,
        state=InformingState.DEFERRED,
        deferral_reason=reason,
        review_on=review_on,
    )
    decision = InclusionDecision.objects.get(case=discussed)
    client = verified_client(privacy_officer)
    flat = re.sub(r"\s+", " ", _pdf_text(client, subject, tmp_path))
    assert "Besluit tot opname" in flat
    assert decision.criteria.get().name in flat
    assert f"Grondslag: {decision.legal_basis.name}" in flat
    assert "Ernstige zorgen; delen is nodig." in flat
    assert "U informeren" in flat and reason.name in flat
    assert "Rozemarijn" not in flat and "Besluiten" in flat
    # The officer may leave a reasoning out, like any free text.
    key = f"pga:{decision.pk}:proportionality"
    page = client.get(f"/privacy/inzage/{subject.pk}/")
    assert key in [t.key for t in page.context["letter"].texts]
    without = re.sub(r"\s+", " ", _pdf_text(client, subject, tmp_path, exclude=[key]))
    assert "Ernstige zorgen" not in without and "Besluit tot opname" in without
    payload = json.loads(
        client.post(f"/privacy/inzage/{subject.pk}/export/", {"format": "json"}).content
    )
    assert payload["informing"] == [
        {
            "case": discussed.reference,
            "state": "Informeren uitgesteld",
            "informed_on": None,
            "method": "",
            "deferral_reason": reason.name,
            "review_on": review_on.isoformat(),
        }
    ]
    assert [d["kind"] for d in payload["decisions"] if "kind" in d] == ["Besluit tot opname"]
