"""Demo notifications: the services of the other apps already made them while
the demo was seeded; here a few more are added through the same fan-out (for
what was seeded without a hook) and the older ones are marked read, so the
centre shows read and unread ones."""

from __future__ import annotations

from django.utils import timezone

from accounts.models import User
from cases import notices as case_notices
from cases.models import Involvement
from meetings import notices as meeting_notices
from meetings.constants import ActionStatus
from meetings.models import Action, Meeting
from notifications.models import Notification
from notifications.services import notifications_create
from reports import notices as report_notices
from reports.models import Report

KEEP_UNREAD = 3


def seed_demo_notifications() -> int:

    if not Notification.objects.exists():
        for involvement in Involvement.objects.filter(revoked_at__isnull=True)[:4]:
            notifications_create(kind=case_notices.INVOLVEMENT, source_id=involvement.pk)
        for action in Action.objects.filter(status=ActionStatus.OPEN)[:3]:
            notifications_create(kind=meeting_notices.ACTION_ASSIGNED, source_id=action.pk)
        for meeting in Meeting.objects.filter(starts_at__gte=timezone.now())[:1]:
            notifications_create(kind=meeting_notices.MEETING_INVITED, source_id=meeting.pk)
        for report in Report.objects.all()[:1]:
            notifications_create(kind=report_notices.REPORT_READY, source_id=report.pk)
    now = timezone.now()
    for user in User.objects.filter(notifications__isnull=False).distinct():
        older = user.notifications.order_by("-created_at", "-pk").values_list("pk", flat=True)[
            KEEP_UNREAD:
        ]
        Notification.objects.filter(pk__in=list(older), read_at__isnull=True).update(read_at=now)
    return Notification.objects.count()
