"""Reads for notifications: who receives which kind, the user's own
notifications, and the permission check made again when one is opened."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse

from accounts.constants import Role
from accounts.models import User
from lelystad_radicalisering.templatetags.dates import short_date

from .constants import (
    ACTION_KINDS,
    CASE_KINDS,
    DEFAULT_DELIVERY,
    MEETING_KINDS,
    REPORT_KINDS,
    Kind,
)
from .models import Notification, NotificationPreference


@dataclass
class Audience:
    """What a notification is about and who may hear of it."""

    target_id: int
    reference: str
    users: QuerySet[User]


def _active(**filters) -> QuerySet[User]:
    return User.objects.filter(is_active=True, **filters)


def _date(moment) -> str:
    return short_date(moment)


def _involvement(source_id: int) -> Audience | None:
    from cases.models import Involvement

    involvement = Involvement.objects.select_related("case").filter(pk=source_id).first()
    if involvement is None or involvement.revoked_at is not None:
        return None
    return Audience(
        involvement.case_id,
        involvement.case.reference,
        _active(organisation_id=involvement.organisation_id, role=Role.PARTNER),
    )


def _case_update(source_id: int) -> Audience | None:
    """Who may read the entry (the rule of ``cases.selectors.timeline_for``):
    partners of organisations involved today that it is shared with, and the
    coordinators."""
    from cases.constants import Visibility
    from cases.models import Involvement, TimelineEntry

    entry = TimelineEntry.objects.select_related("case", "author").filter(pk=source_id).first()
    if entry is None:
        return None
    involved = Involvement.objects.current().filter(case_id=entry.case_id).values("organisation_id")
    if entry.visibility == Visibility.ALL_INVOLVED:
        partner_orgs = Q(organisation_id__in=involved)
    elif entry.visibility == Visibility.SELECTED:
        shared = entry.shared_with.values("pk")
        partner_orgs = Q(organisation_id__in=involved) & Q(organisation_id__in=shared)
        if entry.author is not None and entry.author.role == Role.PARTNER:
            partner_orgs |= Q(organisation_id=entry.organisation_id) & Q(
                organisation_id__in=involved
            )
    else:
        partner_orgs = Q(pk__in=[])
    users = _active().filter(Q(role=Role.PARTNER) & partner_orgs | Q(role=Role.COORDINATOR))
    return Audience(entry.case_id, entry.case.reference, users)


def _action_users(action) -> QuerySet[User]:
    """The action's person, otherwise its organisation; partners only while the
    organisation is involved in the case (the reminders' rule)."""
    from cases.models import Involvement

    involved = (
        Involvement.objects.current()
        .filter(case_id=action.case_id, organisation_id=action.owner_organisation_id)
        .exists()
    )
    roles = [Role.COORDINATOR, Role.PARTNER] if involved else [Role.COORDINATOR]
    if action.owner_id is not None and action.owner.is_active:
        return _active(pk=action.owner_id, role__in=roles)
    return _active(organisation_id=action.owner_organisation_id, role__in=roles)


def _action(source_id: int) -> Audience | None:
    from meetings.constants import ActionStatus
    from meetings.models import Action

    action = Action.objects.select_related("case", "owner").filter(pk=source_id).first()
    if action is None or action.status != ActionStatus.OPEN:
        return None
    return Audience(action.pk, action.case.reference, _action_users(action))


def _meeting(source_id: int, *, invited_only: bool) -> Audience | None:
    from meetings.models import Meeting

    meeting = Meeting.objects.filter(pk=source_id).first()
    if meeting is None or meeting.is_finalised:
        return None
    # The agenda is a draft until the invitations went out: no news before that.
    if not invited_only and meeting.invitations_sent_at is None:
        return None
    users = _active(
        role=Role.PARTNER,
        organisation_id__in=meeting.invited_organisations.values("pk"),
    )
    return Audience(meeting.pk, _date(meeting.starts_at), users)


def _report(source_id: int) -> Audience | None:
    from reports.constants import ReportStatus
    from reports.models import Report

    report = Report.objects.filter(pk=source_id, status=ReportStatus.DONE).first()
    if report is None or report.requested_by_id is None:
        return None
    users = _active(pk=report.requested_by_id, role__in=[Role.MANAGEMENT, Role.COORDINATOR])
    reference = f"{report.period_start:%d-%m-%Y} \u2013 {report.period_end:%d-%m-%Y}"
    return Audience(report.pk, reference, users)


AUDIENCES = {
    Kind.INVOLVEMENT: _involvement,
    Kind.CASE_UPDATE: _case_update,
    Kind.ACTION_ASSIGNED: _action,
    Kind.ACTION_OVERDUE: _action,
    Kind.MEETING_INVITED: lambda pk: _meeting(pk, invited_only=True),
    Kind.AGENDA_CHANGED: lambda pk: _meeting(pk, invited_only=False),
    Kind.REPORT_READY: _report,
}


def audience_for(kind: str, source_id: int) -> Audience | None:
    return AUDIENCES[kind](source_id)


def deliveries_for(user_ids: list[int], kind: str) -> dict[int, str]:
    """Each user's choice for ``kind``, the default where they made none."""
    chosen = dict(
        NotificationPreference.objects.filter(user_id__in=user_ids, kind=kind).values_list(
            "user_id", "delivery"
        )
    )
    return {pk: chosen.get(pk, DEFAULT_DELIVERY[kind]) for pk in user_ids}


def preferences_of(user: User) -> dict[str, str]:
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return {kind: chosen.get(kind, DEFAULT_DELIVERY[kind]) for kind in Kind.values}


def notifications_of(user: User) -> QuerySet[Notification]:
    """A user sees their own notifications and nobody else's."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_for_user_or_404(user: User, pk: int) -> Notification:
    try:
        return notifications_of(user).get(pk=pk)
    except (Notification.DoesNotExist, ValueError) as error:
        raise Http404 from error


def target_url(user: User, notification: Notification) -> str | None:
    """Where the notification leads, if ``user`` may still see it today, with
    the same selectors the target's own pages use; otherwise None."""
    kind, pk = notification.kind, notification.target_id
    if kind in CASE_KINDS:
        from cases.selectors import cases_visible_to

        if cases_visible_to(user).filter(pk=pk).exists():
            return reverse("cases:case_detail", args=[pk])
    elif kind in ACTION_KINDS:
        from meetings.selectors import actions_visible_to

        case_id = actions_visible_to(user).filter(pk=pk).values_list("case_id", flat=True).first()
        if case_id is not None:
            return reverse("cases:case_detail", args=[case_id])
    elif kind in MEETING_KINDS:
        from meetings.selectors import meetings_visible_to

        if meetings_visible_to(user).filter(pk=pk).exists():
            return reverse("meetings:meeting_detail", args=[pk])
    elif kind in REPORT_KINDS:
        from reports.selectors import reports_visible_to

        if (
            user.has_role(Role.MANAGEMENT, Role.COORDINATOR)
            and reports_visible_to(user).filter(pk=pk).exists()
        ):
            return reverse("reports:report_detail", args=[pk])
    return None
