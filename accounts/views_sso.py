"""Single sign-on views: mozilla-django-oidc's request and callback views,
with the provider of the user's organisation instead of one from the settings."""

from __future__ import annotations

from django.contrib import auth
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import View
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from network.models import Organisation

from . import services
from .models import IdentityProvider
from .oidc import (
    FLOW_SESSION_KEY,
    LOGOUT_SESSION_KEY,
    ProviderUnreachable,
    SsoRefused,
    discover,
    refusal_logged,
)
from .selectors import active_identity_provider

NEXT_SESSION_KEY = "login_next"  # the same key as accounts.views
INVITATION_SESSION_KEY = "sso_invitation"


def unreachable(request: HttpRequest, provider: IdentityProvider) -> HttpResponse:
    return render(
        request,
        "accounts/sso_unreachable.html",
        {"organisation": provider.organisation},
        status=503,
    )


def refused(request: HttpRequest, provider: IdentityProvider | None, reason: str) -> HttpResponse:
    refusal_logged(request, provider, reason)
    if request.user.is_authenticated:
        auth.logout(request)
    return render(
        request,
        "accounts/sso_refused.html",
        {"organisation": provider.organisation if provider else None},
        status=403,
    )


class _NotWhenVerified:
    """A fully logged-in user has nothing to do here: on to the start page."""

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.is_authenticated and request.user.is_verified():
            return redirect("dashboards:start")
        return super().dispatch(request, *args, **kwargs)


@method_decorator(never_cache, name="dispatch")
class SsoStartView(OIDCAuthenticationRequestView):
    """Send the browser to the organisation's provider (state, nonce and PKCE by the library)."""

    def __init__(self, **kwargs) -> None:
        # The library reads one provider from the settings here; ours is per organisation.
        View.__init__(self, **kwargs)

    def get(self, request: HttpRequest, organisation_pk: int) -> HttpResponse:
        get_object_or_404(Organisation.objects.only("pk"), pk=organisation_pk)
        if request.user.is_authenticated and request.user.is_verified():
            return redirect("dashboards:start")
        provider = active_identity_provider(organisation_pk)
        if provider is None:
            # No (longer) single sign-on for this organisation: the ordinary login page.
            return redirect("accounts:login")
        try:
            config = discover(provider)
        except ProviderUnreachable:
            return unreachable(request, provider)
        self.OIDC_OP_AUTH_ENDPOINT = config.authorization_endpoint
        self.OIDC_RP_CLIENT_ID = provider.client_id
        flow = {"provider": provider.pk}
        invitation = request.session.pop(INVITATION_SESSION_KEY, None)
        if invitation and invitation.get("organisation") == provider.organisation_id:
            flow["invitation"] = invitation
        request.session[FLOW_SESSION_KEY] = flow
        response = super().get(request)
        next_url = request.session.pop("oidc_login_next", None)
        if next_url:
            request.session[NEXT_SESSION_KEY] = next_url
        return response


@method_decorator(never_cache, name="dispatch")
class SsoCallbackView(_NotWhenVerified, OIDCAuthenticationCallbackView):
    """The provider sends the browser back here with a code. The library checks
    the state and hands the code, nonce and PKCE verifier to the backend."""

    def get(self, request: HttpRequest) -> HttpResponse:
        flow = request.session.get(FLOW_SESSION_KEY) or {}
        if not flow:
            # No login started in this browser: nothing to complete, nobody logged in.
            if "code" in request.GET:
                refusal_logged(request, None, "callback without a login started in this session")
            return redirect("accounts:login")
        self.provider = (
            IdentityProvider.objects.select_related("organisation")
            .filter(pk=flow.get("provider"))
            .first()
        )
        if "state" in request.GET and request.GET["state"] not in request.session.get(
            "oidc_states", {}
        ):
            # The library raises SuspiciousOperation (a 400); say it once, plainly.
            return refused(request, self.provider, "state unknown in this session")
        try:
            return super().get(request)
        except ProviderUnreachable:
            return unreachable(request, self.provider)
        except SsoRefused as error:
            return refused(request, self.provider, error.reason)

    def login_failure(self) -> HttpResponse:
        reason = self.request.GET.get("error") or "callback without code or state"
        return refused(self.request, self.provider, f"provider answered: {reason[:80]}")

    def login_success(self) -> HttpResponse:
        request = self.request
        result = request.sso_result
        auth.login(request, self.user)  # a fresh session key (no fixation)
        request.session.pop(FLOW_SESSION_KEY, None)
        request.session.pop("oidc_states", None)
        verified = services.sso_login_complete(
            request=request,
            user=self.user,
            provider=self.provider,
            mfa_asserted=result.mfa_asserted,
        )
        request.session[LOGOUT_SESSION_KEY] = {
            "provider": self.provider.pk,
            "id_token": result.id_token,
            "client_id": self.provider.client_id,
            "endpoint": result.end_session_endpoint,
        }
        if verified:
            return redirect(request.session.pop(NEXT_SESSION_KEY, None) or "dashboards:start")
        return redirect(reverse("accounts:verify"))
