from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountState(models.TextChoices):
    INVITED = "invited", _("Invited")
    INVITATION_EXPIRED = "invitation_expired", _("Invitation expired")
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")
