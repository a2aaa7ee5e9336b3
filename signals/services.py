"""Writes for signals: intake, supplements, triage decisions and person matching."""

from __future__ import annotations

import datetime
import logging
import uuid
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from lelystad_radicalisering.exceptions import ApplicationError
from lelystad_radicalisering.models import reference_next
from lelystad_radicalisering.tasks import enqueue_after_commit
from lelystad_radicalisering.uploads import clean_filename
from network.models import Organisation

from . import tasks
from .constants import ALLOWED_TRANSITIONS, OPEN_STATUSES, SignalStatus
from .models import Neighbourhood, Person, Signal, SignalAttachment, SignalPerson, SignalSupplement

if TYPE_CHECKING:
    from cases.models import Case

logger = logging.getLogger(__name__)


class TransitionNotAllowed(ApplicationError):
    pass


class SignalNotOpen(ApplicationError):
    pass


@dataclass(frozen=True)
class ReportedPerson:
    full_name: str
    date_of_birth: datetime.date | None = None
    neighbourhood: Neighbourhood | None = None


def _store_attachment(
    *, signal: Signal, upload: UploadedFile, content_type: str, user: User
) -> None:
    name = clean_filename(upload.name or "")
    attachment = SignalAttachment(
        signal=signal,
        original_name=name,
        content_type=content_type,
        size=upload.size,
        uploaded_by=user,
    )
    # A random stored name: the reporter's file name never becomes a path.
    attachment.file.save(f"{uuid.uuid4().hex}{PurePath(name).suffix.lower()}", upload, save=False)
    attachment.save()


def signal_submit(
    *,
    reporter: User | None,
    submission_key: uuid.UUID,
    category: str,
    urgency: str,
    observation: str,
    observed_on: datetime.date,
    source: str,
    persons: list[ReportedPerson],
    group_description: str = "",
    place_description: str = "",
    observed_where: str = "",
    neighbourhood: Neighbourhood | None = None,
    attachments: list[UploadedFile] = (),
    organisation: Organisation | None = None,
) -> tuple[Signal, bool]:
    """Store a signal. Returns (signal, created); the same submission key twice
    returns the first signal, so a double click never makes two.

    A partner organisation's own system submits without a ``reporter`` (no
    person logged it here) and names the ``organisation`` instead.

    Never looks up known persons: intake must not reveal what the system knows.
    """
    if reporter is not None:
        organisation = reporter.organisation
    if organisation is None:
        raise ValueError("A signal needs a reporter or an organisation.")
    existing = Signal.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        return _same_reporter_or_error(existing, reporter, organisation), False
    try:
        with transaction.atomic():
            signal = Signal.objects.create(
                reference=reference_next(prefix="S"),
                submission_key=submission_key,
                category=category,
                urgency=urgency,
                group_description=group_description.strip(),
                place_description=place_description.strip(),
                observation=observation.strip(),
                observed_on=observed_on,
                observed_where=observed_where.strip(),
                neighbourhood=neighbourhood,
                source=source,
                organisation=organisation,
                reporter=reporter,
            )
            for person in persons:
                SignalPerson.objects.create(
                    signal=signal,
                    full_name=" ".join(person.full_name.split()),
                    date_of_birth=person.date_of_birth,
                    neighbourhood=person.neighbourhood,
                )
            for upload in attachments:
                _store_attachment(
                    signal=signal,
                    upload=upload,
                    content_type=getattr(
                        upload, "detected_content_type", "application/octet-stream"
                    ),
                    user=reporter,
                )

            enqueue_after_commit(tasks.signal_notify_coordinators, signal.pk)
    except IntegrityError:
        # A concurrent submit of the same form won the race: answer with its signal.
        existing = Signal.objects.filter(submission_key=submission_key).first()
        if existing is None:
            raise
        return _same_reporter_or_error(existing, reporter, organisation), False
    logger.info(
        "Signal %s submitted by user id %s of organisation id %s",
        signal.reference,
        reporter.pk if reporter else None,
        organisation.pk,
    )
    return signal, True


def _same_reporter_or_error(
    signal: Signal, reporter: User | None, organisation: Organisation
) -> Signal:
    if signal.reporter_id != (reporter.pk if reporter else None) or (
        signal.organisation_id != organisation.pk
    ):
        raise ApplicationError(_("This form was already used. Reload the page and try again."))
    return signal


@transaction.atomic
def signal_add_supplement(*, signal: Signal, author: User, text: str) -> SignalSupplement:
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    if signal.status not in OPEN_STATUSES:
        raise SignalNotOpen(
            _("This signal has been dealt with; supplementary information can no longer be added.")
        )
    return SignalSupplement.objects.create(signal=signal, author=author, text=text.strip())


