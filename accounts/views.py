from __future__ import annotations

import base64
from io import BytesIO
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import PasswordChangeView
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from lelystad_radicalisering.exceptions import ApplicationError, add_error_to_form

from . import services
from .forms import (
    EnrolmentForm,
    IdentifierForm,
    InvitationAcceptForm,
    LoginForm,
    NewPasswordForm,
    PasswordResetRequestForm,
    TokenForm,
)
from .models import BackupCode
from .oidc import allow_form_action, end_session_url, origin
from .selectors import (
    active_identity_provider,
    identity_provider_for_login,
    identity_provider_origins,
)
from .views_sso import INVITATION_SESSION_KEY

NEXT_SESSION_KEY = "login_next"


def _safe_next(request: HttpRequest, candidate: str | None) -> str | None:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return None


def _locked_out(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/locked_out.html", status=429)


def _sso_redirect(provider, next_url: str | None) -> HttpResponse:
    url = reverse("accounts:sso_start", args=[provider.organisation_id])
    return redirect(f"{url}?{urlencode({'next': next_url})}" if next_url else url)


@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    """Username or e-mail first: users of an organisation with single sign-on go
    to its provider, everyone else gives a password (then the TOTP code)."""
    return allow_form_action(_login(request), identity_provider_origins())


def _login(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.user.is_verified():
        return redirect("dashboards:start")
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    context = {"next": next_url or ""}
    if request.method == "POST" and "password" not in request.POST:
        identifier = IdentifierForm(request.POST)
        if not identifier.is_valid():
            return render(request, "accounts/login.html", {**context, "form": identifier})
        provider = identity_provider_for_login(identifier.cleaned_data["username"])
        if provider is not None:
            return _sso_redirect(provider, next_url)
        form = LoginForm(request, initial={"username": identifier.cleaned_data["username"]})
        return render(
            request, "accounts/login.html", {**context, "form": form, "password_step": True}
        )
    if request.method != "POST":
        return render(request, "accounts/login.html", {**context, "form": IdentifierForm()})
    form = LoginForm(request, data=request.POST)
    if form.is_valid():
        login(request, form.user)
        if next_url:
            request.session[NEXT_SESSION_KEY] = next_url
        return redirect("accounts:verify")
    if getattr(request, "axes_locked_out", False):
        return _locked_out(request)
    return render(
        request,
        "accounts/login.html",
        {
            **context,
            "form": form,
            "password_step": True,
            "identity_provider": form.identity_provider,
        },
        status=429 if form.slowed_down else 200,
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    """End the session here, and at the provider where it offers an end-session endpoint."""
    provider_logout = end_session_url(request)
    logout(request)
    if provider_logout:
        return redirect(provider_logout)
    messages.success(request, _("You have been logged out."))
    return redirect("accounts:login")


def _after_verification(request: HttpRequest) -> HttpResponse:
    return redirect(request.session.pop(NEXT_SESSION_KEY, None) or "dashboards:start")


@sensitive_post_parameters("token")
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def verify_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.is_authenticated:
        return redirect("accounts:login")
    if user.is_verified():
        return redirect("dashboards:start")
    if not services.has_confirmed_totp(user):
        return redirect("accounts:setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.second_factor_verify(
            request=request, user=user, token=form.cleaned_data["token"]
        )
        if result.locked_out:
            return _locked_out(request)
        if result.verified:
            return _after_verification(request)
        form.add_error("token", _("This code is incorrect, expired or already used."))
    return render(request, "accounts/verify.html", {"form": form})


def _qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


@sensitive_post_parameters("token")
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def setup_view(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app. Only for users who have none yet: a password
    alone must never be enough to add a second device to an account."""
    user = request.user
    if not user.is_authenticated:
        return redirect("accounts:login")
    if user.is_verified():
        return redirect("dashboards:start")
    if services.has_confirmed_totp(user):
        return redirect("accounts:verify")
    device = services.totp_device_for_enrolment(request=request, user=user)
    form = EnrolmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.totp_enrolment_confirm(
            request=request, user=user, device=device, token=form.cleaned_data["token"]
        )
        if result.locked_out:
            return _locked_out(request)
        if result.verified:
            return render(
                request,
                "accounts/backup_codes.html",
                {
                    "codes": result.backup_codes,
                    "continue_url": request.session.pop(NEXT_SESSION_KEY, None),
                },
            )
        form.add_error("token", _("This code is incorrect or expired. Try the next code."))
    secret = base64.b32encode(device.bin_key).decode("ascii")
    return render(
        request,
        "accounts/setup.html",
        {
            "form": form,
            "qr_svg_base64": _qr_svg(device.config_url),
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
        },
    )


@never_cache
@require_http_methods(["GET", "HEAD"])
def session_status(request: HttpRequest) -> JsonResponse:
    """For forms that take long to fill in: is the session still alive, and the
    current CSRF token (it changes at login). Behind the 2FA middleware like
    every page, so an expired session gets a redirect instead of this answer."""
    return JsonResponse({"active": True, "csrf": get_token(request)})


@never_cache
@require_POST
def session_keepalive(request: HttpRequest) -> HttpResponse:
    """Someone is typing in a long form: the request itself renews the session."""
    return HttpResponse(status=204)


@never_cache
def account_view(request: HttpRequest) -> HttpResponse:
    remaining = BackupCode.objects.filter(device__user=request.user).count()
    return render(request, "accounts/account.html", {"backup_codes_remaining": remaining})


@never_cache
@require_POST
def backup_codes_regenerate_view(request: HttpRequest) -> HttpResponse:
    codes = services.backup_codes_generate(user=request.user)
    return render(
        request,
        "accounts/backup_codes.html",
        {"codes": codes, "continue_url": reverse_lazy("accounts:account")},
    )


class AccountPasswordChangeView(PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("accounts:account")

    def get_success_url(self) -> str:
        if self.forced:
            return str(reverse_lazy("dashboards:start"))
        return super().get_success_url()

    def dispatch(self, request, *args, **kwargs):
        self.forced = request.user.is_authenticated and request.user.must_change_password
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        services.user_password_changed(user=self.request.user)
        messages.success(self.request, _("Your password has been changed."))
        return response


# --- invitations and password reset (open views: no session needed) ---------------


@sensitive_post_parameters("new_password1", "new_password2")
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def invitation_view(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    """Choose a password with an invitation link. Opening the link changes nothing;
    only the POST uses it up. Then the password step counts as passed and the user
    goes on to enrol the second factor."""
    try:
        invitation = services.invitation_for_link(
            invitation_id=pk, token=token, request_user=request.user
        )
    except services.InvitationWrongUser as error:
        return render(request, "accounts/invitation_refused.html", {"message": error.message})
    except services.InvitationInvalid:
        return render(request, "accounts/invitation_invalid.html", status=404)
    provider = active_identity_provider(invitation.user.organisation_id)
    if provider is not None:
        # No password for an organisation with single sign-on: the first login at
        # its provider binds the provider's subject to this account.
        if request.method == "POST":
            request.session[INVITATION_SESSION_KEY] = {
                "id": invitation.pk,
                "token": token,
                "organisation": provider.organisation_id,
            }
            return redirect("accounts:sso_start", provider.organisation_id)
        response = render(request, "accounts/invitation_sso.html", {"provider": provider})
        return allow_form_action(response, {origin(provider.issuer)})
    form = InvitationAcceptForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                invitation_id=pk,
                token=token,
                password=form.cleaned_data["new_password1"],
                request_user=request.user,
            )
        except services.InvitationWrongUser as error:
            return render(request, "accounts/invitation_refused.html", {"message": error.message})
        except services.InvitationInvalid:
            return render(request, "accounts/invitation_invalid.html", status=404)
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            login(request, user, backend="accounts.backends.UserBackend")
            return redirect("accounts:setup")
    return render(request, "accounts/invitation.html", {"form": form})


@method_decorator(sensitive_post_parameters("email"), name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    """Same answer for every address: whether it belongs to an account is never told."""

    form_class = PasswordResetRequestForm
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's single-use reset token. No login afterwards: the user logs in with
    the new password and the second factor, so a stolen mailbox alone is not enough."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    post_reset_login = False

    def form_valid(self, form):
        response = super().form_valid(form)
        services.user_password_reset_done(user=form.user)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
