"""Background work for accounts. Tasks take primary keys only."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from .models import User
from .services import access_reviews_expire_due, access_reviews_open_due


@shared_task(name="accounts.notify_two_factor_reset")
def two_factor_reset_notify(user_id: int) -> None:
    """Tell the user their second factor was reset: neutral text, no personal data."""
    user = User.objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Your two-factor authentication was reset")
        body = _(
            "The two-factor authentication of your account in Casusoverleg Lelystad was "
            "reset by the functional administrator. At your next login you set it up again.\n\n"
            "Was this not at your request? Contact the functional administrator of "
            "Casusoverleg Lelystad at once.\n"
        )
    send_mail(subject, body, None, [user.email])


@shared_task(name="accounts.send_password_reset")
def password_reset_send(user_id: int) -> None:
    """The reset link is made here, in the worker: the token never sits in the broker."""
    user = User.objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is None or not user.has_usable_password():
        return
    link = settings.SITE_URL + reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Reset your password for Casusoverleg Lelystad")
        body = _(
            "Someone asked to reset the password of your account in Casusoverleg Lelystad.\n\n"
            "Choose a new password with this link (it works once):\n%(link)s\n\n"
            "After that you log in with your new password and your authenticator app. "
            "Did you not ask for this? Then ignore this message; your password stays the same.\n"
        ) % {"link": link}
    send_mail(subject, body, None, [user.email])


@shared_task(name="accounts.open_access_reviews")
def open_access_reviews() -> int:
    return access_reviews_open_due()


@shared_task(name="accounts.expire_access_reviews")
def expire_access_reviews() -> int:
    # The audit entries carry no actor: the system deactivated these accounts.
    return access_reviews_expire_due()
