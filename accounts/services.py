"""Writes for accounts: user administration and the two-factor flow."""

from __future__ import annotations

import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from auditlog.models import LogEntry
from axes.handlers.proxy import AxesProxyHandler
from axes.utils import reset as axes_reset
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.signals import user_login_failed
from django.contrib.sessions.models import Session
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from lelystad_radicalisering.exceptions import ApplicationError
from lelystad_radicalisering.roles import Role
from lelystad_radicalisering.tasks import enqueue_after_commit
from network.models import Organisation

from .audit import audit_record
from .models import (
    AccessReview,
    AccessReviewEntry,
    BackupCode,
    BackupCodeDevice,
    IdentityProvider,
    Invitation,
    ProviderMfaDevice,
    User,
)

logger = logging.getLogger(__name__)
# Authentication decisions, with accounts.receivers (OWASP ASVS V7.2).
security_log = logging.getLogger("casusoverleg.security")


class SelfEscalation(ApplicationError):
    pass


class DeactivationNotConfirmed(ApplicationError):
    """Completing would deactivate accounts the administrator has not confirmed
    to deactivate (the confirmation page lists them); nothing was changed."""

    def __init__(self, message: str, *, users: list[User]) -> None:
        super().__init__(message)
        self.users = users


class OrganisationChangeRefused(ApplicationError):
    pass


class InvitationInvalid(ApplicationError):
    """Unknown, expired, used or revoked: one neutral answer for all."""


class InvitationWrongUser(ApplicationError):
    """The link was opened in someone else's session or does not match the invitation."""


def _sync_organisation_group(user: User, previous: Organisation | None) -> None:
    if previous is not None and previous.pk != user.organisation_id:
        user.groups.remove(previous.group)
    user.groups.add(user.organisation.group)
    user.forget_group_ids()


@transaction.atomic
def user_create(
    *,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    organisation: Organisation,
    role: str,
) -> User:
    """Create a user without a usable password: the user chooses one through
    an invitation (``user_invite``); an administrator never knows it."""
    user = User(
        username=username.strip().lower(),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=User.objects.normalize_email(email.strip()),
        organisation=organisation,
        role=role,
    )
    user.set_unusable_password()
    if User.objects.filter(username__iexact=user.username).exists():
        raise ApplicationError(_("This username is already in use."), field="username")
    if user.email and User.objects.filter(email__iexact=user.email).exists():
        raise ApplicationError(_("This e-mail address is already in use."), field="email")
    user.full_clean()
    user.save()
    _sync_organisation_group(user, previous=None)
    return user


def _end_sessions(*users: User) -> None:
    """Log the users out everywhere, in one scan of the sessions (they are few)."""
    user_ids = {str(user.pk) for user in users}
    if not user_ids:
        return
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") in user_ids:
            session.delete()


@transaction.atomic
def user_update(
    *,
    actor: User,
    user: User,
    first_name: str,
    last_name: str,
    email: str,
    organisation: Organisation,
    role: str,
    is_active: bool,
) -> User:
    user = User.objects.select_for_update().get(pk=user.pk)
    if actor.pk == user.pk and (
        role != user.role or organisation.pk != user.organisation_id or not is_active
    ):
        raise SelfEscalation(_("You cannot change your own role, organisation or active status."))
    if organisation.pk != user.organisation_id:
        # No access may carry over from one organisation to another.
        raise OrganisationChangeRefused(
            _(
                "A user who moves to another organisation gets a new account: deactivate "
                "this one and invite the user again."
            ),
            field="organisation",
        )
    previous_organisation = user.organisation
    was_active = user.is_active
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    user.email = User.objects.normalize_email(email.strip())
    user.organisation = organisation
    user.role = role
    user.is_active = is_active
    user.full_clean()
    user.save(
        update_fields=["first_name", "last_name", "email", "organisation", "role", "is_active"]
    )
    _sync_organisation_group(user, previous=previous_organisation)
    if was_active and not is_active:
        _end_sessions(user)
    return user


