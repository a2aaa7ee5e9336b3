"""Retention and destruction. The nightly job (``privacy.destroy_expired``) is the
one path that deletes personal data; erasure requests use it too.

Destruction runs with django-auditlog switched off: a delete entry would copy
the destroyed personal data into the audit log. The destruction record (kind,
count, rule, cutoff; no personal data) is the trace instead.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from auditlog.context import disable_auditlog
from django.db import connection, transaction
from django.db.models import (
    DateTimeField,
    DurationField,
    Expression,
    ExpressionWrapper,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from cases.constants import CaseStatus
from cases.models import Case
from lelystad_radicalisering.exceptions import ApplicationError
from lelystad_radicalisering.models import reference_next
from meetings.models import AgendaItem, Meeting
from network.models import ContactMoment
from signals.constants import SignalStatus
from signals.models import Person, Signal, SignalAttachment

from . import audit_chain
from .constants import (
    MINIMUM_RETENTION_DAYS,
    RETENTION_DEFAULTS,
    ExtensionStatus,
    ExtensionTarget,
    RequestDecision,
    RequestKind,
    RetentionKind,
)
from .models import (
    DataSubjectRequest,
    DestructionRecord,
    RetentionExtension,
    RetentionRule,
    SubjectRestriction,
)

logger = logging.getLogger(__name__)


def retention_days(kind: str) -> int:
    rule = RetentionRule.objects.filter(kind=kind).first()
    return rule.days if rule else RETENTION_DEFAULTS[kind]


@transaction.atomic
def retention_rule_update(*, officer: User, kind: str, days: int) -> RetentionRule:
    if days < MINIMUM_RETENTION_DAYS:
        raise ApplicationError(
            _("A retention period is at least %(days)s days.") % {"days": MINIMUM_RETENTION_DAYS},
            field="days",
        )
    rule, _created = RetentionRule.objects.select_for_update().get_or_create(
        kind=kind, defaults={"days": days, "updated_by": officer}
    )
    rule.days = days
    rule.updated_by = officer
    rule.save(update_fields=["days", "updated_by", "updated_at"])
    return rule


@transaction.atomic
def _retention_date(target: str, object_id: int) -> datetime.date | None:
    """The day a record would be destroyed without any extension."""
    if target == ExtensionTarget.CASE:
        start = Case.objects.filter(pk=object_id).values_list("retention_start", flat=True).first()
        return (
            start + datetime.timedelta(days=retention_days(RetentionKind.CASE_CLOSED))
            if start
            else None
        )
    signal = Signal.objects.filter(pk=object_id).only("status", "decided_at").first()
    if signal is None or signal.decided_at is None:
        return None
    kind = (
        RetentionKind.SIGNAL_FORWARDED
        if signal.status == SignalStatus.FORWARDED
        else RetentionKind.SIGNAL_CLOSED
    )
    return timezone.localtime(signal.decided_at).date() + datetime.timedelta(
        days=retention_days(kind)
    )


@transaction.atomic
def retention_extend(
    *, coordinator: User, target: str, object_id: int, until: datetime.date, reason: str
) -> RetentionExtension:
    """Keep a record longer. The first extension is in force at once; a further
    one is a request the privacy officer approves (PGA law). Never past the
    retention date plus the maximum the privacy officer sets."""
    reason = reason.strip()
    if not reason:
        raise ApplicationError(_("Give a reason for keeping it longer."), field="reason")
    if until <= timezone.localdate():
        raise ApplicationError(_("Choose a date in the future."), field="until")
    if until > timezone.localdate() + datetime.timedelta(days=730):
        raise ApplicationError(_("Extend by two years at most at a time."), field="until")
    retention_date = _retention_date(target, object_id)
    if retention_date is not None:
        limit = retention_date + datetime.timedelta(
            days=retention_days(RetentionKind.EXTENSION_MAXIMUM)
        )
        if until > limit:
            raise ApplicationError(
                _("No record is kept past %(date)s (the maximum the privacy officer set).")
                % {"date": limit.strftime("%d-%m-%Y")},
                field="until",
            )
    earlier = RetentionExtension.objects.filter(
        target=target, object_id=object_id, status=ExtensionStatus.APPROVED
    ).exists()
    if RetentionExtension.objects.filter(
        target=target, object_id=object_id, status=ExtensionStatus.PENDING
    ).exists():
        raise ApplicationError(_("A request to keep this longer awaits the privacy officer."))
    return RetentionExtension.objects.create(
        target=target,
        object_id=object_id,
        until=until,
        reason=reason,
        created_by=coordinator,
        status=ExtensionStatus.PENDING if earlier else ExtensionStatus.APPROVED,
    )


@transaction.atomic
def retention_extension_decide(
    *, officer: User, extension: RetentionExtension, approve: bool
) -> RetentionExtension:
    extension = RetentionExtension.objects.select_for_update().get(pk=extension.pk)
    if extension.status != ExtensionStatus.PENDING:
        raise ApplicationError(_("This request has already been decided."))
    extension.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REFUSED
    extension.decided_by = officer
    extension.decided_at = timezone.now()
    extension.save(update_fields=["status", "decided_by", "decided_at"])
    return extension


def _extended_ids(target: str, now: datetime.datetime | None = None) -> QuerySet:
    today = timezone.localtime(now).date() if now else timezone.localdate()
    return RetentionExtension.objects.filter(
        target=target, until__gte=today, status=ExtensionStatus.APPROVED
    ).values("object_id")


def cutoff_for(kind: str, now: datetime.datetime | None = None) -> datetime.datetime:
    return (now or timezone.now()) - datetime.timedelta(days=retention_days(kind))


def cutoff_in_query(kind: str, now: datetime.datetime | None = None) -> Expression:
    """``cutoff_for`` as an SQL expression, the rule read by the query that uses
    it: counts of several kinds then cost one query, not one more per rule."""
    days = Coalesce(
        Subquery(RetentionRule.objects.filter(kind=kind).values("days")[:1]),
        Value(RETENTION_DEFAULTS[kind]),
    )
    period = ExpressionWrapper(
        days * Value(datetime.timedelta(days=1)), output_field=DurationField()
    )
    return ExpressionWrapper(Value(now or timezone.now()) - period, output_field=DateTimeField())


def _local_date(cutoff: datetime.datetime | Expression) -> datetime.date | Expression:
    if isinstance(cutoff, datetime.datetime):
        return timezone.localtime(cutoff).date()
    return TruncDate(cutoff, tzinfo=timezone.get_current_timezone())


def expired_signals(
    kind: str, cutoff: datetime.datetime | Expression, now: datetime.datetime | None = None
) -> QuerySet[Signal]:
    status = SignalStatus.CLOSED if kind == RetentionKind.SIGNAL_CLOSED else SignalStatus.FORWARDED
    return Signal.objects.filter(status=status, case__isnull=True, decided_at__lt=cutoff).exclude(
        pk__in=_extended_ids(ExtensionTarget.SIGNAL, now)
    )


def expired_cases(
    cutoff: datetime.datetime | Expression, now: datetime.datetime | None = None
) -> QuerySet[Case]:
    return Case.objects.filter(
        status=CaseStatus.CLOSED, retention_start__lt=_local_date(cutoff)
    ).exclude(pk__in=_extended_ids(ExtensionTarget.CASE, now))


def _delete_files_after_commit(files: Iterable) -> None:
    names = [(f.storage, f.name) for f in files if f]

    def remove() -> None:
        for storage, name in names:
            try:
                storage.delete(name)
            except OSError:
                logger.exception("Could not delete a destroyed attachment file")

    transaction.on_commit(remove, robust=True)


def _destroy_signals(signals: QuerySet[Signal]) -> dict[str, int]:
    signals = list(signals)
    attachments = list(SignalAttachment.objects.filter(signal__in=signals))
    _delete_files_after_commit(a.file for a in attachments)
    for signal in signals:
        signal.delete()
    return {"attachments": len(attachments)}


def _redact_minutes(cases: list[Case]) -> int:
    """Agenda items of destroyed cases stay in the minutes as a redacted line."""
    items = list(AgendaItem.objects.filter(case__in=cases))
    for item in items:
        item.addenda.all().delete()
        item.case = None
        item.topic = _("Destroyed case")
        item.notes = ""
        item.decisions = ""
        item.redacted_at = timezone.now()
        item.save(update_fields=["case", "topic", "notes", "decisions", "redacted_at"])
    return len(items)


def _destroy_cases(cases: QuerySet[Case]) -> dict[str, int]:
    cases = list(cases)
    redacted = _redact_minutes(cases)
    signals = Signal.objects.filter(case__in=cases)
    signal_details = _destroy_signals(signals)
    for case in cases:
        case.delete()  # involvements, assessments, plan, timeline, actions, permissions
    return {"minutes_items_redacted": redacted, **signal_details}


def _destroy_unreferenced_persons() -> int:
    orphans = Person.objects.filter(cases__isnull=True, signal_mentions__isnull=True)
    count = 0
    for person in orphans:
        person.delete()
        count += 1
    return count


def _record(kind: str, count: int, cutoff, details: dict, reason: str = "") -> DestructionRecord:
    return DestructionRecord.objects.create(
        kind=kind,
        count=count,
        rule_days=retention_days(kind) if kind in RETENTION_DEFAULTS else 0,
        cutoff=cutoff,
        details=details,
        reason=reason,
    )


def _destroy_audit(cutoff: datetime.datetime) -> tuple[int, dict]:
    """Delete audit entries past retention through the trigger's one open door.
    The last destroyed link becomes the chain's new anchor."""
    if connection.vendor != "postgresql":
        return 0, {}
    audit_chain.seal()
    with connection.cursor() as cursor:
        # The longest prefix of the chain that is entirely past the cutoff: an
        # entry sealed late (its transaction committed late) ends the prefix.
        cursor.execute(
            """
            SELECT chain_seq, chain_hash FROM auditlog_logentry
             WHERE chain_seq < coalesce(
                     (SELECT min(chain_seq) FROM auditlog_logentry WHERE timestamp >= %s),
                     (SELECT max(chain_seq) + 1 FROM auditlog_logentry))
             ORDER BY chain_seq DESC LIMIT 1
            """,
            [cutoff],
        )
        anchor = cursor.fetchone()
        if anchor is None:
            return 0, {}
        cursor.execute("SET LOCAL casusoverleg.audit_retention = 'on'")
        # Only a whole prefix of the chain goes, so what stays is still one chain.
        cursor.execute("DELETE FROM auditlog_logentry WHERE chain_seq <= %s", [anchor[0]])
        deleted = cursor.rowcount
        cursor.execute("SET LOCAL casusoverleg.audit_retention = 'off'")
    return deleted, {"chain_anchor_seq": anchor[0], "chain_anchor_hash": anchor[1]}


