"""Form pieces every app uses: date inputs and checks on free text and dates."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Text-direction overrides can make a text read differently from what it says
# ("trojan source"); zero-width joiners stay allowed, names need them.
_BIDI_OVERRIDES = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def no_control_characters(value: str) -> None:
    # Lone surrogates cannot be stored as UTF-8; a JSON body can carry them as escapes.
    if any(
        (ord(ch) < 32 and ch not in "\n\r\t")
        or ch in _BIDI_OVERRIDES
        or 0xD800 <= ord(ch) <= 0xDFFF
        for ch in value
    ):
        raise ValidationError(_("This text contains characters that are not allowed."))


def reasonable_year(value: datetime.date | None) -> None:
    if value and not 2000 <= value.year <= 2100:
        raise ValidationError(_("Enter a date between 2000 and 2100."))


class DateInput(forms.DateInput):
    input_type = "date"

    def format_value(self, value):
        return value.isoformat() if isinstance(value, datetime.date) else value


class ReadOnceModelChoiceIterator(forms.models.ModelChoiceIterator):
    """Iterates the field's queryset itself, so its rows are read once per form.
    Django's iterator runs the query anew each time (``QuerySet.iterator()``),
    and a required select without an empty choice reads the choices twice: once
    for ``use_required_attribute`` (its first option) and once to render."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        listed = self.field.listed
        for obj in self.queryset if listed is None else listed:
            yield self.choice(obj)


class ReadOnceModelChoiceField(forms.ModelChoiceField):
    """A ``ModelChoiceField`` whose choices cost one query per form instance
    (each form gets its own copy of the queryset, so nothing is kept between
    requests)."""

    iterator = ReadOnceModelChoiceIterator
    # The rows of ``queryset`` when the page has read them already (in the same
    # order): shown from this list; what is posted is still checked against
    # the queryset.
    listed: list | None = None


class ReadOnceModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """The same for a multiple choice (checkboxes): one query per form, or none
    when the page passes the rows it read already as ``listed``."""

    iterator = ReadOnceModelChoiceIterator
    listed: list | None = None
