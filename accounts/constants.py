from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountState(models.TextChoices):
    INVITED = "invited", _("Invited")
    INVITATION_EXPIRED = "invitation_expired", _("Invitation expired")
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")


class MfaClaim(models.TextChoices):
    """Where an identity provider says that it checked more than a password."""

    AMR = "amr", _("amr (authentication methods, a list)")
    ACR = "acr", _("acr (authentication context class)")
