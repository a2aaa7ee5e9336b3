"""Counting all periods of a report together gives what counting each period
on its own gives: the slots add up, durations group by whole days."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
import time_machine

from reports.periods import Period
from reports.selectors import median_days, period_counts_many
from signals import services as signal_services
from signals.constants import Category, SignalStatus
from signals.models import Signal
from tests.signals.conftest import make_signal

from .conftest import at

pytestmark = pytest.mark.django_db

YEAR = Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
Q1 = Period(datetime.date(2025, 1, 1), datetime.date(2025, 3, 31))
Q2 = Period(datetime.date(2025, 4, 1), datetime.date(2025, 6, 30))
ACROSS = Period(datetime.date(2025, 3, 15), datetime.date(2025, 4, 20))


@pytest.fixture
def spread(partner, coordinator):
    days = [
        (datetime.date(2025, 1, 2), Category.RADICALISATION, 0),
        (datetime.date(2025, 3, 20), Category.POLARISATION, 1),
        (datetime.date(2025, 3, 31), Category.ACTIVISM, 8),
        (datetime.date(2025, 4, 1), Category.RADICALISATION, 31),
        (datetime.date(2025, 4, 19), Category.EXTREMISM, 2),
        (datetime.date(2025, 6, 30), Category.RADICALISATION, None),
        (datetime.date(2024, 12, 31), Category.RADICALISATION, 3),
    ]
    for day, category, decided_after in days:
        with time_machine.travel(at(day, hour=23), tick=False):
            signal = make_signal(partner, category=category)
        if decided_after is not None:
            moment = at(day, hour=23) + datetime.timedelta(days=decided_after, hours=1)
            with time_machine.travel(moment, tick=False):
                signal_services.signal_decide(
                    signal=signal,
                    coordinator=coordinator,
                    decision=SignalStatus.CLOSED,
                    reason="Geen vervolg nodig.",
                )


def test_counting_periods_together_equals_counting_each_alone(spread):
    periods = [YEAR, Q1, Q2, ACROSS]
    counts = period_counts_many(periods)
    for period in periods:
        start, end = period.bounds()
        logged = Signal.objects.filter(created_at__gte=start, created_at__lt=end)
        expected = Counter(logged.values_list("category", flat=True))
        assert counts[period].tables["signals_category"] == dict(expected), period
        decided = Signal.objects.filter(decided_at__gte=start, decided_at__lt=end)
        days = Counter(
            (decided_at - created).days
            for created, decided_at in decided.values_list("created_at", "decided_at")
        )
        assert counts[period].durations["triage"] == dict(days), period
    assert sum(counts[ACROSS].tables["signals_category"].values()) == 4
    # 23:00 + 31 days + 1 hour: 31 whole days, in the "more than 30 days" bucket.
    assert counts[Q2].tables["triage_duration"] == {"d30": 1, "more": 1, "d7": 1}


def test_median_of_a_histogram():
    assert median_days({}) is None
    assert median_days({3: 1}) == 3
    assert median_days({1: 2, 10: 1}) == 1
    assert median_days({1: 1, 4: 1}) == round(2.5)
    assert median_days({0: 1, 2: 2, 9: 1}) == 2
