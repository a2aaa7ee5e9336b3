"""The security log: every authentication decision (OWASP ASVS 4.0.3 V7.2).

Django's and django-axes's authentication signals are the only place where
every password decision passes, whichever view or backend made it; the second
factor is logged in ``accounts.services`` and denied access in
``lelystad_radicalisering.views`` and ``accounts.middleware``. Lines carry user
ids and addresses, never a username as typed (it may be a password) or any
other personal data.
"""

from __future__ import annotations

import logging

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from lelystad_radicalisering.middleware import client_ip

from .models import User

security_log = logging.getLogger("casusoverleg.security")


def _address(request) -> str:
    return (client_ip(request) if request is not None else None) or "-"


@receiver(user_logged_in, dispatch_uid="security-log-password-accepted")
def log_password_accepted(sender, request, user, **kwargs) -> None:
    if getattr(user, "backend", "").endswith("OrganisationOIDCBackend"):
        method = "Single sign-on"  # the provider's answer, logged in accounts.services
    else:
        method = "Password"
    security_log.info("%s accepted for user id %s from %s", method, user.pk, _address(request))


@receiver(user_login_failed, dispatch_uid="security-log-login-failed")
def log_login_failed(sender, credentials, request=None, **kwargs) -> None:

    if sender == "accounts.services":
        return  # a rejected second factor, logged where it is decided
    user_id = (
        User.objects.filter(username=credentials.get("username", ""))
        .values_list("pk", flat=True)
        .first()
    )
    security_log.warning(
        "Password rejected for %s from %s",
        f"user id {user_id}" if user_id else "an unknown username",
        _address(request),
    )


@receiver(user_logged_out, dispatch_uid="security-log-logged-out")
def log_logged_out(sender, request, user, **kwargs) -> None:
    security_log.info("Logged out user id %s", getattr(user, "pk", None))


@receiver(user_locked_out, dispatch_uid="security-log-locked-out")
def log_locked_out(sender, request, username, ip_address, **kwargs) -> None:

    user_id = User.objects.filter(username=username).values_list("pk", flat=True).first()
    security_log.warning(
        "Account locked after repeated failures: user id %s from %s", user_id, _address(request)
    )
