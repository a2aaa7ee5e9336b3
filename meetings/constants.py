from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemKind(models.TextChoices):
    NEW_CASE = "new_case", _("New case")
    PROGRESS = "progress", _("Progress")
    CLOSING = "closing", _("Closing")
    # The PGA law's periodic review of an inclusion ("periodieke toets").
    PERIODIC_REVIEW = "periodic_review", _("Periodic review")
    OTHER = "other", _("Other topic")


class Presence(models.TextChoices):
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")


# An action can be closed once; reopening is a new action.
ACTION_TRANSITIONS: dict[str, frozenset[str]] = {
    ActionStatus.OPEN: frozenset({ActionStatus.DONE, ActionStatus.CANCELLED}),
    ActionStatus.DONE: frozenset(),
    ActionStatus.CANCELLED: frozenset(),
}

MAX_RECURRENCES = 26
