"""Kinds of notification, delivery modes and their defaults."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    INVOLVEMENT = "involvement", _("New involvement in a case")
    CASE_UPDATE = "case_update", _("Update on a case")
    ACTION_ASSIGNED = "action_assigned", _("Action assigned")
    ACTION_OVERDUE = "action_overdue", _("Action overdue")
    MEETING_INVITED = "meeting_invited", _("Invitation to a case consultation")
    AGENDA_CHANGED = "agenda_changed", _("Changed agenda")
    REPORT_READY = "report_ready", _("Report ready")


class Delivery(models.TextChoices):
    APP = "app", _("In the application only")
    IMMEDIATE = "immediate", _("Also by e-mail, immediately")
    DIGEST = "digest", _("Also in a daily e-mail summary")


# Without a choice of their own, users get these. Immediate where someone has
# to act or the old e-mail did so already (involvement); in the app only where
# another e-mail goes out anyway (the .ics invitation, the overdue reminder);
# the digest for what can come often (updates, agenda changes).
DEFAULT_DELIVERY: dict[str, str] = {
    Kind.INVOLVEMENT: Delivery.IMMEDIATE,
    Kind.CASE_UPDATE: Delivery.DIGEST,
    Kind.ACTION_ASSIGNED: Delivery.IMMEDIATE,
    Kind.ACTION_OVERDUE: Delivery.APP,
    Kind.MEETING_INVITED: Delivery.APP,
    Kind.AGENDA_CHANGED: Delivery.DIGEST,
    Kind.REPORT_READY: Delivery.IMMEDIATE,
}

# Kinds that can fire in bursts (every agenda drag, every note): while a
# recipient has an unread one for the same target, no new one is added.
COALESCED_KINDS = frozenset({Kind.CASE_UPDATE, Kind.AGENDA_CHANGED})

# What the target id of each kind points at.
CASE_KINDS = frozenset({Kind.INVOLVEMENT, Kind.CASE_UPDATE})
ACTION_KINDS = frozenset({Kind.ACTION_ASSIGNED, Kind.ACTION_OVERDUE})
MEETING_KINDS = frozenset({Kind.MEETING_INVITED, Kind.AGENDA_CHANGED})
REPORT_KINDS = frozenset({Kind.REPORT_READY})
