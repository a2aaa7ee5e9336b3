"""Object permissions on cases: granted to an organisation's group through its
involvement, checked with django-guardian. The only place that grants or revokes."""

from __future__ import annotations

from guardian.shortcuts import assign_perm, remove_perm

from accounts.models import User
from lelystad_radicalisering.roles import Role

from .constants import CHANGE_CASE, VIEW_CASE
from .models import Case, Involvement


def involvement_grant(involvement: Involvement) -> None:
    group = involvement.organisation.group
    assign_perm(VIEW_CASE, group, involvement.case)
    if involvement.can_change:
        assign_perm(CHANGE_CASE, group, involvement.case)
    else:
        remove_perm(CHANGE_CASE, group, involvement.case)


def involvement_revoke_permissions(involvement: Involvement) -> None:
    group = involvement.organisation.group
    remove_perm(VIEW_CASE, group, involvement.case)
    remove_perm(CHANGE_CASE, group, involvement.case)


def can_change(user: User, case: Case) -> bool:

    if not user.is_active or case.is_closed:
        return False
    if user.role == Role.COORDINATOR:
        return True
    if user.role != Role.PARTNER:
        return False
    # Read with the case where the page loaded it (selectors.case_for_user_or_404).
    loaded = getattr(case, "partner_may_change", None)
    if loaded is not None:
        return loaded
    return user.has_perm(CHANGE_CASE, case)
