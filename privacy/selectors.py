"""Reads for the privacy officer: what the system holds about one person, who
looked at it, and access patterns that stand out."""

from __future__ import annotations

import datetime
import re

from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import CharField, Count, Q, QuerySet, Value
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from cases.models import Case, Goal, Intervention, RiskAssessment, TimelineEntry
from lelystad_radicalisering.exceptions import ApplicationError
from meetings.models import Action, AgendaItem
from network.models import Organisation
from signals.models import Person, Signal, SignalPerson

from .audit_display import PAGES
from .constants import AuditAction, ExtensionStatus
from .models import DestructionRecord, RetentionExtension, RetentionRule, SubjectRestriction


def person_search(*, name: str, date_of_birth: datetime.date | None) -> QuerySet[Person]:
    """Exact enough for a request under the GDPR: every word of the name, and
    the date of birth when given."""
    persons = Person.objects.all()
    for word in name.split():
        persons = persons.filter(full_name__icontains=word)
    if date_of_birth:
        persons = persons.filter(date_of_birth=date_of_birth)
    return persons.select_related("neighbourhood").order_by("full_name", "pk")[:50]


BASELINE_DAYS = 30
# A user needs this many working days in the baseline period before their
# day can be called unusual: a new account has no usual day yet.
BASELINE_MINIMUM_DAYS = 5


def unusual_access(*, day: datetime.date | None = None, factor: int = 3, minimum: int = 20):
    """Users who opened many more pages with personal data on ``day`` than on
    their usual working day: at least ``minimum`` pages and ``factor`` times
    their average over the days they worked in the 30 days before. One access
    entry is one page opened."""
    day = day or timezone.localdate()
    start = _local_day_start(day)
    end = start + datetime.timedelta(days=1)
    history_start = start - datetime.timedelta(days=BASELINE_DAYS)
    accesses = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor__isnull=False)
    today = dict(
        accesses.filter(timestamp__gte=start, timestamp__lt=end)
        .values_list("actor")
        .annotate(total=Count("pk"))
        .values_list("actor", "total")
    )
    today = {actor: total for actor, total in today.items() if total >= minimum}
    if not today:
        return []
    history = (
        accesses.filter(actor__in=list(today), timestamp__gte=history_start, timestamp__lt=start)
        .values("actor")
        .annotate(total=Count("pk"), days=Count(TruncDate("timestamp"), distinct=True))
        .values_list("actor", "total", "days")
    )
    usual = {actor: total / days for actor, total, days in history if days >= BASELINE_MINIMUM_DAYS}
    flagged = {
        actor: total
        for actor, total in today.items()
        if actor in usual and total >= factor * max(usual[actor], 1.0)
    }
    users = User.objects.select_related("organisation").in_bulk(list(flagged))
    rows = [
        {"user": users[actor], "today": total, "usual": round(usual[actor], 1)}
        for actor, total in flagged.items()
    ]
    return sorted(rows, key=lambda row: -row["today"])


def restriction_in_force(person: Person) -> SubjectRestriction | None:
    return (
        SubjectRestriction.objects.filter(person=person, lifted_at__isnull=True)
        .order_by("-created_at")
        .first()
    )


def restrictions_to_review(*, day: datetime.date | None = None) -> QuerySet[SubjectRestriction]:
    """Restrictions in force whose review date has come: the privacy officer's start page."""
    day = day or timezone.localdate()
    return SubjectRestriction.objects.filter(lifted_at__isnull=True, review_on__lte=day).order_by(
        "review_on", "pk"
    )


def retention_overview() -> dict:
    return {
        "rules": list(RetentionRule.objects.select_related("updated_by")),
        "records": list(DestructionRecord.objects.all()[:50]),
    }


# --- the audit log -------------------------------------------------------------------


def _one(candidates: QuerySet, number: int | None, *, none: str, many: str):
    if number is not None:
        found = candidates.filter(pk=number).first()
        if found is None:
            raise ApplicationError(none)
        return found
    found = list(candidates[:2])
    if not found:
        raise ApplicationError(none)
    if len(found) > 1:
        raise ApplicationError(many)
    return found[0]


def _by_words(queryset: QuerySet, text: str, *fields: str) -> QuerySet:
    for word in _CHOSEN.sub("", text).replace(",", " ").split():
        condition = Q()
        for name in fields:
            condition |= Q(**{f"{name}__icontains": word})
        queryset = queryset.filter(condition)
    return queryset


