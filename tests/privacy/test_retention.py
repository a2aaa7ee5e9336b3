"""Retention: records just before and just after their date; destruction removes
rows and files, redacts minutes, keeps reports' aggregates, writes a record."""

from __future__ import annotations

import datetime

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from cases import services as case_services
from cases.models import Case, Involvement, TimelineEntry
from meetings import services as meeting_services
from meetings.constants import ItemKind
from meetings.models import Action, AgendaItem
from privacy import audit_chain, services
from privacy.constants import RETENTION_DEFAULTS, ExtensionTarget, RetentionKind
from privacy.models import DestructionRecord
from signals import services as signal_services
from signals.constants import SignalStatus
from signals.models import Person, Signal, SignalAttachment
from tests.meetings.conftest import plan_meeting
from tests.signals.conftest import _pdf, make_signal

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def _closed_signal(coordinator, partner, *, decided_days_ago: int, **extra):
    signal = make_signal(partner, **extra)
    signal_services.signal_decide(
        signal=signal, coordinator=coordinator, decision=SignalStatus.CLOSED, reason="Geen zorgen"
    )
    Signal.objects.filter(pk=signal.pk).update(decided_at=timezone.now() - decided_days_ago * DAY)
    return Signal.objects.get(pk=signal.pk)


def test_signal_closed_just_after_its_date_goes_and_just_before_stays(
    coordinator, partner, django_capture_on_commit_callbacks
):
    days = RETENTION_DEFAULTS[RetentionKind.SIGNAL_CLOSED]
    old = _closed_signal(
        coordinator, partner, decided_days_ago=days + 1, attachments=[_pdf("oud.pdf")]
    )
    young = _closed_signal(coordinator, partner, decided_days_ago=days - 1)
    attachment = SignalAttachment.objects.get(signal=old)
    path = attachment.file.path
    with django_capture_on_commit_callbacks(execute=True):
        records = services.destroy_expired()
    assert not Signal.objects.filter(pk=old.pk).exists()
    assert Signal.objects.filter(pk=young.pk).exists()
    import os

    assert not os.path.exists(path)  # the file too (deleted after commit)
    record = DestructionRecord.objects.get(kind=RetentionKind.SIGNAL_CLOSED)
    assert record.count == 1 and record.rule_days == days
    assert record.details["attachments"] == 1
    assert records[0] == record


def test_destruction_writes_no_personal_data_anywhere(coordinator, partner):
    name = "Zacharias Vernietigmij"
    days = RETENTION_DEFAULTS[RetentionKind.SIGNAL_CLOSED]
    _closed_signal(
        coordinator,
        partner,
        decided_days_ago=days + 5,
        persons=((name, datetime.date(2001, 1, 1)),),
    )
    before = LogEntry.objects.count()
    services.destroy_expired()
    assert LogEntry.objects.count() == before  # no delete entries copying the data
    for record in DestructionRecord.objects.all():
        assert name not in str(record.details) + record.reason


def _closed_case(coordinator, partner, reader, *, closed_days_ago: int, label="Casus Oud 1"):
    from tests.cases.conftest import open_case

    case = open_case(coordinator, partner, label=label)
    case_services.involvement_add(
        coordinator=coordinator, case=case, organisation=reader.organisation, can_change=True
    )
    meeting = plan_meeting(coordinator, [reader.organisation], days=-5)
    item = meeting_services.agenda_item_add(
        coordinator=coordinator, meeting=meeting, kind=ItemKind.PROGRESS, case=case
    )
    meeting_services.minutes_save(
        author=coordinator, item=item, notes="Notitie met naam Piet", decisions="Besluit"
    )
    meeting_services.action_create(
        coordinator=coordinator,
        case=case,
        agenda_item=item,
        description="Bellen",
        owner_organisation=reader.organisation,
        due_on=timezone.localdate(),
    )
    case_services.case_close(coordinator=coordinator, case=case, reason="Klaar", outcome="other")
    Case.objects.filter(pk=case.pk).update(
        retention_start=timezone.localdate() - closed_days_ago * DAY
    )
    return case, meeting, item


