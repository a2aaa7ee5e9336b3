"""The check every generated report passes before it is stored and published.

It reads only the published figures (what a reader sees) and the chart and
CSV drawn from them, and answers in problem codes and table keys: a failure
is logged without a single figure.

* row labels are unique within a table;
* every shown count is 0 or at least the threshold;
* per column, the shown rows add up to the stated total, hidden cells
  accounted for: the total leaves room for each hidden cell's least value
  (1 for "<t", t for "x", 0 for "n.p.") and no room where nothing is hidden;
* a total is the same figure in every table that shares it, in the key
  figures and in the trend;
* a change is "this period minus the previous one", or absent;
* the charts draw exactly the shown values of their table, never a hidden one;
* the CSV says, cell for cell, what the tables say.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from . import charts
from .rendering import cell_text, render_csv

COLUMNS = ("current", "previous")
HIDDEN_STATES = {"primary", "secondary", "withheld"}


@dataclass(frozen=True, order=True)
class Problem:
    code: str
    where: str  # a table key or metric: never a figure

    def __str__(self) -> str:
        return f"{self.code}:{self.where}"


class ReportInconsistent(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(", ".join(str(problem) for problem in problems))
        self.problems = problems


def _tables(figures: dict):
    for section in figures["sections"]:
        yield from section["tables"]


def _valid_cell(cell: dict, threshold: int) -> bool:
    if "value" in cell:
        value = cell["value"]
        return isinstance(value, int) and (value == 0 or value >= threshold)
    if cell.get("merged") is True:
        return set(cell) == {"merged"}
    return set(cell) == {"suppressed"} and cell["suppressed"] in HIDDEN_STATES


def _least(cell: dict, threshold: int) -> int:
    state = cell.get("suppressed")
    return {"primary": 1, "secondary": threshold}.get(state, 0)


def _most(cell: dict, threshold: int) -> float:
    return threshold - 1 if cell.get("suppressed") == "primary" else float("inf")


def _column_adds_up(rows: list[dict], total: dict, threshold: int) -> bool:
    if "value" not in total:
        return True  # a hidden total: nothing to compare a reader could see
    shown = sum(cell["value"] for cell in rows if "value" in cell)
    hidden = [cell for cell in rows if "suppressed" in cell]
    rest = total["value"] - shown
    if not hidden:
        return rest == 0
    least = sum(_least(cell, threshold) for cell in hidden)
    most = sum(_most(cell, threshold) for cell in hidden)
    return least <= rest <= most


def _change_ok(row: dict) -> bool:
    current, previous = row["current"], row["previous"]
    if "value" in current and "value" in previous:
        return row["change"] in (None, current["value"] - previous["value"])
    return row["change"] is None


def check_figures(figures: dict) -> list[Problem]:
    """Every problem found; an empty list means the report may be published."""
    threshold = figures["threshold"]
    problems: set[Problem] = set()
    key_figures = {figure["key"]: figure for figure in figures["key_figures"]}
    totals: dict[tuple[str, str], dict] = {}  # (metric, column) -> the cell first seen

    def same_total(metric: str, column: str, cell: dict, where: str) -> None:
        first = totals.setdefault((metric, column), cell)
        if first != cell:
            problems.add(Problem("total_differs", where))

    for figure in figures["key_figures"]:
        for column in COLUMNS:
            if not _valid_cell(figure[column], threshold):
                problems.add(Problem("invalid_cell", figure["key"]))
            same_total(figure["key"], column, figure[column], figure["key"])
        if not _change_ok(figure):
            problems.add(Problem("wrong_change", figure["key"]))

    for table in _tables(figures):
        key = table["key"]
        labels = [row["label"] for row in table["rows"]]
        keys = [row["key"] for row in table["rows"]]
        if len(set(labels)) != len(labels) or len(set(keys)) != len(keys):
            problems.add(Problem("duplicate_row", key))
        if table["total"]["label"] in labels:
            problems.add(Problem("row_named_total", key))
        for row in [*table["rows"], table["total"]]:
            if not all(_valid_cell(row[column], threshold) for column in COLUMNS):
                problems.add(Problem("invalid_cell", key))
            if not _change_ok(row):
                problems.add(Problem("wrong_change", key))
        if "merged" in table["total"]["current"] or "merged" in table["total"]["previous"]:
            problems.add(Problem("invalid_cell", key))
        for column in COLUMNS:
            rows = [row[column] for row in table["rows"]]
            if not _column_adds_up(rows, table["total"][column], threshold):
                problems.add(Problem("rows_do_not_add_up", key))
            metric = table.get("metric")
            if metric:
                same_total(metric, column, table["total"][column], key)
        if not _chart_matches(table):
            problems.add(Problem("chart_differs", key))

    period, previous = figures["period"], figures["previous"]
    for series in figures["trend"]["series"]:
        for quarter, cell in zip(figures["trend"]["periods"], series["values"], strict=True):
            if not _valid_cell(cell, threshold):
                problems.add(Problem("invalid_cell", f"trend.{series['key']}"))
            for column, same in (("current", period), ("previous", previous)):
                same_period = (quarter["start"], quarter["end"]) == (same["start"], same["end"])
                if same_period and series["key"] in key_figures:
                    same_total(series["key"], column, cell, f"trend.{series['key']}")
    problems.update(_csv_problems(figures))
    return sorted(problems)


def _chart_matches(table: dict) -> bool:
    """The chart's bars are the table's shown cells, and nothing else."""
    bars = charts.bars_for(table)
    expected = []
    for row in table["rows"]:
        for column in COLUMNS:
            cell = row[column]
            state = "shown" if "value" in cell else "merged" if cell.get("merged") else "hidden"
            expected.append((row["label"], column, state, cell.get("value")))
    return [(bar.row, bar.column, bar.state, bar.value) for bar in bars] == expected


def _csv_problems(figures: dict) -> list[Problem]:
    threshold = figures["threshold"]
    lines = list(csv.reader(io.StringIO(render_csv(figures)), delimiter=";"))
    by_table: dict[str, list[list[str]]] = {}
    for line in lines[1:]:
        if len(line) >= 6:
            by_table.setdefault(line[1], []).append(line[2:5])
    problems = []
    for table in _tables(figures):
        expected = [
            [
                row["label"],
                cell_text(row["current"], threshold),
                cell_text(row["previous"], threshold),
            ]
            for row in [*table["rows"], table["total"]]
        ]
        if by_table.get(table["title"]) != expected:
            problems.append(Problem("csv_differs", table["key"]))
    return problems


def ensure_consistent(figures: dict) -> None:
    problems = check_figures(figures)
    if problems:
        raise ReportInconsistent(problems)
