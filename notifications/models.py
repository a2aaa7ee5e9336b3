"""In-app notifications. A notification stores a kind, the id of what it is
about and a reference that is not personal data (a case reference, a meeting
date, a report period); the text shown is built from the kind, never stored."""

from __future__ import annotations

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _

from lelystad_radicalisering import notices

from .constants import Delivery


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=32, choices=notices.kind_choices)
    # The case, action, meeting or report (by kind); checked again when opened.
    target_id = models.PositiveBigIntegerField()
    # Not personal data: a case reference, a meeting date, a report period.
    reference = models.CharField(max_length=40)
    # The recipient's choice when the notification was made.
    delivery = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.APP)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Outbox markers: null while the e-mail (immediate or digest) is still due.
    emailed_at = models.DateTimeField(null=True, blank=True)
    digested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The header badge: a count of one user's unread rows.
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"
            ),
            models.Index(fields=["recipient", "-created_at"], name="notification_list"),
            models.Index(
                fields=["created_at"],
                condition=Q(delivery=Delivery.IMMEDIATE, emailed_at__isnull=True),
                name="notification_outbox",
            ),
            models.Index(
                fields=["recipient"],
                condition=Q(delivery=Delivery.DIGEST, digested_at__isnull=True),
                name="notification_digest",
            ),
        ]

    def __str__(self) -> str:
        return f"Melding {self.pk}"

    @property
    def label(self) -> str:
        return str(notices.kind(self.kind).title) % {"reference": self.reference}

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """A user's choice for one kind; without a row the default holds."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=32, choices=notices.kind_choices)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once")
        ]

    def __str__(self) -> str:
        return _("%(kind)s: %(delivery)s") % {
            "kind": self.get_kind_display(),
            "delivery": self.get_delivery_display(),
        }


class DigestSent(models.Model):
    """One row per user per day: the daily summary goes out at most once."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recipient", "day"], name="digest_once_a_day")
        ]

    def __str__(self) -> str:
        return f"Samenvatting {self.day}"


# Preferences are a user's own setting; notifications hold no personal data and
# are made in bulk (auditlog would not see them), so only preferences are logged.
auditlog.register(NotificationPreference)
