"""Raw period counts made up from a random generator, consistent as the
database's would be: tables that share a total add up to it, and active cases
at the end equal those at the start plus opened minus closed. For the
property test and for report pictures with hidden cells, without a database."""

from __future__ import annotations

import random
from collections import Counter

from reports.figures import NEIGHBOURHOOD_TABLE, TABLES
from reports.periods import Period
from reports.selectors import UNKNOWN, PeriodCounts

NEIGHBOURHOODS = [f"Wijk {name}" for name in ("Atol", "Boswijk", "Haven", "Kust", "Zuiderzee")]


def split(rng: random.Random, total: int, keys: list[str]) -> dict[str, int]:
    """``total`` spread over ``keys``, lumpy: some rows large, some small, some zero."""
    weights = [rng.choice((0, 0, 1, 1, 2, 8)) for _ in keys]
    if not any(weights):
        weights[rng.randrange(len(keys))] = 1
    counts = dict.fromkeys(keys, 0)
    for _ in range(total):
        counts[rng.choices(keys, weights)[0]] += 1
    return counts


def random_counts(period: Period, rng: random.Random, scale: int) -> PeriodCounts:
    def amount() -> int:
        return rng.randint(0, scale)

    totals: dict[str, int] = {}
    counts = PeriodCounts(period=period)
    closed = amount()
    active_start = closed + amount()
    totals["cases_closed"] = closed
    for spec in TABLES:
        total = totals.setdefault(spec.total, amount())
        if spec.key == NEIGHBOURHOOD_TABLE:
            counts.neighbourhoods = {
                name: n for name, n in split(rng, total, [*NEIGHBOURHOODS, UNKNOWN]).items() if n
            }
            continue
        counts.tables[spec.key] = {
            key: n for key, n in split(rng, total, [key for key, _l in spec.rows]).items() if n
        }
    counts.singles = {
        "cases_active_start": active_start,
        "cases_active_end": active_start + totals["cases_opened"] - closed,
        "meetings_held": amount(),
        "actions_agreed": amount(),
        "trainings_held": amount(),
    }
    counts.durations = {
        "triage": dict(Counter(rng.randint(0, 40) for _ in range(totals["triage_decided"]))),
        "cases": dict(Counter(rng.randint(10, 400) for _ in range(closed))),
    }
    return counts


def counts_source(seed: int, scale: int):
    """A ``counts_for`` for ``build_figures``: the same period always gets the same counts."""

    def counts_for(period: Period) -> PeriodCounts:
        return random_counts(period, random.Random(f"{seed}-{period.key}"), scale)

    return counts_for