_CHOSEN = re.compile(r"\(\d+\)\s*$")


def person_for_filter(text: str, number: int | None) -> Person:
    return _one(
        _by_words(Person.objects.order_by("pk"), text, "full_name")
        if number is None
        else Person.objects.all(),
        number,
        none=_("No person matches this name."),
        many=_("More than one person has this name: choose one from the suggestions."),
    )


def user_for_filter(text: str, number: int | None) -> User:
    return _one(
        _by_words(User.objects.order_by("pk"), text, "first_name", "last_name", "username")
        if number is None
        else User.objects.all(),
        number,
        none=_("No user matches this name."),
        many=_("More than one user matches: choose one from the suggestions."),
    )


def organisation_for_filter(text: str, number: int | None) -> Organisation:
    if number is None:
        exact = Organisation.objects.filter(name__iexact=text.strip()).first()
        if exact is not None:
            return exact
    return _one(
        _by_words(Organisation.objects.order_by("pk"), text, "name")
        if number is None
        else Organisation.objects.all(),
        number,
        none=_("No organisation matches this name."),
        many=_("More than one organisation matches: choose one from the suggestions."),
    )


SUGGESTIONS = 10


def audit_suggestions(field_name: str, text: str) -> list[tuple[str, models.Model]]:
    """Up to ten matches for a filter field, as "label (number)" values."""
    text = text.strip()
    if len(text) < 2:
        return []
    if field_name == "person":
        persons = _by_words(Person.objects.order_by("full_name", "pk"), text, "full_name")
        return [
            (
                f"{p.full_name}{', ' + date_format(p.date_of_birth, 'j-n-Y') if p.date_of_birth else ''}"
                f" ({p.pk})",
                p,
            )
            for p in persons[:SUGGESTIONS]
        ]
    if field_name == "actor":
        users = _by_words(
            User.objects.select_related("organisation").order_by("last_name", "pk"),
            text,
            "first_name",
            "last_name",
            "username",
        )
        return [
            (
                f"{u.get_full_name() or u.username}"
                f"{', ' + u.organisation.name if u.organisation else ''} ({u.pk})",
                u,
            )
            for u in users[:SUGGESTIONS]
        ]
    if field_name == "organisation":
        organisations = _by_words(Organisation.objects.order_by("name"), text, "name")
        return [(o.name, o) for o in organisations[:SUGGESTIONS]]
    if field_name == "case":
        cases = Case.objects.filter(reference__istartswith=text).order_by("reference")
        return [(c.reference, c) for c in cases[:SUGGESTIONS]]
    return []


def _about(keys: list[tuple[str, int]]) -> Q:
    """Entries on any of these objects (``(label_lower, pk)``): their changes,
    and the pages that showed them."""
    by_model: dict[str, list[str]] = {}
    for label, pk in keys:
        by_model.setdefault(label, []).append(str(pk))
    types = ContentType.objects.get_for_models(*(apps.get_model(label) for label in by_model))
    condition = Q(pk__in=[])
    for model, content_type in types.items():
        pks = by_model[model._meta.label_lower]
        condition |= Q(content_type=content_type, object_pk__in=pks)
    listed = [f"{label}:{pk}" for label, pk in keys]
    if listed:
        condition |= Q(additional_data__objects__has_any_keys=listed)
    return condition


def _keys(*querysets: QuerySet) -> list[tuple[str, int]]:
    """``(label_lower, pk)`` pairs from querysets of ``(label, pk)`` rows, in one query."""
    first, *rest = [qs.order_by() for qs in querysets]
    return [(label, pk) for label, pk in first.union(*rest, all=True) if pk is not None]


def _labelled(queryset: QuerySet, label: str, column: str = "pk") -> QuerySet:
    return queryset.annotate(audit_label=Value(label, output_field=CharField())).values_list(
        "audit_label", column
    )


_CASE_PARTS = (RiskAssessment, TimelineEntry, Goal, Intervention, Action, AgendaItem)


def about_person(person: Person) -> Q:
    """Everything about one person: the person, the mentions of them in
    signals, those signals, their cases and the case files' parts. One query."""
    mentions = SignalPerson.objects.filter(person=person)
    in_cases = Case.persons.through.objects.filter(person=person)
    keys = _keys(
        _labelled(mentions, "signals.signalperson"),
        _labelled(mentions, "signals.signal", "signal_id"),
        _labelled(in_cases, "cases.case", "case_id"),
        *(
            _labelled(model.objects.filter(case__persons=person), model._meta.label_lower)
            for model in _CASE_PARTS
        ),
    )
    return _about([("signals.person", person.pk), *keys])


