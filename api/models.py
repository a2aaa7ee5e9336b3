"""System accounts: a partner organisation's own system, authenticated by a token."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import ipaddress

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lelystad_radicalisering.roles import Role
from network.models import Organisation
from signals.models import Signal


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


class SystemAccount(models.Model):
    """A partner organisation's system. Only a SHA-256 hash of its token is
    stored: the token itself is shown once, to the administrator who made it.

    For the selectors it acts as a partner of its organisation (``role``,
    ``organisation_id``, ``is_authenticated``), so the API reads through the
    very same visibility rules as the browser.
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="system_accounts",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=100)
    key_id = models.CharField(max_length=32, unique=True, editable=False)
    token_hash = models.CharField(max_length=64, editable=False)
    scopes = models.JSONField(_("scopes"), default=list)
    # One network per line (an address or CIDR); empty: any address.
    allowed_networks = models.TextField(_("allowed source addresses"), blank=True)
    expires_on = models.DateField(_("valid until"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The demo's account has a token printed in the README: it works only with DEBUG on.
    is_demo = models.BooleanField(default=False, editable=False)

    # What the selectors ask of a principal.
    is_authenticated = True
    is_anonymous = False
    role = Role.PARTNER

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("system account")
        verbose_name_plural = _("system accounts")

    def __str__(self) -> str:
        return f"{self.name} ({self.key_id})"

    @property
    def is_active(self) -> bool:
        return self.is_usable(timezone.localdate())

    def has_role(self, *roles: str) -> bool:
        return self.is_active and self.role in roles

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_expired(self, today: datetime.date) -> bool:
        return self.expires_on < today

    def is_usable(self, today: datetime.date) -> bool:
        return not self.is_revoked and not self.is_expired(today)

    def token_matches(self, token: str) -> bool:
        return hmac.compare_digest(self.token_hash, hash_token(token))

    def networks(self) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
        return [
            ipaddress.ip_network(line.strip(), strict=False)
            for line in self.allowed_networks.splitlines()
            if line.strip()
        ]

    def allows_address(self, address: str | None) -> bool:
        networks = self.networks()
        if not networks:
            return True
        try:
            ip = ipaddress.ip_address(address or "")
        except ValueError:
            return False
        return any(ip in network for network in networks)

    # What an audit entry says about the actor (see lelystad_radicalisering.audit).
    @property
    def audit_label(self) -> str:
        return f"system:{self.key_id}"

    @property
    def audit_data(self) -> dict:
        return {
            "system_account": self.pk,
            "system_account_name": self.name,
            "organisation": self.organisation_id,
        }


class ApiSubmission(models.Model):
    """Which signal an ``Idempotency-Key`` of a system account made. The
    unique pair makes a retry, however concurrent, find the first signal."""

    system_account = models.ForeignKey(
        SystemAccount, on_delete=models.PROTECT, related_name="submissions"
    )
    idempotency_key = models.CharField(max_length=255)
    # SHA-256 of the canonical request body: the same key with another body is refused.
    request_hash = models.CharField(max_length=64)
    signal = models.OneToOneField(Signal, on_delete=models.CASCADE, related_name="api_submission")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["system_account", "idempotency_key"],
                name="one_signal_per_idempotency_key",
            )
        ]

    def __str__(self) -> str:
        return f"API submission {self.pk}"


auditlog.register(SystemAccount, exclude_fields=["token_hash"])
