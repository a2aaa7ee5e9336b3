"""Messages of Django itself whose Dutch translation is missing upstream.

Django 5.2 changed these msgids and its Dutch catalogue still has the old ones;
listing them here lets makemessages put them in our catalogue, which wins.
"""

from __future__ import annotations

from django.utils.translation import ngettext_lazy

UPSTREAM_GAPS = (
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "count",
    ),
)
