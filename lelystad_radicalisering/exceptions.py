"""The one domain error type. Services raise it; views turn it into a Dutch message."""

from __future__ import annotations


class ApplicationError(Exception):
    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def add_error_to_form(form, error: ApplicationError) -> None:
    """Show a service's error next to its field, or above the form."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


def form_errors_text(form) -> str:
    """All of a form's errors as one sentence, for forms shown as a message
    (small inline forms that redirect back instead of re-rendering)."""
    return " ".join(str(error) for errors in form.errors.values() for error in errors)
