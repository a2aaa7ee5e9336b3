"""The casusoverleg: meetings, their agenda, minutes, attendance and the actions agreed."""

from __future__ import annotations

import uuid

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from network.models import Organisation

from .constants import ActionStatus, ItemKind, Presence, ReminderKind


class Meeting(models.Model):
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=120)
    location = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online meeting link"), max_length=500, blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("chair"),
    )
    invited_organisations = models.ManyToManyField(
        Organisation, related_name="meetings", verbose_name=_("invited organisations")
    )
    # Meetings created in one go share a series; each stays its own meeting.
    series = models.UUIDField(null=True, blank=True, editable=False, db_index=True)
    # The calendar identity of the invitation; the sequence grows with every change.
    ical_uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    ical_sequence = models.PositiveIntegerField(default=0, editable=False)
    invitations_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The item the chair is at: the projection follows it.
    current_item = models.ForeignKey(
        "AgendaItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    finalised_at = models.DateTimeField(null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("case consultation")
        verbose_name_plural = _("case consultations")

    def __str__(self) -> str:
        return f"Casusoverleg {timezone.localtime(self.starts_at):%d-%m-%Y %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting_detail", args=[self.pk])

    @property
    def is_finalised(self) -> bool:
        return self.finalised_at is not None

    @property
    def ends_at(self):
        return self.starts_at + timezone.timedelta(minutes=self.duration_minutes)


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=16, choices=ItemKind.choices)
    # Destroying a case redacts its items (privacy.services); they stay in the minutes.
    case = models.ForeignKey(
        Case,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("case"),
    )
    # For other topics only; a case item shows the case's neutral label.
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    minutes_planned = models.PositiveSmallIntegerField(_("time (minutes)"), default=10)
    notes = models.TextField(_("minutes"), blank=True, max_length=20000)
    decisions = models.TextField(_("decisions"), blank=True, max_length=5000)
    notes_updated_at = models.DateTimeField(null=True, blank=True)
    notes_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Minutes of a destroyed case are redacted, the item stays for the record.
    redacted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "case"],
                condition=models.Q(case__isnull=False),
                name="unique_case_per_meeting",
            ),
            models.CheckConstraint(
                condition=models.Q(case__isnull=False) | ~models.Q(topic=""),
                name="agenda_item_has_case_or_topic",
            ),
        ]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return f"Agendapunt {self.pk}"


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    presence = models.CharField(_("presence"), max_length=10, choices=Presence.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organisation"], name="unique_attendance_per_organisation"
            )
        ]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self) -> str:
        return f"Aanwezigheid {self.pk}"


class Addendum(models.Model):
    """A correction to finalised minutes. About one item (then only who may see
    that item reads it) or about the meeting as a whole."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="addenda")
    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="addenda",
        verbose_name=_("agenda item"),
    )
    text = models.TextField(_("addendum"), max_length=5000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("addendum")
        verbose_name_plural = _("addenda")

    def __str__(self) -> str:
        return f"Addendum {self.pk}"


class Action(models.Model):
    """An agreement (afspraak): who does what in a case, by when."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="actions")
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    description = models.TextField(_("action"), max_length=2000)
    owner_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="actions",
        verbose_name=_("organisation"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("person"),
    )
    due_on = models.DateField(_("due date"), db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    completion_note = models.TextField(_("completion note"), blank=True, max_length=2000)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["owner_organisation", "status", "due_on"]),
            # A partner's action list: its organisation's actions by due date.
            models.Index(
                fields=["owner_organisation", "due_on", "id"], name="action_owner_due_idx"
            ),
            models.Index(fields=["status", "due_on"]),
            # The coordinator's overdue actions, in the list's order (due_on, id).
            models.Index(
                fields=["due_on", "id"],
                condition=models.Q(status=ActionStatus.OPEN),
                name="action_open_due_idx",
            ),
            # Counting an organisation's open actions in the cases it may see:
            # read in case order, merged with the visible cases (also in case
            # order), stopping at the cap; due_on answers "overdue" from the index.
            models.Index(
                fields=["owner_organisation", "case"],
                include=["due_on"],
                condition=models.Q(status=ActionStatus.OPEN),
                name="action_open_owner_case_idx",
            ),
        ]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return f"Afspraak {self.pk}"

    @property
    def is_overdue(self) -> bool:
        return self.status == ActionStatus.OPEN and self.due_on < timezone.localdate()


class ActionReminder(models.Model):
    """One row per reminder sent: the unique constraint is what keeps a reminder
    from going out twice, whatever happens to the worker."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["action", "kind"], name="one_reminder_per_kind")
        ]

    def __str__(self) -> str:
        return f"Herinnering {self.pk}"


class MeetingParticipant(models.Model):
    """A named participant of a meeting: a person, with their organisation (and
    so its participant type). Attendance is recorded per person."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="meeting_participations",
        verbose_name=_("participant"),
    )
    presence = models.CharField(_("presence"), max_length=10, choices=Presence.choices, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user__organisation__name", "user__last_name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="one_participation_per_person")
        ]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return f"Deelnemer {self.pk}"


class ConfidentialityStatement(models.Model):
    """A version of the confidentiality statement (geheimhoudingsverklaring).
    The newest version is the one participants confirm; older ones stay for the record."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    text = models.TextField(_("text"), max_length=20000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("confidentiality statement")
        verbose_name_plural = _("confidentiality statements")

    def __str__(self) -> str:
        return f"Geheimhoudingsverklaring versie {self.version}"


class StatementConfirmation(models.Model):
    """Who confirmed which version when (audited)."""

    statement = models.ForeignKey(
        ConfidentialityStatement, on_delete=models.PROTECT, related_name="confirmations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="statement_confirmations"
    )
    confirmed_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-confirmed_at"]
        indexes = [models.Index(fields=["user", "statement", "confirmed_at"])]
        verbose_name = _("confirmation of the statement")
        verbose_name_plural = _("confirmations of the statement")

    def __str__(self) -> str:
        return f"Bevestiging {self.pk}"


auditlog.register(Meeting, m2m_fields={"invited_organisations"}, exclude_fields=["current_item"])
auditlog.register(AgendaItem, exclude_fields=["notes_updated_at"])
for model in (
    Attendance,
    Addendum,
    Action,
    MeetingParticipant,
    ConfidentialityStatement,
    StatementConfirmation,
):
    auditlog.register(model)
