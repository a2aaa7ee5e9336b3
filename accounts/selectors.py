from __future__ import annotations

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from .constants import AccountState
from .models import AccessReview, AccessReviewEntry, BackupCode, Invitation, User


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
    users = users_with_status(users)
    if status == AccountState.ACTIVE:
        users = users.filter(is_active=True, invitation_pending=False).exclude(
            was_invited=True, invitation_accepted=False
        )
    elif status == AccountState.INACTIVE:
        users = users.filter(is_active=False)
    elif status == AccountState.INVITED:
        users = users.filter(is_active=True, invitation_pending=True)
    elif status == AccountState.INVITATION_EXPIRED:
        users = users.filter(
            is_active=True, invitation_pending=False, was_invited=True, invitation_accepted=False
        )
    return users


def users_with_status(users: QuerySet[User]) -> QuerySet[User]:
    """Annotate the invitation state in the database: constant queries per page."""
    now = timezone.now()
    invitations = Invitation.objects.filter(user=OuterRef("pk"))
    return users.annotate(
        invitation_pending=Exists(
            invitations.filter(
                accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
            )
        ),
        invitation_accepted=Exists(invitations.filter(accepted_at__isnull=False)),
        was_invited=Exists(invitations),
    )


def account_state(user: User) -> str:
    """One of AccountState, from the annotations of ``users_with_status``."""
    if not user.is_active:
        return AccountState.INACTIVE
    if user.invitation_pending:
        return AccountState.INVITED
    if user.was_invited and not user.invitation_accepted:
        return AccountState.INVITATION_EXPIRED
    return AccountState.ACTIVE


def access_reviews() -> QuerySet[AccessReview]:
    return (
        AccessReview.objects.select_related("organisation", "completed_by")
        .annotate(
            accounts=Count("entries"),
            confirmed=Count("entries", filter=Q(entries__confirmed_at__isnull=False)),
            deactivated=Count("entries", filter=Q(entries__deactivated_at__isnull=False)),
        )
        .order_by(
            F("completed_at").desc(nulls_first=True),
            F("expired_at").desc(nulls_first=True),
            "due_on",
            "pk",
        )
    )


def access_review_entries(review: AccessReview) -> QuerySet[AccessReviewEntry]:
    return review.entries.select_related("user", "confirmed_by")


def open_access_reviews() -> QuerySet[AccessReview]:
    """Open access reviews, the one due first on top."""
    return AccessReview.objects.open().select_related("organisation").order_by("due_on", "pk")


def next_access_review_due() -> AccessReview | None:
    """The open access review that is due first."""
    return open_access_reviews().first()


def unused_backup_codes(user: User) -> int:
    """Used codes are deleted, so what is left is what a 2FA reset takes away."""
    return BackupCode.objects.filter(device__user=user).count()