def about_case(case: Case) -> Q:
    keys = _keys(
        _labelled(Signal.objects.filter(case=case), "signals.signal"),
        *(
            _labelled(model.objects.filter(case=case), model._meta.label_lower)
            for model in _CASE_PARTS
        ),
    )
    return _about([("cases.case", case.pk), *keys])


def _local_day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


# Pages that are exports or prints; "viewed" is every other access.
def _views_with(action: str) -> list[str]:
    return [view for view, page in PAGES.items() if page.action == action]


def audit_entries(data: dict) -> QuerySet[LogEntry]:
    """The audit log, newest first, narrowed by the privacy officer's filters.
    Indexes (privacy migration 0004) serve the default order and each filter."""
    entries = LogEntry.objects.select_related("actor", "actor__organisation").order_by(
        "-timestamp", "-pk"
    )
    if data.get("person"):
        entries = entries.filter(about_person(data["person"]))
    if data.get("case"):
        entries = entries.filter(about_case(data["case"]))
    if data.get("actor"):
        entries = entries.filter(actor=data["actor"])
    if data.get("organisation"):
        entries = entries.filter(actor__organisation=data["organisation"])
    if data.get("kind"):
        try:
            model = apps.get_model(data["kind"])
        except (LookupError, ValueError):
            model = None
        if model is not None:
            entries = entries.filter(
                Q(content_type=ContentType.objects.get_for_model(model))
                | Q(additional_data__kinds__has_key=data["kind"])
            )
    if data.get("object"):
        value = data["object"].strip()
        entries = (
            entries.filter(object_pk=value)
            if value.isdigit()
            else entries.filter(object_repr__iexact=value)
        )
    action = data.get("action")
    if action in CHANGE_CODES:
        entries = entries.filter(action=CHANGE_CODES[action])
    elif action == AuditAction.VIEWED:
        entries = entries.filter(action=LogEntry.Action.ACCESS).exclude(
            additional_data__view__in=[
                *_views_with(AuditAction.EXPORTED),
                *_views_with(AuditAction.PRINTED),
                "privacy:subject_export",
            ]
        )
    elif action == AuditAction.EXPORTED:
        entries = entries.filter(action=LogEntry.Action.ACCESS).filter(
            Q(additional_data__view__in=_views_with(AuditAction.EXPORTED))
            | Q(
                additional_data__view="privacy:subject_export",
                additional_data__context="export:json",
            )
        )
    elif action == AuditAction.PRINTED:
        entries = entries.filter(action=LogEntry.Action.ACCESS).filter(
            Q(additional_data__view__in=_views_with(AuditAction.PRINTED))
            | Q(
                additional_data__view="privacy:subject_export",
                additional_data__context="export:pdf",
            )
        )
    if data.get("date_from"):
        entries = entries.filter(timestamp__gte=_local_day_start(data["date_from"]))
    if data.get("date_to"):
        entries = entries.filter(
            timestamp__lt=_local_day_start(data["date_to"] + datetime.timedelta(days=1))
        )
    return entries


CHANGE_CODES = {
    AuditAction.CREATED: LogEntry.Action.CREATE,
    AuditAction.CHANGED: LogEntry.Action.UPDATE,
    AuditAction.DELETED: LogEntry.Action.DELETE,
}


def pending_extensions():
    """Requests to keep a record longer than its first extension (PGA law)."""

    return (
        RetentionExtension.objects.filter(status=ExtensionStatus.PENDING)
        .select_related("created_by")
        .order_by("created_at", "pk")
    )


def erasure_scope(person: Person) -> dict[str, int]:
    """What granting erasure destroys and what it keeps (the same rule as
    `services.erase_person`), for the confirmation before the decision."""
    cases = Case.objects.filter(persons=person).annotate(people=Count("persons", distinct=True))
    signals = (
        Signal.objects.filter(persons__person=person, case__isnull=True)
        .annotate(people=Count("persons", distinct=True))
        .distinct()
    )
    case_people = list(cases.values_list("people", flat=True))
    signal_people = list(signals.values_list("people", flat=True))
    return {
        "cases": sum(1 for n in case_people if n == 1),
        "cases_kept": sum(1 for n in case_people if n > 1),
        "signals": sum(1 for n in signal_people if n == 1),
        "signals_kept": sum(1 for n in signal_people if n > 1),
    }
