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
