"""Charts for the PDF, rendered server-side as SVG by pygal.

Charts are drawn from the *published* figures only: a hidden cell is a gap in
the chart, never its true value.
"""

from __future__ import annotations

import pygal
from django.utils.translation import gettext as _
from pygal.style import Style

HOUSE_STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#1a1a1a",
    foreground_strong="#1a1a1a",
    foreground_subtle="#c5ccd6",
    opacity="1",
    opacity_hover="1",
    colors=("#00539b", "#8fb3d9", "#e17000", "#39870c", "#a90061"),
    font_family="DejaVu Sans",
    label_font_size=11,
    major_label_font_size=11,
    legend_font_size=11,
    value_font_size=10,
    title_font_size=13,
)
COMMON = {
    "style": HOUSE_STYLE,
    "disable_xml_declaration": True,
    "js": [],  # no scripts: the PDF renderer fetches nothing
    "explicit_size": True,
    "legend_at_bottom": True,
    "print_values": True,
    "show_y_guides": True,
    "show_x_guides": False,
    "margin": 8,
    "truncate_legend": -1,
    "legend_at_bottom_columns": 2,
}


def _value(cell: dict) -> int | None:
    return cell.get("value")


def table_chart(table: dict, current_label: str, previous_label: str) -> str:
    """Horizontal bars per row, this period next to the previous one."""
    rows = table["rows"]
    options = {**COMMON, "show_y_guides": False, "show_x_guides": True}
    chart = pygal.HorizontalBar(width=640, height=max(150, 30 * len(rows) + 80), **options)
    # pygal draws the first label at the bottom; reverse so the chart reads like the table.
    ordered = list(reversed(rows))
    chart.x_labels = [row["label"] for row in ordered]
    chart.add(current_label, [_value(row["current"]) for row in ordered])
    chart.add(previous_label, [_value(row["previous"]) for row in ordered])
    return chart.render(is_unicode=True)


def trend_chart(trend: dict) -> str:
    chart = pygal.Line(width=640, height=320, dots_size=3, stroke_style={"width": 2.5}, **COMMON)
    chart.x_labels = [period["label"] for period in trend["periods"]]
    for series in trend["series"]:
        chart.add(series["label"], [_value(cell) for cell in series["values"]])
    chart.no_data_text = _("No figures")
    return chart.render(is_unicode=True)
