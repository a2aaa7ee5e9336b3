"""Reads for meetings and actions. The redaction rule lives here and nowhere else:
a partner sees an agenda item's label, minutes and actions only when its
organisation may see the case (``cases_visible_to``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import (
    BooleanField,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from accounts.backends import loaded_with_user
from accounts.models import User
from cases import selectors as case_selectors
from cases.constants import RISK_ORDER, CaseStatus
from cases.models import Case, Involvement, RiskAssessment
from cases.selectors import (
    cases_visible_to,
    cases_visible_to_organisation,
    sees_every_case,
    timeline_for,
    with_shared_with,
)
from lelystad_radicalisering.paging import exact_counts
from lelystad_radicalisering.roles import Role
from network.models import Organisation

from .constants import ActionStatus
from .models import (
    Action,
    Addendum,
    AgendaItem,
    Attendance,
    ConfidentialityStatement,
    Meeting,
    MeetingParticipant,
    StatementConfirmation,
)


def _partner_meetings(*, user_id, organisation_id) -> Q:
    """The one rule for partners (PGA law: the invitees are people). A partner sees a
    meeting their organisation is invited to and where they are a named participant.
    While a meeting has no named participants yet (being prepared), the invited
    organisation's partners see it; once anyone is named, only the named do.
    ``user_id`` and ``organisation_id`` are values or references to an outer query
    (``meeting_readers`` asks the same rule from the meeting's side)."""
    invited = Meeting.invited_organisations.through.objects.filter(
        meeting_id=OuterRef("pk"), organisation_id=organisation_id
    )
    named = MeetingParticipant.objects.filter(meeting_id=OuterRef("pk"))
    return Q(Exists(invited)) & (Q(Exists(named.filter(user_id=user_id))) | ~Q(Exists(named)))


def meetings_visible_to(user: User) -> QuerySet[Meeting]:
    """Coordinators see every meeting; a partner those of ``_partner_meetings``;
    other roles none."""
    if not user.is_authenticated or not user.is_active:
        return Meeting.objects.none()
    if user.role == Role.COORDINATOR:
        return Meeting.objects.all()
    if user.role != Role.PARTNER or user.organisation_id is None:
        return Meeting.objects.none()
    return Meeting.objects.filter(
        _partner_meetings(user_id=user.pk, organisation_id=user.organisation_id)
    )


def meeting_readers(meeting: Meeting) -> QuerySet[User]:
    """The active partners who see ``meeting`` by ``meetings_visible_to`` (the same
    rule, per user): the recipients of its invitations, agenda changes and minutes."""
    seen = Meeting.objects.filter(pk=meeting.pk).filter(
        _partner_meetings(
            user_id=OuterRef(OuterRef("pk")), organisation_id=OuterRef(OuterRef("organisation_id"))
        )
    )
    return User.objects.filter(is_active=True, role=Role.PARTNER).filter(Exists(seen))


def meeting_for_user_or_404(user: User, pk: int) -> Meeting:
    try:
        return meetings_visible_to(user).select_related("chair").get(pk=pk)
    except (Meeting.DoesNotExist, ValueError) as error:
        raise Http404 from error


def meeting_list(user: User, *, upcoming: bool) -> QuerySet[Meeting]:
    start_of_today = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(), datetime.time.min)
    )
    meetings = meetings_visible_to(user).select_related("chair")
    if upcoming:
        return meetings.filter(starts_at__gte=start_of_today).order_by("starts_at")
    return meetings.filter(starts_at__lt=start_of_today).order_by("-starts_at")


@dataclass
class AgendaRow:
    """An agenda item as one reader may see it. ``visible`` False means the reader
    gets "closed item" and nothing else: no kind, label, reference or time."""

    item: AgendaItem
    visible: bool
    starts_at: datetime.datetime
    actions: list[Action] = field(default_factory=list)
    addenda: list[Addendum] = field(default_factory=list)


