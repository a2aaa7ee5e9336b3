"""Reads for signals. Every permission filter on signals lives here."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection
from django.db.models import (
    Count,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from lelystad_radicalisering.paging import capped_counts
from lelystad_radicalisering.roles import Role
from network.constants import Tension
from network.models import ContactMoment

from .constants import OPEN_STATUSES, PARTNER_DECISION_LABELS, URGENCY_RANK, Category, SignalStatus
from .models import Person, Signal, SignalPerson, SignalSupplement


def signals_visible_to(user: User) -> QuerySet[Signal]:
    """Coordinators see every signal; a partner sees its own organisation's; other
    roles see none. The one rule for lists and detail pages alike."""
    signals = Signal.objects.all()
    if not user.is_authenticated or not user.is_active:
        return signals.none()
    if user.role == Role.COORDINATOR:
        return signals
    if user.role == Role.PARTNER:
        return signals.filter(organisation_id=user.organisation_id)
    return signals.none()


def signal_for_user_or_404(user: User, pk: int) -> Signal:
    """404 for missing and for forbidden alike: existence never leaks."""
    try:
        return (
            signals_visible_to(user)
            .select_related("organisation", "reporter", "neighbourhood")
            .get(pk=pk)
        )
    except Signal.DoesNotExist as error:
        raise Http404 from error


def signals_of_organisation(user: User) -> QuerySet[Signal]:
    return (
        signals_visible_to(user)
        .filter(organisation_id=user.organisation_id)
        .select_related("reporter")
        .order_by("-created_at")
    )


def _person_count():
    persons = (
        SignalPerson.objects.filter(signal=OuterRef("pk"))
        .order_by()
        .values("signal")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(persons), 0)


@dataclass(frozen=True)
class InboxFilters:
    q: str = ""
    status: str = ""
    category: str = ""
    urgency: str = ""
    organisation_id: int | None = None
    neighbourhood_id: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def triage_inbox(user: User, filters: InboxFilters) -> QuerySet[Signal]:
    """The coordinator's inbox: acute first, then the longest waiting."""
    signals = signals_visible_to(user)
    if filters.status == "all":
        pass
    elif filters.status:
        signals = signals.filter(status=filters.status)
    else:
        signals = signals.filter(status__in=OPEN_STATUSES)
    if filters.category:
        signals = signals.filter(category=filters.category)
    if filters.urgency:
        # The rank is generated from the urgency, so it says the same; the inbox
        # index holds it (with status and category), so it answers from the index.
        signals = signals.filter(urgency_rank=URGENCY_RANK.get(filters.urgency, -1))
    if filters.organisation_id:
        signals = signals.filter(organisation_id=filters.organisation_id)
    if filters.neighbourhood_id:
        signals = signals.filter(
            Q(neighbourhood_id=filters.neighbourhood_id)
            | Q(persons__neighbourhood_id=filters.neighbourhood_id)
        )
    if filters.date_from:
        signals = signals.filter(created_at__date__gte=filters.date_from)
    if filters.date_to:
        signals = signals.filter(created_at__date__lte=filters.date_to)
    if filters.q:
        q = filters.q.strip()
        signals = signals.filter(
            Q(reference__icontains=q)
            | Q(observation__icontains=q)
            | Q(group_description__icontains=q)
            | Q(place_description__icontains=q)
            | Q(persons__full_name__icontains=q)
        )
    if filters.neighbourhood_id or filters.q:
        # The joins over persons can repeat a signal.
        signals = signals.distinct()
    return (
        signals.select_related("organisation", "neighbourhood")
        # Open signals come in this order straight from signal_inbox_open_idx
        # (a partial index on the open statuses): LIMIT 25 stops after 25 rows,
        # and the person count, a correlated subquery, runs for those 25 only.
        .annotate(person_count=_person_count())
        .order_by("urgency_rank", "created_at")
    )


def status_counts(user: User) -> dict[str, int]:
    """Counts of the open statuses, each capped (``capped_counts``: one query,
    at most 1,001 index entries per status); the closed ones are the bulk of
    the table and the inbox shows no number for them."""
    visible = signals_visible_to(user)
    return capped_counts({status: visible.filter(status=status) for status in OPEN_STATUSES})


