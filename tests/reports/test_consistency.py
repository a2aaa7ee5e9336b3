"""Every published table is consistent: unique rows, rows that add up to the
stated total, one figure the same everywhere, and charts that never give a
hidden cell away."""

from __future__ import annotations

import copy
import csv
import datetime
import io
import logging
import re
import subprocess
import xml.etree.ElementTree as ET

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reports import charts, figures
from reports.consistency import check_figures
from reports.constants import ReportFailure, ReportStatus
from reports.figures import build_figures
from reports.periods import Period
from reports.rendering import render_csv
from reports.suppression import SuppressionImpossible
from signals.constants import Category
from signals.models import Neighbourhood
from tests.signals.conftest import make_signal

from .conftest import QUARTER, at, request_report
from .generated import counts_source

SVG = "{http://www.w3.org/2000/svg}"
Q4_2026 = Period(datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))


def _tables(figures: dict) -> dict[str, dict]:
    return {t["key"]: t for s in figures["sections"] for t in s["tables"]}


def assert_chart_hides_what_the_table_hides(table: dict, svg: str) -> None:
    """Read the chart back: its bars and value labels are exactly the table's
    shown counts; every hidden cell is a fixed mark with the word, no length."""
    root = ET.fromstring(svg)  # noqa: S314  # our own SVG
    shown = [
        row[column]["value"]
        for row in table["rows"]
        for column in ("current", "previous")
        if "value" in row[column]
    ]
    hidden = [
        row[column]
        for row in table["rows"]
        for column in ("current", "previous")
        if "suppressed" in row[column]
    ]
    values = [int(t.text) for t in root.iter(f"{SVG}text") if t.get("class") == "value"]
    assert sorted(values) == sorted(shown)
    bars = [r for r in root.iter(f"{SVG}rect") if (r.get("class") or "").startswith("bar")]
    widths = sorted(float(r.get("width")) for r in bars)
    assert len(bars) == len([v for v in shown if v])
    if bars:
        # One scale for all bars: each length is a shown count times that scale.
        scale = widths[-1] / max(shown)
        assert sorted(round(w / scale) for w in widths) == sorted(v for v in shown if v)
    marks = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "hidden-mark"]
    assert len(marks) == len(hidden)
    assert len({(m.get("width"), m.get("height")) for m in marks}) <= 1  # all the same size
    labels = [t for t in root.iter(f"{SVG}text") if t.get("class") == "hidden-label"]
    assert len(labels) == len(hidden) and all(t.text == "verborgen" for t in labels)
    # No text anywhere in the drawing other than labels, shown values, ticks and the words.
    allowed = {row["label"] for row in table["rows"]} | {"verborgen", "bij Overige wijken"}
    for text in root.iter(f"{SVG}text"):
        kind = text.get("class")
        if kind in ("value", "tick"):
            continue
        if kind == "row-label":
            assert any(text.text in label for label in allowed)


@pytest.fixture
def neighbourhoods(partner):
    """Q4 2026: 15 signals in Haven (9 radicalisation, 6 extremism), three small neighbourhoods (1, 2 and 2
    signals) and 3 signals without a neighbourhood; Q3 2026: 6 in Haven and 1 in Kust."""
    haven = Neighbourhood.objects.get_or_create(name="Wijk Haven")[0]
    small = [Neighbourhood.objects.get_or_create(name=f"Wijk Klein {n}")[0] for n in (1, 2, 3)]
    with time_machine.travel(at(datetime.date(2026, 8, 4)), tick=False):
        for _ in range(6):
            make_signal(partner, neighbourhood=haven)
        make_signal(partner, neighbourhood=small[2])
    with time_machine.travel(at(datetime.date(2026, 11, 3)), tick=False):
        for index in range(15):
            category = Category.RADICALISATION if index < 9 else Category.EXTREMISM
            make_signal(partner, neighbourhood=haven, category=category)
        for place, count in zip(small, (1, 2, 2), strict=True):
            for _ in range(count):
                make_signal(partner, neighbourhood=place, category=Category.POLARISATION)
        for _ in range(3):
            make_signal(partner, neighbourhood=None, category=Category.ACTIVISM)


