"""What changed in the data behind a report since it was made: the reason a
new version of the same period is offered, and recorded with it."""

from __future__ import annotations

from . import selectors
from .constants import PERIOD_ENDED, UNKNOWN_CHANGES
from .figures import SECTIONS, fingerprint
from .models import Report


def report_changes(report: Report) -> list[str]:
    """Section keys whose raw data changed, and whether the period has ended
    since; an empty list when a new version would say the same."""
    changes = []
    if not report.fingerprint:
        changes.append(UNKNOWN_CHANGES)
    else:
        now = fingerprint(selectors.period_counts(report.period))
        changes += [
            section.key
            for section in SECTIONS
            if now.get(section.key) != report.fingerprint.get(section.key)
        ]
    if report.figures.get("unfinished") and report.period.has_ended():
        changes.append(PERIOD_ENDED)
    return changes
