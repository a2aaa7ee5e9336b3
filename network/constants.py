from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationType(models.TextChoices):
    """Participant types as the PGA law and practice name them (README)."""

    POLICE = "police", _("Police")
    PUBLIC_PROSECUTOR = "public_prosecutor", _("Public Prosecution Service")
    CHILD_PROTECTION = "child_protection", _("Child Protection Board")
    CARE_AND_SAFETY = "care_and_safety", _("Care and safety partner")
    YOUTH_CARE = "youth_care", _("Youth care")
    WELFARE = "welfare", _("Welfare")
    EDUCATION = "education", _("Education")
    PROBATION = "probation", _("Probation")
    MENTAL_HEALTH = "mental_health", _("Mental health care")
    MUNICIPALITY = "municipality", _("Municipality")
    OTHER = "other", _("Other")


class CommunityKind(models.TextChoices):
    FAITH_COMMUNITY = "faith", _("Faith community")
    ASSOCIATION = "association", _("Association")
    KEY_FIGURE = "key_figure", _("Key figure")
    OTHER = "other", _("Other")


class Tension(models.TextChoices):
    NONE = "none", _("No tension observed")
    LOW = "low", _("Some tension")
    MEDIUM = "medium", _("Clear tension")
    HIGH = "high", _("Serious tension")


class PlanPillar(models.TextChoices):
    """The five pillars of the municipal plan."""

    COUNTERING_POLARISATION = "polarisation", _("Countering polarisation")
    PREVENTION = "prevention", _("Prevention")
    SIGNALLING = "signalling", _("Signalling")
    EXPERTISE = "expertise", _("Expertise development")
    PERSON_ORIENTED = "person_oriented", _("Person-oriented approach")


class TrainingTopic(models.TextChoices):
    RECOGNISING = "recognising", _("Recognising radicalisation")
    POLARISATION = "polarisation", _("Polarisation dilemmas")
    CASE_CONSULTATION = "case_consultation", _("The case consultation")
    OTHER = "other", _("Other topic")


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    STOPPED = "stopped", _("Stopped")


class ActivityKind(models.TextChoices):
    SCHOOL_WORKSHOP = "school_workshop", _("Workshop at a school")
    PARENT_EVENING = "parent_evening", _("Parent evening")
    DIALOGUE = "dialogue", _("Dialogue meeting")
    RESILIENCE = "resilience", _("Resilience programme")
    OTHER = "other", _("Other activity")


class TargetGroup(models.TextChoices):
    YOUTH = "youth", _("Young people")
    PARENTS = "parents", _("Parents")
    PROFESSIONALS = "professionals", _("Professionals")
    FAITH = "faith", _("Faith communities")
    RESIDENTS = "residents", _("Residents")
    OTHER = "other", _("Other group")