def signal_with_details_for_user_or_404(user: User, pk: int) -> Signal:
    """A signal with its persons, attachments and supplements: one query each."""
    try:
        return (
            signals_visible_to(user)
            .select_related(
                "organisation", "reporter", "neighbourhood", "triaged_by", "decided_by", "case"
            )
            .prefetch_related(
                Prefetch(
                    "persons",
                    queryset=SignalPerson.objects.select_related("neighbourhood", "person"),
                ),
                "attachments",
                Prefetch("supplements", queryset=SignalSupplement.objects.select_related("author")),
            )
            .get(pk=pk)
        )
    except Signal.DoesNotExist as error:
        raise Http404 from error


def person_match_suggestions(signal_person: SignalPerson, limit: int = 5) -> list[Person]:
    """Known persons who may be the reported one: similar name or same date of
    birth. PostgreSQL ranks by trigram similarity; elsewhere a simple name match."""
    people = Person.objects.select_related("neighbourhood")
    name = signal_person.full_name
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramSimilarity

        similar = people.annotate(similarity=TrigramSimilarity("full_name", name))
        condition = Q(similarity__gte=0.3)
        if signal_person.date_of_birth:
            condition |= Q(date_of_birth=signal_person.date_of_birth)
        return list(similar.filter(condition).order_by("-similarity", "full_name")[:limit])
    parts = [part for part in name.split() if len(part) > 2]
    condition = Q(pk__in=[])
    for part in parts:
        condition |= Q(full_name__icontains=part)
    if signal_person.date_of_birth:
        condition |= Q(date_of_birth=signal_person.date_of_birth)
    return list(people.filter(condition).order_by("full_name")[:limit])


def person_for_coordinator_or_404(user: User, pk: int) -> Person:
    if not user.has_role(Role.COORDINATOR):
        raise Http404
    try:
        return Person.objects.select_related("neighbourhood").get(pk=pk)
    except Person.DoesNotExist as error:
        raise Http404 from error


def signals_about_person(user: User, person: Person) -> QuerySet[Signal]:
    return (
        signals_visible_to(user)
        .filter(persons__person=person)
        .select_related("organisation")
        .distinct()
        .order_by("-created_at")
    )


def tension_overview(months: int = 6) -> dict:
    """Counts per neighbourhood and month: contact moments with observed tension
    (network) and signals of the category polarisation. Counts only, never names.
    Here, not in the network: it reads both, and signals sits above the network."""
    today = timezone.localdate()
    month_keys = []
    year, month = today.year, today.month
    for _month in range(months):
        month_keys.append(datetime.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    month_keys.reverse()
    first = month_keys[0]
    table: dict[str, dict[datetime.date, dict[str, int]]] = defaultdict(
        lambda: {m: {"moments": 0, "signals": 0} for m in month_keys}
    )
    moment_rows = (
        ContactMoment.objects.filter(date__gte=first, date__lte=today)
        .exclude(tension=Tension.NONE)
        .annotate(month=TruncMonth("date"))
        .values("community__neighbourhood__name", "month")
        .annotate(total=Count("pk"))
    )
    for row in moment_rows:
        name = row["community__neighbourhood__name"] or "—"
        table[name][row["month"]]["moments"] += row["total"]
    signal_rows = (
        Signal.objects.filter(
            category=Category.POLARISATION, created_at__date__gte=first, created_at__date__lte=today
        )
        .annotate(month=TruncMonth("created_at"))
        .values("neighbourhood__name", "month")
        .annotate(total=Count("pk"))
    )
    for row in signal_rows:
        name = row["neighbourhood__name"] or "—"
        month = row["month"].date() if isinstance(row["month"], datetime.datetime) else row["month"]
        table[name][month]["signals"] += row["total"]
    return {"months": month_keys, "rows": sorted(table.items())}


@dataclass(frozen=True)
class TimelineStep:
    label: str
    at: datetime.datetime | None
    done: bool


def partner_timeline(signal: Signal) -> list[TimelineStep]:
    """What the reporting organisation may know of a signal's course: received,
    being handled, and the decision in one word, with dates. Never the
    coordinator's reasons, the route, or what is known about a person."""
    handled = signal.triage_started_at or (
        signal.decided_at if signal.status != SignalStatus.NEW else None
    )
    decision = PARTNER_DECISION_LABELS.get(signal.status)
    return [
        TimelineStep(_("Received"), signal.created_at, True),
        TimelineStep(_("Being handled"), handled, signal.status != SignalStatus.NEW),
        TimelineStep(
            _("Decision: %(decision)s") % {"decision": decision}
            if decision
            else _("Decision: not yet taken"),
            signal.decided_at if decision else None,
            decision is not None,
        ),
    ]
