"""The notification kinds of meetings and actions, registered in
``MeetingsConfig.ready()``; recipients by the meetings' own visibility rules."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from lelystad_radicalisering.notices import Audience, Delivery, NoticeKind, register

from .constants import ActionStatus
from .models import Action, Meeting
from .selectors import (
    action_readers,
    actions_visible_to,
    meeting_readers,
    meetings_visible_to,
    overdue_actions,
)

ACTION_ASSIGNED = "action_assigned"
ACTION_OVERDUE = "action_overdue"
MEETING_INVITED = "meeting_invited"
AGENDA_CHANGED = "agenda_changed"
MINUTES_FINAL = "minutes_final"


def _action_audience(source_id: int) -> Audience | None:
    action = (
        Action.objects.select_related("case", "owner", "owner_organisation")
        .filter(pk=source_id)
        .first()
    )
    if action is None or action.status != ActionStatus.OPEN:
        return None
    return Audience(action.pk, action.case.reference, action_readers(action))


def _meeting_audience(source_id: int, *, invited_only: bool) -> Audience | None:
    meeting = Meeting.objects.filter(pk=source_id).first()
    if meeting is None or meeting.is_finalised:
        return None
    # The agenda is a draft until the invitations went out: no news before that.
    if not invited_only and meeting.invitations_sent_at is None:
        return None
    return Audience(meeting.pk, _reference(meeting), meeting_readers(meeting))


def _reference(meeting: Meeting) -> str:
    return timezone.localtime(meeting.starts_at).strftime("%d-%m-%Y")


def _minutes_audience(source_id: int) -> Audience | None:
    meeting = Meeting.objects.filter(pk=source_id, finalised_at__isnull=False).first()
    if meeting is None:
        return None
    return Audience(meeting.pk, _reference(meeting), meeting_readers(meeting))


def _action_url(user: User, action_id: int) -> str | None:
    case_id = actions_visible_to(user).filter(pk=action_id).values_list("case_id", flat=True)
    case_id = case_id.first()
    return reverse("cases:case_detail", args=[case_id]) if case_id is not None else None


def _meeting_url(user: User, meeting_id: int) -> str | None:
    if meetings_visible_to(user).filter(pk=meeting_id).exists():
        return reverse("meetings:meeting_detail", args=[meeting_id])
    return None


def _minutes_url(user: User, meeting_id: int) -> str | None:
    if meetings_visible_to(user).filter(pk=meeting_id).exists():
        return reverse("meetings:minutes", args=[meeting_id])
    return None


def register_notices() -> None:
    register(
        NoticeKind(
            code=ACTION_ASSIGNED,
            label=_("Action assigned"),
            title=_("New action for you or your organisation in case %(reference)s"),
            default_delivery=Delivery.IMMEDIATE,
            audience=_action_audience,
            target_url=_action_url,
        ),
        NoticeKind(
            code=ACTION_OVERDUE,
            label=_("Action overdue"),
            title=_("An action in case %(reference)s is overdue"),
            # The overdue reminder e-mail goes out anyway.
            default_delivery=Delivery.APP,
            audience=_action_audience,
            target_url=_action_url,
            due=lambda: overdue_actions().order_by("pk").values_list("pk", flat=True),
        ),
        NoticeKind(
            code=MEETING_INVITED,
            label=_("Invitation to a case consultation"),
            title=_("Your organisation is invited to the case consultation of %(reference)s"),
            # The .ics invitation is an e-mail already.
            default_delivery=Delivery.APP,
            audience=lambda pk: _meeting_audience(pk, invited_only=True),
            target_url=_meeting_url,
        ),
        NoticeKind(
            code=AGENDA_CHANGED,
            label=_("Changed agenda"),
            title=_("The agenda of the case consultation of %(reference)s has changed"),
            default_delivery=Delivery.DIGEST,
            audience=lambda pk: _meeting_audience(pk, invited_only=False),
            target_url=_meeting_url,
            coalesced=True,
        ),
        NoticeKind(
            code=MINUTES_FINAL,
            label=_("Minutes finalised"),
            title=_("The minutes of the case consultation of %(reference)s are final"),
            default_delivery=Delivery.IMMEDIATE,
            audience=_minutes_audience,
            target_url=_minutes_url,
        ),
    )