@transaction.atomic
def destroy_expired(*, now: datetime.datetime | None = None) -> list[DestructionRecord]:
    """Destroy everything past its retention period and record what went."""
    now = now or timezone.now()
    records = []
    with disable_auditlog():
        for kind in (RetentionKind.SIGNAL_CLOSED, RetentionKind.SIGNAL_FORWARDED):
            cutoff = cutoff_for(kind, now)
            signals = expired_signals(kind, cutoff, now)
            count = signals.count()
            if count:
                details = _destroy_signals(signals)
                records.append(_record(kind, count, cutoff, details))
        cutoff = cutoff_for(RetentionKind.CASE_CLOSED, now)
        cases = expired_cases(cutoff, now)
        count = cases.count()
        if count:
            details = _destroy_cases(cases)
            records.append(_record(RetentionKind.CASE_CLOSED, count, cutoff, details))
        cutoff = cutoff_for(RetentionKind.MINUTES, now)
        meetings = Meeting.objects.filter(starts_at__lt=cutoff)
        count = meetings.count()
        if count:
            for meeting in meetings:
                meeting.delete()
            records.append(_record(RetentionKind.MINUTES, count, cutoff, {}))
        cutoff = cutoff_for(RetentionKind.ATTACHMENTS, now)
        attachments = list(SignalAttachment.objects.filter(created_at__lt=cutoff))
        if attachments:
            _delete_files_after_commit(a.file for a in attachments)
            for attachment in attachments:
                attachment.delete()
            records.append(_record(RetentionKind.ATTACHMENTS, len(attachments), cutoff, {}))
        cutoff = cutoff_for(RetentionKind.CONTACT_MOMENTS, now)
        moments = ContactMoment.objects.filter(date__lt=timezone.localtime(cutoff).date())
        count = moments.count()
        if count:
            for moment in moments:
                moment.delete()
            records.append(_record(RetentionKind.CONTACT_MOMENTS, count, cutoff, {}))
        persons = _destroy_unreferenced_persons()
        if persons and records:
            records[-1].details = {**records[-1].details, "persons": persons}
            records[-1].save(update_fields=["details"])
        cutoff = cutoff_for(RetentionKind.AUDIT, now)
        deleted, anchor = _destroy_audit(cutoff)
        if deleted:
            records.append(_record(RetentionKind.AUDIT, deleted, cutoff, anchor))
    logger.info("Retention job destroyed %s kinds of records", len(records))
    return records


