"""The start page: per role, the panels that tell what needs attention now."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from lelystad_radicalisering.audit import record_access
from lelystad_radicalisering.roles import Role

from . import selectors


def _partner(request: HttpRequest) -> dict:
    user = request.user
    panels = {
        "actions": selectors.partner_actions(user),
        "meetings": selectors.upcoming_meetings(user),
        "updated_cases": selectors.cases_updated_since_last_visit(user),
        "signals": selectors.recent_signals_of_organisation(user),
    }
    shown = [
        *{action.case for action in panels["actions"].rows},
        *(case for case, _ in panels["updated_cases"].rows),
        *panels["signals"].rows,
    ]
    return {"panels": panels, "shown": shown}


def _coordinator(request: HttpRequest) -> dict:
    user = request.user
    panels = {
        "waiting": selectors.signals_waiting(user),
        "overdue": selectors.overdue_actions(user),
        "next_meeting": selectors.next_meeting(user),
        # The stale-assessment and overdue-review panels: one query for both.
        **selectors.case_panels(user),
        "retention": selectors.retention_due(),
        "follow_ups": selectors.community_follow_ups_due(user),
        "deferrals": selectors.deferrals_overdue(),
    }
    shown = [
        *panels["waiting"].rows,
        *{action.case for action in panels["overdue"].rows},
        *panels["stale"].rows,
        *panels["reviews"].rows,
        *{informing.case for informing in panels["deferrals"].rows},
    ]
    return {"panels": panels, "shown": shown}


def _management(request: HttpRequest) -> dict:
    panels = {
        "figures": selectors.quarter_figures(),
        "plan": selectors.plan_progress(),
        "reports": selectors.latest_reports(request.user),
    }
    return {"panels": panels, "shown": []}


def _privacy_officer(request: HttpRequest) -> dict:
    panels = {
        "unusual": selectors.unusual_access_today(),
        "requests": selectors.open_subject_requests(),
        "restrictions": selectors.restrictions_due(),
        "destructions": selectors.recent_destructions(),
        "deferrals": selectors.deferrals_overdue(),
        "extensions": selectors.extension_requests(),
    }
    return {"panels": panels, "shown": []}


def _functional_admin(request: HttpRequest) -> dict:
    panels = {
        "without_two_factor": selectors.users_without_two_factor(),
        "locked": selectors.locked_logins(),
        "slowed": selectors.slowed_logins(),
        "dormant": selectors.dormant_accounts(),
        "covenants": selectors.expiring_covenants(),
        "reviews": selectors.access_reviews_due(),
    }
    return {"panels": panels, "shown": []}


DASHBOARDS = {
    Role.PARTNER: _partner,
    Role.COORDINATOR: _coordinator,
    Role.MANAGEMENT: _management,
    Role.PRIVACY_OFFICER: _privacy_officer,
    Role.FUNCTIONAL_ADMIN: _functional_admin,
}


@never_cache
def start(request: HttpRequest) -> HttpResponse:
    role = request.user.role
    context = DASHBOARDS[role](request)
    # Cases and signals named on the page are reads of the file, like in a list.
    shown = {(type(obj), obj.pk): obj for obj in context.pop("shown")}
    record_access(request, shown.values(), view="dashboards:start")
    return render(request, f"dashboards/{role}.html", context)
