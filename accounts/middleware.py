"""Two factors before anything else: the one place where 2FA is enforced."""

from __future__ import annotations

import logging
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware as BaseOTPMiddleware

from .backends import LOADED_DEVICE_ATTRIBUTE, session_device
from .oidc import LOGOUT_SESSION_KEY, allow_form_action, origin

security_log = logging.getLogger("casusoverleg.security")

# The only views reachable without a verified second factor.
OPEN_VIEWS = frozenset(
    {
        "accounts:login",
        "accounts:logout",
        "accounts:verify",
        "accounts:setup",
        # Single sign-on: to the organisation's provider and back.
        "accounts:sso_start",
        "accounts:sso_callback",
        # The account lifecycle: reached from an e-mail, before any login.
        "accounts:invitation",
        "accounts:password_reset",
        "accounts:password_reset_done",
        "accounts:password_reset_confirm",
        "accounts:password_reset_complete",
        "health",
        "set_language",
    }
)
# Reachable while a password chosen by someone else still has to be replaced.
PASSWORD_CHANGE_VIEWS = frozenset({"accounts:account_password", "accounts:logout", "set_language"})


class OTPMiddleware(BaseOTPMiddleware):
    """django-otp's middleware, with the session's device read in the query
    that loads the user (``accounts.backends.UserBackend``) instead of one of
    its own on every request. The checks stay django-otp's: the device must be
    the user's and confirmed, else the session loses it."""

    def _verify_user_sync(self, request, user):
        persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
        if persistent_id:
            persistent_id = self._normalize_persistent_id(persistent_id)
        with session_device(persistent_id):
            # The first touch of the lazy user loads it, with the device joined.
            self._init_user_fields(user)
        if user.is_authenticated:
            device = None
            if persistent_id:
                loaded = getattr(user, LOADED_DEVICE_ATTRIBUTE, None)
                if loaded is not None and loaded[0] == persistent_id:
                    device = loaded[1]
                else:  # the user was loaded before this middleware ran
                    device = self._device_from_persistent_id(persistent_id)
            user.otp_device = self._finalize_device(request, user, device)
        return user


class TwoFactorRequiredMiddleware:
    """Send anonymous users to the login page and password-only users to the
    second-factor step. Must come after django-otp's OTPMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if request.resolver_match.view_name in OPEN_VIEWS:
            return None
        if request.path_info.startswith(settings.STATIC_URL):
            return None
        if getattr(getattr(view_func, "view_class", None), "authenticates_itself", False):
            # Token APIs (the api app) authenticate every request themselves and
            # never read the session: a partner's system has no second factor to ask.
            return None
        user = request.user
        if not user.is_authenticated:
            security_log.info("Sent to login (no session): %s %s", request.method, request.path)
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('accounts:login')}?{query}")
        if not user.is_verified():
            security_log.info(
                "Sent to second factor: user id %s %s %s", user.pk, request.method, request.path
            )
            return HttpResponseRedirect(reverse("accounts:verify"))
        if (
            user.must_change_password
            and request.resolver_match.view_name not in PASSWORD_CHANGE_VIEWS
        ):
            return HttpResponseRedirect(reverse("accounts:account_password"))
        return None


class SsoLogoutFormActionMiddleware:
    """After a single sign-on, the logout button leads on to the provider's
    end-session endpoint: allow that site as a form target on every page of the
    session (the browser checks ``form-action`` on the redirect). Must come after
    django-csp's middleware in MIDDLEWARE, so it sees the response first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        stored = session.get(LOGOUT_SESSION_KEY) if session is not None else None
        if stored and stored.get("endpoint"):
            allow_form_action(response, {origin(stored["endpoint"])})
        return response
