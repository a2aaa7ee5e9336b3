"""Logging filters: one line for a refusal, a traceback only for a real error."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied


class RefusalWithoutTraceback(logging.Filter):
    """Drop django.request's record of a PermissionDenied (a 403 with the
    whole traceback attached): ``lelystad_radicalisering.views.error_403``
    writes the refusal as one line on the security logger instead. Tracebacks
    of real errors (500) pass unchanged."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc_info = record.exc_info
        if getattr(record, "status_code", None) == 403 and exc_info:
            return not isinstance(exc_info[1], PermissionDenied)
        return True
