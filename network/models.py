from __future__ import annotations

from auditlog.registry import auditlog
from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import OrganisationType


class Organisation(models.Model):
    """A partner organisation. Its group carries the per-object permissions that
    involvement in a case grants; the group is created and kept in sync by
    ``network.services``."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    type = models.CharField(_("type"), max_length=32, choices=OrganisationType.choices)
    is_active = models.BooleanField(_("active"), default=True)
    group = models.OneToOneField(
        Group, on_delete=models.PROTECT, related_name="organisation", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


auditlog.register(Organisation, exclude_fields=["group"])
