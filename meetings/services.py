"""Writes for meetings, agenda, minutes and actions. Every state change goes through
a function here; locked (finalised) minutes are refused in each of them."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Mapping

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.backends import forget_loaded
from accounts.models import User
from cases import services as case_services
from cases.constants import CaseStatus, RiskLevel, TimelineKind
from cases.models import Case
from lelystad_radicalisering.exceptions import ApplicationError
from lelystad_radicalisering.notices import announce
from lelystad_radicalisering.roles import Role
from lelystad_radicalisering.tasks import enqueue_after_commit
from network.models import Organisation

from . import notices, selectors
from .constants import ACTION_TRANSITIONS, MAX_RECURRENCES, ActionStatus, ItemKind, Presence
from .invitations import cancellation_emails
from .models import (
    Action,
    Addendum,
    AgendaItem,
    Attendance,
    Meeting,
    MeetingParticipant,
    StatementConfirmation,
)
from .tasks import meeting_send_invitations


class MinutesLocked(ApplicationError):
    pass


def _locked_meeting(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def _require_open_minutes(meeting: Meeting) -> None:
    if meeting.is_finalised:
        raise MinutesLocked(
            _("The minutes of this meeting have been finalised. Add an addendum instead.")
        )


def _clean(text: str) -> str:
    return text.strip()


def _check_chair(chair: User) -> None:
    if not chair.has_role(Role.COORDINATOR):
        raise ApplicationError(_("The chair must be an active coordinator."), field="chair")


@transaction.atomic
def meeting_create(
    *,
    coordinator: User,
    starts_at: datetime.datetime,
    duration_minutes: int,
    chair: User,
    invited_organisations: Iterable[Organisation],
    location: str = "",
    online_url: str = "",
    repeat_every_weeks: int | None = None,
    repeat_count: int | None = None,
) -> list[Meeting]:
    """One meeting, or a series of ``repeat_count`` meetings ``repeat_every_weeks``
    apart (same local time of day, also across a change to summer time)."""
    _check_chair(chair)
    organisations = list(invited_organisations)
    if not organisations:
        raise ApplicationError(
            _("Invite at least one organisation."), field="invited_organisations"
        )
    if not location.strip() and not online_url.strip():
        raise ApplicationError(_("Give a place or an online meeting link."), field="location")
    count = repeat_count or 1
    if count > MAX_RECURRENCES:
        raise ApplicationError(
            _("At most %(count)s meetings can be created in one go.") % {"count": MAX_RECURRENCES},
            field="repeat_count",
        )
    if count > 1 and not repeat_every_weeks:
        raise ApplicationError(_("Say how many weeks apart."), field="repeat_every_weeks")
    series = uuid.uuid4() if count > 1 else None
    local_start = timezone.localtime(starts_at)
    meetings = []
    for index in range(count):
        day = local_start.date() + datetime.timedelta(weeks=(repeat_every_weeks or 0) * index)
        moment = timezone.make_aware(datetime.datetime.combine(day, local_start.time()))
        meeting = Meeting.objects.create(
            starts_at=moment,
            duration_minutes=duration_minutes,
            location=_clean(location),
            online_url=online_url.strip(),
            chair=chair,
            series=series,
            created_by=coordinator,
        )
        meeting.invited_organisations.set(organisations)
        meetings.append(meeting)
    return meetings


@transaction.atomic
def meeting_update(
    *,
    coordinator: User,
    meeting: Meeting,
    starts_at: datetime.datetime,
    duration_minutes: int,
    chair: User,
    invited_organisations: Iterable[Organisation],
    location: str = "",
    online_url: str = "",
) -> Meeting:
    meeting = _locked_meeting(meeting)
    _require_open_minutes(meeting)
    _check_chair(chair)
    organisations = list(invited_organisations)
    if not organisations:
        raise ApplicationError(
            _("Invite at least one organisation."), field="invited_organisations"
        )
    if not location.strip() and not online_url.strip():
        raise ApplicationError(_("Give a place or an online meeting link."), field="location")
    changed_for_calendar = (
        meeting.starts_at != starts_at
        or meeting.duration_minutes != duration_minutes
        or meeting.location != _clean(location)
        or meeting.online_url != online_url.strip()
    )
    meeting.starts_at = starts_at
    meeting.duration_minutes = duration_minutes
    meeting.location = _clean(location)
    meeting.online_url = online_url.strip()
    meeting.chair = chair
    fields = ["starts_at", "duration_minutes", "location", "online_url", "chair"]
    if changed_for_calendar:
        # Calendars replace the earlier invitation when the sequence grows.
        meeting.ical_sequence += 1
        fields.append("ical_sequence")
    meeting.save(update_fields=fields)
    meeting.invited_organisations.set(organisations)
    return meeting


@transaction.atomic
def meeting_cancel(*, coordinator: User, meeting: Meeting) -> None:
    """Cancel a meeting that has not taken place: invitees get a cancellation."""
    meeting = _locked_meeting(meeting)
    _require_open_minutes(meeting)
    if (
        meeting.items.exclude(notes="", decisions="").exists()
        or Action.objects.filter(agenda_item__meeting=meeting).exists()
    ):
        raise ApplicationError(
            _("This meeting already has minutes or actions; it cannot be cancelled.")
        )
    if meeting.invitations_sent_at:
        # Built now: after the delete there is nothing left for a task to read.
        messages = cancellation_emails(meeting)
        transaction.on_commit(lambda: [message.send() for message in messages], robust=True)
    meeting.delete()


@transaction.atomic
def invitations_send(*, coordinator: User, meeting: Meeting) -> Meeting:
    meeting = _locked_meeting(meeting)
    _require_open_minutes(meeting)

    meeting.invitations_sent_at = timezone.now()
    meeting.save(update_fields=["invitations_sent_at"])
    enqueue_after_commit(meeting_send_invitations, meeting.pk, meeting.ical_sequence)
    announce(kind=notices.MEETING_INVITED, source_id=meeting.pk, actor=coordinator)
    return meeting


# Agenda


def _agenda_changed(meeting: Meeting, coordinator: User) -> None:
    """Invitees hear of a changed agenda once per burst: while a recipient has
    an unread "agenda changed" for this meeting, further changes (every drag of
    a reorder) add nothing (the kind is coalesced, see meetings.notices)."""
    announce(kind=notices.AGENDA_CHANGED, source_id=meeting.pk, actor=coordinator)


def _check_review_kind(kind: str, case: Case) -> None:
    if kind == ItemKind.PERIODIC_REVIEW and not case.is_included:
        raise ApplicationError(
            _("Only a case in the person-oriented approach has a periodic review."), field="kind"
        )


@transaction.atomic
def agenda_item_add(
    *,
    coordinator: User,
    meeting: Meeting,
    kind: str,
    case: Case | None = None,
    topic: str = "",
    minutes_planned: int = 10,
) -> AgendaItem:
    meeting = _locked_meeting(meeting)
    _require_open_minutes(meeting)
    topic = " ".join(topic.split())
    if kind == ItemKind.OTHER:
        if case is not None:
            raise ApplicationError(_("Another topic is not about a case."), field="case")
        if not topic:
            raise ApplicationError(_("Describe the topic in neutral words."), field="topic")
    else:
        if case is None:
            raise ApplicationError(_("Choose a case."), field="case")
        if case.is_closed:
            raise ApplicationError(_("This case is closed."), field="case")
        if meeting.items.filter(case=case).exists():
            raise ApplicationError(_("This case is already on the agenda."), field="case")
        _check_review_kind(kind, case)
        topic = ""
    last = meeting.items.aggregate(last=Max("position"))["last"]
    _agenda_changed(meeting, coordinator)
    return AgendaItem.objects.create(
        meeting=meeting,
        kind=kind,
        case=case,
        topic=topic,
        minutes_planned=minutes_planned,
        position=0 if last is None else last + 1,
    )


@transaction.atomic
def agenda_item_update(
    *, coordinator: User, item: AgendaItem, kind: str, minutes_planned: int, topic: str = ""
) -> AgendaItem:
    _require_open_minutes(_locked_meeting(item.meeting))
    topic = " ".join(topic.split())
    if (kind == ItemKind.OTHER) != (item.case_id is None):
        raise ApplicationError(
            _("A case item cannot become another topic, or the other way round."), field="kind"
        )
    if item.case_id is None and not topic:
        raise ApplicationError(_("Describe the topic in neutral words."), field="topic")
    if item.case_id is not None:
        _check_review_kind(kind, item.case)
    item.kind = kind
    item.minutes_planned = minutes_planned
    item.topic = topic if item.case_id is None else ""
    item.save(update_fields=["kind", "minutes_planned", "topic"])
    _agenda_changed(item.meeting, coordinator)
    return item


@transaction.atomic
def agenda_item_remove(*, coordinator: User, item: AgendaItem) -> None:
    _require_open_minutes(_locked_meeting(item.meeting))
    if item.notes or item.decisions or item.actions.exists():
        raise ApplicationError(_("This item has minutes or actions and cannot be removed."))
    _agenda_changed(item.meeting, coordinator)
    item.delete()


@transaction.atomic
def agenda_reorder(*, coordinator: User, meeting: Meeting, item_ids: list[int]) -> None:
    """Put the items in the given order. The list must hold every item once."""
    meeting = _locked_meeting(meeting)
    _require_open_minutes(meeting)
    items = {item.pk: item for item in meeting.items.all()}
    if sorted(item_ids) != sorted(items) or len(set(item_ids)) != len(item_ids):
        raise ApplicationError(_("The agenda has changed in the meantime. Reload the page."))
    moved = False
    for position, pk in enumerate(item_ids):
        item = items[pk]
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])
            moved = True
    if moved:
        _agenda_changed(meeting, coordinator)


def agenda_item_move(*, coordinator: User, item: AgendaItem, direction: str) -> None:
    """The keyboard and no-JavaScript way of reordering: one place up or down."""
    ids = list(item.meeting.items.order_by("position", "pk").values_list("pk", flat=True))
    index = ids.index(item.pk)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(ids):
        ids[index], ids[target] = ids[target], ids[index]
    agenda_reorder(coordinator=coordinator, meeting=item.meeting, item_ids=ids)


# Chairing


@transaction.atomic
def current_item_set(*, coordinator: User, meeting: Meeting, item: AgendaItem) -> None:
    meeting = _locked_meeting(meeting)
    if meeting.is_finalised or meeting.current_item_id == item.pk:
        return
    meeting.current_item = item
    meeting.save(update_fields=["current_item"])


@transaction.atomic
def minutes_save(*, author: User, item: AgendaItem, notes: str, decisions: str) -> AgendaItem:
    """Autosave and the save button both come here; locked minutes refuse."""
    _require_open_minutes(_locked_meeting(item.meeting))
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    notes, decisions = notes.rstrip(), decisions.rstrip()
    if item.notes == notes and item.decisions == decisions:
        return item
    item.notes = notes
    item.decisions = decisions
    item.notes_updated_at = timezone.now()
    item.notes_updated_by = author
    item.save(update_fields=["notes", "decisions", "notes_updated_at", "notes_updated_by"])
    return item


@transaction.atomic
def decision_record(
    *,
    coordinator: User,
    item: AgendaItem,
    text: str,
    status: str = "",
    risk_level: str = "",
) -> AgendaItem:
    """A decision of the meeting: appended to the item's decisions, written in the
    case timeline, and, when chosen, a new case status or risk level."""
    meeting = _locked_meeting(item.meeting)
    _require_open_minutes(meeting)
    case = item.case
    text = text.strip()
    if case is None:
        raise ApplicationError(_("Decisions on a case need a case item."))
    if not text and not status and not risk_level:
        raise ApplicationError(_("Write the decision or choose a change."), field="text")
    status_changed = bool(status) and status != case.status
    if status_changed:
        case_services.case_status_set(coordinator=coordinator, case=case, status=status)
    if risk_level:
        case_services.risk_assessment_add(
            assessor=coordinator,
            case=case,
            level=risk_level,
            risk_notes=_("Decided in the case consultation of %(date)s.")
            % {"date": timezone.localtime(meeting.starts_at).strftime("%d-%m-%Y")},
        )
    lines = [text] if text else []
    if status_changed:
        lines.append(_("Status: %(status)s") % {"status": CaseStatus(status).label})
    if risk_level:
        lines.append(_("Risk level: %(level)s") % {"level": RiskLevel(risk_level).label})
    decision = "\n".join(lines)
    case_services.timeline_event_add(
        case=case, kind=TimelineKind.MEETING, user=coordinator, text=decision
    )
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    item.decisions = f"{item.decisions}\n{decision}".strip()
    item.notes_updated_at = timezone.now()
    item.notes_updated_by = coordinator
    item.save(update_fields=["decisions", "notes_updated_at", "notes_updated_by"])
    return item


@transaction.atomic
def review_record(
    *, coordinator: User, item: AgendaItem, outcome: str, reasoning: str, end_effect: str = ""
) -> AgendaItem:
    """The periodic review (PGA law) decided in the meeting: recorded on the case
    by cases.services and noted in the item's decisions."""
    meeting = _locked_meeting(item.meeting)
    _require_open_minutes(meeting)
    if item.kind != ItemKind.PERIODIC_REVIEW or item.case is None:
        raise ApplicationError(_("Only a periodic review item records a review."))
    meeting_date = timezone.localtime(meeting.starts_at).date()
    if meeting_date > timezone.localdate():
        raise ApplicationError(_("A review is recorded in or after the meeting."))
    decision = case_services.inclusion_review_record(
        chair=coordinator,
        case=item.case,
        outcome=outcome,
        reasoning=reasoning,
        meeting_date=meeting_date,
        end_effect=end_effect,
    )
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    line = str(decision.get_kind_display())
    item.decisions = f"{item.decisions}\n{line}".strip()
    item.notes_updated_at = timezone.now()
    item.notes_updated_by = coordinator
    item.save(update_fields=["decisions", "notes_updated_at", "notes_updated_by"])
    return item


