"""The two date formats of the interface, used everywhere through these filters
(registered as template builtins, so no `{% load %}` is needed):

- in running text: "2 december 2026" (`date_text`, with a time `datetime_text`);
- in tables, lists and meta lines: "2-12-2026" (`date_table`, `datetime_table`).

`since` says how long ago something happened without "0 minutes ago".
Python code that writes a date into a sentence uses `short_date`.
"""

from __future__ import annotations

import datetime

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

register = template.Library()

TEXT = "j F Y"
TABLE = "j-n-Y"


def _as_date(value):
    """Dates stored as ISO text (JSON packages) read as dates; anything else as is."""
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return value
    return value


@register.filter
def date_text(value) -> str:
    return date_filter(_as_date(value), TEXT) if value else ""


@register.filter
def datetime_text(value) -> str:
    return date_filter(value, f"{TEXT} H:i") if value else ""


@register.filter
def date_table(value) -> str:
    return date_filter(_as_date(value), TABLE) if value else ""


@register.filter
def datetime_table(value) -> str:
    return date_filter(value, f"{TABLE} H:i") if value else ""


@register.filter
def since(value) -> str:
    """ "just now" under a minute (timesince would say "0 minutes"), else the
    largest unit, e.g. "3 hours"; meant inside a translated "… ago" sentence."""
    if not value:
        return ""
    if timezone.now() - value < datetime.timedelta(minutes=1):
        return _("a moment")
    return timesince(value, depth=1)


def short_date(value: datetime.date | datetime.datetime) -> str:
    """The table format for Python code (e-mails, timeline texts)."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
    return date_filter(value, TABLE)
