"""Charts for the PDF: small SVG drawings made from the *published* figures only.

A hidden cell never becomes a bar, a point or a number: it is drawn as a
hatched "hidden" mark (bars) or a gap with a note (lines). A chart is drawn
only where it says more than its table (see ``worth_a_chart``); otherwise the
table stands alone, without a sentence about the missing chart.

Drawn by hand rather than by pygal: pygal centres value labels inside the bars
(dark on dark blue), draws a missing value as an empty slot that reads as zero,
and sizes legends and axis labels by guesswork. Text here is measured with a
generous estimate of DejaVu Sans widths, so labels fit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

INK = "#1a1a1a"  # text: 17.4:1 on white
SUBTLE_INK = "#4a5563"  # axis labels, notes: 7.6:1 on white
GRID = "#c5ccd6"
# Bars: this period and the previous one, each at least 3:1 against white.
CURRENT = "#00539b"
PREVIOUS = "#6f93bf"
# Lines: at least 3:1 against white, told apart by dash pattern as well.
LINE_COLOURS = ("#00539b", "#e17000", "#39870c", "#a90061", "#673ab7")
LINE_DASHES = ("", "6 3", "2 3", "8 3 2 3", "4 4")
FONT = "DejaVu Sans, sans-serif"
FONT_SIZE = 12
WIDTH = 640


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """A generous estimate of the rendered width (DejaVu Sans is wide)."""
    return sum(size * (0.36 if ch in " .,:;·ilI1()'" else 0.64) for ch in text)


def _wrap(text: str, width: float) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def nice_ticks(maximum: int, count: int = 5) -> list[int]:
    """Whole-number axis ticks from 0 to at least ``maximum``."""
    if maximum <= 0:
        return [0, 1]
    raw = maximum / count
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(1, int(step))
    top = step * math.ceil(maximum / step)
    return list(range(0, top + 1, step))


@dataclass(frozen=True)
class Bar:
    row: str  # the row label
    column: str  # "current" or "previous"
    state: str  # "shown", "hidden" (any suppression) or "merged"
    value: int | None  # only when shown


def bars_for(table: dict) -> list[Bar]:
    """What a table chart draws, row by row: the check compares this with the table."""
    bars = []
    for row in table["rows"]:
        for column in ("current", "previous"):
            cell = row[column]
            if "value" in cell:
                bars.append(Bar(row["label"], column, "shown", cell["value"]))
            elif cell.get("merged"):
                bars.append(Bar(row["label"], column, "merged", None))
            else:
                bars.append(Bar(row["label"], column, "hidden", None))
    return bars


def worth_a_chart(table: dict) -> bool:
    """A chart says more than its table when at least two rows of this period
    have a shown count above zero: then it shows their proportions."""
    shown = [row for row in table["rows"] if row["current"].get("value")]
    return len(shown) >= 2


def _svg(width: float, height: float, body: list[str], title: str, hatch: str = "") -> str:
    """The drawing; ``hatch`` names the pattern of hidden marks, unique per chart
    because all charts share one PDF document."""
    defs = (
        f'<defs><pattern id="{hatch}" width="5" height="5" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="5" height="5" fill="white"/>'
        f'<line x1="0" y1="0" x2="0" y2="5" stroke="{SUBTLE_INK}" stroke-width="2"/>'
        "</pattern></defs>"
        if hatch
        else ""
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" font-family="{FONT}" '
        f'font-size="{FONT_SIZE}"><title>{escape(title)}</title>{defs}' + "".join(body) + "</svg>"
    )


def _text(
    x: float, y: float, text: str, *, anchor: str = "start", fill: str = INK, class_: str = ""
) -> str:
    css_class = f' class="{class_}"' if class_ else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}"{css_class}>'
        f"{escape(text)}</text>"
    )


def _legend(items: list[tuple[str, str]], y: float, dashes: list[str] | None = None):
    """Swatches (or line samples, with their dash) and labels, as many on a
    line as fit; returns the drawing and the height used."""
    body, x, line = [], 0.0, 0
    for number, (colour, label) in enumerate(items):
        item_width = 26 + text_width(label) + 18
        if x and x + item_width > WIDTH:
            x, line = 0.0, line + 1
        top = y + line * 18
        if dashes is None:
            body.append(
                f'<rect x="{x + 4:.1f}" y="{top:.1f}" width="12" height="12" fill="{colour}" '
                'class="legend-swatch"/>'
            )
        else:
            dash = dashes[number]
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            body.append(
                f'<line x1="{x:.1f}" y1="{top + 6:.1f}" x2="{x + 20:.1f}" y2="{top + 6:.1f}" '
                f'stroke="{colour}" stroke-width="2.5"{dash_attr} class="legend-swatch"/>'
            )
        body.append(_text(x + 25, top + 10, label, class_="legend"))
        x += item_width
    return body, (line + 1) * 18


def table_chart(table: dict, current_label: str, previous_label: str) -> str:
    """Horizontal bars per row, this period above the previous one."""
    bars = bars_for(table)
    hatch = f"hatch-{table['key']}"
    shown = [bar.value for bar in bars if bar.state == "shown"]
    ticks = nice_ticks(max(shown, default=0))
    label_width = min(250.0, max(text_width(row["label"]) for row in table["rows"]) + 8)
    value_room = 8 + text_width(_("hidden")) + 20
    plot_left = label_width + 8
    plot_width = WIDTH - plot_left - value_room
    scale = plot_width / ticks[-1]

    body, legend_height = _legend([(CURRENT, current_label), (PREVIOUS, previous_label)], 0)
    top = legend_height + 8
    bar_height, gap = 12, 3
    y = top
    marks: list[str] = []
    for row in table["rows"]:
        lines = _wrap(row["label"], label_width - 8)
        row_height = max(2 * bar_height + gap + 10, 14 * len(lines) + 6)
        first_line = y + row_height / 2 - 14 * (len(lines) - 1) / 2 + 4
        for index, line in enumerate(lines):
            body.append(
                _text(label_width, first_line + 14 * index, line, anchor="end", class_="row-label")
            )
        for offset, column, colour in ((0, "current", CURRENT), (1, "previous", PREVIOUS)):
            bar_top = y + 5 + offset * (bar_height + gap)
            middle = bar_top + bar_height / 2 + 4
            cell = row[column]
            if "value" in cell:
                length = cell["value"] * scale
                if length:
                    marks.append(
                        f'<rect x="{plot_left:.1f}" y="{bar_top:.1f}" width="{length:.2f}" '
                        f'height="{bar_height}" fill="{colour}" class="bar {column}"/>'
                    )
                marks.append(
                    _text(plot_left + length + 4, middle, str(cell["value"]), class_="value")
                )
            elif cell.get("merged"):
                marks.append(
                    _text(plot_left + 4, middle, _("under Other neighbourhoods"), fill=SUBTLE_INK)
                )
            else:
                # A fixed mark, the same for every hidden cell: not a bar, not a length.
                marks.append(
                    f'<rect x="{plot_left:.1f}" y="{bar_top:.1f}" width="{bar_height}" '
                    f'height="{bar_height}" fill="url(#{hatch})" stroke="{colour}" '
                    'class="hidden-mark"/>'
                )
                marks.append(
                    _text(plot_left + bar_height + 4, middle, _("hidden"), class_="hidden-label")
                )
        y += row_height
    bottom = y
    grid = []
    for tick in ticks:
        x = plot_left + tick * scale
        grid.append(
            f'<line x1="{x:.1f}" y1="{top:.1f}" x2="{x:.1f}" y2="{bottom:.1f}" '
            f'stroke="{GRID}" stroke-width="{1.2 if tick == 0 else 0.6}"/>'
        )
        grid.append(
            _text(x, bottom + 14, str(tick), anchor="middle", fill=SUBTLE_INK, class_="tick")
        )
    return _svg(WIDTH, bottom + 22, body + grid + marks, table["title"], hatch)


def trend_lines(trend: dict) -> list[dict]:
    """The series worth a line: at least two shown counts, one of them above zero."""
    lines = []
    for series in trend["series"]:
        values = [cell.get("value") for cell in series["values"]]
        shown = [value for value in values if value is not None]
        if len(shown) >= 2 and any(shown):
            lines.append({"label": series["label"], "values": values})
    return lines


def worth_a_trend(trend: dict) -> bool:
    return bool(trend_lines(trend))


def trend_notes(trend: dict) -> list[str]:
    lines = trend_lines(trend)
    notes = []
    if any(value is None for line in lines for value in line["values"]):
        notes.append(_("A break in a line is a hidden figure (see the table)."))
    drawn = {line["label"] for line in lines}
    left_out = [series["label"] for series in trend["series"] if series["label"] not in drawn]
    if lines and left_out:
        notes.append(
            _("Not drawn, too few figures can be shown: %(series)s.")
            % {"series": ", ".join(left_out)}
        )
    return notes


def trend_chart(trend: dict) -> str:
    lines = trend_lines(trend)
    labels = [period["label"] for period in trend["periods"]]
    maximum = max((v for line in lines for v in line["values"] if v is not None), default=0)
    ticks = nice_ticks(maximum)
    axis_width = text_width(str(ticks[-1])) + 10
    # Room for half the widest period label on either side: "K4 2026" is never clipped.
    edge = max(text_width(label) for label in labels) / 2 + 4
    left, right = max(axis_width, edge), WIDTH - edge
    top, height = 8, 190
    bottom = top + height
    step = (right - left) / max(1, len(labels) - 1)
    scale = height / ticks[-1]
    body = []
    for tick in ticks:
        y = bottom - tick * scale
        body.append(
            f'<line x1="{left:.1f}" y1="{y:.1f}" x2="{right:.1f}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-width="{1.2 if tick == 0 else 0.6}"/>'
        )
        body.append(_text(left - 6, y + 4, str(tick), anchor="end", fill=SUBTLE_INK, class_="tick"))
    for index, label in enumerate(labels):
        body.append(
            _text(left + index * step, bottom + 16, label, anchor="middle", class_="period")
        )
    for number, line in enumerate(lines):
        colour = LINE_COLOURS[number % len(LINE_COLOURS)]
        dash = LINE_DASHES[number % len(LINE_DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        points: list[tuple[float, float]] = []
        segments: list[list[tuple[float, float]]] = [points]
        for index, value in enumerate(line["values"]):
            if value is None:  # a gap: the line breaks, no point is drawn
                points = []
                segments.append(points)
                continue
            points.append((left + index * step, bottom - value * scale))
        for segment in segments:
            if len(segment) >= 2:
                path = " ".join(f"{x:.1f},{y:.1f}" for x, y in segment)
                body.append(
                    f'<polyline points="{path}" fill="none" stroke="{colour}" '
                    f'stroke-width="2.5"{dash_attr} class="line"/>'
                )
            for x, y in segment:
                body.append(
                    f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}" class="point"/>'
                )
    legend, legend_height = _legend(
        [(LINE_COLOURS[n % len(LINE_COLOURS)], line["label"]) for n, line in enumerate(lines)],
        bottom + 30,
        dashes=[LINE_DASHES[n % len(LINE_DASHES)] for n in range(len(lines))],
    )
    return _svg(WIDTH, bottom + 30 + legend_height + 4, body + legend, _("Trend"))
