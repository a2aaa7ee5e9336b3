"""The suppression rule on crafted tables, checked by a reader who tries to
solve for every hidden cell: brute force over all integer values consistent
with what is shown (independent of the interval reasoning in the code)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reports.suppression import LinearSystem, Status, SuppressionImpossible, suppress

T = 5


def column(values: list[int], name: str = "c") -> LinearSystem:
    cells = {(name, i): v for i, v in enumerate(values)}
    cells[(name, "total")] = sum(values)
    terms = [(1, (name, i)) for i in range(len(values))] + [(-1, (name, "total"))]
    return LinearSystem(cells, [(terms, 0)])


def merge(*systems: LinearSystem, extra=()) -> LinearSystem:
    values, equations = {}, []
    for system in systems:
        values.update(system.values)
        equations.extend(system.equations)
    return LinearSystem(values, [*equations, *extra])


def feasible_values(system: LinearSystem, status, threshold: int = T) -> dict:
    """Every value each hidden cell can take, given only what a reader sees:
    shown values, the equations, "<t" = 1..t-1, "x" = at least t, n.p. = 0 or more.

    Depth-first over the hidden cells; an equation with one unknown left fixes it."""
    hidden = [cell for cell, state in status.items() if state != Status.SHOWN]
    ceiling = sum(system.values.values()) + threshold
    domains = {}
    for cell in hidden:
        if status[cell] == Status.PRIMARY:
            domains[cell] = range(1, threshold)
        elif status[cell] == Status.SECONDARY:
            domains[cell] = range(threshold, ceiling + 1)
        else:
            domains[cell] = range(0, ceiling + 1)
    shown = {cell: v for cell, v in system.values.items() if status[cell] == Status.SHOWN}
    possible = {cell: set() for cell in hidden}

    def search(values: dict) -> None:
        values = dict(values)
        changed = True
        while changed:
            changed = False
            for terms, constant in system.equations:
                unknown = [(c, cell) for c, cell in terms if cell not in values]
                rest = sum(c * values[cell] for c, cell in terms if cell in values)
                if not unknown:
                    if rest != constant:
                        return
                elif len(unknown) == 1:
                    c, cell = unknown[0]
                    value, remainder = divmod(constant - rest, c)
                    if remainder or value not in domains[cell]:
                        return
                    values[cell] = value
                    changed = True
        free = [cell for cell in hidden if cell not in values]
        if not free:
            for cell in hidden:
                possible[cell].add(values[cell])
            return
        for value in domains[free[0]]:
            search({**values, free[0]: value})

    search(shown)
    return possible


def assert_protected(system: LinearSystem, status, threshold: int = T) -> None:
    for cell, value in system.values.items():
        if 0 < value < threshold:
            assert status[cell] != Status.SHOWN, f"{cell}={value} is shown"
    if all(state == Status.SHOWN for state in status.values()):
        return
    possible = feasible_values(system, status, threshold)
    for cell, values in possible.items():
        assert system.values[cell] in values, "the reader's model must admit the truth"
        if 0 < system.values[cell] < threshold:
            assert len(values) >= 2, f"{cell} can be solved: {sorted(values)}"


@pytest.mark.parametrize(
    "values",
    [
        [10, 1, 1],  # two small cells with a shown total: pinned to 1 each without help
        [7, 3, 0],  # one small cell: total minus the rest would give it
        [4, 4],  # only small cells, total shown: 4 + 4 = 8 gives both
        [3, 0, 0],  # the total itself is small
        [5, 3],
        [12, 2, 9, 1, 30],
        [1, 1, 1, 1],  # four ones adding up to a small total: each is pinned to 1
        [0, 0, 0],
        [20, 30, 40],
    ],
)
def test_no_small_cell_of_a_column_can_be_solved(values):
    system = column(values)
    status = suppress(system, threshold=T)
    assert_protected(system, status)


def test_every_small_count_is_hidden_and_large_ones_stay_where_possible():
    system = column([12, 2, 9, 30])
    status = suppress(system, threshold=T)
    assert status[("c", 1)] == Status.PRIMARY
    # The smallest cell that protects it, not the total shared with other tables.
    assert status[("c", 2)] == Status.SECONDARY
    assert status[("c", 0)] == status[("c", 3)] == status[("c", "total")] == Status.SHOWN


def test_tables_sharing_a_total_are_protected_together():
    """Two breakdowns of the same signals: hiding the total in one hides it in both."""
    a, b = column([4, 4], "a"), column([6, 2], "b")
    system = merge(
        a, b, extra=[([(1, ("a", "total")), (-1, ("b", "total"))], 0)]
    )  # same population
    status = suppress(system, threshold=T)
    assert_protected(system, status)


def test_case_flow_cannot_be_used_to_solve_a_hidden_count():
    """active_end = active_start (known) + opened - closed."""
    values = {"opened": 3, "closed": 9, "active_end": 14}
    start = 20
    system = LinearSystem(values, [([(1, "active_end"), (-1, "opened"), (1, "closed")], start)])
    status = suppress(system, threshold=T)
    assert status["opened"] == Status.PRIMARY
    assert Status.SECONDARY in {status["closed"], status["active_end"]}
    assert_protected(system, status)


def test_suppression_is_deterministic():
    system = column([12, 2, 9, 1, 30, 6, 6])
    assert suppress(system, threshold=T) == suppress(system, threshold=T)


def test_threshold_is_configurable():
    system = column([12, 9, 30])
    assert suppress(system, threshold=10)[("c", 1)] == Status.PRIMARY
    assert suppress(system, threshold=5)[("c", 1)] == Status.SHOWN


def test_impossible_pattern_raises_instead_of_publishing():
    # A single cell equal to a constant the reader knows: nothing can hide it.
    system = LinearSystem({"x": 2}, [([(1, "x")], 2)])
    with pytest.raises(SuppressionImpossible):
        suppress(system, threshold=T)


@given(
    st.lists(st.integers(0, 14), min_size=1, max_size=4),
    st.lists(st.integers(0, 14), min_size=1, max_size=3),
)
def test_any_two_tables_over_one_total_are_protected(first, second):
    """Random breakdowns (the second padded so both add up to the same total)."""
    difference = sum(first) - sum(second)
    if difference > 0:
        second = [*second, difference]
    elif difference < 0:
        first = [*first, -difference]
    a, b = column(first, "a"), column(second, "b")
    system = merge(a, b, extra=[([(1, ("a", "total")), (-1, ("b", "total"))], 0)])
    status = suppress(system, threshold=T)
    assert_protected(system, status)