def test_closed_case_past_retention_goes_with_everything_under_it(coordinator, partner, reader):
    days = RETENTION_DEFAULTS[RetentionKind.CASE_CLOSED]
    case, _meeting, item = _closed_case(coordinator, partner, reader, closed_days_ago=days + 2)
    young, _meeting2, _item2 = _closed_case(
        coordinator, partner, reader, closed_days_ago=days - 2, label="Casus Jong 2"
    )
    person_ids = list(case.persons.values_list("pk", flat=True))
    signal_ids = list(case.signals.values_list("pk", flat=True))
    services.destroy_expired()
    assert not Case.objects.filter(pk=case.pk).exists()
    assert Case.objects.filter(pk=young.pk).exists()
    assert not Involvement.objects.filter(case_id=case.pk).exists()
    assert not TimelineEntry.objects.filter(case_id=case.pk).exists()
    assert not Action.objects.filter(case_id=case.pk).exists()
    assert not Signal.objects.filter(pk__in=signal_ids).exists()
    assert not Person.objects.filter(pk__in=person_ids).exists()
    # The minutes keep a redacted line for the item.
    item.refresh_from_db()
    assert item.case_id is None and item.redacted_at is not None
    assert item.notes == "" and "Piet" not in item.topic
    record = DestructionRecord.objects.get(kind=RetentionKind.CASE_CLOSED)
    assert record.count == 1 and record.details["minutes_items_redacted"] == 1


def test_an_extension_keeps_a_case_until_its_date(coordinator, partner, reader):
    days = RETENTION_DEFAULTS[RetentionKind.CASE_CLOSED]
    case, _, _ = _closed_case(coordinator, partner, reader, closed_days_ago=days + 2)
    services.retention_extend(
        coordinator=coordinator,
        target=ExtensionTarget.CASE,
        object_id=case.pk,
        until=timezone.localdate() + 30 * DAY,
        reason="Lopend onderzoek",
    )
    services.destroy_expired()
    assert Case.objects.filter(pk=case.pk).exists()
    services.destroy_expired(now=timezone.now() + 31 * DAY)
    assert not Case.objects.filter(pk=case.pk).exists()


def test_the_expiry_list_shows_what_goes_in_the_next_30_days(coordinator, partner, reader):
    days = RETENTION_DEFAULTS[RetentionKind.CASE_CLOSED]
    soon, _, _ = _closed_case(coordinator, partner, reader, closed_days_ago=days - 10)
    later, _, _ = _closed_case(
        coordinator, partner, reader, closed_days_ago=days - 60, label="Casus Later 3"
    )
    expiring = services.expiring(days=30)
    assert soon in expiring["cases"] and later not in expiring["cases"]


def test_a_shorter_rule_destroys_sooner_and_is_refused_below_the_floor(
    coordinator, partner, privacy_officer
):
    signal = _closed_signal(coordinator, partner, decided_days_ago=100)
    services.retention_rule_update(
        officer=privacy_officer, kind=RetentionKind.SIGNAL_CLOSED, days=90
    )
    services.destroy_expired()
    assert not Signal.objects.filter(pk=signal.pk).exists()
    from lelystad_radicalisering.exceptions import ApplicationError

    with pytest.raises(ApplicationError):
        services.retention_rule_update(
            officer=privacy_officer, kind=RetentionKind.SIGNAL_CLOSED, days=3
        )


