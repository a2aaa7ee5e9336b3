"""The form renderer (``FORM_RENDERER``): Django's, with the widgets the pages
draw most written out in Python.

Django draws a widget from templates: a ``<select>`` includes one template per
option and one more for each option's attributes. A filter form with a few
selects cost 2-3 ms per page that way. These functions give the same HTML
(tests/test_form_rendering.py compares them with Django's templates); every
other widget, and any option with a template of its own, is still drawn by
Django.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

_WIDGETS = "django/forms/widgets/"
_OPTION = f"{_WIDGETS}select_option.html"
# Django's widget templates that are nothing but an include of input.html.
_INPUTS = (
    "checkbox",
    "color",
    "date",
    "datetime",
    "email",
    "file",
    "hidden",
    "input",
    "number",
    "password",
    "search",
    "tel",
    "text",
    "time",
    "url",
)


def _text(value: object) -> str:
    # {{ value|stringformat:"s" }}: str() (a safe string stays safe), escaped
    # unless safe.
    return conditional_escape(str(value))


def _attrs(attrs: Mapping[str, object]) -> str:
    # django/forms/widgets/attrs.html: False leaves the attribute out, True
    # writes its name alone.
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {_text(name)}" if value is True else f' {_text(name)}="{_text(value)}"')
    return "".join(parts)


def _input(widget: Mapping) -> str:
    value = "" if widget["value"] is None else f' value="{_text(widget["value"])}"'
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"'
        f"{value}{_attrs(widget['attrs'])}>"
    )


def _option(option: Mapping) -> str:
    return (
        f'<option value="{_text(option["value"])}"{_attrs(option["attrs"])}>'
        f"{_text(option['label'])}</option>"
    )


def _textarea(widget: Mapping) -> str:
    value = _text(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


class FormRenderer(DjangoTemplates):
    def render(self, template_name: str, context: dict, request=None) -> str:
        draw = self._drawn_in_python().get(template_name)
        if draw is None:
            return super().render(template_name, context, request)
        return mark_safe(draw(context["widget"]).strip())  # noqa: S308  # nosec B308 B703 - every part escaped above

    def _select(self, widget: Mapping) -> str:
        # django/forms/widgets/select.html, whitespace included.
        parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{_text(group_name)}">')
            for option in group_choices:
                parts.append("\n  ")
                if option["template_name"] == _OPTION:
                    # The template's own line end is part of Django's output.
                    parts.append(f"{_option(option)}\n")
                else:
                    template = self.get_template(option["template_name"])
                    parts.append(template.render({"widget": option}))
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return "".join(parts)

    def _drawn_in_python(self) -> dict[str, Callable[[Mapping], str]]:
        return {
            f"{_WIDGETS}select.html": self._select,
            _OPTION: _option,
            f"{_WIDGETS}textarea.html": _textarea,
            **{f"{_WIDGETS}{name}.html": _input for name in _INPUTS},
        }
