from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RetentionKind(models.TextChoices):
    SIGNAL_CLOSED = "signal_closed", _("Signals closed without follow-up")
    SIGNAL_FORWARDED = "signal_forwarded", _("Forwarded signals")
    CASE_CLOSED = "case_closed", _("Closed cases")
    MINUTES = "minutes", _("Meeting minutes")
    ATTACHMENTS = "attachments", _("Attachments")
    CONTACT_MOMENTS = "contact_moments", _("Contact moments")
    AUDIT = "audit", _("Audit entries")
    # Not a period of its own: the most any record may be kept past its
    # retention date through extensions (PGA law; README).
    EXTENSION_MAXIMUM = "extension_max", _("Longest extension past the retention date")
    # Not a period: what an erasure request destroyed.
    ERASURE = "erasure", _("Erasure request")


# Defaults in days; documented in the README. The privacy officer changes them.
RETENTION_DEFAULTS: dict[str, int] = {
    RetentionKind.SIGNAL_CLOSED: 365,
    RetentionKind.SIGNAL_FORWARDED: 730,
    RetentionKind.CASE_CLOSED: 1826,
    RetentionKind.MINUTES: 1826,
    RetentionKind.ATTACHMENTS: 730,
    RetentionKind.CONTACT_MOMENTS: 730,
    RetentionKind.AUDIT: 2557,
    RetentionKind.EXTENSION_MAXIMUM: 1095,
}
# The legal floor: nothing shorter may be configured (a typo must not destroy everything).
MINIMUM_RETENTION_DAYS = 30


class ExtensionStatus(models.TextChoices):
    APPROVED = "approved", _("In force")
    PENDING = "pending", _("Awaiting the privacy officer")
    REFUSED = "refused", _("Refused")


class ExtensionTarget(models.TextChoices):
    SIGNAL = "signal", _("Signal")
    CASE = "case", _("Case")


class RequestKind(models.TextChoices):
    ACCESS = "access", _("Access (art. 15)")
    RECTIFICATION = "rectification", _("Rectification (art. 16)")
    ERASURE = "erasure", _("Erasure (art. 17)")


class RequestDecision(models.TextChoices):
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")
