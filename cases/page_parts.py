"""What apps above cases contribute to case pages: parts of the case page
(meetings adds the case's actions and, for the coordinator, the form to agree
one) and the kinds of objects kept under a case (whose changes the case history
shows). Each app registers in its ``AppConfig.ready()``; cases knows none of them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from accounts.models import User

    from .models import Case

# part(user, case, forms) -> template context; ``forms`` holds a bound form
# that failed validation, to show again with its errors.
CasePagePart = Callable[["User", "Case", Mapping[str, Any]], dict]

_PARTS: list[CasePagePart] = []


def register_case_page_part(part: CasePagePart) -> None:
    if part not in _PARTS:
        _PARTS.append(part)


def case_page_parts(user: User, case: Case, forms: Mapping[str, Any]) -> dict:
    context: dict = {}
    for part in _PARTS:
        context.update(part(user, case, forms))
    return context


# (model, name of its reverse relation on Case), for the models of apps above.
_CHILDREN: list[tuple[type, str]] = []


def register_case_child(model: type, related_name: str) -> None:
    if (model, related_name) not in _CHILDREN:
        _CHILDREN.append((model, related_name))


def case_children() -> list[tuple[type, str]]:
    return list(_CHILDREN)
