"""Reads for reports: the raw counts of one period, and the report lists.

The raw counts are *not* anonymous (a 1 is a 1); they never leave
``reports.figures``, which suppresses them before anything is stored.

Every figure is a GROUP BY in the database, durations included (grouped by
whole days). A report needs six periods (its own, the one before and four
trend quarters) that overlap; each source table is read once for all of them:
rows are grouped by the *slot* between consecutive period boundaries they fall
in, and a period's counts are the sum of its slots. Only what depends on the
period's end itself (actions by their state at that end, active cases at a
moment) is asked per period, each in one small query.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.db import models
from django.db.models import (
    Count,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import TruncDate
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cases.constants import RISK_ORDER
from cases.models import Case, InclusionDecision, RiskAssessment
from lelystad_radicalisering.roles import Role
from meetings.constants import ActionStatus, Presence
from meetings.models import Action, AgendaItem, Attendance, Meeting, MeetingParticipant
from network.models import ContactMoment, Training, TrainingRegistration
from signals.models import Signal

from .models import Report
from .periods import Period

OTHER = "__other__"
UNKNOWN = "__none__"

# Buckets (upper bound in days, inclusive; None = open) for durations.
TRIAGE_BUCKETS = (("d1", 1), ("d7", 7), ("d30", 30), ("more", None))
CASE_DURATION_BUCKETS = (("m3", 91), ("m6", 182), ("m12", 365), ("more", None))


def reports_visible_to(user) -> QuerySet[Report]:
    """Reports hold only anonymised figures; every management user and
    coordinator sees all of them, no other role any."""
    if not user.is_authenticated or not user.is_active:
        return Report.objects.none()
    if not user.has_role(Role.MANAGEMENT, Role.COORDINATOR):
        return Report.objects.none()
    return Report.objects.select_related("requested_by")


def report_for_user_or_404(user, pk: int) -> Report:
    return get_object_or_404(reports_visible_to(user), pk=pk)


def latest_report_for(user, period: Period) -> Report:
    """The newest version of the report on ``period``; 404 when there is none."""
    report = (
        reports_visible_to(user)
        .filter(period_start=period.start, period_end=period.end)
        .order_by("-version")
        .first()
    )
    if report is None:
        raise Http404
    return report


@dataclass
class PeriodCounts:
    """Raw counts of one period: ``tables[table][row] = count``, and single figures."""

    period: Period
    tables: dict[str, dict[str, int]] = field(default_factory=dict)
    singles: dict[str, int] = field(default_factory=dict)
    # Durations in whole days as {days: count}, for medians (published only above the threshold).
    durations: dict[str, dict[int, int]] = field(default_factory=dict)
    # Raw per-neighbourhood counts before merging (names are not personal data).
    neighbourhoods: dict[str, int] = field(default_factory=dict)


class WholeDays(Func):
    """Whole days from the first expression to the second, as ``timedelta.days``
    (floored), so durations group by day in the database."""

    arg_joiner = " - "
    output_field = IntegerField()

    def __init__(self, start, end, **extra) -> None:
        # Subtraction order: end - start.
        super().__init__(end, start, **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="FLOOR(EXTRACT(EPOCH FROM (%(expressions)s)) / 86400)::integer",
            **extra,
        )

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="CAST(FLOOR(julianday(%(expressions)s) + 0.0000001) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra,
        )


def _bucket(days: int, buckets) -> str:
    for key, limit in buckets:
        if limit is None or days <= limit:
            return key
    raise AssertionError("the last bucket is open")


class Slots:
    """The stretches between consecutive boundaries of the wanted periods: a row
    is counted in the slot its moment falls in, a period is the sum of its slots."""

    def __init__(self, periods: Sequence[Period]) -> None:
        days = sorted(
            {p.start for p in periods} | {p.end + datetime.timedelta(days=1) for p in periods}
        )
        self.days = days
        zone = timezone.get_default_timezone()
        self.moments = [datetime.datetime.combine(d, datetime.time.min, tzinfo=zone) for d in days]
        self.of_period = {
            period: [
                index
                for index in range(len(days) - 1)
                if period.start <= days[index]
                and days[index + 1] <= period.end + datetime.timedelta(days=1)
            ]
            for period in periods
        }

    def annotate(self, queryset: QuerySet, field_name: str, *, dates: bool = False) -> QuerySet:
        edges = self.days if dates else self.moments
        slot = models.Case(
            *(
                When(
                    Q(**{f"{field_name}__gte": edges[i], f"{field_name}__lt": edges[i + 1]}),
                    then=Value(i),
                )
                for i in range(len(edges) - 1)
            ),
            default=Value(-1),
            output_field=IntegerField(),
        )
        return (
            queryset.filter(**{f"{field_name}__gte": edges[0], f"{field_name}__lt": edges[-1]})
            .order_by()
            .annotate(slot=slot)
        )


def _slotted(queryset: QuerySet, *fields: str) -> list[dict]:
    """Counts per slot and combination of ``fields``: one pass over the rows."""
    # Plain COUNT(*): every join here follows a foreign key forward, so no row
    # is repeated, and COUNT(DISTINCT) would sort each group for nothing.
    return list(queryset.values("slot", *fields).annotate(n=Count("pk")))


def _sum(rows: Iterable[dict], slots: Iterable[int], key) -> dict:
    """Add up the rows of the given slots under ``key(row)``."""
    wanted = set(slots)
    total: Counter = Counter()
    for row in rows:
        if row["slot"] in wanted:
            total[key(row)] += row["n"]
    return dict(total)


def _or_unknown(value) -> str:
    return value or UNKNOWN


def period_counts(period: Period, *, now: datetime.datetime | None = None) -> PeriodCounts:
    return period_counts_many([period], now=now)[period]


def period_counts_many(
    periods: Sequence[Period], *, now: datetime.datetime | None = None
) -> dict[Period, PeriodCounts]:
    """The raw counts of each period, each source table read once for all of them."""
    now = now or timezone.now()
    periods = list(dict.fromkeys(periods))
    slots = Slots(periods)
    results = {period: PeriodCounts(period=period) for period in periods}

    # Signals logged, by category, urgency, reporting organisation type and
    # neighbourhood: one pass, grouped by all four at once.
    received = _slotted(
        slots.annotate(Signal.objects.all(), "created_at"),
        "category",
        "urgency",
        "organisation__type",
        "neighbourhood__name",
    )
    # Triage decisions by outcome and by whole days from logging to decision.
    decided = _slotted(
        slots.annotate(Signal.objects.all(), "decided_at").annotate(
            days=WholeDays(F("created_at"), F("decided_at"))
        ),
        "status",
        "days",
    )
    # Cases opened by pillar and category.
    opened = _slotted(slots.annotate(Case.objects.all(), "created_at"), "pillar", "category")
    # Cases closed: outcome, first and last risk level, whole days open.
    first_level = Subquery(
        RiskAssessment.objects.filter(case=OuterRef("pk"))
        .order_by("assessed_at", "pk")
        .values("level")[:1]
    )
    last_level = Subquery(
        RiskAssessment.objects.filter(case=OuterRef("pk"), assessed_at__lte=OuterRef("closed_at"))
        .order_by("-assessed_at", "-pk")
        .values("level")[:1]
    )
    closed = _slotted(
        slots.annotate(Case.objects.all(), "closed_at").annotate(
            first_level=first_level,
            last_level=last_level,
            days=WholeDays(F("created_at"), F("closed_at")),
        ),
        "closing_outcome",
        "first_level",
        "last_level",
        "days",
    )
    # Case consultations that took place (not the planned ones).
    meetings = _slotted(slots.annotate(Meeting.objects.filter(starts_at__lt=now), "starts_at"))
    items = _slotted(
        slots.annotate(AgendaItem.objects.filter(meeting__starts_at__lt=now), "meeting__starts_at"),
        "kind",
    )
    attendance = _slotted(
        slots.annotate(
            Attendance.objects.filter(meeting__starts_at__lt=now, presence=Presence.PRESENT),
            "meeting__starts_at",
        ),
        "organisation__type",
    )
    present = _slotted(
        slots.annotate(
            MeetingParticipant.objects.filter(
                meeting__starts_at__lt=now, presence=Presence.PRESENT
            ),
            "meeting__starts_at",
        ),
        "user__organisation__type",
    )
    pga = _slotted(
        slots.annotate(InclusionDecision.objects.all(), "decided_on", dates=True), "kind"
    )
    agreed = _slotted(slots.annotate(Action.objects.all(), "created_at"))
    moments = _slotted(
        slots.annotate(ContactMoment.objects.all(), "date", dates=True),
        "community__kind",
        "tension",
    )
    trainings = _slotted(slots.annotate(Training.objects.all(), "starts_at"))
    trained = _slotted(
        slots.annotate(TrainingRegistration.objects.filter(attended=True), "training__starts_at"),
        "organisation__type",
    )
    active = _active_at([moment for p in periods for moment in p.bounds()])

    for period, counts in results.items():
        mine = slots.of_period[period]
        start, end = period.bounds()
        tables = counts.tables
        tables["signals_category"] = _sum(received, mine, lambda r: _or_unknown(r["category"]))
        tables["signals_urgency"] = _sum(received, mine, lambda r: _or_unknown(r["urgency"]))
        tables["signals_source"] = _sum(
            received, mine, lambda r: _or_unknown(r["organisation__type"])
        )
        counts.neighbourhoods = _sum(
            received, mine, lambda r: _or_unknown(r["neighbourhood__name"])
        )
        tables["triage_outcome"] = _sum(decided, mine, lambda r: _or_unknown(r["status"]))
        triage_days = _sum(decided, mine, lambda r: max(0, r["days"]))
        tables["triage_duration"] = _histogram_buckets(triage_days, TRIAGE_BUCKETS)
        counts.durations["triage"] = triage_days

        tables["cases_pillar"] = _sum(opened, mine, lambda r: _or_unknown(r["pillar"]))
        tables["cases_category"] = _sum(opened, mine, lambda r: _or_unknown(r["category"]))
        counts.singles["cases_active_end"] = active[end]
        counts.singles["cases_active_start"] = active[start]
        tables["cases_outcome"] = _sum(closed, mine, lambda r: _or_unknown(r["closing_outcome"]))
        tables["cases_risk_opening"] = _sum(closed, mine, lambda r: _or_unknown(r["first_level"]))
        tables["cases_risk_closing"] = _sum(closed, mine, lambda r: _or_unknown(r["last_level"]))
        tables["cases_risk_change"] = _sum(
            closed, mine, lambda r: _risk_change(r["first_level"], r["last_level"])
        )
        case_days = _sum(closed, mine, lambda r: max(0, r["days"]))
        tables["cases_duration"] = _histogram_buckets(case_days, CASE_DURATION_BUCKETS)
        counts.durations["cases"] = case_days

        counts.singles["meetings_held"] = sum(_sum(meetings, mine, lambda r: 0).values())
        tables["meetings_items"] = _sum(items, mine, lambda r: _or_unknown(r["kind"]))
        tables["meetings_attendance"] = _sum(
            attendance, mine, lambda r: _or_unknown(r["organisation__type"])
        )
        tables["meetings_participants"] = _sum(
            present, mine, lambda r: _or_unknown(r["user__organisation__type"])
        )
        tables["pga_decisions"] = _sum(pga, mine, lambda r: _or_unknown(r["kind"]))
        counts.singles["actions_agreed"] = sum(_sum(agreed, mine, lambda r: 0).values())
        tables["actions_due"] = _actions_due(period, end)
        tables["contacts_kind"] = _sum(moments, mine, lambda r: _or_unknown(r["community__kind"]))
        tables["contacts_tension"] = _sum(moments, mine, lambda r: _or_unknown(r["tension"]))
        counts.singles["trainings_held"] = sum(_sum(trainings, mine, lambda r: 0).values())
        tables["trainings_trained"] = _sum(
            trained, mine, lambda r: _or_unknown(r["organisation__type"])
        )
    return results


def _histogram_buckets(days: Mapping[int, int], buckets) -> dict[str, int]:
    total: Counter = Counter()
    for day, n in days.items():
        total[_bucket(day, buckets)] += n
    return dict(total)


def _actions_due(period: Period, period_end: datetime.datetime) -> dict[str, int]:
    """Actions due in the period by their state at its end: the state depends
    on the end, so this one is counted per period (grouped in the database)."""
    zone = timezone.get_default_timezone()
    result = models.Case(
        When(Q(completed_at__isnull=True) | Q(completed_at__gte=period_end), then=Value("open")),
        When(status=ActionStatus.CANCELLED, then=Value("cancelled")),
        When(completed_day__lte=F("due_on"), then=Value("on_time")),
        default=Value("late"),
    )
    rows = (
        Action.objects.filter(due_on__gte=period.start, due_on__lte=period.end)
        .order_by()
        .annotate(completed_day=TruncDate("completed_at", tzinfo=zone))
        .annotate(result=result)
        .values("result")
        .annotate(n=Count("pk"))
    )
    return {row["result"]: row["n"] for row in rows}


def _active_at(moments: Iterable[datetime.datetime]) -> dict[datetime.datetime, int]:
    """Per moment: cases opened before it minus cases closed before it; one query."""
    moments = sorted(set(moments))
    aggregates = {}
    for index, moment in enumerate(moments):
        aggregates[f"opened_{index}"] = Count("pk", filter=Q(created_at__lt=moment))
        aggregates[f"closed_{index}"] = Count("pk", filter=Q(closed_at__lt=moment))
    result = Case.objects.aggregate(**aggregates)
    return {
        moment: result[f"opened_{index}"] - result[f"closed_{index}"]
        for index, moment in enumerate(moments)
    }


def _risk_change(first: str | None, last: str | None) -> str:
    if first is None or last is None:
        return UNKNOWN
    difference = RISK_ORDER[last] - RISK_ORDER[first]
    return "lower" if difference < 0 else "higher" if difference > 0 else "same"


def median_days(days: Mapping[int, int]) -> int | None:
    """The median of a {days: count} histogram, halves rounded as ``round`` does."""
    total = sum(days.values())
    if not total:
        return None
    ordered = sorted(days.items())

    def nth(position: int) -> int:  # 0-based
        seen = 0
        for day, n in ordered:
            seen += n
            if position < seen:
                return day
        raise AssertionError("position beyond the histogram")

    if total % 2:
        return nth(total // 2)
    return round((nth(total // 2 - 1) + nth(total // 2)) / 2)
