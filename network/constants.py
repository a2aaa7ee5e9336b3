from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationType(models.TextChoices):
    POLICE = "police", _("Police")
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