def test_audit_entries_past_retention_are_destroyed_and_the_chain_still_verifies():
    from django.contrib.contenttypes.models import ContentType

    days = RETENTION_DEFAULTS[RetentionKind.AUDIT]
    content_type = ContentType.objects.get_for_model(Case)
    old = timezone.now() - (days + 10) * DAY
    for number in range(3):
        LogEntry.objects.create(
            content_type=content_type,
            object_pk=str(number),
            object_repr=f"C-{number}",
            action=LogEntry.Action.ACCESS,
            timestamp=old,
        )
    fresh = LogEntry.objects.create(
        content_type=content_type, object_pk="9", object_repr="C-9", action=LogEntry.Action.ACCESS
    )
    audit_chain.seal()
    services.destroy_expired()
    record = DestructionRecord.objects.get(kind=RetentionKind.AUDIT)
    assert record.count == 3
    assert list(LogEntry.objects.values_list("pk", flat=True)) == [fresh.pk]
    result = audit_chain.verify()
    assert result.ok and result.checked == 1, result
    # The chain goes on from the anchor.
    LogEntry.objects.create(
        content_type=content_type, object_pk="10", object_repr="C-10", action=LogEntry.Action.ACCESS
    )
    audit_chain.seal()
    assert audit_chain.verify().checked == 2


def test_a_late_sealed_recent_entry_ends_the_destroyed_prefix():
    """An entry younger than the cutoff early in the chain keeps what follows."""
    from django.contrib.contenttypes.models import ContentType

    days = RETENTION_DEFAULTS[RetentionKind.AUDIT]
    content_type = ContentType.objects.get_for_model(Case)
    old = timezone.now() - (days + 10) * DAY
    first = LogEntry.objects.create(
        content_type=content_type, object_pk="1", object_repr="C-1", action=1, timestamp=old
    )
    LogEntry.objects.create(content_type=content_type, object_pk="2", object_repr="C-2", action=1)
    LogEntry.objects.create(
        content_type=content_type, object_pk="3", object_repr="C-3", action=1, timestamp=old
    )
    audit_chain.seal()
    services.destroy_expired()
    assert not LogEntry.objects.filter(pk=first.pk).exists()
    assert LogEntry.objects.count() == 2
    assert audit_chain.verify().ok


def test_meeting_minutes_past_retention_go(coordinator, reader):
    days = RETENTION_DEFAULTS[RetentionKind.MINUTES]
    old = plan_meeting(coordinator, [reader.organisation], days=-(days + 1))
    young = plan_meeting(coordinator, [reader.organisation], days=-(days - 1))
    services.destroy_expired()
    from meetings.models import Meeting

    assert not Meeting.objects.filter(pk=old.pk).exists()
    assert Meeting.objects.filter(pk=young.pk).exists()
    assert AgendaItem.objects.filter(meeting_id=old.pk).count() == 0


def test_beat_runs_the_destruction_job(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "privacy.destroy_expired" in tasks


def test_the_cutoff_read_in_the_query_selects_what_the_job_would(
    coordinator, partner, privacy_officer
):
    """The start page counts with the rule read inside its query; the job reads
    the rule first. Both take the same signals and cases, with and without a rule."""
    kind = RetentionKind.SIGNAL_CLOSED
    days = RETENTION_DEFAULTS[kind]
    old = _closed_signal(coordinator, partner, decided_days_ago=days + 1)
    young = _closed_signal(coordinator, partner, decided_days_ago=days - 1)
    now = timezone.now()

    def both():
        in_query = set(services.expired_signals(kind, services.cutoff_in_query(kind, now), now))
        first = set(services.expired_signals(kind, services.cutoff_for(kind, now), now))
        return in_query, first

    assert both() == ({old}, {old})
    services.retention_rule_update(officer=privacy_officer, kind=kind, days=days - 2)
    assert both() == ({old, young}, {old, young})
    from tests.cases.conftest import open_case

    case = open_case(coordinator, partner)
    Case.objects.filter(pk=case.pk).update(
        status="closed", retention_start=timezone.localdate() - 1900 * DAY
    )
    case_kind = RetentionKind.CASE_CLOSED
    assert (
        set(services.expired_cases(services.cutoff_in_query(case_kind, now), now))
        == set(services.expired_cases(services.cutoff_for(case_kind, now), now))
        == {case}
    )