@transaction.atomic
def attendance_record(*, coordinator: User, meeting: Meeting, presence: Mapping[int, str]) -> None:
    """``presence`` maps invited organisation ids to a presence; empty clears it."""
    meeting = _locked_meeting(meeting)
    _require_open_minutes(meeting)
    invited = set(meeting.invited_organisations.values_list("pk", flat=True))
    if not set(presence) <= invited:
        raise ApplicationError(_("Only invited organisations can attend."))
    existing = {a.organisation_id: a for a in meeting.attendance.all()}
    for organisation_id, value in presence.items():
        row = existing.get(organisation_id)
        if not value:
            if row:
                row.delete()
            continue
        if value not in Presence.values:
            raise ApplicationError(_("Choose a valid presence."))
        if row is None:
            Attendance.objects.create(
                meeting=meeting,
                organisation_id=organisation_id,
                presence=value,
                recorded_by=coordinator,
            )
        elif row.presence != value:
            row.presence = value
            row.recorded_by = coordinator
            row.save(update_fields=["presence", "recorded_by", "recorded_at"])


@transaction.atomic
def meeting_finalise(*, coordinator: User, meeting: Meeting) -> Meeting:
    """Lock the minutes. From now on corrections are addenda."""
    meeting = _locked_meeting(meeting)
    _require_open_minutes(meeting)
    if meeting.starts_at > timezone.now():
        raise ApplicationError(_("A meeting can only be finalised once it has started."))
    meeting.finalised_at = timezone.now()
    meeting.finalised_by = coordinator
    meeting.current_item = None
    meeting.save(update_fields=["finalised_at", "finalised_by", "current_item"])
    for item in (
        meeting.items.filter(case__isnull=False)
        .exclude(notes="", decisions="")
        .select_related("case")
    ):
        case_services.timeline_event_add(
            case=item.case,
            kind=TimelineKind.MEETING,
            user=coordinator,
            text=_("Discussed in the case consultation of %(date)s; the minutes are final.")
            % {"date": timezone.localtime(meeting.starts_at).strftime("%d-%m-%Y")},
        )
    announce(kind=notices.MINUTES_FINAL, source_id=meeting.pk, actor=coordinator)
    return meeting


