"""Reads for case files. Every permission filter on cases lives here; django-guardian's
object permissions are the single source of truth for partners."""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from accounts.constants import Role
from accounts.models import User

from .constants import CHANGE_CASE, VIEW_CASE, Visibility
from .models import Case, CaseGroupObjectPermission, Involvement, RiskAssessment, TimelineEntry


def cases_visible_to(user: User) -> QuerySet[Case]:
    """Coordinators see every case; a partner sees the cases its organisation's
    group holds view permission on (and, after closing, only during the grace
    period); other roles see none."""
    if not user.is_authenticated or not user.is_active:
        return Case.objects.none()
    if user.role == Role.COORDINATOR:
        return Case.objects.all()
    if user.role != Role.PARTNER:
        return Case.objects.none()
    # Guardian's rule on its direct FK table (view permission held by one of the
    # user's groups), written as uncorrelated ``pk IN (SELECT ...)`` subqueries:
    # PostgreSQL hashes each id set once. get_objects_for_user ORs a user and a
    # group subquery, which forces a sequential scan of every case, and a
    # correlated EXISTS probes per case; bench/permission_query.py measures all three.
    view_permission = Permission.objects.filter(
        codename=VIEW_CASE.split(".")[1], content_type__app_label="cases"
    ).values("pk")
    # The group ids as constants (one small query): the planner then knows how
    # many cases the organisation holds, and hashes instead of looping when
    # that is tens of thousands.
    group_ids = list(user.groups.values_list("pk", flat=True))
    permitted = CaseGroupObjectPermission.objects.filter(
        group_id__in=group_ids, permission_id=Subquery(view_permission)
    ).values("content_object_id")
    # Time limits (end date, covenant, active organisation) hold on the very
    # request they pass, before the expiry job takes the permissions away.
    current_involvement = (
        Involvement.objects.current().filter(organisation_id=user.organisation_id).values("case_id")
    )
    return Case.objects.filter(
        Q(partner_access_until__isnull=True) | Q(partner_access_until__gt=timezone.now()),
        pk__in=permitted,
    ).filter(pk__in=current_involvement)


def case_ids_visible_to_organisation(organisation) -> QuerySet:
    """The ids of the cases a partner of ``organisation`` may see today: the same
    rule as ``cases_visible_to``, for output made per organisation (the minutes)."""
    current = Involvement.objects.current().filter(
        case=OuterRef("pk"), organisation_id=organisation.pk
    )
    return (
        Case.objects.filter(
            Q(partner_access_until__isnull=True) | Q(partner_access_until__gt=timezone.now()),
            Exists(current),
        )
        .order_by()
        .values_list("pk", flat=True)
    )


def case_for_user_or_404(user: User, pk: int, *, perm: str = VIEW_CASE) -> Case:
    """The one access rule for every page under a case. 404 for missing and
    forbidden alike."""
    try:
        case = cases_visible_to(user).select_related("legal_basis").get(pk=pk)
    except (Case.DoesNotExist, ValueError) as error:
        raise Http404 from error
    if perm == CHANGE_CASE and user.role == Role.PARTNER and not user.has_perm(CHANGE_CASE, case):
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


def timeline_for(user: User, case: Case) -> QuerySet[TimelineEntry]:
    entries = case.timeline.select_related("author", "organisation").prefetch_related("shared_with")
    if user.role == Role.COORDINATOR:
        return entries
    return entries.filter(partner_timeline_rule(user.organisation_id))


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
        .annotate(active_users=Coalesce(Subquery(active_users), 0))
        .order_by("organisation__name")
    )
    return {
        "persons": list(case.persons.select_related("neighbourhood")),
        "assessments": assessments,
        "latest_assessment": assessments[0] if assessments else None,
        "involvements": involvements,
        "goals": list(case.goals.prefetch_related(Prefetch("interventions"))),
        "interventions": list(case.interventions.select_related("organisation", "goal")),
        "timeline": list(timeline_for(user, case)[:200]),
        "signals": list(case.signals.select_related("organisation"))
        if user.role == Role.COORDINATOR
        else [],
    }


def involvement_for_case_or_404(case: Case, pk: int) -> Involvement:
    try:
        return case.involvements.select_related("organisation").get(pk=pk)
    except Involvement.DoesNotExist as error:
        raise Http404 from error


def current_organisations(case: Case):
    """Organisations involved in the case today (for sharing and interventions)."""
    from network.models import Organisation

    return Organisation.objects.filter(
        pk__in=Involvement.objects.current().filter(case=case).values("organisation_id")
    ).order_by("name")
