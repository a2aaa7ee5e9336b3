from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from network.models import Organisation

from .constants import AccountState
from .models import AccessReview, AccessReviewEntry, IdentityProvider, Invitation, User


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


# --- failed logins (django-axes) ---------------------------------------------------


@dataclass(frozen=True)
class LockedPair:
    """A username locked for one address (the lock-out is per username and address)."""

    username: str
    ip_address: str
    failures: int
    until: datetime.datetime
    user: User | None = None


@dataclass(frozen=True)
class Slowdown:
    """A username failing from several addresses: each try waits ``delay`` seconds."""

    username: str
    addresses: int
    failures: int
    delay: int
    next_try_at: datetime.datetime
    user: User | None = None

    def seconds_left(self, now: datetime.datetime) -> int:
        return max(0, math.ceil((self.next_try_at - now).total_seconds()))


def _recent_attempts() -> QuerySet[AccessAttempt]:
    attempts = AccessAttempt.objects.all()
    if settings.AXES_COOLOFF_TIME:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME)
    return attempts


def _slowdown_delay(failures: int) -> int:
    doublings = min(failures - settings.AXES_FAILURE_LIMIT, 30)
    return min(
        settings.LOGIN_SLOWDOWN_BASE_SECONDS * 2**doublings, settings.LOGIN_SLOWDOWN_MAX_SECONDS
    )


def _slowdowns(attempts: QuerySet[AccessAttempt]) -> list[Slowdown]:
    rows = (
        attempts.values("username")
        .annotate(
            addresses=Count("ip_address", distinct=True),
            failures=Sum("failures_since_start"),
            last=Max("attempt_time"),
        )
        .filter(
            addresses__gte=settings.LOGIN_SLOWDOWN_MIN_ADDRESSES,
            failures__gte=settings.AXES_FAILURE_LIMIT,
        )
        .order_by("-failures", "username")
    )
    result = []
    for row in rows:
        delay = _slowdown_delay(row["failures"])
        result.append(
            Slowdown(
                username=row["username"],
                addresses=row["addresses"],
                failures=row["failures"],
                delay=delay,
                next_try_at=row["last"] + datetime.timedelta(seconds=delay),
            )
        )
    return result


def login_slowdown(username: str) -> Slowdown | None:
    """The slow-down in force for ``username``, or None. Counted for unknown
    usernames alike, so the answer never tells whether an account exists."""
    found = _slowdowns(_recent_attempts().filter(username=username))
    return found[0] if found else None


def _with_users(rows: list, limit: int) -> list:
    users = {
        user.username: user
        for user in User.objects.filter(
            username__in=[row.username for row in rows[:limit]]
        ).select_related("organisation")
    }
    return [replace(row, user=users.get(row.username)) for row in rows[:limit]]


def login_locked_pairs(*, limit: int = 10) -> tuple[int, list[LockedPair]]:
    """Username and address pairs locked now, most recent first; with the count of all."""
    rows = (
        _recent_attempts()
        .values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("-last", "username")
    )
    pairs = [
        LockedPair(
            username=row["username"],
            ip_address=row["ip_address"],
            failures=row["failures"],
            until=row["last"] + (settings.AXES_COOLOFF_TIME or datetime.timedelta(0)),
        )
        for row in rows
    ]
    return len(pairs), _with_users(pairs, limit)


def login_slowed_usernames(*, limit: int = 10) -> tuple[int, list[Slowdown]]:
    """Usernames failing from several addresses, slowed down now; with the count of all."""
    slowed = _slowdowns(_recent_attempts())
    return len(slowed), _with_users(slowed, limit)


# --- single sign-on ------------------------------------------------------------------


def user_for_identifier(identifier: str) -> User | None:
    """The account a login name stands for: a username, or an e-mail address
    that belongs to exactly one account."""
    identifier = identifier.strip()
    user = User.objects.filter(username__iexact=identifier).first()
    if user is None and "@" in identifier:
        matches = list(User.objects.filter(email__iexact=identifier)[:2])
        user = matches[0] if len(matches) == 1 else None
    return user


def active_identity_provider(organisation_id: int) -> IdentityProvider | None:
    return (
        IdentityProvider.objects.select_related("organisation")
        .filter(organisation_id=organisation_id, is_active=True, organisation__is_active=True)
        .first()
    )


def identity_provider_for_login(identifier: str) -> IdentityProvider | None:
    """The provider the user behind ``identifier`` must log in with, if any."""
    user = user_for_identifier(identifier)
    return active_identity_provider(user.organisation_id) if user is not None else None


def organisations_with_identity_providers() -> QuerySet[Organisation]:
    return (
        Organisation.objects.filter(is_active=True)
        .select_related("identity_provider")
        .order_by("name")
    )


def identity_provider_origins() -> set[str]:
    """Where the login page may send a browser: the active providers' sites."""
    issuers = IdentityProvider.objects.filter(
        is_active=True, organisation__is_active=True
    ).values_list("issuer", flat=True)
    origins = set()
    for issuer in issuers:
        parts = urlsplit(issuer)
        origins.add(f"{parts.scheme}://{parts.netloc}")
    return origins
