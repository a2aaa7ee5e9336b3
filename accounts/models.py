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

    objects = UserManager()

    REQUIRED_FIELDS = ["email", "organisation", "role"]

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def has_role(self, *roles: str) -> bool:
        return self.is_active and self.role in roles


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
auditlog.register(AccessReview)
auditlog.register(AccessReviewEntry)
