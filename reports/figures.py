"""From raw counts to the published, anonymised figures of a report.

Each period (the report's, the one before, and the four quarters of the trend)
is anonymised on its own data only, so a period's figures look the same in
every report that shows them: two reports cannot be combined to undo each
other's suppression. Within a period every table adds up to a total that other
tables share, and the case flow links three figures; all of it is one linear
system for ``reports.suppression``.

What is stored holds only shown counts and markers: the true value of a hidden
cell never leaves this module.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cases.constants import ClosingOutcome, DecisionKind, Pillar, RiskLevel
from lelystad_radicalisering.database import parallel_workers
from meetings.constants import ItemKind
from network.constants import CommunityKind, OrganisationType, Tension
from signals.constants import Category, SignalStatus, Urgency

from . import selectors
from .constants import FIGURES_VERSION
from .periods import Period, quarters_ending
from .selectors import OTHER, UNKNOWN, PeriodCounts
from .suppression import LinearSystem, Status, suppress

Rows = list[tuple[str, str | Promise]]

NOT_RECORDED = _("Not recorded")


@dataclass(frozen=True)
class TableSpec:
    key: str
    section: str
    title: str | Promise
    total: str  # the metric this table adds up to
    rows: Rows  # fixed rows; the neighbourhood table builds its own


@dataclass(frozen=True)
class Section:
    key: str
    title: str | Promise


SECTIONS = (
    Section("signals", _("Signals and triage")),
    Section("cases", _("Case files")),
    Section("meetings", _("Case consultations and actions")),
    Section("network", _("Network, communities and trainings")),
)

METRICS: dict[str, str | Promise] = {
    "signals_received": _("Signals received"),
    "triage_decided": _("Triage decisions"),
    "cases_opened": _("Cases opened"),
    "cases_closed": _("Cases closed"),
    "cases_active_end": _("Active cases at the end of the period"),
    "meetings_held": _("Case consultations held"),
    "meetings_items_total": _("Agenda items discussed"),
    "meetings_attendance_total": _("Organisations present (total over meetings)"),
    "meetings_participants_total": _("Named participants present (total over meetings)"),
    "pga_decisions_total": _("Decisions under the PGA law"),
    "actions_agreed": _("Actions agreed"),
    "actions_due_total": _("Actions due in the period"),
    "contacts_total": _("Contact moments with communities"),
    "trainings_held": _("Trainings held"),
    "trainings_trained_total": _("Professionals trained"),
}
KEY_FIGURES = (
    "signals_received",
    "triage_decided",
    "cases_opened",
    "cases_closed",
    "cases_active_end",
    "meetings_held",
    "meetings_items_total",
    "actions_agreed",
    "actions_due_total",
    "contacts_total",
    "trainings_held",
    "trainings_trained_total",
)
SINGLES = ("cases_active_end", "meetings_held", "actions_agreed", "trainings_held")
TREND = (
    "signals_received",
    "cases_opened",
    "meetings_held",
    "contacts_total",
    "trainings_trained_total",
)

RISK_ROWS: Rows = [*RiskLevel.choices, (UNKNOWN, _("No risk assessment"))]
TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "signals_category",
        "signals",
        _("Signals per category"),
        "signals_received",
        list(Category.choices),
    ),
    TableSpec(
        "signals_urgency",
        "signals",
        _("Signals per urgency"),
        "signals_received",
        list(Urgency.choices),
    ),
    TableSpec(
        "signals_source",
        "signals",
        _("Signals per type of reporting organisation"),
        "signals_received",
        list(OrganisationType.choices),
    ),
    TableSpec(
        "signals_neighbourhood",
        "signals",
        _("Signals per neighbourhood"),
        "signals_received",
        [],
    ),
    TableSpec(
        "triage_outcome",
        "signals",
        _("Triage decisions per outcome"),
        "triage_decided",
        [
            (SignalStatus.FOR_CASE_CONSULTATION, _("Taken up for the casusoverleg")),
            (SignalStatus.LINKED_TO_CASE, _("Linked to a case")),
            (SignalStatus.CLOSED, _("Closed without follow-up")),
            (SignalStatus.FORWARDED, _("Forwarded")),
            (UNKNOWN, NOT_RECORDED),
        ],
    ),
    TableSpec(
        "triage_duration",
        "signals",
        _("Time from signal to triage decision"),
        "triage_decided",
        [
            ("d1", _("Within 1 day")),
            ("d7", _("2 to 7 days")),
            ("d30", _("8 to 30 days")),
            ("more", _("More than 30 days")),
        ],
    ),
    TableSpec(
        "cases_pillar", "cases", _("Cases opened per pillar"), "cases_opened", list(Pillar.choices)
    ),
    TableSpec(
        "cases_category",
        "cases",
        _("Cases opened per category"),
        "cases_opened",
        list(Category.choices),
    ),
    TableSpec(
        "cases_outcome",
        "cases",
        _("Cases closed per outcome"),
        "cases_closed",
        [*ClosingOutcome.choices, (UNKNOWN, NOT_RECORDED)],
    ),
    TableSpec(
        "cases_risk_opening",
        "cases",
        _("Closed cases: risk level at opening"),
        "cases_closed",
        RISK_ROWS,
    ),
    TableSpec(
        "cases_risk_closing",
        "cases",
        _("Closed cases: risk level at closing"),
        "cases_closed",
        RISK_ROWS,
    ),
    TableSpec(
        "cases_risk_change",
        "cases",
        _("Closed cases: risk at closing compared with opening"),
        "cases_closed",
        [
            ("lower", _("Lower")),
            ("same", _("Unchanged")),
            ("higher", _("Higher")),
            (UNKNOWN, _("Not assessed at opening and closing")),
        ],
    ),
    TableSpec(
        "cases_duration",
        "cases",
        _("Closed cases: duration"),
        "cases_closed",
        [
            ("m3", _("Up to 3 months")),
            ("m6", _("3 to 6 months")),
            ("m12", _("6 to 12 months")),
            ("more", _("More than a year")),
        ],
    ),
    TableSpec(
        "pga_decisions",
        "cases",
        _("Decisions under the PGA law per kind"),
        "pga_decisions_total",
        list(DecisionKind.choices),
    ),
    TableSpec(
        "meetings_items",
        "meetings",
        _("Agenda items discussed per kind"),
        "meetings_items_total",
        list(ItemKind.choices),
    ),
    TableSpec(
        "meetings_attendance",
        "meetings",
        _("Attendance per type of organisation"),
        "meetings_attendance_total",
        list(OrganisationType.choices),
    ),
    TableSpec(
        "meetings_participants",
        "meetings",
        _("Named participants present per participant type"),
        "meetings_participants_total",
        list(OrganisationType.choices),
    ),
    TableSpec(
        "actions_due",
        "meetings",
        _("Actions due in the period, by their state at the end of it"),
        "actions_due_total",
        [
            ("on_time", _("Completed on time")),
            ("late", _("Completed late")),
            ("cancelled", _("Cancelled")),
            ("open", _("Still open (overdue)")),
        ],
    ),
    TableSpec(
        "contacts_kind",
        "network",
        _("Contact moments per kind of community"),
        "contacts_total",
        list(CommunityKind.choices),
    ),
    TableSpec(
        "contacts_tension",
        "network",
        _("Contact moments per observed tension"),
        "contacts_total",
        list(Tension.choices),
    ),
    TableSpec(
        "trainings_trained",
        "network",
        _("Professionals trained per type of organisation"),
        "trainings_trained_total",
        list(OrganisationType.choices),
    ),
)
TABLES_BY_KEY = {table.key: table for table in TABLES}
NEIGHBOURHOOD_TABLE = "signals_neighbourhood"
MEDIANS = {
    "triage_duration": ("triage", _("Median time to a triage decision: %(days)s days.")),
    "cases_duration": ("cases", _("Median duration of the closed cases: %(days)s days.")),
}

Cell = tuple[str, str]  # (table key or "total", row key or metric)


@dataclass
class PeriodFigures:
    """One period after suppression: what may be shown, and the row layout."""

    counts: PeriodCounts
    status: dict[Cell, Status]
    rows: dict[str, Rows]

    def cell(self, table: str, row: str) -> dict:
        key = (table, row)
        if key not in self.status:
            return {"merged": True}
        state = self.status[key]
        if state != Status.SHOWN:
            return {"suppressed": str(state)}
        return {"value": _value(self.counts, key)}

    def total(self, metric: str) -> dict:
        return self.cell("total", metric)


def _value(counts: PeriodCounts, cell: Cell) -> int:
    table, row = cell
    if table == "total":
        return counts.singles[row]
    return counts.tables[table].get(row, 0)


def neighbourhood_rows(counts: PeriodCounts, threshold: int) -> tuple[Rows, dict[str, int]]:
    """Merging rule: a neighbourhood is named when it has at least ``threshold``
    signals in the period; the others are counted together as "Other
    neighbourhoods". Signals without a neighbourhood are "Not recorded"."""
    named = sorted(
        name for name, n in counts.neighbourhoods.items() if name != UNKNOWN and n >= threshold
    )
    table = {name: counts.neighbourhoods[name] for name in named}
    table[OTHER] = sum(
        n for name, n in counts.neighbourhoods.items() if name != UNKNOWN and name not in table
    )
    table[UNKNOWN] = counts.neighbourhoods.get(UNKNOWN, 0)
    rows: Rows = [
        *((name, name) for name in named),
        (OTHER, _("Other neighbourhoods")),
        (UNKNOWN, NOT_RECORDED),
    ]
    return rows, table


