from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from signals.constants import Category, Source, Urgency
from signals.models import Neighbourhood
from signals.services import ReportedPerson, signal_submit

PDF_BYTES = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def make_signal(
    reporter,
    *,
    persons=(("Piet Testpersoon", datetime.date(2005, 5, 5)),),
    attachments=(),
    **overrides,
):
    values = {
        "reporter": reporter,
        "submission_key": uuid.uuid4(),
        "category": Category.RADICALISATION,
        "urgency": Urgency.NORMAL,
        "observation": "Waargenomen: deelt extremistische video's.",
        "observed_on": timezone.localdate() - datetime.timedelta(days=1),
        "source": Source.OWN_OBSERVATION,
        "persons": [ReportedPerson(name, dob) for name, dob in persons],
        "attachments": list(attachments),
    }
    values.update(overrides)
    signal, _ = signal_submit(**values)
    return signal


@pytest.fixture
def signal(partner):
    """A signal logged by the police partner, with one person and a PDF attachment."""
    return make_signal(
        partner,
        attachments=[_pdf("verslag.pdf")],
    )


def _pdf(name: str) -> SimpleUploadedFile:
    upload = SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")
    upload.detected_content_type = "application/pdf"
    return upload


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")


@pytest.fixture
def boswijk(db):
    return Neighbourhood.objects.get(name="Boswijk")


def intake_data(**overrides) -> dict:
    data = {
        "submission_key": str(uuid.uuid4()),
        "category": Category.RADICALISATION,
        "persons-TOTAL_FORMS": "1",
        "persons-INITIAL_FORMS": "0",
        "persons-MIN_NUM_FORMS": "0",
        "persons-MAX_NUM_FORMS": "10",
        "persons-0-full_name": "Piet Testpersoon",
        "persons-0-date_of_birth": "2005-05-05",
        "persons-0-neighbourhood": "",
        "group_description": "",
        "place_description": "",
        "observation": "Deelt propaganda in de klassenapp.",
        "observed_on": (timezone.localdate() - datetime.timedelta(days=2)).isoformat(),
        "observed_where": "School",
        "neighbourhood": "",
        "source": Source.OWN_OBSERVATION,
        "urgency": Urgency.NORMAL,
    }
    data.update(overrides)
    return data