def erase_person(*, officer: User, person: Person, reason: str) -> DestructionRecord:
    """Erasure granted under art. 17: the person, the signals and cases about
    them only, through the destruction path. Cases about others too are kept
    and only lose this person."""
    with transaction.atomic(), disable_auditlog():
        cases = Case.objects.filter(persons=person)
        only_this_person = [case for case in cases if case.persons.count() == 1]
        signals = Signal.objects.filter(persons__person=person, case__isnull=True).distinct()
        solo_signals = [s for s in signals if s.persons.count() == 1]
        details = {"cases": len(only_this_person), "signals": len(solo_signals)}
        details.update(_destroy_cases(Case.objects.filter(pk__in=[c.pk for c in only_this_person])))
        _destroy_signals(Signal.objects.filter(pk__in=[s.pk for s in solo_signals]))
        for case in Case.objects.filter(persons=person):
            case.persons.remove(person)
        # Mentions in signals about others keep the signal, lose the person.
        for mention in person.signal_mentions.all():
            mention.full_name = _("(erased)")
            mention.date_of_birth = None
            mention.person = None
            mention.save(update_fields=["full_name", "date_of_birth", "person"])
        person.delete()
        return _record(RetentionKind.ERASURE, 1, timezone.now(), details, reason=reason[:200])