def anonymise_period(counts: PeriodCounts, threshold: int) -> PeriodFigures:
    rows: dict[str, Rows] = {}
    for spec in TABLES:
        if spec.key == NEIGHBOURHOOD_TABLE:
            rows[spec.key], counts.tables[spec.key] = neighbourhood_rows(counts, threshold)
            continue
        rows[spec.key] = spec.rows
        known = {key for key, _label in spec.rows}
        raw = counts.tables.get(spec.key, {})
        # Anything outside the listed rows counts as "not recorded", so the
        # rows always add up to the total a reader sees.
        table = {key: raw.get(key, 0) for key in known}
        stray = sum(n for key, n in raw.items() if key not in known)
        if stray:
            if UNKNOWN not in known:
                raise ValueError(f"{spec.key}: values outside the rows")
            table[UNKNOWN] += stray
        counts.tables[spec.key] = table

    values: dict[Cell, int] = {}
    equations = []
    totals: dict[str, int] = {}
    for spec in TABLES:
        table = counts.tables[spec.key]
        total = sum(table.values())
        if totals.setdefault(spec.total, total) != total:
            raise ValueError(f"{spec.key} does not add up to {spec.total}")
        for row, n in table.items():
            values[(spec.key, row)] = n
        equations.append(
            (
                [*((1, (spec.key, row)) for row in table), (-1, ("total", spec.total))],
                0,
            )
        )
    for metric, total in totals.items():
        values[("total", metric)] = total
    for metric in SINGLES:
        values[("total", metric)] = counts.singles[metric]
    # Active at the end = active at the start + opened - closed. The start is
    # treated as known to every reader (the previous period shows it).
    equations.append(
        (
            [
                (1, ("total", "cases_active_end")),
                (-1, ("total", "cases_opened")),
                (1, ("total", "cases_closed")),
            ],
            counts.singles["cases_active_start"],
        )
    )
    status = suppress(LinearSystem(values, equations), threshold=threshold)
    counts.singles.update({metric: totals[metric] for metric in totals})
    return PeriodFigures(counts=counts, status=status, rows=rows)


