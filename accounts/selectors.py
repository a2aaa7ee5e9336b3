from __future__ import annotations

from django.db.models import Q, QuerySet

from .models import User


def users_for_administration(
    *,
    q: str = "",
    organisation_id: int | None = None,
    role: str = "",
    status: str = "",
) -> QuerySet[User]:
    # Technical superusers and staff are outside functional administration.
    users = (
        User.objects.filter(is_staff=False, is_superuser=False)
        .select_related("organisation")
        .order_by("last_name", "first_name")
    )
    if q:
        users = users.filter(
            Q(username__icontains=q)
            | Q(first_name__icontains=q)
            | Q(last_name__icontains=q)
            | Q(email__icontains=q)
        )
    if organisation_id:
        users = users.filter(organisation_id=organisation_id)
    if role:
        users = users.filter(role=role)
    if status == "active":
        users = users.filter(is_active=True)
    elif status == "inactive":
        users = users.filter(is_active=False)
    return users
