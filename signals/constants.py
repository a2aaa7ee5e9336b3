from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    POLARISATION = "polarisation", _("Polarisation")
    ACTIVISM = "activism", _("Activism")
    RADICALISATION = "radicalisation", _("Radicalisation")
    EXTREMISM = "extremism", _("Extremism")
    CARE_AVOIDER = "care_avoider", _("Care avoider")
    YOUTH_GROUP = "youth_group", _("Youth group")
    OTHER = "other", _("Other")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    ACUTE = "acute", _("Acute")


URGENCY_RANK = {Urgency.ACUTE: 0, Urgency.HIGH: 1, Urgency.NORMAL: 2}


class Source(models.TextChoices):
    OWN_OBSERVATION = "own", _("Own observation")
    THIRD_PARTY = "third_party", _("Through a third party")


class SignalStatus(models.TextChoices):
    NEW = "new", _("New")
    IN_TRIAGE = "in_triage", _("In triage")
    FOR_CASE_CONSULTATION = "for_consultation", _("For casusoverleg")
    LINKED_TO_CASE = "linked", _("Linked to a case")
    CLOSED = "closed", _("Closed without follow-up")
    FORWARDED = "forwarded", _("Forwarded")


# The one place that says which status may follow which.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    SignalStatus.NEW: frozenset({SignalStatus.IN_TRIAGE}),
    SignalStatus.IN_TRIAGE: frozenset(
        {
            SignalStatus.CLOSED,
            SignalStatus.FORWARDED,
            SignalStatus.FOR_CASE_CONSULTATION,
            SignalStatus.LINKED_TO_CASE,
        }
    ),
    SignalStatus.FOR_CASE_CONSULTATION: frozenset(
        {SignalStatus.LINKED_TO_CASE, SignalStatus.CLOSED, SignalStatus.FORWARDED}
    ),
    SignalStatus.LINKED_TO_CASE: frozenset(),
    SignalStatus.CLOSED: frozenset(),
    SignalStatus.FORWARDED: frozenset(),
}

OPEN_STATUSES = frozenset(
    {SignalStatus.NEW, SignalStatus.IN_TRIAGE, SignalStatus.FOR_CASE_CONSULTATION}
)

# What the reporting organisation is told: the status, never what lies behind it.
PARTNER_STATUS_LABELS = {
    SignalStatus.NEW: _("Received"),
    SignalStatus.IN_TRIAGE: _("In triage"),
    SignalStatus.FOR_CASE_CONSULTATION: _("Taken up for the casusoverleg"),
    SignalStatus.LINKED_TO_CASE: _("Taken into a case"),
    SignalStatus.CLOSED: _("Closed"),
    SignalStatus.FORWARDED: _("Forwarded"),
}


# The decision as the reporting organisation reads it on its timeline.
PARTNER_DECISION_LABELS = {
    SignalStatus.FOR_CASE_CONSULTATION: _("taken up"),
    SignalStatus.LINKED_TO_CASE: _("taken up"),
    SignalStatus.FORWARDED: _("forwarded"),
    SignalStatus.CLOSED: _("closed"),
}


class ForwardRoute(models.TextChoices):
    CARE = "care", _("Care and support")
    SAFETY_HOUSE = "veiligheidshuis", _("Veiligheidshuis")
    POLICE = "police", _("Police")
    OTHER = "other", _("Other route")