@pytest.mark.django_db
def test_neighbourhood_table_has_unique_rows_that_add_up(management, neighbourhoods):
    with time_machine.travel(at(datetime.date(2027, 1, 5)), tick=False):
        report = request_report(management, Q4_2026)
    assert report.status == ReportStatus.DONE
    table = _tables(report.figures)["signals_neighbourhood"]
    labels = [row["label"] for row in table["rows"]]
    assert labels == ["Wijk Haven", "Overige wijken", "Niet vastgelegd"]
    rows = {row["key"]: row for row in table["rows"]}
    assert rows["Wijk Haven"]["current"] == {"value": 15}
    # 3 without a neighbourhood: hidden; the 5 in three small neighbourhoods,
    # merged into "other", hidden as well, or 23 - 15 - 5 would give the 3 away.
    assert rows["__none__"]["current"] == {"suppressed": "primary"}
    assert rows["__other__"]["current"] == {"suppressed": "secondary"}
    assert table["total"]["current"] == {"value": 23}
    assert check_figures(report.figures) == []
    # The CSV lists each row once, with the table's figures.
    lines = list(csv.reader(io.StringIO(render_csv(report.figures)), delimiter=";"))
    csv_rows = [line[2:4] for line in lines if len(line) > 2 and line[1] == table["title"]]
    assert csv_rows == [
        ["Wijk Haven", "15"],
        ["Overige wijken", "\u00d7"],
        ["Niet vastgelegd", "<5"],
        ["Totaal", "23"],
    ]
    # Key figure, table totals and the trend all say 23.
    key = {f["key"]: f for f in report.figures["key_figures"]}["signals_received"]
    assert key["current"] == {"value": 23}
    for each in _tables(report.figures).values():
        if each["metric"] == "signals_received":
            assert each["total"]["current"] == {"value": 23}
    trend = {s["key"]: s for s in report.figures["trend"]["series"]}["signals_received"]
    assert trend["values"][-1] == {"value": 23}
    # The PDF, read back: the neighbourhood table once per row label.
    text = subprocess.run(
        ["pdftotext", "-layout", report.file.path, "-"], check=True, capture_output=True, text=True
    ).stdout
    block = text.split("Signalen per wijk", 1)[1].split("Totaal", 1)[0]
    assert block.count("Overige wijken") == 1 and block.count("Niet vastgelegd") == 1


@pytest.mark.django_db
def test_no_hidden_value_can_be_read_from_the_charts(management, neighbourhoods):
    with time_machine.travel(at(datetime.date(2027, 1, 5)), tick=False):
        report = request_report(management, Q4_2026)
    tables = _tables(report.figures)
    drawn = 0
    for table in tables.values():
        if not charts.worth_a_chart(table):
            continue
        drawn += 1
        svg = charts.table_chart(table, "K4 2026", "K3 2026")
        assert_chart_hides_what_the_table_hides(table, svg)
    assert drawn >= 1
    # The category table: 9 radicalisation, 6 extremism, 5 polarisation, 3 activism (hidden).
    category = tables["signals_category"]
    svg = charts.table_chart(category, "K4 2026", "K3 2026")
    values = [int(v) for v in re.findall(r'class="value">(\d+)<', svg)]
    assert 3 not in values and sorted(values) == sorted(
        r[c]["value"] for r in category["rows"] for c in ("current", "previous") if "value" in r[c]
    )


def test_a_chart_that_says_no_more_than_its_table_is_left_out():
    one_row = {
        "key": "t",
        "title": "T",
        "rows": [
            {"key": "a", "label": "A", "current": {"value": 7}, "previous": {"value": 0}},
            {"key": "b", "label": "B", "current": {"suppressed": "primary"}, "previous": {}},
        ],
    }
    assert not charts.worth_a_chart(one_row)
    one_row["rows"][1]["current"] = {"value": 5}
    assert charts.worth_a_chart(one_row)


