from __future__ import annotations

from django import template

from reports.rendering import cell_text, change_text

register = template.Library()


@register.simple_tag
def cell(value: dict, threshold: int) -> str:
    return cell_text(value, threshold)


@register.filter
def change(value: int | None) -> str:
    return change_text(value)