@transaction.atomic
def user_set_mandate(*, actor: User, user: User, mandate: bool) -> User:
    """Give or take the mandate to decide on inclusion in the person-oriented
    approach. Coordinators only; nobody grants it to themselves."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if actor.pk == user.pk:
        raise SelfEscalation(_("You cannot change your own mandate."))
    if mandate and user.role != Role.COORDINATOR:
        raise ApplicationError(_("Only a coordinator can hold this mandate."), field="mandate")
    if user.pga_mandate != mandate:
        user.pga_mandate = mandate
        user.save(update_fields=["pga_mandate"])
        security_log.info(
            "Mandate %s for user id %s by user id %s",
            "granted" if mandate else "withdrawn",
            user.pk,
            actor.pk,
        )
    return user


@transaction.atomic
def user_reset_two_factor(*, actor: User, user: User) -> None:
    """Remove every second factor of ``user``: the next login starts enrolment."""
    if actor.pk == user.pk:
        raise SelfEscalation(_("You cannot reset your own two-factor authentication."))
    TOTPDevice.objects.filter(user=user).delete()
    BackupCodeDevice.objects.filter(user=user).delete()
    _end_sessions(user)
    security_log.info("Two-factor reset for user id %s by user id %s", user.pk, actor.pk)
    audit_record(obj=user, actor=actor, action=LogEntry.Action.UPDATE, event="two_factor_reset")
    # Imported here: the tasks module imports this one.
    from .tasks import two_factor_reset_notify

    enqueue_after_commit(two_factor_reset_notify, user.pk)


@transaction.atomic
def user_password_changed(*, user: User) -> None:
    if user.must_change_password:
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])


@transaction.atomic
def user_password_reset_done(*, user: User) -> None:
    """After a self-service reset: end every session (a thief's too) and clear lockouts."""
    _end_sessions(user)
    user_password_changed(user=user)
    security_log.info("Password reset by e-mail for user id %s", user.pk)


def user_unlock(*, user: User) -> int:
    return axes_reset(username=user.username)


# --- two factors -------------------------------------------------------------


ENROLMENT_SESSION_KEY = "enrolment_device_id"


@transaction.atomic
def totp_device_for_enrolment(*, request: HttpRequest, user: User) -> TOTPDevice:
    """The unconfirmed device of this session's enrolment.

    Each session gets its own key and starting an enrolment discards the keys
    of other sessions: someone who saw a secret in another session (knowing
    only the password) cannot keep a working second factor.
    """
    device_id = request.session.get(ENROLMENT_SESSION_KEY)
    device = TOTPDevice.objects.filter(pk=device_id, user=user, confirmed=False).first()
    if device is None:
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
        request.session[ENROLMENT_SESSION_KEY] = device.pk
    return device


def has_confirmed_totp(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


@transaction.atomic
def backup_codes_generate(*, user: User) -> list[str]:
    """Replace the user's backup codes with fresh ones; return them once, in plain text.

    The device itself stays: a session verified with a backup code keeps its
    verification (django-otp remembers the device, not the code).
    """
    device = BackupCodeDevice.objects.select_for_update().filter(user=user).first()
    if device is None:
        device = BackupCodeDevice.objects.create(user=user, name=_("Backup codes"), confirmed=True)
    device.codes.all().delete()
    device.salt = secrets.token_hex(16)
    device.save(update_fields=["salt"])
    codes = [BackupCodeDevice.generate_code() for _ in range(settings.BACKUP_CODE_COUNT)]
    for code in codes:
        BackupCode.objects.create(device=device, code_hash=device.hash_code(code))
    return codes


@dataclass(frozen=True)
class VerificationResult:
    verified: bool
    locked_out: bool = False
    backup_codes: list[str] | None = None


def _credentials(user: User) -> dict[str, str]:
    return {"username": user.username}


def _record_failure(request: HttpRequest, user: User, reason: str) -> VerificationResult:
    security_log.warning("Second factor rejected for user id %s (%s)", user.pk, reason)
    # Axes counts this as a failed login, so code guessing hits the same lockout.
    user_login_failed.send(sender=__name__, credentials=_credentials(user), request=request)
    if AxesProxyHandler.is_locked(request, _credentials(user)):
        logout(request)
        return VerificationResult(verified=False, locked_out=True)
    return VerificationResult(verified=False)


def _complete_login(request: HttpRequest, user: User, device) -> None:
    # A fresh session key for the fully logged-in session: no fixation of the
    # half-logged-in one.
    request.session.cycle_key()
    request.session.pop(ENROLMENT_SESSION_KEY, None)
    otp_login(request, device)
    # Only a full login (password and second factor) clears earlier failures.
    axes_reset(username=user.username)
    security_log.info("Second factor verified for user id %s", user.pk)


def second_factor_verify(*, request: HttpRequest, user: User, token: str) -> VerificationResult:
    """Check a TOTP code or a backup code for a user who has passed the password step."""
    if AxesProxyHandler.is_locked(request, _credentials(user)):
        logout(request)
        return VerificationResult(verified=False, locked_out=True)
    token = token.strip().replace(" ", "")
    if token.isdigit():
        with transaction.atomic():
            device = (
                TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
            )
            verified = device is not None and device.verify_token(token)
    else:
        with transaction.atomic():
            device = (
                BackupCodeDevice.objects.select_for_update()
                .filter(user=user, confirmed=True)
                .first()
            )
            verified = device is not None and device.verify_token(token)
    if not verified:
        return _record_failure(request, user, "invalid, reused or throttled code")
    _complete_login(request, user, device)
    return VerificationResult(verified=True)


def totp_enrolment_confirm(
    *, request: HttpRequest, user: User, device: TOTPDevice, token: str
) -> VerificationResult:
    """Confirm a new authenticator app with a code from it; hand out backup codes."""
    if AxesProxyHandler.is_locked(request, _credentials(user)):
        logout(request)
        return VerificationResult(verified=False, locked_out=True)
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
        if device.confirmed or not device.verify_token(token.strip().replace(" ", "")):
            verified = False
        else:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            # An abandoned earlier enrolment must not linger as a second device.
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            codes = backup_codes_generate(user=user)
            verified = True
    if not verified:
        return _record_failure(request, user, "enrolment code rejected")
    _complete_login(request, user, device)
    return VerificationResult(verified=True, backup_codes=codes)


# --- invitations ---------------------------------------------------------------


def _invitation_message(user: User, token: str, invitation: Invitation) -> EmailMessage:
    link = settings.SITE_URL + reverse("accounts:invitation", args=[invitation.pk, token])
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Your account for Casusoverleg Lelystad")
        body = _(
            "An account has been created for you in Casusoverleg Lelystad.\n\n"
            "Choose your password and set up two-factor authentication with this link:\n"
            "%(link)s\n\n"
            "The link works once and expires after %(hours)s hours. Did you not expect "
            "this message? Then ignore it.\n"
        ) % {"link": link, "hours": settings.INVITATION_VALID_HOURS}
    return EmailMessage(subject, body, None, [user.email])


def _send_after_commit(messages: list[EmailMessage]) -> None:
    """Send invitation e-mails from this process once the data is committed.

    Not through Celery on purpose: the link holds the token, and task arguments
    sit in Redis in plain text. A failed send leaves the invitation pending in
    the user list, where the administrator can send it again.
    """

    def _send() -> None:
        try:
            with get_connection() as connection:
                connection.send_messages(messages)
        except Exception:
            logger.exception("Could not send %s invitation e-mail(s)", len(messages))

    transaction.on_commit(_send, robust=True)


def invitation_issue(*, user: User, actor: User | None) -> tuple[Invitation, str]:
    """A new one-time link for ``user``; the token is returned once and only its hash kept.
    Call inside a transaction (the services below do)."""
    now = timezone.now()
    # A new link makes every earlier link of this user useless.
    for earlier in Invitation.objects.select_for_update().filter(
        user=user, accepted_at__isnull=True, revoked_at__isnull=True
    ):
        earlier.revoked_at = now
        earlier.save(update_fields=["revoked_at"])
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        user=user,
        token_hash=Invitation.hash_token(token),
        created_by=actor,
        expires_at=now + timedelta(hours=settings.INVITATION_VALID_HOURS),
    )
    return invitation, token


@transaction.atomic
def user_invite(
    *,
    actor: User,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    organisation: Organisation,
    role: str,
) -> User:
    """Create an account without a password and e-mail the user a one-time link."""
    user = user_create(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        organisation=organisation,
        role=role,
    )
    invitation, token = invitation_issue(user=user, actor=actor)
    _send_after_commit([_invitation_message(user, token, invitation)])
    return user


@transaction.atomic
def users_invite_bulk(*, actor: User, rows: list[dict]) -> list[User]:
    """Invite every row (already validated) in one transaction; e-mails after commit."""
    users, messages = [], []
    for row in rows:
        user = user_create(**row)
        invitation, token = invitation_issue(user=user, actor=actor)
        messages.append(_invitation_message(user, token, invitation))
        users.append(user)
    if messages:
        _send_after_commit(messages)
    return users


@transaction.atomic
def invitation_resend(*, actor: User, user: User) -> Invitation:
    """A fresh link for a user who has not accepted yet; the previous link stops working."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        raise ApplicationError(_("This account is deactivated. Activate it first."))
    if user.has_usable_password() or user.invitations.filter(accepted_at__isnull=False).exists():
        raise ApplicationError(
            _(
                "This user has already chosen a password. A forgotten password is reset by "
                "the user through the login page."
            )
        )
    invitation, token = invitation_issue(user=user, actor=actor)
    _send_after_commit([_invitation_message(user, token, invitation)])
    return invitation


def invitation_for_link(*, invitation_id: int, token: str, request_user) -> Invitation:
    """The invitation a link stands for, or an error. Reads only: opening a link changes nothing."""
    invitation = Invitation.objects.select_related("user").filter(pk=invitation_id).first()
    return _check_invitation(invitation, token, request_user)


def _check_invitation(invitation: Invitation | None, token: str, request_user) -> Invitation:
    if invitation is None:
        raise InvitationInvalid(_("This link is no longer valid."))
    if not hmac.compare_digest(invitation.token_hash, Invitation.hash_token(token)):
        if Invitation.objects.filter(token_hash=Invitation.hash_token(token)).exists():
            # A real token, but of another invitation: refuse without saying more.
            raise InvitationWrongUser(_("This link does not belong to this invitation."))
        raise InvitationInvalid(_("This link is no longer valid."))
    if not invitation.is_usable(timezone.now()) or not invitation.user.is_active:
        raise InvitationInvalid(_("This link is no longer valid."))
    if request_user is not None and request_user.is_authenticated:
        raise InvitationWrongUser(
            _(
                "You are logged in as someone else. Log out first, then open the link from "
                "the e-mail again."
            )
        )
    return invitation


@transaction.atomic
def invitation_accept(*, invitation_id: int, token: str, password: str, request_user) -> User:
    """Set the invited user's own password and use up the link (single use)."""
    invitation = (
        Invitation.objects.select_for_update().select_related("user").filter(pk=invitation_id)
    ).first()
    invitation = _check_invitation(invitation, token, request_user)
    user = invitation.user
    validate_password(password, user)
    user.set_password(password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    security_log.info("Invitation accepted by user id %s", user.pk)
    return user


# --- access reviews ---------------------------------------------------------------


def _reviewable_users(organisation: Organisation):
    return User.objects.filter(
        organisation=organisation, is_active=True, is_staff=False, is_superuser=False
    )


@transaction.atomic
def access_review_open(*, organisation: Organisation, due_on=None) -> AccessReview:
    """Open a review of the organisation's active accounts, due after the review period."""
    Organisation.objects.select_for_update().get(pk=organisation.pk)
    if AccessReview.objects.open().filter(organisation=organisation).exists():
        raise ApplicationError(_("This organisation already has an open access review."))
    review = AccessReview.objects.create(
        organisation=organisation,
        due_on=due_on or timezone.localdate() + timedelta(days=settings.ACCESS_REVIEW_PERIOD_DAYS),
    )
    for user in _reviewable_users(organisation):
        AccessReviewEntry.objects.create(review=review, user=user)
    return review


def access_reviews_open_due() -> int:
    """Open a review for every active organisation whose last one is an interval old."""
    since = timezone.now() - relativedelta(months=settings.ACCESS_REVIEW_INTERVAL_MONTHS)
    opened = 0
    reviews = AccessReview.objects.filter(organisation=OuterRef("pk"))
    due = (
        Organisation.objects.filter(is_active=True)
        .annotate(
            recent=Exists(reviews.filter(opened_at__gt=since)),
            open=Exists(reviews.open()),
            has_users=Exists(User.objects.filter(organisation=OuterRef("pk"), is_active=True)),
        )
        .filter(recent=False, open=False, has_users=True)
        .order_by("pk")
    )
    for organisation in due:
        try:
            access_review_open(organisation=organisation)
        except ApplicationError:
            continue  # opened concurrently
        opened += 1
    return opened


def _open_review_for_update(review: AccessReview) -> AccessReview:
    review = AccessReview.objects.select_for_update().get(pk=review.pk)
    if not review.is_open:
        raise ApplicationError(_("This access review has already been closed."))
    return review


@transaction.atomic
def access_review_save(
    *, actor: User, review: AccessReview, reviewed_with: str, confirmed_user_ids: set[int]
) -> AccessReview:
    """Record with whom the review was held and which accounts are still needed."""
    review = _open_review_for_update(review)
    review.reviewed_with = reviewed_with.strip()
    review.full_clean()
    review.save(update_fields=["reviewed_with"])
    now = timezone.now()
    for entry in review.entries.select_for_update():
        wanted = entry.user_id in confirmed_user_ids
        if wanted and entry.confirmed_at is None:
            entry.confirmed_at, entry.confirmed_by = now, actor
            entry.save(update_fields=["confirmed_at", "confirmed_by"])
        elif not wanted and entry.confirmed_at is not None:
            entry.confirmed_at, entry.confirmed_by = None, None
            entry.save(update_fields=["confirmed_at", "confirmed_by"])
    return review


def access_review_deactivations(
    review: AccessReview, *, confirmed_user_ids: set[int]
) -> list[User]:
    """The active accounts that completing with these ticks would deactivate."""
    return list(
        User.objects.filter(
            access_review_entries__review=review,
            access_review_entries__deactivated_at__isnull=True,
            is_active=True,
        )
        .exclude(pk__in=confirmed_user_ids)
        .order_by("last_name", "first_name", "username")
    )


@transaction.atomic
def access_review_complete(
    *,
    actor: User,
    review: AccessReview,
    reviewed_with: str,
    confirmed_user_ids: set[int],
    deactivation_confirmed_ids: set[int] | frozenset[int] = frozenset(),
) -> AccessReview:
    """Close the review: accounts not confirmed as needed are deactivated now.

    Only when `deactivation_confirmed_ids` names exactly the accounts that would be
    deactivated (the administrator saw them on the confirmation page); otherwise
    nothing changes and `DeactivationNotConfirmed` lists them, so a request that
    skips the confirmation can never deactivate anyone."""
    if not reviewed_with.strip():
        raise ApplicationError(
            _("Record with whom the accounts were reviewed."), field="reviewed_with"
        )
    if actor.pk in _entry_user_ids(review) and actor.pk not in confirmed_user_ids:
        raise SelfEscalation(_("You cannot deactivate your own account."))
    leaving = access_review_deactivations(review, confirmed_user_ids=confirmed_user_ids)
    if {user.pk for user in leaving} != set(deactivation_confirmed_ids):
        raise DeactivationNotConfirmed(
            _("Confirm which accounts will be deactivated."), users=leaving
        )
    review = access_review_save(
        actor=actor,
        review=review,
        reviewed_with=reviewed_with,
        confirmed_user_ids=confirmed_user_ids,
    )
    _deactivate_unconfirmed(review, actor=actor, event="access_review_not_confirmed")
    review.completed_at, review.completed_by = timezone.now(), actor
    review.save(update_fields=["completed_at", "completed_by"])
    return review


def _entry_user_ids(review: AccessReview) -> set[int]:
    return set(review.entries.values_list("user_id", flat=True))


def _deactivate_unconfirmed(review: AccessReview, *, actor: User | None, event: str) -> int:
    """Deactivate the review's accounts nobody confirmed; their sessions end at once."""
    now = timezone.now()
    entries = list(
        review.entries.select_for_update().filter(
            confirmed_at__isnull=True, deactivated_at__isnull=True
        )
    )
    deactivated = []
    for user in User.objects.select_for_update().filter(
        pk__in=[entry.user_id for entry in entries], is_active=True
    ):
        user.is_active = False
        user.save(update_fields=["is_active"])
        audit_record(obj=user, actor=actor, action=LogEntry.Action.UPDATE, event=event)
        deactivated.append(user)
    _end_sessions(*deactivated)
    for entry in entries:
        entry.deactivated_at = now
        entry.save(update_fields=["deactivated_at"])
    return len(entries)


@transaction.atomic
def access_review_expire(*, review: AccessReview) -> int:
    """The period ended: deactivate every account nobody confirmed, and record it."""
    review = _open_review_for_update(review)
    count = _deactivate_unconfirmed(review, actor=None, event="access_review_expired")
    review.expired_at = timezone.now()
    review.save(update_fields=["expired_at"])
    security_log.info("Access review %s expired: %s account(s) deactivated", review.pk, count)
    return count


def access_reviews_expire_due() -> int:
    """For the scheduled job: every open review whose due date has passed. Idempotent."""
    deactivated = 0
    for review_id in (
        AccessReview.objects.open()
        .filter(due_on__lt=timezone.localdate())
        .values_list("pk", flat=True)
    ):
        try:
            deactivated += access_review_expire(review=AccessReview(pk=review_id))
        except ApplicationError:
            continue  # closed in the meantime
    return deactivated


# --- single sign-on (accounts.oidc does the protocol) ------------------------------


class SsoBindingRefused(ApplicationError):
    """The provider's subject cannot be bound to the invited account."""


@transaction.atomic
def identity_provider_save(
    *,
    actor: User,
    organisation: Organisation,
    issuer: str,
    client_id: str,
    client_secret: str,
    user_claim: str,
    trust_mfa_claim: bool,
    mfa_claim: str,
    mfa_values: str,
    is_active: bool,
) -> IdentityProvider:
    """Create or change an organisation's provider. An empty ``client_secret``
    keeps the stored one: the secret is never shown again."""
    provider = IdentityProvider.objects.select_for_update().filter(
        organisation=organisation
    ).first() or IdentityProvider(organisation=organisation)
    if not client_secret and not provider.client_secret_encrypted:
        raise ApplicationError(_("Enter the client secret."), field="client_secret")
    provider.issuer = issuer.strip()
    provider.client_id = client_id.strip()
    provider.user_claim = user_claim.strip()
    provider.trust_mfa_claim = trust_mfa_claim
    provider.mfa_claim = mfa_claim
    provider.mfa_values = ",".join(
        value.strip() for value in mfa_values.split(",") if value.strip()
    )
    provider.is_active = is_active
    if client_secret:
        provider.set_client_secret(client_secret)
    provider.full_clean(exclude=["client_secret_encrypted"])
    provider.save()
    security_log.info(
        "Identity provider of organisation id %s saved by user id %s (active: %s, trust MFA: %s)",
        organisation.pk,
        actor.pk,
        is_active,
        trust_mfa_claim,
    )
    return provider


@transaction.atomic
def sso_bind_invitation(
    *, invitation_id: int, token: str, provider: IdentityProvider, subject: str
) -> User:
    """First single sign-on through the invitation link: bind the provider's
    subject to the invited account and use up the link. The account's
    organisation and role stay as the administrator made them."""
    invitation = (
        Invitation.objects.select_for_update().select_related("user").filter(pk=invitation_id)
    ).first()
    invitation = _check_invitation(invitation, token, request_user=None)
    user = User.objects.select_for_update().get(pk=invitation.user_id)
    if user.organisation_id != provider.organisation_id:
        raise SsoBindingRefused("invitation of another organisation")
    if user.sso_subject and user.sso_subject != subject:
        raise SsoBindingRefused(f"user id {user.pk} is bound to another subject")
    taken = User.objects.filter(organisation_id=user.organisation_id, sso_subject=subject)
    if taken.exclude(pk=user.pk).exists():
        raise SsoBindingRefused("subject already bound to another account")
    user.sso_subject = subject
    user.save(update_fields=["sso_subject"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    audit_record(obj=user, actor=user, action=LogEntry.Action.UPDATE, event="sso_subject_bound")
    security_log.info(
        "Single sign-on subject bound to user id %s through invitation %s", user.pk, invitation.pk
    )
    return user


@transaction.atomic
def sso_login_complete(
    *, request: HttpRequest, user: User, provider: IdentityProvider, mfa_asserted: bool
) -> bool:
    """After the provider's login: mark the session verified when the provider
    asserted multi-factor authentication in a claim the administrator trusts;
    otherwise the TOTP step follows. Returns whether the session is verified."""
    trusted = provider.trust_mfa_claim and mfa_asserted
    if trusted:
        device, _created = ProviderMfaDevice.objects.get_or_create(
            user=user, defaults={"name": _("Identity provider"), "confirmed": True}
        )
        request.session.pop(ENROLMENT_SESSION_KEY, None)
        # django-otp's own way of marking a session verified, with a device of the user.
        otp_login(request, device)
        axes_reset(username=user.username)
        event = "sso_login_second_factor_by_provider"
        detail = (
            f"single sign-on; second factor checked by the identity provider ({provider.mfa_claim})"
        )
    else:
        event = "sso_login_totp_required"
        detail = (
            "single sign-on; provider's multi-factor claim absent"
            if provider.trust_mfa_claim
            else "single sign-on; provider's multi-factor claim not trusted"
        ) + ", TOTP asked"
    audit_record(
        obj=user,
        actor=user,
        action=LogEntry.Action.UPDATE,
        event=event,
        changes={"login": ["", detail]},
    )
    security_log.info(
        "Single sign-on accepted for user id %s (organisation id %s): %s",
        user.pk,
        provider.organisation_id,
        "second factor by provider" if trusted else "TOTP step follows",
    )
    return trusted