def _with_case_visible(
    items: QuerySet[AgendaItem], user: User | None, organisation: Organisation | None
) -> QuerySet[AgendaItem]:
    """Each item annotated ``case_visible``: may the reader see its case? Read
    with the items (an EXISTS per item, on the case's primary key)."""
    if user is not None and user.role == Role.COORDINATOR and organisation is None:
        return items.annotate(case_visible=Value(True))
    if organisation is not None:
        visible = cases_visible_to_organisation(organisation)
    else:
        visible = cases_visible_to(user)
    return items.annotate(case_visible=Exists(visible.filter(pk=OuterRef("case_id"))))


def agenda_for(
    meeting: Meeting,
    *,
    user: User | None = None,
    organisation: Organisation | None = None,
    with_minutes: bool = False,
    with_previous_discussion: bool = False,
) -> list[AgendaRow]:
    """The agenda in order, redacted for ``user`` (a partner) or, for the
    per-organisation minutes, for ``organisation``. A fixed number of queries
    whatever the number of items. ``with_previous_discussion``: each item
    knows ``previous_discussion`` (the chair's case summary)."""
    items = meeting.items.select_related("case").order_by("position", "pk")
    if with_previous_discussion:
        items = items.annotate(
            previously_discussed=Subquery(
                _earlier_discussions(case_id=OuterRef("case_id"), starts_at=meeting.starts_at)[:1]
            )
        )
    items = list(_with_case_visible(items, user, organisation))
    actions: dict[int, list[Action]] = {}
    addenda: dict[int, list[Addendum]] = {}
    if with_minutes and items:
        for action in Action.objects.filter(agenda_item__meeting=meeting).select_related(
            "owner_organisation", "owner"
        ):
            actions.setdefault(action.agenda_item_id, []).append(action)
        for addendum in _addenda_of(meeting):
            if addendum.item_id is not None:
                addenda.setdefault(addendum.item_id, []).append(addendum)
    rows = []
    starts_at = meeting.starts_at
    for item in items:
        visible = item.case_id is None or item.case_visible
        rows.append(
            AgendaRow(
                item=item,
                visible=visible,
                starts_at=starts_at,
                actions=actions.get(item.pk, []) if visible else [],
                addenda=addenda.get(item.pk, []) if visible else [],
            )
        )
        starts_at += datetime.timedelta(minutes=item.minutes_planned)
    return rows


