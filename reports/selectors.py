"""Reads for reports: the raw counts of one period, and the report lists.

The raw counts are *not* anonymous (a 1 is a 1); they never leave
``reports.figures``, which suppresses them before anything is stored.
Every count is a GROUP BY in the database; only the few duration figures
fetch one pair of timestamps per row.
"""

from __future__ import annotations

import datetime
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cases.constants import RISK_ORDER
from cases.models import Case, RiskAssessment
from lelystad_radicalisering.roles import Role
from meetings.constants import ActionStatus, Presence
from meetings.models import Action, AgendaItem, Attendance, Meeting
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


@dataclass
class PeriodCounts:
    """Raw counts of one period: ``tables[table][row] = count``, and single figures."""

    period: Period
    tables: dict[str, dict[str, int]] = field(default_factory=dict)
    singles: dict[str, int] = field(default_factory=dict)
    # Durations in whole days, for medians (published only above the threshold).
    durations: dict[str, list[int]] = field(default_factory=dict)
    # Raw per-neighbourhood counts before merging (names are not personal data).
    neighbourhoods: dict[str, int] = field(default_factory=dict)


def _grouped(queryset: QuerySet, field_name: str) -> dict[str, int]:
    rows = queryset.order_by().values(field_name).annotate(n=Count("pk", distinct=True))
    return {(row[field_name] or UNKNOWN): row["n"] for row in rows}


def _bucket(days: int, buckets) -> str:
    for key, limit in buckets:
        if limit is None or days <= limit:
            return key
    raise AssertionError("the last bucket is open")


def _days(start: datetime.datetime, end: datetime.datetime) -> int:
    return max(0, (end - start).days)


def period_counts(period: Period, *, now: datetime.datetime | None = None) -> PeriodCounts:
    now = now or timezone.now()
    start, end = period.bounds()
    counts = PeriodCounts(period=period)

    # Signals logged in the period.
    signals = Signal.objects.filter(created_at__gte=start, created_at__lt=end)
    counts.tables["signals_category"] = _grouped(signals, "category")
    counts.tables["signals_urgency"] = _grouped(signals, "urgency")
    counts.tables["signals_source"] = _grouped(signals, "organisation__type")
    counts.neighbourhoods = _grouped(signals, "neighbourhood__name")

    # Triage decisions taken in the period, and how long they took.
    decided = Signal.objects.filter(decided_at__gte=start, decided_at__lt=end)
    counts.tables["triage_outcome"] = _grouped(decided, "status")
    triage_days = [
        _days(created, decided_at)
        for created, decided_at in decided.order_by().values_list("created_at", "decided_at")
    ]
    counts.tables["triage_duration"] = dict(
        Counter(_bucket(days, TRIAGE_BUCKETS) for days in triage_days)
    )
    counts.durations["triage"] = triage_days

    # Cases: opened, closed, active at the end. Active is defined by the two
    # timestamps, so active(end) = active(start) + opened - closed holds exactly.
    opened = Case.objects.filter(created_at__gte=start, created_at__lt=end)
    counts.tables["cases_pillar"] = _grouped(opened, "pillar")
    counts.tables["cases_category"] = _grouped(opened, "category")
    counts.singles["cases_active_end"] = _active_at(end)
    counts.singles["cases_active_start"] = _active_at(start)

    closed = Case.objects.filter(closed_at__gte=start, closed_at__lt=end)
    counts.tables["cases_outcome"] = _grouped(closed, "closing_outcome")
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
    rows = list(
        closed.order_by()
        .annotate(first_level=first_level, last_level=last_level)
        .values_list("created_at", "closed_at", "first_level", "last_level")
    )
    counts.tables["cases_risk_opening"] = dict(Counter(first or UNKNOWN for _, _, first, _ in rows))
    counts.tables["cases_risk_closing"] = dict(Counter(last or UNKNOWN for _, _, _, last in rows))
    counts.tables["cases_risk_change"] = dict(
        Counter(_risk_change(first, last) for _, _, first, last in rows)
    )
    case_days = [_days(created, closed_at) for created, closed_at, _, _ in rows]
    counts.tables["cases_duration"] = dict(
        Counter(_bucket(days, CASE_DURATION_BUCKETS) for days in case_days)
    )
    counts.durations["cases"] = case_days

    # Case consultations that took place in the period (not the planned ones).
    held = Meeting.objects.filter(starts_at__gte=start, starts_at__lt=min(end, now))
    counts.singles["meetings_held"] = held.count()
    counts.tables["meetings_items"] = _grouped(AgendaItem.objects.filter(meeting__in=held), "kind")
    counts.tables["meetings_attendance"] = _grouped(
        Attendance.objects.filter(meeting__in=held, presence=Presence.PRESENT),
        "organisation__type",
    )

    # Actions: agreed in the period; and those due in it, by their state at its end.
    counts.singles["actions_agreed"] = Action.objects.filter(
        created_at__gte=start, created_at__lt=end
    ).count()
    due = Action.objects.filter(due_on__gte=period.start, due_on__lte=period.end)
    counts.tables["actions_due"] = dict(
        Counter(
            _action_result(status, due_on, completed_at, end)
            for status, due_on, completed_at in due.order_by().values_list(
                "status", "due_on", "completed_at"
            )
        )
    )

    # The network: contact moments with communities; trainings and who attended.
    moments = ContactMoment.objects.filter(date__gte=period.start, date__lte=period.end)
    counts.tables["contacts_kind"] = _grouped(moments, "community__kind")
    counts.tables["contacts_tension"] = _grouped(moments, "tension")
    trainings = Training.objects.filter(starts_at__gte=start, starts_at__lt=end)
    counts.singles["trainings_held"] = trainings.count()
    counts.tables["trainings_trained"] = _grouped(
        TrainingRegistration.objects.filter(training__in=trainings, attended=True),
        "organisation__type",
    )
    return counts


def _active_at(moment: datetime.datetime) -> int:
    """Cases opened before ``moment`` minus cases closed before it."""
    result = Case.objects.aggregate(
        opened=Count("pk", filter=Q(created_at__lt=moment)),
        closed=Count("pk", filter=Q(closed_at__lt=moment)),
    )
    return result["opened"] - result["closed"]


def _risk_change(first: str | None, last: str | None) -> str:
    if first is None or last is None:
        return UNKNOWN
    difference = RISK_ORDER[last] - RISK_ORDER[first]
    return "lower" if difference < 0 else "higher" if difference > 0 else "same"


def _action_result(
    status: str,
    due_on: datetime.date,
    completed_at: datetime.datetime | None,
    period_end: datetime.datetime,
) -> str:
    if completed_at is None or completed_at >= period_end:
        return "open"
    if status == ActionStatus.CANCELLED:
        return "cancelled"
    if timezone.localtime(completed_at).date() <= due_on:
        return "on_time"
    return "late"


def median_days(values: Iterable[int]) -> int | None:
    values = list(values)
    return round(statistics.median(values)) if values else None
