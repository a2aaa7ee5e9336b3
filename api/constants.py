from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    SIGNALS_WRITE = "signals:write", _("Submit signals")
    SIGNALS_READ = "signals:read", _("Read the status of the organisation's signals")
    REFERENCE_READ = "reference:read", _("Read the reference lists")


# The token's visible part says what it is, so a leaked one is recognised
# (secret scanners match on such prefixes).
TOKEN_PREFIX = "clk_"  # noqa: S105 (a prefix, not a secret)
# Longest validity an administrator may give a token.
MAX_VALID_DAYS = 2 * 366