def _change(current: dict, previous: dict) -> int | None:
    """Shown only when both figures are shown: a change next to a hidden cell
    would give it away."""
    if "value" in current and "value" in previous:
        return current["value"] - previous["value"]
    return None


def _str(label) -> str:
    return str(label)


SECTION_OF_SINGLE = {
    "cases_active_start": "cases",
    "cases_active_end": "cases",
    "meetings_held": "meetings",
    "actions_agreed": "meetings",
    "trainings_held": "network",
}


def fingerprint(counts: PeriodCounts) -> dict[str, str]:
    """Per section, a keyed hash of the period's raw counts: two versions of a
    report can say which part of the data changed, without storing a count.
    Keyed (HMAC with the secret key), so small counts cannot be guessed back
    from the hash."""
    parts: dict[str, dict] = {section.key: {} for section in SECTIONS}
    for table, rows in counts.tables.items():
        parts[TABLES_BY_KEY[table].section][table] = rows
    for single, value in counts.singles.items():
        parts[SECTION_OF_SINGLE[single]][single] = value
    parts["signals"]["neighbourhoods"] = counts.neighbourhoods
    for name, values in counts.durations.items():
        parts["signals" if name == "triage" else "cases"][f"durations_{name}"] = sorted(
            values.items()
        )
    return {
        section: salted_hmac(
            "reports.fingerprint", json.dumps(data, sort_keys=True, default=str)
        ).hexdigest()
        for section, data in parts.items()
    }


@dataclass(frozen=True)
class Built:
    figures: dict
    fingerprint: dict[str, str]


