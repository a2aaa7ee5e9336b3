"""Reads for case files. Every permission filter on cases lives here; django-guardian's
object permissions are the single source of truth for partners."""

from __future__ import annotations

import datetime

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from lelystad_radicalisering.roles import Role
from network.models import Organisation

from .constants import (
    CHANGE_CASE,
    VIEW_CASE,
    CaseStatus,
    InclusionStatus,
    InformingState,
    Visibility,
)
from .models import (
    Case,
    CaseGroupObjectPermission,
    CaseUserObjectPermission,
    Factor,
    Goal,
    Handover,
    InclusionDecision,
    Informing,
    Intervention,
    Involvement,
    RiskAssessment,
    TimelineEntry,
)
from .page_parts import case_children


def cases_visible_to(user: User) -> QuerySet[Case]:
    """Coordinators see every case; a partner sees the cases its organisation's
    group holds view permission on (and, after closing, only during the grace
    period); other roles see none."""
    if sees_every_case(user):
        return Case.objects.all()
    if not user.is_authenticated or not user.is_active:
        return Case.objects.none()
    if user.role != Role.PARTNER:
        return Case.objects.none()
    # The group ids as constants (one small query): the planner then knows how
    # many cases the organisation holds, and hashes instead of looping when
    # that is tens of thousands.
    return _partner_cases(group_ids=user.group_ids(), organisation_id=user.organisation_id)


def sees_every_case(user: User) -> bool:
    """The first rule of ``cases_visible_to``: an active coordinator sees every
    case. Selectors of what hangs under a case ask it to skip the join."""
    return user.is_authenticated and user.is_active and user.role == Role.COORDINATOR


def _case_visible_to(user: User) -> QuerySet[Case]:
    """``cases_visible_to`` for reading one case by its key: the user's groups
    as a subquery (no planner to help for one row, and one query less), and
    for a partner whether it may change the case (``permissions.can_change``)."""
    if not user.is_authenticated or not user.is_active or user.role != Role.PARTNER:
        return cases_visible_to(user)
    group_ids = user.groups.values("pk")
    return _partner_cases(group_ids=group_ids, organisation_id=user.organisation_id).annotate(
        partner_may_change=_holds_permission(CHANGE_CASE, user=user, group_ids=group_ids)
    )


def _holds_permission(perm: str, *, user: User, group_ids) -> Exists | Value:
    """django-guardian's object permission check (``user.has_perm(perm, case)``)
    as an expression on the case row: a superuser holds every permission, others
    hold it directly or through one of their groups."""
    if user.is_superuser:
        return Value(True)
    through_user = CaseUserObjectPermission.objects.filter(
        user_id=user.pk, permission_id=_permission_id(perm), content_object_id=OuterRef("pk")
    )
    through_group = _held_by_groups(perm, group_ids).filter(content_object_id=OuterRef("pk"))
    return Exists(through_user) | Exists(through_group)


def _permission_id(perm: str) -> Subquery:
    return Subquery(
        Permission.objects.filter(
            codename=perm.split(".")[1], content_type__app_label="cases"
        ).values("pk")
    )


def _held_by_groups(perm: str, group_ids) -> QuerySet[CaseGroupObjectPermission]:
    """Guardian's rows that give ``perm`` on a case to one of ``group_ids``."""
    return CaseGroupObjectPermission.objects.filter(
        group_id__in=group_ids, permission_id=_permission_id(perm)
    )


def cases_visible_to_organisation(organisation: Organisation) -> QuerySet[Case]:
    """What a partner of ``organisation`` sees: the rule of ``cases_visible_to``
    for output made per organisation (the minutes, notifications)."""
    return _partner_cases(group_ids=[organisation.group_id], organisation_id=organisation.pk)


def _partner_cases(*, group_ids: list[int] | QuerySet, organisation_id: int) -> QuerySet[Case]:
    # Guardian's rule on its direct FK table (view permission held by one of the
    # groups), written as uncorrelated ``pk IN (SELECT ...)`` subqueries:
    # PostgreSQL hashes each id set once. get_objects_for_user ORs a user and a
    # group subquery, which forces a sequential scan of every case, and a
    # correlated EXISTS probes per case; bench/permission_query.py measures all three.
    permitted = _held_by_groups(VIEW_CASE, group_ids).values("content_object_id")
    # Time limits (end date, covenant, active organisation) hold on the very
    # request they pass, before the expiry job takes the permissions away.
    current_involvement = (
        Involvement.objects.current().filter(organisation_id=organisation_id).values("case_id")
    )
    return Case.objects.filter(
        Q(partner_access_until__isnull=True) | Q(partner_access_until__gt=timezone.now()),
        pk__in=permitted,
    ).filter(pk__in=current_involvement)


