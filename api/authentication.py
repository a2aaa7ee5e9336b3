"""Token authentication of system accounts: ``Authorization: Bearer clk_…``."""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from lelystad_radicalisering.middleware import client_ip

from .models import SystemAccount
from .selectors import system_account_by_key_id
from .services import token_parse

security_log = logging.getLogger("casusoverleg.security")

# One answer for every bad token: which part was wrong never leaks.
INVALID = _("The token is missing, unknown, expired or revoked.")


class SystemAccountAuthentication(BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[SystemAccount, str] | None:
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(INVALID)
        try:
            token = header[1].decode("ascii")
        except UnicodeError as error:
            raise exceptions.AuthenticationFailed(INVALID) from error
        parsed = token_parse(token)
        account = system_account_by_key_id(parsed[0]) if parsed else None
        if account is None or not account.token_matches(token):
            security_log.info("API token refused: unknown token")
            raise exceptions.AuthenticationFailed(INVALID)
        if account.is_demo and not settings.DEBUG:
            security_log.info("API token refused: demo account %s without DEBUG", account.key_id)
            raise exceptions.AuthenticationFailed(INVALID)
        if not account.is_usable(timezone.localdate()):
            security_log.info("API token refused: account %s expired or revoked", account.key_id)
            raise exceptions.AuthenticationFailed(INVALID)
        if not account.allows_address(client_ip(request)):
            security_log.info(
                "API token refused: account %s from a disallowed address", account.key_id
            )
            raise exceptions.PermissionDenied(_("This token may not be used from this address."))
        return account, token

    def authenticate_header(self, request: Request) -> str:
        return f'{self.keyword} realm="api"'
