"""Writes for accounts: user administration and the two-factor flow."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass

from axes.handlers.proxy import AxesProxyHandler
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.signals import user_login_failed
from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from lelystad_radicalisering.exceptions import ApplicationError
from network.models import Organisation

from .models import BackupCode, BackupCodeDevice, User

logger = logging.getLogger(__name__)
# Authentication decisions, with accounts.receivers (OWASP ASVS V7.2).
security_log = logging.getLogger("casusoverleg.security")


class SelfEscalation(ApplicationError):
    pass


def _sync_organisation_group(user: User, previous: Organisation | None) -> None:
    if previous is not None and previous.pk != user.organisation_id:
        user.groups.remove(previous.group)
    user.groups.add(user.organisation.group)


@transaction.atomic
def user_create(
    *,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    organisation: Organisation,
    role: str,
    password: str,
    must_change_password: bool = True,
) -> User:
    """Create a user. The password was chosen by someone else, so by default
    the user must replace it right after the first full login."""
    user = User(
        username=username.strip().lower(),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=User.objects.normalize_email(email.strip()),
        organisation=organisation,
        role=role,
        must_change_password=must_change_password,
    )
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    _sync_organisation_group(user, previous=None)
    return user


def _end_sessions(user: User) -> None:
    """Log the user out everywhere. Sessions are few, so a scan is acceptable."""
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
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
def user_reset_two_factor(*, actor: User, user: User) -> None:
    """Remove every second factor of ``user``: the next login starts enrolment."""
    if actor.pk == user.pk:
        raise SelfEscalation(_("You cannot reset your own two-factor authentication."))
    TOTPDevice.objects.filter(user=user).delete()
    BackupCodeDevice.objects.filter(user=user).delete()
    _end_sessions(user)
    security_log.info("Two-factor reset for user id %s by user id %s", user.pk, actor.pk)


@transaction.atomic
def user_password_changed(*, user: User) -> None:
    if user.must_change_password:
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])


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