@transaction.atomic
def addendum_add(
    *, coordinator: User, meeting: Meeting, text: str, item: AgendaItem | None = None
) -> Addendum:
    meeting = _locked_meeting(meeting)
    if not meeting.is_finalised:
        raise ApplicationError(_("Change the minutes themselves until they are finalised."))
    text = text.strip()
    if not text:
        raise ApplicationError(_("Write the addendum."), field="text")
    if item is not None and item.meeting_id != meeting.pk:
        raise ApplicationError(_("Choose an item of this meeting."), field="item")
    return Addendum.objects.create(meeting=meeting, item=item, text=text, author=coordinator)


# Actions


@transaction.atomic
def action_create(
    *,
    coordinator: User,
    case: Case,
    description: str,
    owner_organisation: Organisation,
    due_on: datetime.date,
    owner: User | None = None,
    agenda_item: AgendaItem | None = None,
) -> Action:
    # An action is about the person: only once they are included (PGA law).
    case = case_services.case_lock_for_plan(case)
    if agenda_item is not None:
        _require_open_minutes(_locked_meeting(agenda_item.meeting))
        if agenda_item.case_id != case.pk:
            raise ApplicationError(_("Choose an item of this case."))
    description = description.strip()
    if not description:
        raise ApplicationError(_("Describe the action."), field="description")
    if not selectors.action_owner_choices(case).filter(pk=owner_organisation.pk).exists():
        raise ApplicationError(
            _("The organisation must be involved in this case."), field="owner_organisation"
        )
    if owner is not None and (
        not owner.is_active or owner.organisation_id != owner_organisation.pk
    ):
        raise ApplicationError(
            _("The person must be an active user of the chosen organisation."), field="owner"
        )
    if due_on < timezone.localdate() - datetime.timedelta(days=1):
        raise ApplicationError(_("The due date has passed."), field="due_on")
    action = Action.objects.create(
        case=case,
        agenda_item=agenda_item,
        description=description,
        owner_organisation=owner_organisation,
        owner=owner,
        due_on=due_on,
        created_by=coordinator,
    )
    announce(kind=notices.ACTION_ASSIGNED, source_id=action.pk, actor=coordinator)
    return action


