"""A partner sees agenda items, minutes and actions only of cases its organisation
is involved in; every other item is a "closed item" without label, in pages and
in the PDF alike."""

from __future__ import annotations

import datetime
import subprocess

import pytest
from django.utils import timezone

from cases import services as case_services
from cases.constants import Pillar
from cases.models import LegalBasis
from meetings import services
from meetings.constants import ItemKind
from signals.constants import Category
from tests.cases.conftest import include
from tests.meetings.conftest import plan_meeting
from tests.signals.conftest import make_signal

pytestmark = pytest.mark.django_db

SECRET = {
    "label": "Casus Zeewolde-Geheim 88",
    "person": "Xander Verborgenvelt",
    "notes": "Vertrouwelijke notitie over de jeugdzorgcasus",
    "decision": "Besluit alleen voor jeugdzorg",
    "action": "Geheime afspraak voor jeugdzorg",
    "addendum": "Correctie bij de jeugdzorgcasus",
}
VISIBLE = {
    "label": "Casus Haven-Zichtbaar 11",
    "person": "Ynske Zichtbaarheid",
    "notes": "Notitie over de welzijnscasus",
}


def _case(coordinator, reporter, *, label, person, organisation):
    signal = make_signal(reporter, persons=((person, datetime.date(2006, 6, 6)),))
    case = case_services.case_open_from_signals(
        coordinator=coordinator,
        signals=[signal],
        label=label,
        pillar=Pillar.PERSON_ORIENTED,
        category=Category.RADICALISATION,
        legal_basis=LegalBasis.objects.first(),
    )
    case_services.involvement_add(
        coordinator=coordinator, case=case, organisation=organisation, can_change=True
    )
    # Included in the person-oriented approach, so actions may be agreed (PGA law).
    return include(coordinator, case)


@pytest.fixture
def crafted(coordinator, partner, reader, outsider):
    """Reader (welfare) is involved in the visible case only; outsider (youth care)
    in the secret one. Both organisations are invited; the minutes are final."""
    visible = _case(
        coordinator,
        partner,
        label=VISIBLE["label"],
        person=VISIBLE["person"],
        organisation=reader.organisation,
    )
    secret = _case(
        coordinator,
        partner,
        label=SECRET["label"],
        person=SECRET["person"],
        organisation=outsider.organisation,
    )
    meeting = plan_meeting(coordinator, [reader.organisation, outsider.organisation])
    items = {}
    for case in (secret, visible):
        items[case] = services.agenda_item_add(
            coordinator=coordinator, meeting=meeting, kind=ItemKind.PROGRESS, case=case
        )
    services.minutes_save(
        author=coordinator,
        item=items[secret],
        notes=SECRET["notes"],
        decisions=SECRET["decision"],
    )
    services.minutes_save(
        author=coordinator, item=items[visible], notes=VISIBLE["notes"], decisions=""
    )
    services.action_create(
        coordinator=coordinator,
        case=secret,
        agenda_item=items[secret],
        description=SECRET["action"],
        owner_organisation=outsider.organisation,
        due_on=timezone.localdate() + datetime.timedelta(days=3),
    )
    services.agenda_item_add(
        coordinator=coordinator, meeting=meeting, kind=ItemKind.OTHER, topic="Rondvraag"
    )
    services.meeting_finalise(coordinator=coordinator, meeting=meeting)
    services.addendum_add(
        coordinator=coordinator, meeting=meeting, item=items[secret], text=SECRET["addendum"]
    )
    return meeting, visible, secret


def _forbidden(secret_case) -> list[str]:
    return [*SECRET.values(), secret_case.reference]


def _pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "notulen.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_partner_agenda_view_shows_a_closed_item_for_other_cases(verified_client, crafted, reader):
    meeting, visible, secret = crafted
    html = verified_client(reader).get(f"/overleggen/{meeting.pk}/").content.decode()
    for text in _forbidden(secret):
        assert text not in html, text
    assert VISIBLE["label"] in html and visible.reference in html
    assert "Besloten agendapunt" in html
    assert "Rondvraag" in html


def test_partner_minutes_view_leaves_out_other_cases(verified_client, crafted, reader):
    meeting, _visible, secret = crafted
    html = verified_client(reader).get(f"/overleggen/{meeting.pk}/notulen/").content.decode()
    for text in _forbidden(secret):
        assert text not in html, text
    assert VISIBLE["notes"] in html
    assert html.count("Besloten agendapunt") == 1


def test_partner_minutes_pdf_leaves_out_other_cases(verified_client, crafted, reader, tmp_path):
    meeting, _visible, secret = crafted
    response = verified_client(reader).get(f"/overleggen/{meeting.pk}/notulen.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content, tmp_path)
    for forbidden in _forbidden(secret):
        assert forbidden not in text, forbidden
    assert VISIBLE["label"] in text and VISIBLE["notes"] in text
    assert "Besloten agendapunt" in text
    # Persons are never in the minutes, not even of the organisation's own case.
    assert VISIBLE["person"] not in text


def test_the_other_organisation_gets_the_mirror_image(verified_client, crafted, outsider, tmp_path):
    meeting, visible, _secret = crafted
    response = verified_client(outsider).get(f"/overleggen/{meeting.pk}/notulen.pdf")
    text = _pdf_text(response.content, tmp_path)
    assert SECRET["notes"] in text and SECRET["action"] in text and SECRET["addendum"] in text
    for forbidden in (VISIBLE["label"], VISIBLE["notes"], visible.reference):
        assert forbidden not in text


def test_coordinator_export_for_an_organisation_applies_the_same_rule(
    verified_client, crafted, coordinator, reader, tmp_path
):
    meeting, _visible, secret = crafted
    client = verified_client(coordinator)
    url = f"/overleggen/{meeting.pk}/notulen.pdf?organisatie={reader.organisation_id}"
    text = _pdf_text(client.get(url).content, tmp_path)
    for forbidden in _forbidden(secret):
        assert forbidden not in text, forbidden
    html = client.get(
        f"/overleggen/{meeting.pk}/notulen/?organisatie={reader.organisation_id}"
    ).content.decode()
    for forbidden in _forbidden(secret):
        assert forbidden not in html, forbidden
    complete = _pdf_text(client.get(f"/overleggen/{meeting.pk}/notulen.pdf").content, tmp_path)
    assert SECRET["notes"] in complete and VISIBLE["notes"] in complete


def test_revoking_an_involvement_closes_the_item_in_old_minutes(verified_client, crafted, reader):
    meeting, visible, _secret = crafted
    case_services.involvement_revoke(
        involvement=visible.involvements.get(organisation=reader.organisation)
    )
    html = verified_client(reader).get(f"/overleggen/{meeting.pk}/notulen/").content.decode()
    assert VISIBLE["label"] not in html and VISIBLE["notes"] not in html
    assert html.count("Besloten agendapunt") == 2


def test_pdf_is_a_real_pdf_with_the_house_style_cover(verified_client, crafted, reader, tmp_path):
    from pypdf import PdfReader

    meeting, _, _ = crafted
    response = verified_client(reader).get(f"/overleggen/{meeting.pk}/notulen.pdf")
    path = tmp_path / "n.pdf"
    path.write_bytes(response.content)
    reader_pdf = PdfReader(path)
    first = reader_pdf.pages[0].extract_text()
    assert "Gemeente Lelystad" in first and "Vertrouwelijk" in first
    assert reader.organisation.name in first
