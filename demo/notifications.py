"""Demo notifications: the services of the other apps already made them while
the demo was seeded; here a few more are added through the same fan-out (for
what was seeded without a hook) and the older ones are marked read, so the
centre shows read and unread ones."""

from __future__ import annotations

from django.utils import timezone

from accounts.models import User
from notifications.constants import Kind
from notifications.models import Notification
from notifications.services import notifications_create

KEEP_UNREAD = 3


def seed_demo_notifications() -> int:
    from cases.models import Involvement
    from meetings.constants import ActionStatus
    from meetings.models import Action, Meeting
    from reports.models import Report

    if not Notification.objects.exists():
        for involvement in Involvement.objects.filter(revoked_at__isnull=True)[:4]:
            notifications_create(kind=Kind.INVOLVEMENT, source_id=involvement.pk)
        for action in Action.objects.filter(status=ActionStatus.OPEN)[:3]:
            notifications_create(kind=Kind.ACTION_ASSIGNED, source_id=action.pk)
        for meeting in Meeting.objects.filter(starts_at__gte=timezone.now())[:1]:
            notifications_create(kind=Kind.MEETING_INVITED, source_id=meeting.pk)
        for report in Report.objects.all()[:1]:
            notifications_create(kind=Kind.REPORT_READY, source_id=report.pk)
    now = timezone.now()
    for user in User.objects.filter(notifications__isnull=False).distinct():
        older = user.notifications.order_by("-created_at", "-pk").values_list("pk", flat=True)[
            KEEP_UNREAD:
        ]
        Notification.objects.filter(pk__in=list(older), read_at__isnull=True).update(read_at=now)
    return Notification.objects.count()
