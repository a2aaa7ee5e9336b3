"""Dutch copy on the start pages and elsewhere: plural forms for 1 and 2, no
"0 minuten geleden", one date format for text and one for tables."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import time_machine
from django.template import Context, Template
from django.utils import timezone, translation

from lelystad_radicalisering.templatetags.dates import short_date

pytestmark = pytest.mark.django_db


def test_a_case_updated_just_now_reads_naturally_on_the_partner_start_page(
    verified_client, case, reader
):
    client = verified_client(reader)
    page = client.get("/").content.decode()
    assert case.label in page
    assert "een ogenblik geleden bijgewerkt" in page
    assert "0 minuten" not in page
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=2, minutes=5)):
        page = verified_client(reader).get("/").content.decode()  # a fresh session
    assert "2\xa0uur geleden bijgewerkt" in page  # timesince keeps number and unit together


@pytest.mark.parametrize(
    ("signals", "cases", "expected"),
    [
        (1, 1, "1 signaal, 1 casus."),
        (2, 2, "2 signalen, 2 casussen."),
    ],
)
def test_plural_forms_for_one_and_two(signals, cases, expected):
    counts_line = Path("templates/privacy/subject_detail.html").read_text().split("\n")[5]
    template = Template("{% load i18n %}" + counts_line)
    with translation.override("nl"):
        html = template.render(
            Context({"letter": {"signals": [0] * signals, "cases": [0] * cases}})
        )
    assert expected in html


def test_one_format_for_text_and_one_for_tables():
    moment = timezone.make_aware(datetime.datetime(2026, 12, 2, 9, 5))
    template = Template(
        "{{ d|date_text }}|{{ d|date_table }}|{{ d|datetime_text }}|{{ d|datetime_table }}"
    )
    with translation.override("nl"):
        rendered = template.render(Context({"d": moment}))
        assert rendered == "2 december 2026|2-12-2026|2 december 2026 09:05|2-12-2026 09:05"
        assert short_date(moment.date()) == "2-12-2026"


def test_no_template_formats_a_date_by_hand_in_the_old_formats():
    for path in Path("templates").rglob("*.html"):
        text = path.read_text()
        for old in ('|date:"j M Y', '|date:"j-n-Y"', '|date:"j F Y"', "|timesince"):
            assert old not in text, f"{path}: {old}"
