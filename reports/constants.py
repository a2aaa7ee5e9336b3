from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Being generated")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ReportFailure(models.TextChoices):
    """What the requester is told; the technical cause stays in the server log."""

    ERROR = (
        "error",
        _(
            "Generating the report failed because of a technical error. Try again; if it fails again, contact the functional administrator."
        ),
    )
    SUPPRESSION = (
        "suppression",
        _(
            "The figures could not be anonymised safely, so no report was produced. Choose a longer period and try again."
        ),
    )
    STALLED = "stalled", _("Generating the report took too long and was stopped. Try again later.")
    INCONSISTENT = (
        "inconsistent",
        _(
            "The figures did not pass the check that every table adds up, so the report was not published. The functional administrator has been informed through the server log."
        ),
    )


# The order of the status machine; a failed report goes back to pending on retry.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    ReportStatus.PENDING: frozenset({ReportStatus.RUNNING, ReportStatus.FAILED}),
    ReportStatus.RUNNING: frozenset({ReportStatus.DONE, ReportStatus.FAILED}),
    ReportStatus.DONE: frozenset(),
    ReportStatus.FAILED: frozenset({ReportStatus.PENDING}),
}

FIGURES_VERSION = 3  # 2: table metric, period name, unfinished mark; 3: PGA tables

# Why a new version of a report was made: the sections whose data changed
# (keys of ``figures.SECTIONS``), and two more reasons.
PERIOD_ENDED = "period_ended"
UNKNOWN_CHANGES = "unknown"
CHANGE_LABELS = {
    "signals": _("signals and triage"),
    "cases": _("case files"),
    "meetings": _("case consultations and actions"),
    "network": _("the network, communities and trainings"),
}