def test_trend_legend_and_period_labels_fit_the_drawing():
    trend = {
        "periods": [{"label": f"K{q} 2026"} for q in (1, 2, 3, 4)],
        "series": [
            {"key": str(n), "label": label, "values": [{"value": v} for v in (5, 9, 0, 12)]}
            for n, label in enumerate(
                [
                    "Ontvangen signalen",
                    "Geopende casussen",
                    "Gehouden casusoverleggen",
                    "Contactmomenten met gemeenschappen",
                    "Getrainde professionals",
                ]
            )
        ],
    }
    trend["series"][1]["values"][2] = {"suppressed": "secondary"}
    root = ET.fromstring(charts.trend_chart(trend))  # noqa: S314
    width, height = float(root.get("width")), float(root.get("height"))
    texts = list(root.iter(f"{SVG}text"))
    legend = [t.text for t in texts if t.get("class") == "legend"]
    assert len(legend) == 5  # the fifth series is not cut off
    for text in texts:
        x, y = float(text.get("x")), float(text.get("y"))
        size = charts.text_width(text.text)
        left = {"start": x, "middle": x - size / 2, "end": x - size}[text.get("text-anchor")]
        assert left >= 0 and left + size <= width, text.text  # "K4 2026" is not clipped
        assert 0 < y <= height, text.text
    # A hidden point is a break in the line, not a point at some height.
    assert len([c for c in root.iter(f"{SVG}circle")]) == 5 * 4 - 1
    assert "onderbreking" in " ".join(charts.trend_notes(trend))


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_chart_text_has_a_contrast_of_at_least_4_5_to_1(neighbourhoods_free_table):
    svg = charts.table_chart(neighbourhoods_free_table, "K4 2026", "K3 2026")
    root = ET.fromstring(svg)  # noqa: S314
    for text in root.iter(f"{SVG}text"):
        # Text is drawn on the white page, never inside a bar.
        assert _contrast(text.get("fill"), "#ffffff") >= 4.5, text.text
    for colour in (charts.CURRENT, charts.PREVIOUS, *charts.LINE_COLOURS):
        assert _contrast(colour, "#ffffff") >= 3  # graphics against the page


@pytest.fixture
def neighbourhoods_free_table() -> dict:
    return {
        "key": "x",
        "title": "X",
        "rows": [
            {"key": "a", "label": "Normaal", "current": {"value": 30}, "previous": {"value": 12}},
            {
                "key": "b",
                "label": "Hoog",
                "current": {"suppressed": "secondary"},
                "previous": {"value": 0},
            },
            {
                "key": "c",
                "label": "Acuut",
                "current": {"suppressed": "primary"},
                "previous": {"value": 6},
            },
        ],
    }


def test_check_finds_duplicate_rows_sums_that_do_not_add_up_and_differing_totals():
    published = build_figures(Q4_2026, threshold=5, counts_for=counts_source(3, 60))
    assert check_figures(published) == []
    broken = copy.deepcopy(published)
    table = _tables(broken)["signals_neighbourhood"]
    table["rows"].append(copy.deepcopy(table["rows"][-1]))  # the old "Niet vastgelegd" twice
    codes = {(p.code, p.where) for p in check_figures(broken)}
    assert ("duplicate_row", "signals_neighbourhood") in codes
    broken = copy.deepcopy(published)
    table = next(
        t
        for t in _tables(broken).values()
        if "value" in t["total"]["current"] and t["total"]["current"]["value"] > 0
    )
    table["total"]["current"] = {"value": table["total"]["current"]["value"] + 100}
    codes = {p.code for p in check_figures(broken)}
    assert {"rows_do_not_add_up", "total_differs"} <= codes


@given(
    seed=st.integers(min_value=0, max_value=10**6),
    scale=st.sampled_from([0, 2, 6, 15, 40, 250]),
)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_every_published_table_passes_the_check(seed, scale):
    """For random data, whatever is published passes the check, and its charts
    carry no hidden value."""
    try:
        published = build_figures(
            Q4_2026,
            threshold=5,
            counts_for=counts_source(seed, scale),
            today=datetime.date(2027, 1, 5),
        )
    except SuppressionImpossible:
        return  # not published at all
    assert check_figures(published) == []
    for table in _tables(published).values():
        if charts.worth_a_chart(table):
            assert_chart_hides_what_the_table_hides(
                table, charts.table_chart(table, "K4 2026", "K3 2026")
            )


@pytest.mark.django_db
def test_a_report_failing_the_check_is_not_published_and_the_log_has_no_figures(
    management, crafted, monkeypatch, caplog
):
    # A fault put into the figures (a wrong change), as a bug would.
    monkeypatch.setattr(figures, "_change", lambda current, previous: 999)
    with caplog.at_level(logging.ERROR, logger="reports.tasks"):
        report = request_report(management)
    assert report.status == ReportStatus.FAILED
    assert report.failure == ReportFailure.INCONSISTENT
    assert not report.file and report.figures == {}
    (record,) = [r for r in caplog.records if "consistency" in r.getMessage()]
    message = record.getMessage()
    assert "wrong_change" in message
    # Only the report id and problem codes: no count of the period appears.
    assert re.sub(r"Report \d+", "", message).count("999") == 0
    assert not re.search(r"\b(6|8|11)\b", re.sub(r"Report \d+", "", message))


@pytest.mark.django_db
def test_the_crafted_quarter_passes_the_check(management, crafted):
    report = request_report(management)
    assert report.status == ReportStatus.DONE
    assert check_figures(report.figures) == []
    assert report.period == QUARTER
