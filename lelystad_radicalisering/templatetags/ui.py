"""Render Django form widgets with NL Design System (Utrecht) classes and ARIA."""

from __future__ import annotations

from django import forms, template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from lelystad_radicalisering.paging import count_label

register = template.Library()

_WIDGET_CLASSES: tuple[tuple[type[forms.Widget], str, str], ...] = (
    (
        forms.CheckboxInput,
        "utrecht-checkbox utrecht-checkbox--html-input",
        "utrecht-checkbox--invalid",
    ),
    (
        forms.RadioSelect,
        "utrecht-radio-button utrecht-radio-button--html-input",
        "utrecht-radio-button--invalid",
    ),
    (
        forms.CheckboxSelectMultiple,
        "utrecht-checkbox utrecht-checkbox--html-input",
        "utrecht-checkbox--invalid",
    ),
    (forms.Select, "utrecht-select utrecht-select--html-select", "utrecht-select--invalid"),
    (
        forms.Textarea,
        "utrecht-textarea utrecht-textarea--html-textarea",
        "utrecht-textarea--invalid",
    ),
    (
        forms.widgets.Input,
        "utrecht-textbox utrecht-textbox--html-input",
        "utrecht-textbox--invalid",
    ),
)


def _classes_for(widget: forms.Widget, invalid: bool) -> str:
    for widget_type, classes, invalid_class in _WIDGET_CLASSES:
        if isinstance(widget, widget_type):
            return f"{classes} {invalid_class}" if invalid else classes
    return ""


@register.filter
def ui_widget(field: forms.BoundField) -> SafeString:
    widget = field.field.widget
    attrs: dict[str, str | bool] = {}
    classes = " ".join(
        filter(None, [_classes_for(widget, bool(field.errors)), widget.attrs.get("class", "")])
    )
    if classes:
        attrs["class"] = classes
    described_by = []
    if field.errors:
        attrs["aria-invalid"] = "true"
        described_by.append(f"{field.auto_id}-error")
    if field.help_text:
        described_by.append(f"{field.auto_id}-help")
    if field.field.required and not isinstance(widget, forms.CheckboxInput):
        # Forms validate on the server (novalidate); tell assistive technology anyway.
        attrs["aria-required"] = "true"
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    # Validation happens on the server; the HTML `required` attribute would only
    # make browsers mark untouched fields as invalid (aria-required says it instead).
    field.form.use_required_attribute = False
    return field.as_widget(attrs=attrs)


@register.filter
def is_checkbox(field: forms.BoundField) -> bool:
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.filter
def is_radio(field: forms.BoundField) -> bool:
    return isinstance(field.field.widget, forms.RadioSelect)


@register.filter
def is_file(field: forms.BoundField) -> bool:
    return isinstance(field.field.widget, forms.FileInput)


@register.filter
def shown_when(field: forms.BoundField) -> SafeString | str:
    """Attributes that let forms.js show a conditional field only when it applies:
    a form field may set `shown_when = (controlling field name, values)`. Without
    JavaScript the field is simply always shown; the server decides either way."""
    attributes = []
    rule = getattr(field.field, "shown_when", None)
    if rule:
        name, values = rule
        attributes.append(
            format_html(
                ' data-show-when="{}" data-show-values="{}"',
                field.form[name].html_name,
                " ".join(str(value) for value in values),
            )
        )
    # `required_when`: always shown, but required only for some values of another
    # field; the label's marker follows the choice.
    rule = getattr(field.field, "required_when", None)
    if rule:
        name, values = rule
        attributes.append(
            format_html(
                ' data-required-when="{}" data-required-values="{}"'
                ' data-required-text="({})" data-optional-text="({})"',
                field.form[name].html_name,
                " ".join(str(value) for value in values),
                _("required"),
                _("optional"),
            )
        )
    # Each part is already built (and escaped) by format_html.
    return format_html_join("", "{}", ((attribute,) for attribute in attributes))


@register.filter
def capped(count: int) -> str:
    """A capped count (``paging.capped_counts``): "1.000+" above the cap."""
    return count_label(count)
