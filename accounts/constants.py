from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PARTNER = "partner", _("Partner professional")
    COORDINATOR = "coordinator", _("Coordinator")
    MANAGEMENT = "management", _("Management")
    FUNCTIONAL_ADMIN = "functional_admin", _("Functional administrator")
    PRIVACY_OFFICER = "privacy_officer", _("Privacy officer")


class AccountState(models.TextChoices):
    INVITED = "invited", _("Invited")
    INVITATION_EXPIRED = "invitation_expired", _("Invitation expired")
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")


class MfaClaim(models.TextChoices):
    """Where an identity provider says that it checked more than a password."""

    AMR = "amr", _("amr (authentication methods, a list)")
    ACR = "acr", _("acr (authentication context class)")
