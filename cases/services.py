"""Writes for case files. Every state change goes through a function here."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from lelystad_radicalisering.exceptions import ApplicationError
from lelystad_radicalisering.models import reference_next
from lelystad_radicalisering.notices import announce
from network.models import Organisation
from signals import services as signal_services
from signals.models import Signal

from . import notices, permissions
from .constants import ALLOWED_TRANSITIONS, CaseStatus, TimelineKind, Visibility
from .models import (
    Case,
    Factor,
    Goal,
    Intervention,
    InterventionStatus,
    Involvement,
    LegalBasis,
    RiskAssessment,
    TimelineEntry,
)

logger = logging.getLogger(__name__)


class CaseClosed(ApplicationError):
    pass


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def _require_open(case: Case) -> None:
    if case.is_closed:
        raise CaseClosed(_("This case is closed and read-only. Reopen it first."))


def case_lock_open(case: Case) -> Case:
    """Lock a case for a change made elsewhere (an action agreed in a meeting);
    closed cases refuse."""
    case = _locked(case)
    _require_open(case)
    return case


def _event(
    case: Case,
    kind: str,
    user: User | None,
    text: str = "",
    visibility: str = Visibility.ALL_INVOLVED,
) -> TimelineEntry:
    """A system event in the timeline; visible to everyone involved unless said
    otherwise. No organisation: events belong to the case, not to a partner."""
    return TimelineEntry.objects.create(
        case=case, kind=kind, text=text, author=user, organisation=None, visibility=visibility
    )


def _link_signal(*, case: Case, signal: Signal, coordinator: User) -> None:
    signal = signal_services.signal_link_to_case(signal=signal, case=case, coordinator=coordinator)
    # Every person the signal is about becomes a person of the case; unmatched
    # ones are registered as reported.
    for signal_person in signal.persons.select_related("person"):
        if signal_person.person is None:
            signal_person = signal_services.signal_person_link(
                signal_person=signal_person, coordinator=coordinator, person=None
            )
        case.persons.add(signal_person.person)
    # Coordinator only: a reporting partner must never learn which case its signal went to.
    _event(
        case,
        TimelineKind.SIGNAL,
        coordinator,
        signal.reference,
        visibility=Visibility.COORDINATOR_ONLY,
    )


@transaction.atomic
def case_open_from_signals(
    *,
    coordinator: User,
    signals: Iterable[Signal],
    label: str,
    pillar: str,
    category: str,
    legal_basis: LegalBasis,
) -> Case:
    signals = list(signals)
    if not signals:
        raise ApplicationError(_("Choose at least one signal."))
    case = Case(
        reference=reference_next(prefix="C"),
        label=" ".join(label.split()),
        pillar=pillar,
        category=category,
        legal_basis=legal_basis,
        created_by=coordinator,
    )
    case.full_clean()
    case.save()
    for signal in signals:
        _link_signal(case=case, signal=signal, coordinator=coordinator)
    logger.info("Case %s opened by user id %s", case.reference, coordinator.pk)
    return case


@transaction.atomic
def case_link_signal(*, coordinator: User, signal: Signal, case: Case) -> Case:
    case = _locked(case)
    _require_open(case)
    _link_signal(case=case, signal=signal, coordinator=coordinator)
    return case


@transaction.atomic
def case_update(
    *,
    coordinator: User,
    case: Case,
    label: str,
    pillar: str,
    category: str,
    legal_basis: LegalBasis,
    status: str,
) -> Case:
    case = _locked(case)
    _require_open(case)
    _status_change(case, status, coordinator)
    case.label = " ".join(label.split())
    case.pillar = pillar
    case.category = category
    case.legal_basis = legal_basis
    case.status = status
    case.full_clean()
    case.save(update_fields=["label", "pillar", "category", "legal_basis", "status", "updated_at"])
    return case


@transaction.atomic
def case_status_set(*, coordinator: User, case: Case, status: str) -> Case:
    """A new status by the allowed transitions, with its timeline event (also
    when the casusoverleg decides it)."""
    case = _locked(case)
    _require_open(case)
    if _status_change(case, status, coordinator):
        case.save(update_fields=["status", "updated_at"])
    return case


def _status_change(case: Case, status: str, coordinator: User) -> bool:
    """Set ``status`` on the locked case if the transitions allow it; the caller saves."""
    if status == case.status:
        return False
    if status not in ALLOWED_TRANSITIONS[case.status]:
        raise ApplicationError(
            _("A case with status “%(current)s” cannot become “%(target)s”.")
            % {"current": CaseStatus(case.status).label, "target": CaseStatus(status).label},
            field="status",
        )
    _event(case, TimelineKind.STATUS, coordinator, str(CaseStatus(status).label))
    case.status = status
    return True


@transaction.atomic
def timeline_event_add(
    *,
    case: Case,
    kind: str,
    user: User | None,
    text: str = "",
    visibility: str = Visibility.ALL_INVOLVED,
) -> TimelineEntry:
    """A system event on the case timeline, for the apps above cases (the
    casusoverleg's decisions and finalised minutes)."""
    return _event(case, kind, user, text, visibility)


@transaction.atomic
def involvement_add(
    *,
    coordinator: User,
    case: Case,
    organisation: Organisation,
    can_change: bool,
    ends_on: datetime.date | None = None,
) -> Involvement:
    """Involve an organisation (or change its rights): its group gets view, and
    change where it contributes. Its members get an e-mail with label and link."""
    case = _locked(case)
    _require_open(case)
    if not organisation.is_active:
        raise ApplicationError(_("This organisation is not active."), field="organisation")
    if not organisation.has_valid_covenant:
        raise ApplicationError(
            _(
                "%(organisation)s has no valid data-sharing covenant and cannot be involved in a case."
            )
            % {"organisation": organisation.name},
            field="organisation",
        )
    involvement, created = Involvement.objects.get_or_create(
        case=case, organisation=organisation, defaults={"created_by": coordinator}
    )
    newly_involved = created or involvement.revoked_at is not None
    involvement.can_change = can_change
    involvement.ends_on = ends_on
    involvement.revoked_at = None
    involvement.save(update_fields=["can_change", "ends_on", "revoked_at"])
    permissions.involvement_grant(involvement)
    if newly_involved:
        _event(case, TimelineKind.INVOLVEMENT, coordinator, organisation.name)
        # In-app, and e-mailed (with an outbox) to those who chose so.
        announce(kind=notices.INVOLVEMENT, source_id=involvement.pk, actor=coordinator)
    return involvement


@transaction.atomic
def involvement_revoke(*, involvement: Involvement, user: User | None = None) -> Involvement:
    """End an involvement: view and change are gone at once, on the next request."""
    involvement = (
        Involvement.objects.select_for_update()
        .select_related("organisation", "case")
        .get(pk=involvement.pk)
    )
    if involvement.revoked_at is None:
        involvement.revoked_at = timezone.now()
        involvement.save(update_fields=["revoked_at"])
    permissions.involvement_revoke_permissions(involvement)
    return involvement


@transaction.atomic
def timeline_add_update(
    *,
    author: User,
    case: Case,
    text: str,
    visibility: str,
    shared_with: Iterable[Organisation] = (),
) -> TimelineEntry:
    case = _locked(case)
    _require_open(case)
    if not permissions.can_change(author, case):
        raise ApplicationError(_("Your organisation cannot add updates to this case."))
    shared_with = list(shared_with)
    if visibility == Visibility.SELECTED:
        involved = set(case.involvements.current().values_list("organisation_id", flat=True))
        if not shared_with or not {o.pk for o in shared_with} <= involved:
            raise ApplicationError(
                _("Choose one or more involved organisations."), field="shared_with"
            )
    entry = TimelineEntry.objects.create(
        case=case,
        kind=TimelineKind.NOTE,
        text=text.strip(),
        author=author,
        organisation=author.organisation,
        visibility=visibility,
    )
    if visibility == Visibility.SELECTED:
        entry.shared_with.set(shared_with)
    announce(kind=notices.CASE_UPDATE, source_id=entry.pk, actor=author)
    return entry


@transaction.atomic
def risk_assessment_add(
    *,
    assessor: User,
    case: Case,
    level: str,
    risk_factors: Iterable[Factor] = (),
    protective_factors: Iterable[Factor] = (),
    risk_notes: str = "",
    protective_notes: str = "",
) -> RiskAssessment:
    """A new assessment; earlier ones stay, so the case shows how risk developed."""
    case = _locked(case)
    _require_open(case)
    assessment = RiskAssessment.objects.create(
        case=case,
        level=level,
        risk_notes=risk_notes.strip(),
        protective_notes=protective_notes.strip(),
        assessed_by=assessor,
    )
    assessment.risk_factors.set(risk_factors)
    assessment.protective_factors.set(protective_factors)
    case.last_assessed_at = assessment.assessed_at
    case.save(update_fields=["last_assessed_at"])
    _event(case, TimelineKind.ASSESSMENT, assessor, str(assessment.get_level_display()))
    return assessment


@transaction.atomic
def goal_add(*, coordinator: User, case: Case, description: str) -> Goal:
    case = _locked(case)
    _require_open(case)
    return Goal.objects.create(case=case, description=description.strip())


@transaction.atomic
def intervention_add(
    *,
    coordinator: User,
    case: Case,
    description: str,
    organisation: Organisation,
    goal: Goal | None = None,
) -> Intervention:
    case = _locked(case)
    _require_open(case)
    if goal is not None and goal.case_id != case.pk:
        raise ApplicationError(_("Choose a goal of this case."), field="goal")
    if not case.involvements.current().filter(organisation=organisation).exists():
        raise ApplicationError(
            _("Involve the organisation in the case before giving it an intervention."),
            field="organisation",
        )
    return Intervention.objects.create(
        case=case, description=description.strip(), organisation=organisation, goal=goal
    )


@transaction.atomic
def intervention_set_status(*, user: User, intervention: Intervention, status: str) -> Intervention:
    intervention = (
        Intervention.objects.select_for_update().select_related("case").get(pk=intervention.pk)
    )
    _require_open(intervention.case)
    if not permissions.can_change(user, intervention.case):
        raise ApplicationError(_("Your organisation cannot change this case."))
    if status not in InterventionStatus.values:
        raise ApplicationError(_("Choose a valid status."))
    intervention.status = status
    intervention.save(update_fields=["status"])
    return intervention


@transaction.atomic
def case_close(*, coordinator: User, case: Case, reason: str, outcome: str) -> Case:
    case = _locked(case)
    _require_open(case)
    if not reason.strip():
        raise ApplicationError(_("Give a reason for closing."), field="reason")
    now = timezone.now()
    case.status = CaseStatus.CLOSED
    case.closed_at = now
    case.closing_reason = reason.strip()
    case.closing_outcome = outcome
    case.retention_start = timezone.localdate()
    case.partner_access_until = now + datetime.timedelta(days=settings.CASE_PARTNER_ACCESS_DAYS)
    case.save(
        update_fields=[
            "status",
            "closed_at",
            "closing_reason",
            "closing_outcome",
            "retention_start",
            "partner_access_until",
            "updated_at",
        ]
    )
    # The outcome is news for everyone involved; the reason may hold what only
    # the coordinator should know.
    _event(case, TimelineKind.CLOSED, coordinator, str(case.get_closing_outcome_display()))
    _event(
        case,
        TimelineKind.CLOSED,
        coordinator,
        reason.strip(),
        visibility=Visibility.COORDINATOR_ONLY,
    )
    return case


@transaction.atomic
def case_reopen(*, coordinator: User, case: Case, reason: str) -> Case:
    case = _locked(case)
    if not case.is_closed:
        raise ApplicationError(_("This case is not closed."))
    if not reason.strip():
        raise ApplicationError(_("Give a reason for reopening."), field="reason")
    case.status = CaseStatus.ACTIVE
    case.closed_at = None
    case.closing_reason = ""
    case.closing_outcome = ""
    case.retention_start = None
    case.partner_access_until = None
    case.save(
        update_fields=[
            "status",
            "closed_at",
            "closing_reason",
            "closing_outcome",
            "retention_start",
            "partner_access_until",
            "updated_at",
        ]
    )
    # Partners whose access already ran out get it back with the case.
    for involvement in case.involvements.current().select_related("organisation"):
        permissions.involvement_grant(involvement)
    _event(case, TimelineKind.REOPENED, coordinator)
    _event(
        case,
        TimelineKind.REOPENED,
        coordinator,
        reason.strip(),
        visibility=Visibility.COORDINATOR_ONLY,
    )
    return case


@transaction.atomic
def involvements_end_for_organisation(*, organisation: Organisation) -> int:
    """An organisation that is deactivated or loses its covenant leaves every case at once."""
    if organisation.is_active and organisation.has_valid_covenant:
        return 0
    ended = 0
    for involvement in Involvement.objects.filter(
        organisation=organisation, revoked_at__isnull=True
    ):
        involvement_revoke(involvement=involvement)
        ended += 1
    return ended


def case_access_expire() -> int:
    """Revoke what has run out: partner access to cases closed longer than the
    grace period, involvements past their end date, and involvements of
    organisations whose covenant is no longer valid. Idempotent."""
    now = timezone.now()
    today = timezone.localdate()
    expired = 0
    ended = Involvement.objects.filter(revoked_at__isnull=True).filter(
        Q(ends_on__lt=today)
        | Q(organisation__covenant_signed_on__isnull=True)
        | Q(organisation__covenant_ends_on__lt=today)
    )
    for involvement in ended:
        involvement_revoke(involvement=involvement)
        expired += 1
    for case in Case.objects.filter(status=CaseStatus.CLOSED, partner_access_until__lt=now):
        for involvement in case.involvements.select_related("organisation"):
            with transaction.atomic():
                permissions.involvement_revoke_permissions(involvement)
        expired += 1
    return expired
