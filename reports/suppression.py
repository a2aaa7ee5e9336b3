"""Statistical disclosure control for the report: primary and secondary suppression.

Pure functions, no Django. A period's figures form one system: every published
count is a *cell*, and every relation a reader can use is a linear *equation*
over cells (a table's rows add up to its total; active cases at the end equal
those at the start plus opened minus closed). The rule:

* primary: a count of 1 up to ``threshold - 1`` is hidden (shown as "<5");
* secondary: more cells are hidden until no primary cell can be narrowed down
  to a single value from the equations and the cells still shown;
* withheld: where only small counts and zeros are left to hide (say four
  counts of 1 adding up to a total of "<5"), a table's rows are withheld
  without saying whether they are small or zero.

The audit assumes the strongest reader we can model: they know every equation,
every shown value, that a primary cell lies in ``[1, threshold - 1]`` and that
a secondary cell is at least ``threshold`` (we never hide a zero to protect
another cell). Bounds are tightened equation by equation until nothing changes;
a primary cell must keep at least two possible values. Where that cannot be
reached the function raises instead of publishing.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

Equation = Sequence[tuple[int, Hashable]]  # sum(coefficient * cell) == constant
MAX_ROUNDS = 200


class Status(StrEnum):
    SHOWN = "shown"
    PRIMARY = "primary"
    SECONDARY = "secondary"
    # Hidden without saying whether it is small or zero: the fallback where no
    # cell of at least the threshold is left to hide (a table of only small counts).
    WITHHELD = "withheld"


class SuppressionImpossible(Exception):
    """No pattern of hidden cells protects every small count."""


@dataclass(frozen=True)
class LinearSystem:
    values: Mapping[Hashable, int]
    # Each equation is (terms, constant): sum(coefficient * value) == constant.
    equations: Sequence[tuple[Equation, int]]


def primary_cells(values: Mapping[Hashable, int], threshold: int) -> set[Hashable]:
    return {cell for cell, value in values.items() if 0 < value < threshold}


def bounds_for(
    system: LinearSystem,
    status: Mapping[Hashable, Status],
    threshold: int,
) -> dict[Hashable, tuple[float, float]]:
    """What a reader can know about each hidden cell: its feasible interval.

    Interval propagation over the equations (bounds consistency). Shown cells
    are constants; hidden cells start at [1, t-1] (primary) or [t, inf)
    (secondary).
    """
    hidden = [cell for cell, state in status.items() if state != Status.SHOWN]
    bounds: dict[Hashable, tuple[float, float]] = {
        cell: (1.0, float(threshold - 1))
        if status[cell] == Status.PRIMARY
        else (float(threshold), math.inf)
        if status[cell] == Status.SECONDARY
        else (0.0, math.inf)
        for cell in hidden
    }
    for _ in range(MAX_ROUNDS):
        changed = False
        for terms, constant in system.equations:
            rest_constant = constant - sum(
                coefficient * system.values[cell]
                for coefficient, cell in terms
                if status[cell] == Status.SHOWN
            )
            unknown = [(c, cell) for c, cell in terms if status[cell] != Status.SHOWN]
            for coefficient, cell in unknown:
                low_rest, high_rest = 0.0, 0.0
                for other_coefficient, other in unknown:
                    if other is cell:
                        continue
                    low, high = bounds[other]
                    products = (other_coefficient * low, other_coefficient * high)
                    low_rest += min(products)
                    high_rest += max(products)
                # coefficient * cell == rest_constant - rest
                candidates = (
                    (rest_constant - high_rest) / coefficient,
                    (rest_constant - low_rest) / coefficient,
                )
                old_low, old_high = bounds[cell]
                tightened = (
                    max(old_low, _ceil(_finite_min(candidates))),
                    min(old_high, _floor(_finite_max(candidates))),
                )
                if tightened != bounds[cell]:
                    bounds[cell] = tightened
                    changed = True
        if not changed:
            break
    return bounds


def _finite_min(values: Iterable[float]) -> float:
    values = [v for v in values if not math.isnan(v)]
    return min(values) if values else -math.inf


def _finite_max(values: Iterable[float]) -> float:
    values = [v for v in values if not math.isnan(v)]
    return max(values) if values else math.inf


def _ceil(value: float) -> float:
    return value if math.isinf(value) else math.ceil(value - 1e-9)


def _floor(value: float) -> float:
    return value if math.isinf(value) else math.floor(value + 1e-9)


def exposed_cells(
    system: LinearSystem, status: Mapping[Hashable, Status], threshold: int
) -> list[Hashable]:
    """Small counts (primary, or withheld and small) a reader can pin to fewer than two values."""
    bounds = bounds_for(system, status, threshold)
    return sorted(
        (
            cell
            for cell, state in status.items()
            if (
                state == Status.PRIMARY
                or (state == Status.WITHHELD and 0 < system.values[cell] < threshold)
            )
            and bounds[cell][1] - bounds[cell][0] < 1
        ),
        key=repr,
    )


def suppress(system: LinearSystem, *, threshold: int) -> dict[Hashable, Status]:
    """Decide which cells are shown. Deterministic: the same figures give the
    same pattern, so a period's figures look the same in every report.

    Secondary cells are chosen from the equations of an exposed cell: the
    shown cell that appears in the fewest equations (a table total appears in
    several tables), then the smallest value, so as little as possible is lost.
    """
    if threshold < 2:
        return dict.fromkeys(system.values, Status.SHOWN)
    status = dict.fromkeys(system.values, Status.SHOWN)
    for cell in primary_cells(system.values, threshold):
        status[cell] = Status.PRIMARY
    uses: dict[Hashable, int] = {cell: 0 for cell in system.values}
    for terms, _constant in system.equations:
        for _coefficient, cell in terms:
            uses[cell] += 1
    for _ in range(2 * len(system.values) + 1):
        exposed = exposed_cells(system, status, threshold)
        if not exposed:
            return status
        target = exposed[0]
        neighbours = {
            cell
            for terms, _constant in system.equations
            if any(cell == target for _c, cell in terms)
            for _c, cell in terms
        }
        candidates = [
            cell
            for cell in neighbours
            if status[cell] == Status.SHOWN and system.values[cell] >= threshold
        ]
        if candidates:
            chosen = min(candidates, key=lambda cell: (uses[cell], system.values[cell], repr(cell)))
            status[chosen] = Status.SECONDARY
            continue
        # Only small counts and zeros left: withhold the rows of the table (first
        # those in one equation only, then the totals), zeros included.
        open_cells = [cell for cell in neighbours if status[cell] in (Status.SHOWN, Status.PRIMARY)]
        rows = [cell for cell in open_cells if uses[cell] == 1]
        if not open_cells:
            raise SuppressionImpossible(repr(target))
        for cell in rows or open_cells:
            status[cell] = Status.WITHHELD
    raise SuppressionImpossible("no convergence")
