from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    INTAKE = "intake", _("Intake")
    ACTIVE = "active", _("Active")
    MONITORING = "monitoring", _("Monitoring")
    CLOSED = "closed", _("Closed")


# Status changes through the edit form; closing and reopening have their own steps.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    CaseStatus.INTAKE: frozenset({CaseStatus.ACTIVE}),
    CaseStatus.ACTIVE: frozenset({CaseStatus.MONITORING}),
    CaseStatus.MONITORING: frozenset({CaseStatus.ACTIVE}),
    CaseStatus.CLOSED: frozenset(),
}


class Pillar(models.TextChoices):
    COUNTERING_POLARISATION = "polarisation", _("Countering polarisation")
    PREVENTION = "prevention", _("Prevention")
    SIGNALLING = "signalling", _("Signalling")
    PERSON_ORIENTED = "person_oriented", _("Person-oriented approach")


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


RISK_ORDER = {RiskLevel.LOW: 0, RiskLevel.MEDIUM: 1, RiskLevel.HIGH: 2}


class FactorKind(models.TextChoices):
    RISK = "risk", _("Risk factor")
    PROTECTIVE = "protective", _("Protective factor")


class ClosingOutcome(models.TextChoices):
    RISK_REDUCED = "risk_reduced", _("Risk reduced")
    REFERRED_TO_CARE = "referred_to_care", _("Referred to care")
    MOVED_AWAY = "moved_away", _("Moved away")
    HANDED_OVER = "handed_over", _("Handed over")
    NO_GROUNDS = "no_grounds", _("No grounds")
    OTHER = "other", _("Other")


class Visibility(models.TextChoices):
    ALL_INVOLVED = "all", _("All involved organisations")
    SELECTED = "selected", _("Chosen organisations only")
    COORDINATOR_ONLY = "coordinator", _("Coordinator only")


class TimelineKind(models.TextChoices):
    NOTE = "note", _("Update")
    STATUS = "status", _("Status change")
    ASSESSMENT = "assessment", _("Risk assessment")
    SIGNAL = "signal", _("Signal linked")
    INVOLVEMENT = "involvement", _("Involvement")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")
    MEETING = "meeting", _("Case consultation")
    INCLUSION = "inclusion", _("Person-oriented approach")
    INFORMING = "informing", _("Informing the person")
    HANDOVER = "handover", _("Handover")


class InclusionStatus(models.TextChoices):
    """Where a case stands in the person-oriented approach (PGA law)."""

    NOT_INCLUDED = "none", _("No decision to include yet")
    INCLUDED = "included", _("Included")
    ENDED = "ended", _("Ended")


class DecisionKind(models.TextChoices):
    INCLUDE = "include", _("Decision to include")
    CONTINUE = "continue", _("Periodic review: continue")
    END = "end", _("Decision to end")


class EndEffect(models.TextChoices):
    """What ending the person-oriented approach does to the case."""

    MONITORING = "monitoring", _("Continue the case as monitoring")
    CLOSE = "close", _("Close the case")


class InformingState(models.TextChoices):
    INFORMED = "informed", _("Informed")
    DEFERRED = "deferred", _("Informing deferred")


class InformingMethod(models.TextChoices):
    IN_PERSON = "in_person", _("In a conversation")
    LETTER = "letter", _("By letter")
    PHONE = "phone", _("By telephone")
    OTHER = "other", _("Otherwise")


class HandoverKind(models.TextChoices):
    MOVED = "moved", _("The person moves to another municipality")
    ESCALATION = "escalation", _("Escalation to the Zorg- en Veiligheidshuis")


class HandoverStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class InterventionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    DONE = "done", _("Done")
    STOPPED = "stopped", _("Stopped")


VIEW_CASE = "cases.view_case"
CHANGE_CASE = "cases.change_case"
