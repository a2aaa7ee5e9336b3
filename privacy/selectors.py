"""Reads for the privacy officer: what the system holds about one person, who
looked at it, and access patterns that stand out."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from cases.models import Case
from meetings.models import AgendaItem
from signals.models import Person, Signal

from .constants import ExtensionStatus
from .models import DestructionRecord, RetentionExtension, RetentionRule


def person_search(*, name: str, date_of_birth: datetime.date | None) -> QuerySet[Person]:
    """Exact enough for a request under the GDPR: every word of the name, and
    the date of birth when given."""
    persons = Person.objects.all()
    for word in name.split():
        persons = persons.filter(full_name__icontains=word)
    if date_of_birth:
        persons = persons.filter(date_of_birth=date_of_birth)
    return persons.select_related("neighbourhood").order_by("full_name", "pk")[:50]


@dataclass
class FreeText:
    """A free text in the export; the officer may leave it out (third parties)."""

    key: str
    label: str
    text: str


@dataclass
class SubjectData:
    person: Person
    signals: list[dict] = field(default_factory=list)
    cases: list[dict] = field(default_factory=list)
    texts: list[FreeText] = field(default_factory=list)
    accesses: list[dict] = field(default_factory=list)


def subject_data(person: Person, *, exclude: set[str] = frozenset()) -> SubjectData:
    """Everything about ``person``: signals that mention them, cases they are in,
    and every free text under those; then who accessed any of it and when."""
    data = SubjectData(person=person)

    def text(key: str, label: str, value: str) -> str | None:
        if not value:
            return None
        data.texts.append(FreeText(key, label, value))
        return None if key in exclude else value

    signals = list(
        Signal.objects.filter(persons__person=person)
        .distinct()
        .select_related("organisation")
        .prefetch_related("supplements")
        .order_by("created_at")
    )
    for signal in signals:
        data.signals.append(
            {
                "reference": signal.reference,
                "logged_at": signal.created_at,
                "organisation": signal.organisation.name,
                "category": signal.get_category_display(),
                "status": signal.get_status_display(),
                "observation": text(
                    f"signal:{signal.pk}:observation",
                    _("%(reference)s: observation") % {"reference": signal.reference},
                    signal.observation,
                ),
                "supplements": [
                    text(
                        f"supplement:{s.pk}",
                        _("%(reference)s: supplement") % {"reference": signal.reference},
                        s.text,
                    )
                    for s in signal.supplements.all()
                ],
            }
        )
    cases = list(
        Case.objects.filter(persons=person)
        .prefetch_related("timeline", "assessments", "actions", "goals", "interventions")
        .order_by("created_at")
    )
    minutes = AgendaItem.objects.filter(case__in=cases).select_related("meeting")
    minutes_by_case: dict[int, list[AgendaItem]] = {}
    for item in minutes:
        minutes_by_case.setdefault(item.case_id, []).append(item)
    for case in cases:
        data.cases.append(
            {
                "reference": case.reference,
                "label": case.label,
                "status": case.get_status_display(),
                "opened_at": case.created_at,
                "closed_at": case.closed_at,
                "assessments": [
                    {
                        "level": a.get_level_display(),
                        "assessed_at": a.assessed_at,
                        "notes": text(
                            f"assessment:{a.pk}",
                            _("%(reference)s: risk notes") % {"reference": case.reference},
                            a.risk_notes,
                        ),
                    }
                    for a in case.assessments.all()
                ],
                "timeline": [
                    {
                        "at": entry.created_at,
                        "kind": entry.get_kind_display(),
                        "text": text(
                            f"timeline:{entry.pk}",
                            f"{case.reference}: {entry.get_kind_display()}",
                            entry.text,
                        ),
                    }
                    for entry in case.timeline.all()
                ],
                "goals": [
                    text(
                        f"goal:{g.pk}",
                        _("%(reference)s: goal") % {"reference": case.reference},
                        g.description,
                    )
                    for g in case.goals.all()
                ],
                "interventions": [
                    text(
                        f"intervention:{i.pk}",
                        _("%(reference)s: intervention") % {"reference": case.reference},
                        i.description,
                    )
                    for i in case.interventions.all()
                ],
                "actions": [
                    text(
                        f"action:{a.pk}",
                        _("%(reference)s: action") % {"reference": case.reference},
                        a.description,
                    )
                    for a in case.actions.all()
                ],
                "minutes": [
                    {
                        "meeting": item.meeting.starts_at,
                        "notes": text(
                            f"minutes:{item.pk}",
                            _("%(reference)s: minutes") % {"reference": case.reference},
                            item.notes,
                        ),
                        "decisions": text(
                            f"decisions:{item.pk}",
                            _("%(reference)s: decisions") % {"reference": case.reference},
                            item.decisions,
                        ),
                    }
                    for item in minutes_by_case.get(case.pk, [])
                ],
            }
        )
    data.accesses = access_list(person, signals=signals, cases=cases)
    return data


def access_list(person: Person, *, signals: list[Signal], cases: list[Case]) -> list[dict]:
    types = ContentType.objects.get_for_models(Person, Signal, Case)
    entries = (
        LogEntry.objects.filter(action=LogEntry.Action.ACCESS)
        .filter(
            Q(content_type=types[Person], object_pk=str(person.pk))
            | Q(content_type=types[Signal], object_pk__in=[str(s.pk) for s in signals])
            | Q(content_type=types[Case], object_pk__in=[str(c.pk) for c in cases])
        )
        .select_related("actor", "actor__organisation")
        .order_by("-timestamp")[:5000]
    )
    return [
        {
            "at": entry.timestamp,
            "who": entry.actor.get_full_name() if entry.actor else "",
            "organisation": entry.actor.organisation.name
            if entry.actor and entry.actor.organisation
            else "",
            "what": entry.object_repr,
            "view": (entry.additional_data or {}).get("view", ""),
            "context": (entry.additional_data or {}).get("context", ""),
        }
        for entry in entries
    ]


def unusual_access(*, day: datetime.date | None = None, factor: int = 3, minimum: int = 20):
    """Users who opened many more person, signal or case pages on ``day`` than on
    an average day of the 30 days before (at least ``minimum`` and ``factor``
    times their average)."""
    day = day or timezone.localdate()
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    end = start + datetime.timedelta(days=1)
    history_start = start - datetime.timedelta(days=30)
    types = ContentType.objects.get_for_models(Person, Signal, Case).values()
    accesses = LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, content_type__in=types, actor__isnull=False
    )
    today = dict(
        accesses.filter(timestamp__gte=start, timestamp__lt=end)
        .values_list("actor")
        .annotate(total=Count("pk"))
        .values_list("actor", "total")
    )
    if not today:
        return []
    history = (
        accesses.filter(actor__in=list(today), timestamp__gte=history_start, timestamp__lt=start)
        .annotate(day=TruncDate("timestamp"))
        .values_list("actor")
        .annotate(total=Count("pk"), days=Count("day", distinct=True))
        .values_list("actor", "total")
    )
    average = {actor: total / 30 for actor, total in history}
    users = User.objects.select_related("organisation").in_bulk(list(today))
    flagged = []
    for actor, total in today.items():
        usual = average.get(actor, 0.0)
        if total >= minimum and total >= factor * max(usual, 1.0):
            flagged.append({"user": users[actor], "today": total, "usual": round(usual, 1)})
    return sorted(flagged, key=lambda row: -row["today"])


def retention_overview() -> dict:
    return {
        "rules": list(RetentionRule.objects.select_related("updated_by")),
        "records": list(DestructionRecord.objects.all()[:50]),
    }


def audit_entries(data: dict) -> QuerySet[LogEntry]:
    """The audit log, newest first, narrowed by the privacy officer's filters."""
    entries = LogEntry.objects.select_related(
        "actor", "actor__organisation", "content_type"
    ).order_by("-timestamp", "-pk")
    if data.get("actor"):
        entries = entries.filter(actor=data["actor"])
    if data.get("organisation"):
        entries = entries.filter(actor__organisation=data["organisation"])
    if data.get("content_type"):
        entries = entries.filter(content_type=data["content_type"])
    if data.get("object"):
        value = data["object"].strip()
        entries = (
            entries.filter(object_pk=value)
            if value.isdigit()
            else entries.filter(object_repr__iexact=value)
        )
    if data.get("action") is not None:
        entries = entries.filter(action=data["action"])
    if data.get("date_from"):
        entries = entries.filter(timestamp__date__gte=data["date_from"])
    if data.get("date_to"):
        entries = entries.filter(timestamp__date__lte=data["date_to"])
    return entries


def pending_extensions():
    """Requests to keep a record longer than its first extension (PGA law)."""

    return (
        RetentionExtension.objects.filter(status=ExtensionStatus.PENDING)
        .select_related("created_by")
        .order_by("created_at", "pk")
    )
