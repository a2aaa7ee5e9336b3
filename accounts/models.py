from __future__ import annotations

import hashlib
import hmac
import secrets

from auditlog.registry import auditlog
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device

from lelystad_radicalisering.roles import Role
from network.models import Organisation

from .constants import MfaClaim
from .otp_keys import decrypt_text, encrypt_text


class User(AbstractUser):
    """A person who uses the application: exactly one organisation, exactly one role."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="users",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    # Set when someone else chose the password (the functional administrator):
    # nobody but the user may know the password of an account in use.
    must_change_password = models.BooleanField(default=False, editable=False)
    # The subject (or the configured claim) at the organisation's identity
    # provider, bound at the first single sign-on through the invitation link.
    sso_subject = models.CharField(max_length=255, blank=True, default="", editable=False)
    # A coordinator who may take the mayor's decisions under the PGA law
    # (inclusion, ending it) on the mayor's behalf. Set by the functional
    # administrator (accounts.services.user_set_mandate); audited with the user.
    pga_mandate = models.BooleanField(
        _("mandate for person-oriented approach decisions"), default=False, editable=False
    )

    objects = UserManager()

    REQUIRED_FIELDS = ["email", "organisation", "role"]

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "sso_subject"],
                condition=~models.Q(sso_subject=""),
                name="one_account_per_sso_subject",
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def has_role(self, *roles: str) -> bool:
        return self.is_active and self.role in roles

    def group_ids(self) -> list[int]:
        """The ids of its groups (its organisation's), read once per instance:
        a request's user lives as long as the request. Changing the groups
        through accounts.services forgets them."""
        if "_group_ids" not in self.__dict__:
            self.__dict__["_group_ids"] = list(self.groups.values_list("pk", flat=True))
        return self.__dict__["_group_ids"]

    def forget_group_ids(self) -> None:
        self.__dict__.pop("_group_ids", None)

    @property
    def has_pga_mandate(self) -> bool:
        """Only an active coordinator can hold the mandate; a role change ends it in effect."""
        return self.pga_mandate and self.has_role(Role.COORDINATOR)


BACKUP_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i
BACKUP_CODE_LENGTH = 10
BACKUP_CODE_ITERATIONS = 120_000


def normalise_backup_code(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch in BACKUP_CODE_ALPHABET)


class BackupCodeDevice(Device):
    """Single-use backup codes, stored only as salted PBKDF2 hashes.

    django-otp's own static tokens are kept in plain text, which the design
    forbids. One salt per device keeps verification to a single derivation.
    """

    salt = models.CharField(max_length=32, default="", editable=False)

    class Meta:
        verbose_name = _("backup code set")
        verbose_name_plural = _("backup code sets")

    def hash_code(self, code: str) -> str:
        return hashlib.pbkdf2_hmac(
            "sha256",
            normalise_backup_code(code).encode(),
            self.salt.encode(),
            BACKUP_CODE_ITERATIONS,
        ).hex()

    @staticmethod
    def generate_code() -> str:
        raw = "".join(secrets.choice(BACKUP_CODE_ALPHABET) for _ in range(BACKUP_CODE_LENGTH))
        return f"{raw[:5]}-{raw[5:]}"

    def verify_token(self, token: str) -> bool:
        if len(normalise_backup_code(token)) != BACKUP_CODE_LENGTH:
            return False
        candidate = self.hash_code(token)
        for code in self.codes.all():
            if hmac.compare_digest(code.code_hash, candidate):
                # Only the request that really deletes the row may use the code.
                deleted, _ = BackupCode.objects.filter(pk=code.pk).delete()
                return deleted == 1
        return False


class BackupCode(models.Model):
    device = models.ForeignKey(BackupCodeDevice, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"backup code {self.pk}"


auditlog.register(User, exclude_fields=["password", "last_login"])


class ProviderMfaDevice(Device):
    """The second factor checked by the organisation's identity provider.

    django-otp marks a session verified with a device (``django_otp.login``);
    this one stands for a trusted multi-factor claim in the provider's ID
    token. It never accepts a token typed here.
    """

    class Meta:
        verbose_name = _("identity provider multi-factor")
        verbose_name_plural = _("identity provider multi-factor")

    def verify_token(self, token: str) -> bool:
        return False


class IdentityProvider(models.Model):
    """An organisation's OpenID Connect provider (single sign-on).

    Users of the organisation log in there instead of with a password; the
    account, its organisation and its role stay those made here. The client
    secret is stored encrypted like the TOTP keys (``accounts.otp_keys``).
    """

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="identity_provider",
        verbose_name=_("organisation"),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    issuer = models.URLField(
        _("issuer or discovery URL"),
        max_length=500,
        help_text=_(
            "The provider's issuer, or its address ending in /.well-known/openid-configuration."
        ),
    )
    client_id = models.CharField(_("client ID"), max_length=255)
    client_secret_encrypted = models.TextField(editable=False)
    user_claim = models.CharField(
        _("claim that identifies a user"),
        max_length=100,
        default="sub",
        help_text=_("Usually sub: the provider's permanent identifier of the person."),
    )
    trust_mfa_claim = models.BooleanField(
        _("trust the provider's multi-factor claim"),
        default=False,
        help_text=_(
            "When the provider states that it checked a second factor, the code "
            "from the authenticator app is not asked here."
        ),
    )
    mfa_claim = models.CharField(
        _("multi-factor claim"), max_length=3, choices=MfaClaim.choices, default=MfaClaim.AMR
    )
    mfa_values = models.CharField(
        _("values that mean multi-factor"),
        max_length=500,
        default="mfa",
        help_text=_("Separated by commas, for example mfa,otp,hwk."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")

    def __str__(self) -> str:
        return f"identity provider of {self.organisation}"

    @property
    def client_secret(self) -> str:
        return decrypt_text(self.client_secret_encrypted) if self.client_secret_encrypted else ""

    def set_client_secret(self, secret: str) -> None:
        self.client_secret_encrypted = encrypt_text(secret)

    @property
    def discovery_url(self) -> str:
        suffix = "/.well-known/openid-configuration"
        base = self.issuer.rstrip("/")
        return base if base.endswith(suffix) else base + suffix

    def mfa_value_set(self) -> set[str]:
        return {value.strip() for value in self.mfa_values.split(",") if value.strip()}

    def asserts_mfa(self, claims: dict) -> bool:
        """Whether the ID token's claims say a second factor was checked."""
        value = claims.get(self.mfa_claim)
        values = set(value) if isinstance(value, list) else {value} if value else set()
        return bool(values & self.mfa_value_set())


class Invitation(models.Model):
    """A one-time link that lets an invited user choose a password.

    Only a SHA-256 hash of the token is stored: the token itself exists only in
    the e-mail. A new invitation for the same user revokes the earlier ones.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"invitation {self.pk}"

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()

    def is_usable(self, now) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > now


class AccessReviewQuerySet(models.QuerySet):
    def open(self) -> AccessReviewQuerySet:
        """Neither completed by the administrator nor expired by the scheduled job."""
        return self.filter(completed_at__isnull=True, expired_at__isnull=True)


class AccessReview(models.Model):
    """A periodic check, with an organisation's contact, of which accounts are still needed."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="access_reviews",
        verbose_name=_("organisation"),
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    due_on = models.DateField(_("due date"))
    reviewed_with = models.CharField(_("reviewed with"), max_length=200, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Set by the scheduled job that deactivated the accounts nobody confirmed.
    expired_at = models.DateTimeField(null=True, blank=True)

    objects = AccessReviewQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("access review")
        verbose_name_plural = _("access reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(completed_at__isnull=True, expired_at__isnull=True),
                name="one_open_access_review_per_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"access review {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.completed_at is None and self.expired_at is None


class AccessReviewEntry(models.Model):
    """One account in a review: confirmed as still needed, or deactivated by the job."""

    review = models.ForeignKey(AccessReview, on_delete=models.CASCADE, related_name="entries")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="access_review_entries")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    deactivated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["user__last_name", "user__first_name", "user__username"]
        verbose_name = _("reviewed account")
        verbose_name_plural = _("reviewed accounts")
        constraints = [
            models.UniqueConstraint(fields=["review", "user"], name="one_entry_per_user_per_review")
        ]

    def __str__(self) -> str:
        return f"access review entry {self.pk}"


auditlog.register(Invitation, exclude_fields=["token_hash"])
auditlog.register(IdentityProvider, exclude_fields=["client_secret_encrypted"])
auditlog.register(AccessReview)
auditlog.register(AccessReviewEntry)