def _transition(signal: Signal, target: str) -> None:
    if target not in ALLOWED_TRANSITIONS[signal.status]:
        raise TransitionNotAllowed(
            _("A signal with status “%(current)s” cannot become “%(target)s”.")
            % {
                "current": SignalStatus(signal.status).label,
                "target": SignalStatus(target).label,
            }
        )
    signal.status = target


def _triage_start(signal: Signal, coordinator: User) -> list[str]:
    """new → in triage, stamped with who and when: the one place this step is
    taken (opening, deciding and linking all pass through it). Returns the
    fields it changed, for the caller's save."""
    if signal.status != SignalStatus.NEW:
        return []
    _transition(signal, SignalStatus.IN_TRIAGE)
    signal.triaged_by = coordinator
    signal.triage_started_at = timezone.now()
    return ["status", "triaged_by", "triage_started_at"]


def signal_open_for_triage(*, signal: Signal, coordinator: User) -> Signal:
    """Opening a new signal marks it as in triage, with who and when. A signal
    read past "new" is returned as it is, without a lock: no status goes back
    to "new", so opening it again is only a read."""
    if signal.status != SignalStatus.NEW:
        return signal
    with transaction.atomic():
        signal = Signal.objects.select_for_update().get(pk=signal.pk)
        changed = _triage_start(signal, coordinator)
        if changed:
            signal.save(update_fields=[*changed, "updated_at"])
    return signal


@transaction.atomic
def signal_decide(
    *, signal: Signal, coordinator: User, decision: str, reason: str = "", forwarded_to: str = ""
) -> Signal:
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    # Deciding straight from the inbox still passes through triage.
    _triage_start(signal, coordinator)
    _transition(signal, decision)
    if decision in (SignalStatus.CLOSED, SignalStatus.FORWARDED) and not reason.strip():
        raise ApplicationError(_("Give a reason for this decision."), field="reason")
    signal.decided_by = coordinator
    signal.decided_at = timezone.now()
    signal.decision_reason = reason.strip()
    signal.forwarded_to = forwarded_to if decision == SignalStatus.FORWARDED else ""
    signal.save(
        update_fields=[
            "status",
            "triaged_by",
            "triage_started_at",
            "decided_by",
            "decided_at",
            "decision_reason",
            "forwarded_to",
            "updated_at",
        ]
    )
    return signal


@transaction.atomic
def signal_link_to_case(*, signal: Signal, case: Case, coordinator: User) -> Signal:
    """The signal becomes part of ``case`` (opened from it or chosen for it),
    through its own transitions: a signal already dealt with is refused."""
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    if signal.status not in OPEN_STATUSES:
        raise ApplicationError(
            _("Signal %(reference)s has already been dealt with.") % {"reference": signal.reference}
        )
    _triage_start(signal, coordinator)
    _transition(signal, SignalStatus.LINKED_TO_CASE)
    signal.case = case
    signal.decided_by = coordinator
    signal.decided_at = timezone.now()
    signal.save(
        update_fields=[
            "status",
            "case",
            "triaged_by",
            "triage_started_at",
            "decided_by",
            "decided_at",
            "updated_at",
        ]
    )
    return signal


@transaction.atomic
def signal_person_link(
    *, signal_person: SignalPerson, coordinator: User, person: Person | None
) -> SignalPerson:
    """Link a reported person to a known person; ``None`` registers a new person
    from what the reporter wrote."""
    signal_person = SignalPerson.objects.select_for_update().get(pk=signal_person.pk)
    if person is None:
        person = Person.objects.create(
            full_name=signal_person.full_name,
            date_of_birth=signal_person.date_of_birth,
            neighbourhood=signal_person.neighbourhood,
            created_by=coordinator,
        )
    signal_person.person = person
    signal_person.matched_by = coordinator
    signal_person.matched_at = timezone.now()
    signal_person.save(update_fields=["person", "matched_by", "matched_at"])
    return signal_person


@transaction.atomic
def signal_person_unlink(*, signal_person: SignalPerson) -> SignalPerson:
    signal_person = SignalPerson.objects.select_for_update().get(pk=signal_person.pk)
    signal_person.person = None
    signal_person.matched_by = None
    signal_person.matched_at = None
    signal_person.save(update_fields=["person", "matched_by", "matched_at"])
    return signal_person


@transaction.atomic
def neighbourhood_create(*, name: str) -> Neighbourhood:
    neighbourhood = Neighbourhood(name=name)
    neighbourhood.full_clean()
    neighbourhood.save()
    return neighbourhood


@transaction.atomic
def neighbourhood_set_active(*, neighbourhood: Neighbourhood, is_active: bool) -> Neighbourhood:
    """Deactivated neighbourhoods leave the forms; signals that name them keep them."""
    neighbourhood.is_active = is_active
    neighbourhood.save(update_fields=["is_active"])
    return neighbourhood
