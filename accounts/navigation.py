"""The navigation per role, in one place."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lelystad_radicalisering.roles import Role

ALL_ROLES = tuple(Role.values)


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    roles: tuple[str, ...]
    # URL names under this item, so the item is marked current on its sub pages.
    prefix: str = ""


# The order is the order of importance: per role the first items are shown in
# the bar, the rest under "More" (see navigation_for).
NAVIGATION: tuple[NavItem, ...] = (
    NavItem(_("Start"), "dashboards:start", ALL_ROLES),
    NavItem(
        _("Users"),
        "administration:user_list",
        (Role.FUNCTIONAL_ADMIN,),
        prefix="administration:user",
    ),
    NavItem(
        _("Access reviews"),
        "administration:access_review_list",
        (Role.FUNCTIONAL_ADMIN,),
        prefix="administration:access_review",
    ),
    NavItem(
        _("Organisations"),
        "network:organisation_list",
        (Role.FUNCTIONAL_ADMIN,),
        prefix="network:organisation",
    ),
    NavItem(
        _("System accounts"),
        "api:system_account_list",
        (Role.FUNCTIONAL_ADMIN,),
        prefix="api:",
    ),
    NavItem(
        _("Log in via organisation"),
        "administration:identity_provider_list",
        (Role.FUNCTIONAL_ADMIN,),
        prefix="administration:identity_provider",
    ),
    NavItem(
        _("Neighbourhoods"),
        "signals:neighbourhood_list",
        (Role.FUNCTIONAL_ADMIN,),
        prefix="signals:neighbourhood",
    ),
    NavItem(
        _("Triage inbox"),
        "signals:triage_inbox",
        (Role.COORDINATOR,),
        prefix="signals:triage",
    ),
    NavItem(_("Cases"), "cases:case_list", (Role.COORDINATOR, Role.PARTNER), prefix="cases:"),
    NavItem(
        _("Case consultations"),
        "meetings:meeting_list",
        (Role.COORDINATOR, Role.PARTNER),
        prefix="meetings:meeting",
    ),
    NavItem(
        _("Actions"),
        "meetings:action_list",
        (Role.COORDINATOR, Role.PARTNER),
        prefix="meetings:action",
    ),
    NavItem(_("Log a signal"), "signals:signal_create", (Role.PARTNER, Role.COORDINATOR)),
    NavItem(
        _("Signals of my organisation"),
        "signals:signal_list",
        (Role.PARTNER,),
        prefix="signals:signal_list",
    ),
    NavItem(
        _("Network"),
        "network:community_list",
        (Role.COORDINATOR,),
        prefix="network:community",
    ),
    NavItem(
        _("Trainings"),
        "network:training_list",
        (Role.PARTNER, Role.COORDINATOR),
        prefix="network:training",
    ),
    NavItem(
        _("Plan of action"),
        "network:plan",
        (Role.COORDINATOR, Role.MANAGEMENT, Role.PARTNER),
        prefix="network:plan",
    ),
    NavItem(
        _("Prevention"),
        "network:activity_list",
        (Role.COORDINATOR, Role.MANAGEMENT),
        prefix="network:activity",
    ),
    NavItem(
        _("Partners"),
        "network:directory",
        (Role.PARTNER, Role.COORDINATOR, Role.FUNCTIONAL_ADMIN),
        prefix="network:organisation_page",
    ),
    NavItem(
        _("Reports"),
        "reports:report_list",
        (Role.MANAGEMENT, Role.COORDINATOR),
        prefix="reports:",
    ),
    NavItem(_("Audit log"), "audit:audit_log", (Role.PRIVACY_OFFICER,), prefix="audit:"),
    NavItem(
        _("Retention"),
        "privacy:retention",
        (Role.PRIVACY_OFFICER,),
        prefix="privacy:retention",
    ),
    NavItem(
        _("Data-subject requests"),
        "privacy:subject_search",
        (Role.PRIVACY_OFFICER, Role.COORDINATOR),
        prefix="privacy:subject",
    ),
    NavItem(
        _("Unusual access"),
        "privacy:unusual_access",
        (Role.PRIVACY_OFFICER,),
        prefix="privacy:unusual",
    ),
    NavItem(_("Expiring"), "privacy:expiring", (Role.COORDINATOR,), prefix="privacy:expiring"),
    NavItem(
        _("Notifications"),
        "notifications:notification_list",
        ALL_ROLES,
        prefix="notifications:notification",
    ),
    NavItem(_("My account"), "accounts:account", ALL_ROLES, prefix="accounts:account"),
)


# At most this many top-level entries per role, "More" included.
MAX_TOP_LEVEL = 7


def navigation_for(user, current_view_name: str | None) -> dict:
    """The role's navigation: `items` in the bar, the rest in `more`.

    A role with at most MAX_TOP_LEVEL items sees them all; otherwise the first
    MAX_TOP_LEVEL - 1 stay in the bar and the rest go under one "More" menu.
    """
    if not user.is_authenticated or not user.is_verified():
        return {}
    items = []
    for item in NAVIGATION:
        if user.role not in item.roles:
            continue
        prefix = item.prefix or item.url_name
        items.append(
            {
                "label": item.label,
                "url": reverse(item.url_name),
                "current": bool(current_view_name and current_view_name.startswith(prefix)),
            }
        )
    if len(items) <= MAX_TOP_LEVEL:
        return {"items": items, "more": [], "more_current": False}
    more = items[MAX_TOP_LEVEL - 1 :]
    return {
        "items": items[: MAX_TOP_LEVEL - 1],
        "more": more,
        "more_current": any(entry["current"] for entry in more),
    }