def item_for_meeting_or_404(meeting: Meeting, pk) -> AgendaItem:
    try:
        return meeting.items.select_related("case").get(pk=pk)
    except (AgendaItem.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def attendance_for(meeting: Meeting) -> list[tuple[Organisation, str]]:
    recorded = {a.organisation_id: a.presence for a in meeting.attendance.all()}
    return [
        (organisation, recorded.get(organisation.pk, ""))
        for organisation in meeting.invited_organisations.order_by("name")
    ]


def _addenda_of(meeting: Meeting) -> list[Addendum]:
    """All of the meeting's addenda, read once per meeting object: the minutes
    show those of the items and those of the meeting as a whole."""
    prefetch_related_objects(
        [meeting], Prefetch("addenda", queryset=Addendum.objects.select_related("author"))
    )
    return list(meeting.addenda.all())


def general_addenda(meeting: Meeting) -> list[Addendum]:
    return [addendum for addendum in _addenda_of(meeting) if addendum.item_id is None]


def _earlier_discussions(*, case_id, starts_at) -> QuerySet:
    return (
        AgendaItem.objects.filter(case_id=case_id, meeting__starts_at__lt=starts_at)
        .order_by("-meeting__starts_at")
        .values_list("meeting__starts_at", flat=True)
    )


def previous_discussion(item: AgendaItem) -> datetime.datetime | None:
    """When this case was last on an earlier meeting's agenda (read with the
    agenda where ``agenda_for`` was asked for it)."""
    if item.case_id is None:
        return None
    if "previously_discussed" in item.__dict__:
        return item.previously_discussed
    return _earlier_discussions(case_id=item.case_id, starts_at=item.meeting.starts_at).first()


def case_summary(user: User, item: AgendaItem) -> dict:
    """What the chair needs on screen for the current item: a fixed set of queries."""
    case = item.case
    if case is None:
        return {}
    since = previous_discussion(item)
    updates = timeline_for(user, case)
    if since is not None:
        updates = updates.filter(created_at__gt=since)
    latest = (
        RiskAssessment.objects.filter(case=case)
        .select_related("assessed_by")
        .order_by("-assessed_at", "-pk")
        .first()
    )
    # Who may own an action, marked whether involved today (every involved
    # organisation may own one): the choices and the involved, in one query.
    owners = list(
        action_owner_choices(case).annotate(
            involved=Exists(
                Involvement.objects.current().filter(case=case, organisation=OuterRef("pk"))
            )
        )
    )
    # The case's open actions and those agreed at this item, in one query.
    actions = list(
        case.actions.filter(Q(status=ActionStatus.OPEN) | Q(agenda_item=item)).select_related(
            "owner_organisation", "owner"
        )
    )
    return {
        "case": case,
        "persons": list(case.persons.all()),
        "latest_assessment": latest,
        "open_actions": [action for action in actions if action.status == ActionStatus.OPEN],
        "item_actions": [action for action in actions if action.agenda_item_id == item.pk],
        "since": since,
        "updates": with_shared_with(updates[:20]),
        "signals": list(case.signals.select_related("organisation"))
        if user.role == Role.COORDINATOR
        else [],
        "involved": [organisation for organisation in owners if organisation.involved],
        "owner_choices": owners,
    }


def review_suggestions(meeting: Meeting) -> list[Case]:
    """Included cases whose periodic review falls due on or before the meeting's
    day and that are not on its agenda yet: suggested as "periodic review"."""
    return list(
        case_selectors.reviews_due_by(timezone.localtime(meeting.starts_at).date()).exclude(
            agenda_items__meeting=meeting
        )
    )


def agenda_suggestions(meeting: Meeting, *, limit: int = 10) -> list[tuple[Case, list[str]]]:
    """Open cases not on this agenda yet with an overdue open action, or whose
    latest risk assessment is higher than the one before it."""
    today = timezone.localdate()
    recent = meeting.starts_at - datetime.timedelta(days=31)
    # Per case, the earliest due date of its open actions and the date of its
    # latest assessment: scalar subqueries, which PostgreSQL evaluates for the
    # cases it walks. Written as EXISTS, it hashed every overdue action of the
    # region first (60,000 rows, 40 ms at reference size) to return 30 cases.
    first_due = (
        Action.objects.filter(case=OuterRef("pk"), status=ActionStatus.OPEN)
        .order_by("due_on")
        .values("due_on")[:1]
    )
    last_assessed = (
        RiskAssessment.objects.filter(case=OuterRef("pk"))
        .order_by("-assessed_at")
        .values("assessed_at")[:1]
    )
    candidates = (
        Case.objects.exclude(status=CaseStatus.CLOSED)
        .exclude(agenda_items__meeting=meeting)
        .annotate(first_due=Subquery(first_due), last_assessed=Subquery(last_assessed))
        .prefetch_related(
            Prefetch(
                "assessments",
                queryset=RiskAssessment.objects.order_by("-assessed_at", "-pk").only(
                    "case_id", "level", "assessed_at"
                ),
            )
        )
    )
    # The risk rule needs the last two assessments per case; only cases with an
    # overdue action or an assessment since a month before the meeting qualify.
    # The first cases come straight from the reference index, in order.
    candidates = candidates.filter(Q(first_due__lt=today) | Q(last_assessed__gte=recent))
    suggestions = []
    for case in candidates.order_by("reference")[: limit * 3]:
        reasons = []
        if case.first_due is not None and case.first_due < today:
            reasons.append("overdue")
        assessments = list(case.assessments.all())
        if (
            len(assessments) >= 2
            and RISK_ORDER[assessments[0].level] > RISK_ORDER[assessments[1].level]
        ):
            reasons.append("risk")
        if reasons:
            suggestions.append((case, reasons))
    return suggestions[:limit]


def cases_for_agenda(meeting: Meeting, *, user: User) -> QuerySet[Case]:
    """The cases ``user`` may add: visible, open and not on the agenda yet.

    A search field's queryset: never listed whole (99,970 rows at reference size)."""
    return (
        cases_visible_to(user)
        .exclude(status=CaseStatus.CLOSED)
        .exclude(agenda_items__meeting=meeting)
        .order_by("reference")
    )


# Actions


def actions_visible_to(user: User) -> QuerySet[Action]:
    """An action is part of its case: whoever sees the case sees its actions."""
    if sees_every_case(user):
        return Action.objects.all()
    return Action.objects.filter(case__in=cases_visible_to(user))


def action_readers(action: Action) -> QuerySet[User]:
    """Who an action is for, among those who may see it (``actions_visible_to``):
    its person, otherwise its organisation; partners only while their
    organisation may see the case."""
    organisation = action.owner_organisation
    sees_case = cases_visible_to_organisation(organisation).filter(pk=action.case_id).exists()
    roles = [Role.COORDINATOR, Role.PARTNER] if sees_case else [Role.COORDINATOR]
    users = User.objects.filter(is_active=True, role__in=roles)
    if action.owner_id is not None and action.owner.is_active:
        return users.filter(pk=action.owner_id)
    return users.filter(organisation_id=organisation.pk)


def action_for_update_or_404(user: User, pk: int) -> Action:
    """Coordinators update every action; a partner only those of its own
    organisation in a case it can see."""
    actions = actions_visible_to(user)
    if user.role != Role.COORDINATOR:
        actions = actions.filter(owner_organisation_id=user.organisation_id)
    try:
        return actions.select_related("case").get(pk=pk)
    except (Action.DoesNotExist, ValueError) as error:
        raise Http404 from error


def action_list(user: User, *, status: str = "", overdue: bool = False) -> QuerySet[Action]:
    """A partner's list is its organisation's actions; the coordinator's all."""
    actions = actions_visible_to(user)
    if user.role != Role.COORDINATOR:
        actions = actions.filter(owner_organisation_id=user.organisation_id)
    if status:
        actions = actions.filter(status=status)
    if overdue:
        actions = actions.filter(status=ActionStatus.OPEN, due_on__lt=timezone.localdate())
    return actions.select_related("case", "owner_organisation", "owner").order_by("due_on", "pk")


def actions_of_case(case: Case) -> list[Action]:
    """On the case page: whoever sees the case sees its actions."""
    return list(
        case.actions.select_related("owner_organisation", "owner").order_by(
            "status", "due_on", "pk"
        )
    )


def overdue_actions() -> QuerySet[Action]:
    return (
        Action.objects.filter(status=ActionStatus.OPEN, due_on__lt=timezone.localdate())
        .select_related("case", "owner_organisation", "owner")
        .order_by("owner_organisation__name", "due_on", "pk")
    )


def action_owner_choices(case: Case) -> QuerySet[Organisation]:
    """Who can own an action: an organisation involved in the case today, or the
    municipality (the coordinators' organisation)."""
    coordinator_organisations = User.objects.filter(role=Role.COORDINATOR, is_active=True).values(
        "organisation_id"
    )
    # pk IN (SELECT organisation_id ...): no join over every involvement, no DISTINCT.
    return Organisation.objects.filter(
        Q(pk__in=Involvement.objects.current().filter(case=case).values("organisation_id"))
        | Q(pk__in=coordinator_organisations),
        is_active=True,
    ).order_by("name")


def action_owner_users(organisations) -> QuerySet[User]:
    """Who can be responsible for an action: an active partner or coordinator of
    one of ``organisations`` (``action_owner_choices``)."""
    return (
        User.objects.filter(
            organisation__in=organisations,
            is_active=True,
            role__in=[Role.PARTNER, Role.COORDINATOR],
        )
        .select_related("organisation")
        .order_by("organisation__name", "first_name", "last_name")
    )


def chair_choices() -> QuerySet[User]:
    """Who can chair a meeting: an active coordinator."""
    return (
        User.objects.filter(role=Role.COORDINATOR, is_active=True)
        .select_related("organisation")
        .order_by("first_name", "last_name")
    )


def attendance_rows(meeting: Meeting) -> list[Attendance]:
    return list(meeting.attendance.select_related("organisation"))


# Confidentiality statement and named participants


def current_statement():

    return ConfidentialityStatement.objects.order_by("-version").first()


# Whether the request's user confirmed the statement, loaded with the user in
# the user's own query (registered with accounts.backends in MeetingsConfig.ready()).
STATEMENT_ATTRIBUTE = "statement_confirmed"


def _newest_statement_confirmed(user, now: datetime.datetime | None) -> QuerySet:
    since = (now or timezone.now()) - relativedelta(
        months=settings.CONFIDENTIALITY_STATEMENT_MONTHS
    )
    return (
        ConfidentialityStatement.objects.order_by("-version")
        .annotate(
            confirmed=Exists(
                StatementConfirmation.objects.filter(
                    user=user, statement=OuterRef("pk"), confirmed_at__gt=since
                )
            )
        )
        .values_list("confirmed", flat=True)
    )


def statement_confirmed_expression() -> Coalesce:
    """``statement_is_confirmed`` for the user row the query reads (``OuterRef("pk")``)."""
    newest = _newest_statement_confirmed(OuterRef(OuterRef("pk")), None)[:1]
    return Coalesce(Subquery(newest), Value(True), output_field=BooleanField())


def statement_is_confirmed(user: User, *, now: datetime.datetime | None = None) -> bool:
    """Has ``user`` confirmed the newest version of the statement within the last
    CONFIDENTIALITY_STATEMENT_MONTHS months? (No statement at all: nothing to confirm.)"""
    loaded = loaded_with_user(user, STATEMENT_ATTRIBUTE) if now is None else None
    if loaded is not None:
        return loaded
    # One query: the newest version, and whether it is confirmed.
    confirmed = _newest_statement_confirmed(user, now).first()
    return confirmed is None or confirmed


def participants_of(meeting: Meeting):
    return list(meeting.participants.select_related("user", "user__organisation"))


def participant_choices(meeting: Meeting) -> QuerySet[User]:
    """Active partners of the invited organisations, and coordinators."""
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(role=Role.PARTNER, organisation__in=meeting.invited_organisations.all())
            | Q(role=Role.COORDINATOR)
        )
        .select_related("organisation")
        .order_by("organisation__name", "last_name", "first_name")
    )


def organisations_without_participants(meeting: Meeting) -> list[Organisation]:
    """Invited organisations of which nobody is named. Once anyone is named, their
    partners no longer see the meeting (``_partner_meetings``); the page says so."""
    if not meeting.participants.exists():
        return []
    named = meeting.participants.values("user__organisation_id")
    return list(meeting.invited_organisations.exclude(pk__in=named).order_by("name"))


def finalise_summary(meeting: Meeting, items: list[AgendaItem]) -> dict:
    """What finalising locks, in numbers, for the confirmation before it.
    ``items`` are the meeting's agenda items, already read for the page."""
    minuted = [item for item in items if item.notes or item.decisions]
    counts = exact_counts(
        {
            "actions": Action.objects.filter(agenda_item__meeting=meeting),
            "organisations": meeting.invited_organisations.all(),
        }
    )
    return {
        "total": len(items),
        "minuted": len(minuted),
        "cases": len({item.case_id for item in minuted if item.case_id}),
        **counts,
        "started": meeting.starts_at <= timezone.now(),
    }
