"""Single sign-on with an organisation's OpenID Connect provider.

mozilla-django-oidc does the protocol (state, nonce, PKCE, the token request,
the signature check with the provider's keys); these subclasses only pick the
provider of the organisation per request, since each organisation has its own
(``IdentityProvider``) instead of one provider in the settings. On top of the
library: the ID token's audience, issuer and expiry are required and checked
(the library leaves the audience unchecked), and a login never creates an
account: it binds to the invited account or finds the bound one.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import jwt
import requests
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from lelystad_radicalisering.exceptions import ApplicationError
from lelystad_radicalisering.middleware import client_ip

from .models import IdentityProvider, User
from .services import sso_bind_invitation

security_log = logging.getLogger("casusoverleg.security")

# The provider and, for a first login, the invitation of the flow in progress.
FLOW_SESSION_KEY = "sso_flow"
# Kept for the provider's end-session endpoint at logout.
LOGOUT_SESSION_KEY = "sso_logout"


class ProviderUnreachable(Exception):
    """The provider did not answer (in time): no login, and no weaker fallback."""


class SsoRefused(Exception):
    """The provider's answer does not log anyone in here; ``reason`` is for the log."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ProviderConfig:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    end_session_endpoint: str | None


def discover(provider: IdentityProvider) -> ProviderConfig:
    """The provider's endpoints from its discovery document."""
    try:
        response = requests.get(provider.discovery_url, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        document = response.json()
        return ProviderConfig(
            issuer=document["issuer"],
            authorization_endpoint=document["authorization_endpoint"],
            token_endpoint=document["token_endpoint"],
            jwks_uri=document["jwks_uri"],
            end_session_endpoint=document.get("end_session_endpoint"),
        )
    except (requests.RequestException, ValueError, KeyError) as error:
        security_log.warning(
            "Identity provider of organisation id %s unreachable: %s",
            provider.organisation_id,
            type(error).__name__,
        )
        raise ProviderUnreachable from error


@dataclass(frozen=True)
class SsoResult:
    user: User
    subject: str
    mfa_asserted: bool
    id_token: str
    end_session_endpoint: str | None


class OrganisationOIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, configured per login with the provider of
    the organisation whose flow this session started (``FLOW_SESSION_KEY``).

    It answers only the callback's call (with the code, nonce and PKCE
    verifier): a username and password never reach it. It raises
    ``SsoRefused`` or ``ProviderUnreachable`` instead of answering None, so the
    callback can say what went wrong.
    """

    def __init__(self, *args, **kwargs) -> None:
        # The library reads one provider from the settings here; ours come from
        # the database, per login (``_configure``).
        self.UserModel = User
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None
        self.OIDC_OP_USER_ENDPOINT = None

    def _configure(self, provider: IdentityProvider, config: ProviderConfig, flow: dict) -> None:
        self.provider, self.config, self.flow = provider, config, flow
        self.OIDC_OP_TOKEN_ENDPOINT = config.token_endpoint
        self.OIDC_OP_JWKS_ENDPOINT = config.jwks_uri
        self.OIDC_RP_CLIENT_ID = provider.client_id
        self.OIDC_RP_CLIENT_SECRET = provider.client_secret
        self.result: SsoResult | None = None

    def _verify_jws(self, payload, key):
        # The library decodes with verify_aud off; a token for another client
        # (or from another issuer, or expired) must never log anyone in here.
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation("unexpected signing algorithm")
        return jwt.decode(
            payload,
            key,
            algorithms=[self.OIDC_RP_SIGN_ALGO],
            audience=self.OIDC_RP_CLIENT_ID,
            issuer=self.config.issuer,
            options={"require": ["exp", "iat", "aud", "iss", "sub"]},
            leeway=settings.OIDC_CLOCK_LEEWAY_SECONDS,
        )

    def store_tokens(self, access_token, id_token):
        pass  # the ID token is kept for logout by the callback view, nothing else

    def get_userinfo(self, access_token, id_token, payload):
        # The signed ID token carries every claim used here; no second request.
        return payload

    def verify_claims(self, claims) -> bool:
        return bool(claims.get(self.provider.user_claim))

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        if not self.verify_claims(claims):
            raise SsoRefused(f"claim {self.provider.user_claim!r} missing")
        subject = str(claims[self.provider.user_claim])
        invitation = self.flow.get("invitation")
        if invitation:
            try:
                user = sso_bind_invitation(
                    invitation_id=invitation["id"],
                    token=invitation["token"],
                    provider=self.provider,
                    subject=subject,
                )
            except ApplicationError as error:
                raise SsoRefused(f"invitation not usable: {error.message}") from error
        else:
            user = User.objects.filter(
                organisation_id=self.provider.organisation_id, sso_subject=subject
            ).first()
            if user is None:
                # Never an account made on the fly: only invited accounts log in.
                raise SsoRefused("subject not bound to any account")
        if not user.is_active:
            # Deactivated here: whatever the provider says.
            raise SsoRefused(f"account user id {user.pk} is deactivated")
        self.result = SsoResult(
            user=user,
            subject=subject,
            mfa_asserted=self.provider.asserts_mfa(claims),
            id_token=id_token,
            end_session_endpoint=self.config.end_session_endpoint,
        )
        return user

    def create_user(self, claims):
        raise SsoRefused("accounts are never created by single sign-on")

    def get_user(self, user_id):
        # The library's get_user skips Django's is_active check; ModelBackend's keeps it.
        return ModelBackend.get_user(self, user_id)

    def authenticate(self, request: HttpRequest | None, **kwargs):
        if request is None or "code_verifier" not in kwargs or "nonce" not in kwargs:
            return None  # a password login: not for this backend
        flow = request.session.get(FLOW_SESSION_KEY) or {}
        provider = IdentityProvider.objects.filter(pk=flow.get("provider"), is_active=True).first()
        if provider is None:
            raise SsoRefused("no single sign-on started in this session")
        self._configure(provider, discover(provider), flow)
        try:
            user = super().authenticate(request, **kwargs)
        except requests.HTTPError as error:
            # A used, expired or stolen code, or a wrong PKCE verifier.
            raise SsoRefused("token request refused by the provider") from error
        except requests.RequestException as error:
            raise ProviderUnreachable from error
        except jwt.ExpiredSignatureError as error:
            raise SsoRefused("ID token expired") from error
        except jwt.InvalidAudienceError as error:
            raise SsoRefused("ID token for another audience") from error
        except jwt.InvalidIssuerError as error:
            raise SsoRefused("ID token from another issuer") from error
        except jwt.InvalidSignatureError as error:
            raise SsoRefused("ID token signature invalid") from error
        except jwt.PyJWTError as error:
            raise SsoRefused(f"ID token invalid ({type(error).__name__})") from error
        except SuspiciousOperation as error:
            raise SsoRefused(str(error)) from error
        if user is None or self.result is None:
            raise SsoRefused("no code in the callback")
        request.sso_result = self.result
        return user


def refusal_logged(request: HttpRequest, provider: IdentityProvider | None, reason: str) -> None:
    security_log.warning(
        "Single sign-on refused (organisation id %s) from %s: %s",
        provider.organisation_id if provider else "-",
        client_ip(request) or "-",
        reason,
    )


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def allow_form_action(response: HttpResponse, origins: set[str]) -> HttpResponse:
    """Let a form on this page lead (through our redirects) to these providers.

    Browsers apply the CSP ``form-action`` of the page with the form to every
    redirect after its submission: without this, the login step and the logout
    button could not send the browser on to the organisation's provider.
    """
    if origins:
        update = dict(getattr(response, "_csp_update", None) or {})
        update["form-action"] = sorted({*update.get("form-action", []), *origins})
        response._csp_update = update
    return response


def end_session_url(request: HttpRequest) -> str | None:
    """Where to send the browser so the provider ends its session too, if it offers that."""
    stored = request.session.get(LOGOUT_SESSION_KEY)
    if not stored or not stored.get("endpoint"):
        return None
    params = {
        "id_token_hint": stored["id_token"],
        "client_id": stored["client_id"],
        "post_logout_redirect_uri": request.build_absolute_uri(reverse("accounts:login")),
    }
    return f"{stored['endpoint']}?{urlencode(params)}"