def case_for_user_or_404(user: User, pk: int, *, perm: str = VIEW_CASE) -> Case:
    """The one access rule for every page under a case. 404 for missing and
    forbidden alike."""
    try:
        case = _case_visible_to(user).select_related("legal_basis").get(pk=pk)
    except (Case.DoesNotExist, ValueError) as error:
        raise Http404 from error
    if perm == CHANGE_CASE and user.role == Role.PARTNER and not case.partner_may_change:
        raise Http404
    return case


def case_list(user: User, *, q: str = "", status: str = "", pillar: str = "") -> QuerySet[Case]:
    cases = cases_visible_to(user)
    if status:
        cases = cases.filter(status=status)
    if pillar:
        cases = cases.filter(pillar=pillar)
    if q:
        cases = cases.filter(Q(reference__icontains=q) | Q(label__icontains=q))
    # A correlated subquery, evaluated only for the rows of the page shown; a
    # join + GROUP BY would count the involvements of every visible case.
    involved = (
        Involvement.objects.current()
        .filter(case=OuterRef("pk"))
        .order_by()
        .values("case")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return cases.annotate(organisation_count=Coalesce(Subquery(involved), 0)).order_by(
        "-created_at"
    )


def partner_timeline_rule(organisation_id: int) -> Q:
    """Need to know, in the database: a partner of ``organisation_id`` reads timeline
    entries shared with all, with its organisation, or written by its organisation."""
    shared = TimelineEntry.shared_with.through.objects.filter(
        timelineentry_id=OuterRef("pk"), organisation_id=organisation_id
    )
    return (
        Q(visibility=Visibility.ALL_INVOLVED)
        | Q(Exists(shared), visibility=Visibility.SELECTED)
        # What partners of the own organisation wrote, never the coordinator's
        # notes (coordinators may belong to an organisation with partner users).
        | Q(organisation_id=organisation_id, author__role=Role.PARTNER)
    )


def case_readers(
    case: Case, *, entry: TimelineEntry | None = None, organisation_id: int | None = None
) -> QuerySet[User]:
    """The active users who may read ``case`` (and, given, ``entry`` on its
    timeline) by ``cases_visible_to`` and ``timeline_for``: the coordinators, and
    the partners of every organisation (or of ``organisation_id``) the case is
    visible to."""
    organisation_ids = []
    involvements = Involvement.objects.current().filter(case=case)
    if organisation_id is not None:
        involvements = involvements.filter(organisation_id=organisation_id)
    involved = Organisation.objects.filter(pk__in=involvements.values("organisation_id"))
    # Two small queries per involved organisation (a handful per case), so that
    # the rule is the pages' own and not a copy.
    for organisation in involved:
        if not cases_visible_to_organisation(organisation).filter(pk=case.pk).exists():
            continue
        if entry is not None and not (
            TimelineEntry.objects.filter(pk=entry.pk)
            .filter(partner_timeline_rule(organisation.pk))
            .exists()
        ):
            continue
        organisation_ids.append(organisation.pk)
    return User.objects.filter(is_active=True).filter(
        Q(role=Role.COORDINATOR) | Q(role=Role.PARTNER, organisation_id__in=organisation_ids)
    )


def timeline_for(user: User, case: Case) -> QuerySet[TimelineEntry]:
    """The entries ``user`` may read; ``with_shared_with`` adds whom they were
    shared with, for the entries that name them."""
    entries = case.timeline.select_related("author", "organisation")
    if user.role == Role.COORDINATOR:
        return entries
    return entries.filter(partner_timeline_rule(user.organisation_id))


def with_shared_with(entries) -> list[TimelineEntry]:
    """``entries`` as a list, the organisations read for those shared with
    chosen organisations: only they name them, so no query when none is."""
    entries = list(entries)
    prefetch_related_objects(
        [entry for entry in entries if entry.visibility == Visibility.SELECTED], "shared_with"
    )
    return entries


def case_detail_data(user: User, case: Case) -> dict:
    assessments = list(
        RiskAssessment.objects.filter(case=case)
        .select_related("assessed_by")
        .prefetch_related("risk_factors", "protective_factors")
    )
    # For the confirmation of ending an involvement: who loses access.
    active_users = (
        User.objects.filter(organisation=OuterRef("organisation"), is_active=True)
        .order_by()
        .values("organisation")
        .annotate(count=Count("pk"))
        .values("count")
    )
    involvements = list(
        case.involvements.select_related("organisation")
        .annotate(
            active_users=Coalesce(Subquery(active_users), 0),
            # current_organisations() read from these rows, not once more.
            is_current=Exists(Involvement.objects.current().filter(pk=OuterRef("pk"))),
        )
        .order_by("organisation__name")
    )
    timeline = with_shared_with(timeline_for(user, case)[:200])
    return {
        "persons": list(case.persons.select_related("neighbourhood")),
        "assessments": assessments,
        "latest_assessment": assessments[0] if assessments else None,
        "involvements": involvements,
        # The rows of current_organisations(case), in its order (by name).
        "current_organisations": [i.organisation for i in involvements if i.is_current],
        "goals": list(case.goals.order_by("pk")),
        "interventions": list(case.interventions.select_related("organisation", "goal")),
        "timeline": timeline,
        "signals": list(case.signals.select_related("organisation"))
        if user.role == Role.COORDINATOR
        else [],
    }


def involvement_for_case_or_404(case: Case, pk: int) -> Involvement:
    try:
        return case.involvements.select_related("organisation").get(pk=pk)
    except Involvement.DoesNotExist as error:
        raise Http404 from error


def active_factors() -> list[Factor]:
    """Every active risk and protective factor, for both lists of the assessment form."""
    return list(Factor.objects.filter(is_active=True).order_by("name"))


def current_organisations(case: Case):
    """Organisations involved in the case today (for sharing and interventions)."""
    return Organisation.objects.filter(
        pk__in=Involvement.objects.current().filter(case=case).values("organisation_id")
    ).order_by("name")


# The person-oriented approach (PGA law)


def inclusion_data(case: Case) -> dict:
    """The decisions and the informing state of a case (coordinator only)."""
    decisions = list(
        case.inclusion_decisions.select_related("decided_by", "legal_basis").prefetch_related(
            "persons", "criteria"
        )
    )
    informing = {i.person_id: i for i in case.informing.select_related("deferral_reason")}
    included = {
        person
        for decision in decisions
        if decision.kind == "include"
        for person in decision.persons.all()
    }
    return {
        "decisions": decisions,
        "informing_rows": [
            (person, informing.get(person.pk))
            for person in sorted(included, key=lambda p: p.full_name)
        ],
    }


def review_is_overdue_beyond_grace(case: Case, today: datetime.date | None = None) -> bool:
    """The warning everyone who opens the case sees."""
    today = today or timezone.localdate()
    return (
        case.inclusion_status == InclusionStatus.INCLUDED
        and case.review_due_on is not None
        and case.review_due_on + datetime.timedelta(days=settings.PGA_REVIEW_GRACE_DAYS) < today
    )


def included_cases() -> QuerySet[Case]:
    return Case.objects.filter(inclusion_status=InclusionStatus.INCLUDED).exclude(
        status=CaseStatus.CLOSED
    )


def reviews_due_by(day: datetime.date) -> QuerySet[Case]:
    """Included cases whose periodic review falls due on or before ``day``."""
    return included_cases().filter(review_due_on__lte=day).order_by("review_due_on", "reference")


def overdue_reviews(today: datetime.date | None = None) -> QuerySet[Case]:
    return reviews_due_by((today or timezone.localdate()) - datetime.timedelta(days=1))


def overdue_deferrals(today: datetime.date | None = None) -> QuerySet[Informing]:
    """Deferred informing whose review date has passed, of cases still open."""
    today = today or timezone.localdate()
    return (
        Informing.objects.filter(state=InformingState.DEFERRED, review_on__lt=today)
        .exclude(case__status=CaseStatus.CLOSED)
        .select_related("case", "deferral_reason")
        .order_by("review_on", "pk")
    )


def decisions_of_person(person) -> QuerySet[InclusionDecision]:
    """For the data subject's access request (privacy)."""
    return (
        InclusionDecision.objects.filter(persons=person)
        .select_related("case", "legal_basis")
        .prefetch_related("criteria")
    )


def informing_of_person(person) -> QuerySet[Informing]:
    return Informing.objects.filter(person=person).select_related("case", "deferral_reason")


def handover_for_case_or_404(case: Case, pk: int) -> Handover:
    try:
        return case.handovers.select_related("person", "legal_basis", "created_by").get(pk=pk)
    except Handover.DoesNotExist as error:
        raise Http404 from error


def case_history(case: Case, *, limit: int = 500) -> QuerySet[LogEntry]:
    """The change history (not the reads) of a case and everything kept under it,
    newest first, for the coordinator's history page."""
    children = [
        (Involvement, "involvements"),
        (RiskAssessment, "assessments"),
        (Goal, "goals"),
        (Intervention, "interventions"),
        (TimelineEntry, "timeline"),
        *case_children(),
    ]
    # The ids of everything under the case in one query (UNION ALL, each part
    # tagged), then as constants in the log's filter: its object_pk index serves them.
    parts = [
        getattr(case, related_name)
        .order_by()
        .annotate(child=Value(index))
        .values_list("child", "pk")
        for index, (_model, related_name) in enumerate(children)
    ]
    ids: dict[int, list[str]] = {index: [] for index in range(len(children))}
    for index, pk in parts[0].union(*parts[1:], all=True):
        ids[index].append(str(pk))
    related = Q(content_type=ContentType.objects.get_for_model(Case), object_pk=str(case.pk))
    for index, (model, _related_name) in enumerate(children):
        related |= Q(
            content_type=ContentType.objects.get_for_model(model), object_pk__in=ids[index]
        )
    return (
        LogEntry.objects.filter(related)
        .exclude(action=LogEntry.Action.ACCESS)
        .select_related("actor", "content_type")
        .order_by("-timestamp")[:limit]
    )
