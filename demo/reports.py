"""A generated demo report, so the reports page is not empty in the demo."""

from __future__ import annotations

from django.utils import timezone

from accounts.models import User
from reports import services
from reports.models import Report
from reports.periods import quarter_of


def seed_demo_report() -> int:
    if Report.objects.exists():
        return 0
    management = User.objects.get(username="management")
    # The running quarter: that is where the demo data lies.
    services.report_request(user=management, period=quarter_of(timezone.localdate()))
    return 1