@transaction.atomic
def action_set_status(*, user: User, action: Action, status: str, note: str = "") -> Action:
    action = Action.objects.select_for_update().get(pk=action.pk)
    if status not in ACTION_TRANSITIONS[action.status]:
        raise ApplicationError(
            _("This action is already %(status)s.")
            % {"status": ActionStatus(action.status).label.lower()},
            field="status",
        )
    note = note.strip()
    if status == ActionStatus.CANCELLED and not note:
        raise ApplicationError(_("Say why the action is cancelled."), field="note")
    action.status = status
    action.completion_note = note
    action.completed_at = timezone.now()
    action.completed_by = user
    action.save(update_fields=["status", "completion_note", "completed_at", "completed_by"])
    return action


# Named participants and the confidentiality statement


@transaction.atomic
def statement_confirm(*, user: User, version: int) -> StatementConfirmation:
    """``user`` confirms the statement ``version`` they read; only the newest counts."""
    statement = selectors.current_statement()
    if statement is None or statement.version != version:
        raise ApplicationError(
            _("The statement has changed in the meantime. Read the new version and confirm again.")
        )
    confirmation = StatementConfirmation.objects.create(statement=statement, user=user)
    # Later checks in this request ask again.
    forget_loaded(user, selectors.STATEMENT_ATTRIBUTE)
    return confirmation


