"""The report's files: the PDF (WeasyPrint, house style) and the CSV, both
rendered from the stored, anonymised figures only."""

from __future__ import annotations

import csv
import io

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from lelystad_radicalisering import pdf

from . import charts


def cell_text(cell: dict, threshold: int) -> str:
    if "value" in cell:
        return str(cell["value"])
    if cell.get("suppressed") == "primary":
        return f"<{threshold}"
    if cell.get("suppressed") == "withheld":
        return "n.p."
    if cell.get("suppressed"):
        return "\u00d7"
    return "·"  # merged into "other neighbourhoods" in this period


def change_text(change: int | None) -> str:
    if change is None:
        return "\u2013"
    return f"{change:+d}" if change else "0"


def render_pdf(report, figures: dict) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        current = figures["period"]["label"]
        previous = figures["previous"]["label"]
        sections = []
        for section in figures["sections"]:
            tables = [
                {
                    **table,
                    # pygal's SVG from published figures; no chart without a shown row.
                    "chart": mark_safe(charts.table_chart(table, current, previous))  # noqa: S308  # nosec B308 B703
                    if _has_values(table)
                    else "",
                }
                for table in section["tables"]
            ]
            sections.append({**section, "tables": tables})
        html = render_to_string(
            "reports/report_pdf.html",
            {
                "report": report,
                "figures": figures,
                "sections": sections,
                "trend_chart": mark_safe(charts.trend_chart(figures["trend"])),  # noqa: S308  # nosec B308 B703
                "generated_at": timezone.now(),
                "legend": legend_text(figures["threshold"]),
            },
        )
    return pdf.render_pdf(html, "css/report_pdf.css")


def _has_values(table: dict) -> bool:
    return any(
        "value" in row[column] and row[column]["value"]
        for row in table["rows"]
        for column in ("current", "previous")
    )


def render_csv(figures: dict) -> str:
    """One CSV with a block per table: section, table, row, this period, previous, change."""
    threshold = figures["threshold"]
    output = io.StringIO()
    writer = csv.writer(output, delimiter=";", lineterminator="\r\n")
    with translation.override(settings.LANGUAGE_CODE):
        current, previous = figures["period"]["label"], figures["previous"]["label"]
        header = [_("Section"), _("Table"), _("Row"), current, previous, _("Difference")]
        writer.writerow(header)
        for figure in figures["key_figures"]:
            writer.writerow(_csv_row(_("Key figures"), _("Key figures"), figure, threshold))
        for section in figures["sections"]:
            for table in section["tables"]:
                for row in [*table["rows"], table["total"]]:
                    writer.writerow(_csv_row(section["title"], table["title"], row, threshold))
        writer.writerow([])
        writer.writerow([_("Trend"), "", "", *[p["label"] for p in figures["trend"]["periods"]]])
        for series in figures["trend"]["series"]:
            writer.writerow(
                [
                    _("Trend"),
                    "",
                    series["label"],
                    *[cell_text(cell, threshold) for cell in series["values"]],
                ]
            )
        writer.writerow([])
        writer.writerow([legend_text(threshold)])
    return output.getvalue()


def _csv_row(section: str, table: str, row: dict, threshold: int) -> list[str]:
    return [
        section,
        table,
        row["label"],
        cell_text(row["current"], threshold),
        cell_text(row["previous"], threshold),
        change_text(row["change"]),
    ]


def legend_text(threshold: int) -> str:
    return _(
        "<%(threshold)s = fewer than %(threshold)s, not shown; × = not shown to protect another figure; n.p. = not published, because the rows of this table would give each other away; · = counted under Other neighbourhoods in this period; – = no change shown."  # noqa: RUF001
    ) % {"threshold": threshold}
