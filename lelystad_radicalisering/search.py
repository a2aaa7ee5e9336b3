"""A choice among rows that can grow (cases, users, organisations) as a search
field with suggestions instead of a ``<select>`` that lists the whole table.

The field is a text input tied to a ``<datalist>`` (keyboard and screen-reader
support come from the browser). While typing, htmx fetches at most
``SUGGESTIONS`` matching rows from a suggestions view that uses the same
permission-filtered selector as the form, and swaps them into the datalist.
Without JavaScript it is a plain search: the form resolves what was typed to
exactly one row of the field's queryset, or answers with a Dutch error that
names the matches (at most ``SUGGESTIONS``), so the user can type one of them.

A suggestion's text starts with the row's key (a case reference, a username,
an organisation name) followed by `` · `` and a description; the key alone
picks the row, so a chosen suggestion always resolves to exactly that row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

SUGGESTIONS = 20
SEPARATOR = " · "
MAX_TERM = 100


def clean_term(term: str) -> str:
    """What was typed, bounded, without the characters PostgreSQL refuses."""
    return term.replace("\x00", "").strip()[:MAX_TERM]


def search(queryset: QuerySet, term: str, fields: Sequence[str]) -> QuerySet:
    """Rows of ``queryset`` with ``term`` in any of ``fields`` (case-insensitive)."""
    term = clean_term(term)
    if not term:
        return queryset
    condition = Q()
    for name in fields:
        condition |= Q(**{f"{name}__icontains": term})
    return queryset.filter(condition)


class SearchInput(forms.TextInput):
    """``<input list=…>`` plus its ``<datalist>``, refilled by htmx while typing."""

    input_type = "search"

    def __init__(self, attrs=None, suggest_url: str = "") -> None:
        super().__init__(attrs)
        self.suggest_url = suggest_url

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        element_id = attrs.get("id") or f"id_{name}"
        attrs["id"] = element_id
        list_id = f"{element_id}-suggestions"
        attrs.update(
            {
                "list": list_id,
                "autocomplete": "off",
                "spellcheck": "false",
            }
        )
        if self.suggest_url:
            # htmx sends the input's own value under its name.
            attrs.update(
                {
                    "hx-get": self.suggest_url,
                    "hx-trigger": "input changed delay:250ms, focus once",
                    "hx-target": f"#{list_id}",
                    "hx-swap": "innerHTML",
                    "hx-sync": "this:replace",
                }
            )
        attrs.setdefault("placeholder", str(_("Type to search…")))
        flat = format_html_join(
            "", ' {}="{}"', ((key, val) for key, val in attrs.items() if val not in (None, False))
        )
        return format_html(
            '<input type="{}" name="{}" value="{}"{}><datalist id="{}"></datalist>',
            self.input_type,
            name,
            "" if value is None else value,
            flat,
            list_id,
        )


class SearchChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField typed as text: ``key`` picks the row, else a search."""

    widget = SearchInput

    def __init__(
        self,
        *,
        key: str,
        search_fields: Sequence[str],
        describe: Callable[[Model], str] | None = None,
        suggest_url: str = "",
        queryset=None,
        **kwargs,
    ) -> None:
        kwargs.pop("empty_label", None)
        super().__init__(queryset=queryset, empty_label=None, **kwargs)
        self.key = key
        self.search_fields = tuple(search_fields)
        self.describe = describe
        self.widget.suggest_url = suggest_url

    def set_suggest_url(self, url: str) -> None:
        self.widget.suggest_url = url

    def label_from_instance(self, obj: Model) -> str:
        key = str(getattr(obj, self.key))
        description = self.describe(obj) if self.describe else ""
        return f"{key}{SEPARATOR}{description}" if description else key

    def prepare_value(self, value):
        if isinstance(value, Model):
            return self.label_from_instance(value)
        if isinstance(value, int) or (isinstance(value, str) and _is_key(value)):
            found = self.queryset.filter(pk=value).first() if self.queryset is not None else None
            return self.label_from_instance(found) if found else ""
        return value or ""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Model):
            return value
        text = clean_term(str(value))
        if not text:
            return None
        if _is_key(text):
            # A hidden input (a one-click suggestion) sends the primary key.
            by_pk = self.queryset.filter(pk=int(text)).first()
            if by_pk is not None:
                return by_pk
        key = text.split(SEPARATOR, 1)[0].strip()
        exact = list(self.queryset.filter(**{f"{self.key}__iexact": key})[:2])
        if len(exact) == 1:
            return exact[0]
        found = list(search(self.queryset, text, self.search_fields)[: SUGGESTIONS + 1])
        if len(found) == 1:
            return found[0]
        if not found:
            raise ValidationError(
                _("Nothing found for “%(term)s”. Type part of the name and choose a suggestion."),
                code="invalid_choice",
                params={"term": text},
            )
        shown = ", ".join(str(getattr(obj, self.key)) for obj in found[:SUGGESTIONS])
        more = _(" and more") if len(found) > SUGGESTIONS else ""
        raise ValidationError(
            _("More than one match for “%(term)s”: %(matches)s%(more)s. Type one of them."),
            code="invalid_choice",
            params={"term": text, "matches": shown, "more": more},
        )

    def validate(self, value):
        return forms.Field.validate(self, value)

    def has_changed(self, initial, data) -> bool:
        return str(self.prepare_value(initial) or "") != str(data or "")


def suggestions_response(
    request: HttpRequest, queryset: QuerySet, field: SearchChoiceField, param: str | None = None
) -> HttpResponse:
    """At most SUGGESTIONS ``<option>``s of ``queryset`` matching the typed text.

    ``queryset`` must come from the same permission-filtered selector as the
    form's field; the view decides who may ask. htmx sends the input's value
    under the field's name: ``param``, or else the one parameter besides ``scope``.
    """
    if param is None:
        values = [value for key, value in request.GET.items() if key != "scope"]
        term = values[0] if len(values) == 1 else request.GET.get("q", "")
    else:
        term = request.GET.get(param, "") or request.GET.get("q", "")
    if SEPARATOR in term:
        term = term.split(SEPARATOR, 1)[0]
    rows = search(queryset, term, field.search_fields)[:SUGGESTIONS]
    body = format_html_join(
        "", '<option value="{}"></option>', ((field.label_from_instance(obj),) for obj in rows)
    )
    response = HttpResponse(body)
    response["Cache-Control"] = "no-store"
    return response


def _is_key(text: str) -> bool:
    """A primary key as a hidden input sends it: ASCII digits that fit a bigint
    ("²" is a digit to ``str.isdigit`` but not to ``int``)."""
    return text.isascii() and text.isdigit() and len(text) < 19