@transaction.atomic
def participants_set(*, coordinator: User, meeting: Meeting, users: Iterable[User]) -> None:
    """The named participants: people of invited organisations, and coordinators."""
    meeting = _locked_meeting(meeting)
    _require_open_minutes(meeting)
    users = list(users)
    allowed = set(selectors.participant_choices(meeting).values_list("pk", flat=True))
    if not {u.pk for u in users} <= allowed:
        raise ApplicationError(
            _("Participants must be active users of an invited organisation."), field="users"
        )
    existing = {p.user_id: p for p in meeting.participants.all()}
    wanted = {u.pk for u in users}
    for user_id, participant in existing.items():
        if user_id not in wanted:
            if participant.presence:
                raise ApplicationError(
                    _("A participant whose attendance is recorded cannot be removed."),
                    field="users",
                )
            participant.delete()
    for user in users:
        if user.pk not in existing:
            MeetingParticipant.objects.create(meeting=meeting, user=user, added_by=coordinator)


@transaction.atomic
def participant_presence_record(
    *, coordinator: User, meeting: Meeting, presence: Mapping[int, str]
) -> None:
    """``presence`` maps participant ids to a presence; empty clears it."""
    meeting = _locked_meeting(meeting)
    _require_open_minutes(meeting)
    participants = {p.pk: p for p in meeting.participants.all()}
    if not set(presence) <= set(participants):
        raise ApplicationError(_("Only named participants can attend."))
    for pk, value in presence.items():
        if value and value not in Presence.values:
            raise ApplicationError(_("Choose a valid presence."))
        participant = participants[pk]
        if participant.presence != value:
            participant.presence = value
            participant.save(update_fields=["presence"])
