"""The report's files: the PDF (WeasyPrint, house style) and the CSV, both
rendered from the stored, anonymised figures only."""

from __future__ import annotations

import csv
import datetime
import io

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lelystad_radicalisering import pdf

from . import charts
from .periods import Period


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


# The key figures on the cover: what management asks first, with the noun
# used in the sentence about the change.
COVER_FIGURES = {
    "signals_received": gettext_lazy("signals"),
    "cases_opened": gettext_lazy("cases opened"),
    "cases_closed": gettext_lazy("cases closed"),
    "cases_active_end": gettext_lazy("active cases"),
    "meetings_held": gettext_lazy("case consultations"),
}


def change_words(figure: dict, things: str, previous_name: str) -> str:
    """The change to the previous period in words ("more signals than the previous quarter")."""
    change = figure.get("change")
    if change is None:
        return _("no comparison: a figure is hidden")
    values = {"things": things, "previous": previous_name}
    if change > 0:
        return _("more %(things)s than %(previous)s") % values
    if change < 0:
        return _("fewer %(things)s than %(previous)s") % values
    return _("as many %(things)s as %(previous)s") % values


def _period(figures: dict, key: str) -> Period:
    return Period(
        datetime.date.fromisoformat(figures[key]["start"]),
        datetime.date.fromisoformat(figures[key]["end"]),
    )


def cover(figures: dict) -> dict:
    """What the first page says: the period by name, whether it has ended, and
    three to five key figures with their change in words."""
    period = _period(figures, "period")
    by_key = {figure["key"]: figure for figure in figures["key_figures"]}
    previous_name = period.previous_name()
    items = [
        {
            "label": by_key[key]["label"],
            "current": by_key[key]["current"],
            "words": change_words(by_key[key], str(things), previous_name),
        }
        for key, things in COVER_FIGURES.items()
        if key in by_key
    ]
    return {
        "name": period.name(),
        "previous_name": _period(figures, "previous").name(),
        "unfinished": figures.get("unfinished", False),
        "as_of": datetime.date.fromisoformat(figures["as_of"]) if figures.get("as_of") else None,
        "figures": items,
    }


def render_pdf(report, figures: dict) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        current = figures["period"]["label"]
        previous = figures["previous"]["label"]
        sections = []
        for section in figures["sections"]:
            tables = [
                {
                    **table,
                    # Drawn from the published figures only, and only where the
                    # chart says more than the table (no sentence otherwise).
                    "chart": mark_safe(charts.table_chart(table, current, previous))  # noqa: S308  # nosec B308 B703
                    if charts.worth_a_chart(table)
                    else "",
                    "hidden_note": charts.worth_a_chart(table) and _has_hidden(table),
                }
                for table in section["tables"]
            ]
            sections.append({**section, "tables": tables})
        trend = figures["trend"]
        html = render_to_string(
            "reports/report_pdf.html",
            {
                "report": report,
                "figures": figures,
                "cover": cover(figures),
                "sections": sections,
                "trend_chart": mark_safe(charts.trend_chart(trend))  # noqa: S308  # nosec B308 B703
                if charts.worth_a_trend(trend)
                else "",
                "trend_notes": charts.trend_notes(trend),
                "generated_at": timezone.now(),
                "legend": legend_text(figures["threshold"]),
            },
        )
    return pdf.render_pdf(html, "css/report_pdf.css")


def _has_hidden(table: dict) -> bool:
    return any(
        "suppressed" in row[column] for row in table["rows"] for column in ("current", "previous")
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
        if figures.get("unfinished"):
            writer.writerow([unfinished_text(figures)])
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


def unfinished_text(figures: dict) -> str:
    as_of = datetime.date.fromisoformat(figures["as_of"])
    return _(
        "Provisional figures: %(period)s had not ended when this report was made; the figures are those known on %(date)s."
    ) % {
        "period": figures["period"].get("name", figures["period"]["label"]),
        "date": date_format(as_of, "j F Y"),
    }