def expiring(*, days: int = 30) -> dict[str, list]:
    """What the next runs of the job will destroy: for the coordinator to review."""
    later = timezone.now() + datetime.timedelta(days=days)
    return {
        "cases": list(expired_cases(cutoff_for(RetentionKind.CASE_CLOSED, later), later)),
        "signals": [
            *expired_signals(
                RetentionKind.SIGNAL_CLOSED, cutoff_for(RetentionKind.SIGNAL_CLOSED, later), later
            ),
            *expired_signals(
                RetentionKind.SIGNAL_FORWARDED,
                cutoff_for(RetentionKind.SIGNAL_FORWARDED, later),
                later,
            ),
        ],
    }


@transaction.atomic
def subject_request_create(
    *, officer: User, person: Person, kind: str, received_on: datetime.date
) -> DataSubjectRequest:

    return DataSubjectRequest.objects.create(
        reference=reference_next(prefix="AVG"),
        kind=kind,
        person=person,
        received_on=received_on,
        created_by=officer,
    )


@transaction.atomic
def subject_request_decide(
    *, officer: User, request: DataSubjectRequest, decision: str, reason: str
) -> DataSubjectRequest:
    """Record the decision. A granted erasure goes through the destruction path
    at once; a granted rectification is made in the screens where the data lives."""
    request = DataSubjectRequest.objects.select_for_update().get(pk=request.pk)
    if request.decision:
        raise ApplicationError(_("This request has already been decided."))
    reason = reason.strip()
    if not reason:
        raise ApplicationError(_("Give the reason for the decision."), field="reason")
    if decision == RequestDecision.GRANTED and request.kind == RequestKind.ERASURE:
        if request.person is None:
            raise ApplicationError(_("The person no longer exists."))
        erase_person(officer=officer, person=request.person, reason=request.reference)
        request.refresh_from_db()
    request.decision = decision
    request.reason = reason
    request.decided_by = officer
    request.decided_at = timezone.now()
    request.save(update_fields=["decision", "reason", "decided_by", "decided_at"])
    return request


@transaction.atomic
def restriction_record(
    *, officer: User, person: Person, ground: str, reason: str, review_on: datetime.date
) -> SubjectRestriction:
    """Restrict what an art. 15 answer about ``person`` says, until reviewed."""
    reason = reason.strip()
    if not reason:
        raise ApplicationError(_("Give the reason for the restriction."), field="reason")
    today = timezone.localdate()
    if review_on <= today:
        raise ApplicationError(_("Choose a review date in the future."), field="review_on")
    if review_on > today + datetime.timedelta(days=366):
        raise ApplicationError(_("Review a restriction within a year."), field="review_on")
    if SubjectRestriction.objects.filter(person=person, lifted_at__isnull=True).exists():
        raise ApplicationError(_("A restriction for this person is already in force."))
    return SubjectRestriction.objects.create(
        person=person, ground=ground, reason=reason, review_on=review_on, created_by=officer
    )


@transaction.atomic
def restriction_lift(*, officer: User, restriction: SubjectRestriction) -> SubjectRestriction:
    restriction = SubjectRestriction.objects.select_for_update().get(pk=restriction.pk)
    if restriction.lifted_at is None:
        restriction.lifted_at = timezone.now()
        restriction.lifted_by = officer
        restriction.save(update_fields=["lifted_at", "lifted_by"])
    return restriction