def build_figures(
    period: Period,
    *,
    threshold: int | None = None,
    progress: Callable[[int], None] = lambda percent: None,
    counts_for: Callable[[Period], PeriodCounts] | None = None,
    today: datetime.date | None = None,
) -> dict:
    """The published figures of a report as a JSON-ready dict."""
    return build_report(
        period, threshold=threshold, progress=progress, counts_for=counts_for, today=today
    ).figures


def build_report(
    period: Period,
    *,
    threshold: int | None = None,
    progress: Callable[[int], None] = lambda percent: None,
    counts_for: Callable[[Period], PeriodCounts] | None = None,
    today: datetime.date | None = None,
) -> Built:
    """The published figures and the fingerprint of the period's raw data.
    ``counts_for`` gives one period's raw counts (tests); by default all
    periods are counted together, each source table read once."""
    threshold = threshold or settings.REPORT_SUPPRESSION_THRESHOLD
    today = today or timezone.localdate()
    previous = period.previous()
    trend = quarters_ending(period)
    wanted = [period, previous, *[q for q in trend if q not in (period, previous)]]
    anonymised: dict[Period, PeriodFigures] = {}
    prints: dict[str, str] = {}
    if counts_for is None:
        # Whole-table passes over a year and more: here parallel workers pay
        # (pages run without them, see settings).
        with parallel_workers(2):
            raw = selectors.period_counts_many(wanted)
        progress(50)
    else:
        raw = {each: counts_for(each) for each in wanted}
    for index, each in enumerate(wanted, start=1):
        counts = raw[each]
        if each == period:
            prints = fingerprint(counts)
        anonymised[each] = anonymise_period(counts, threshold)
        progress(50 + 20 * index // len(wanted))
    current, before = anonymised[period], anonymised[previous]

    with translation.override(settings.LANGUAGE_CODE):
        key_figures = []
        for metric in KEY_FIGURES:
            now, then = current.total(metric), before.total(metric)
            key_figures.append(
                {
                    "key": metric,
                    "label": _str(METRICS[metric]),
                    "current": now,
                    "previous": then,
                    "change": _change(now, then),
                }
            )
        sections = []
        for section in SECTIONS:
            tables = []
            for spec in (t for t in TABLES if t.section == section.key):
                row_labels = dict(before.rows[spec.key])
                row_labels.update(dict(current.rows[spec.key]))
                if spec.key == NEIGHBOURHOOD_TABLE:
                    # Named in either period; "other" and "not recorded" once, last.
                    named = sorted(
                        (
                            {key for key, _l in current.rows[spec.key]}
                            | {key for key, _l in before.rows[spec.key]}
                        )
                        - {OTHER, UNKNOWN}
                    )
                    order = [*named, OTHER, UNKNOWN]
                else:
                    order = [key for key, _label in spec.rows]
                rows = []
                for key in order:
                    now, then = current.cell(spec.key, key), before.cell(spec.key, key)
                    rows.append(
                        {
                            "key": key,
                            "label": _str(row_labels[key]),
                            "current": now,
                            "previous": then,
                            "change": _change(now, then),
                        }
                    )
                now, then = current.total(spec.total), before.total(spec.total)
                notes = []
                if spec.key in MEDIANS:
                    duration_key, text = MEDIANS[spec.key]
                    values = current.counts.durations[duration_key]
                    if "value" in now and sum(values.values()) >= threshold:
                        notes.append(_str(text) % {"days": selectors.median_days(values)})
                tables.append(
                    {
                        "key": spec.key,
                        "metric": spec.total,
                        "title": _str(spec.title),
                        "rows": rows,
                        "total": {
                            "label": _str(_("Total")),
                            "current": now,
                            "previous": then,
                            "change": _change(now, then),
                        },
                        "notes": notes,
                    }
                )
            sections.append({"key": section.key, "title": _str(section.title), "tables": tables})
        trend_series = [
            {
                "key": metric,
                "label": _str(METRICS[metric]),
                "values": [anonymised[quarter].total(metric) for quarter in trend],
            }
            for metric in TREND
        ]
        figures = {
            "version": FIGURES_VERSION,
            "threshold": threshold,
            "period": period.as_dict(),
            "previous": previous.as_dict(),
            # A period that has not ended yet: its figures are those known today.
            "unfinished": not period.has_ended(today),
            "as_of": today.isoformat(),
            "key_figures": key_figures,
            "sections": sections,
            "trend": {"periods": [q.as_dict() for q in trend], "series": trend_series},
        }
        return Built(figures=figures, fingerprint=prints)
