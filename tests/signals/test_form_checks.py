"""Plausibility checks on the signal form, the error summary with the persons'
rows, the attachment limits the browser checks, and labels that say exactly
when a field is required."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from signals.models import Signal
from tests.signals.conftest import intake_data, make_signal

pytestmark = pytest.mark.django_db
URL = "/signalen/nieuw/"


def _years_ago(years: int, days: int = 0) -> str:
    today = timezone.localdate()
    return (today.replace(year=today.year - years) - datetime.timedelta(days=days)).isoformat()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"observed_on": "1900-01-01"}, "Vul een datum in uit de afgelopen 5 jaar."),
        ({"observed_on": _years_ago(5, days=1)}, "Vul een datum in uit de afgelopen 5 jaar."),
        ({"observation": "x"}, "in minstens 20 tekens"),
        ({"observation": "Zag iets raars."}, "in minstens 20 tekens"),
        ({"persons-0-date_of_birth": _years_ago(111)}, "ouder zijn dan 110 jaar"),
    ],
)
def test_implausible_answers_are_refused_with_a_dutch_message(
    verified_client, partner, overrides, message
):
    response = verified_client(partner).post(URL, intake_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Signal.objects.count() == 0


def test_plausible_edges_are_accepted(verified_client, partner):
    response = verified_client(partner).post(
        URL,
        intake_data(
            observed_on=_years_ago(5),
            observation="Twintig tekens exact",
            **{"persons-0-date_of_birth": _years_ago(109)},
        ),
    )
    assert response.status_code == 302
    assert Signal.objects.count() == 1


def test_the_error_summary_lists_errors_of_the_persons_rows_with_links(verified_client, partner):
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    data = intake_data(
        observation="x",
        **{
            "persons-TOTAL_FORMS": "2",
            "persons-1-full_name": "Tweede Persoon",
            "persons-1-date_of_birth": future,
            "persons-1-neighbourhood": "",
        },
    )
    html = verified_client(partner).post(URL, data).content.decode()
    summary = html.split('id="form-errors"')[1].split("</div>")[0]
    assert 'href="#id_observation"' in summary
    assert 'href="#id_persons-1-date_of_birth"' in summary
    assert "Persoon 2, geboortedatum (als bekend): Deze datum ligt in de toekomst." in summary


def test_an_oversized_attachment_is_refused_by_the_server_without_the_browser_check(
    verified_client, partner
):
    big = SimpleUploadedFile(
        "groot.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024), content_type="application/pdf"
    )
    response = verified_client(partner).post(URL, {**intake_data(), "attachments": [big]})
    assert "groot.pdf is te groot (10,0\xa0MB). Het maximum is 10,0\xa0MB." in (
        response.content.decode()
    )
    assert Signal.objects.count() == 0


def test_the_file_input_carries_the_limits_the_browser_checks(verified_client, partner):
    html = verified_client(partner).get(URL).content.decode()
    assert 'accept=".docx,.jpeg,.jpg,.ods,.odt,.pdf,.png,.pptx,.xlsx"' in html
    assert f'data-max-bytes="{10 * 1024 * 1024}"' in html
    assert "data-too-large=" in html and "data-wrong-type=" in html
    # The label says "not required" once; the help text does not repeat it.
    assert "Niet verplicht." not in html
    assert "<script" not in html.split("</head>")[1]  # CSP: no inline script
    assert 'src="/static/js/forms.js"' in html


def test_triage_labels_say_when_reason_and_route_are_required(
    verified_client, coordinator, partner
):
    signal = make_signal(partner)
    html = verified_client(coordinator).get(f"/triage/{signal.pk}/").content.decode()
    assert 'Reden <span class="app-optional">(verplicht bij afsluiten of doorzetten)' in html
    assert 'data-required-when="decision" data-required-values="closed forwarded"' in html
    assert 'data-show-when="decision" data-show-values="forwarded"' in html
    assert 'Doorzetten naar <span class="app-optional">(verplicht bij doorzetten)' in html
