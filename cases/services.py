"""Writes for case files. Every state change goes through a function here."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from dateutil.relativedelta import relativedelta
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
from signals.models import Person, Signal

from . import notices, permissions
from .constants import (
    ALLOWED_TRANSITIONS,
    CaseStatus,
    ClosingOutcome,
    DecisionKind,
    EndEffect,
    HandoverKind,
    HandoverStatus,
    InclusionStatus,
    InformingMethod,
    InformingState,
    TimelineKind,
    Visibility,
)
from .models import (
    Case,
    DeferralReason,
    Factor,
    Goal,
    Handover,
    InclusionCriterion,
    InclusionDecision,
    Informing,
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


class NotIncluded(ApplicationError):
    pass


def _require_included(case: Case) -> None:
    """The PGA law: no plan, interventions or actions about a person before the
    decision to include them in the person-oriented approach (and none after it ended)."""
    if not case.is_included:
        raise NotIncluded(
            _(
                "The person-oriented plan can start only after the decision to include "
                "the person. Record that decision first."
            )
        )


def case_lock_open(case: Case) -> Case:
    """Lock a case for a change made elsewhere; closed cases refuse."""
    case = _locked(case)
    _require_open(case)
    return case


def case_lock_for_plan(case: Case) -> Case:
    """Lock a case for a step of the person-oriented plan made elsewhere (an
    action agreed in a meeting): closed cases and cases without a current
    inclusion decision refuse."""
    case = case_lock_open(case)
    _require_included(case)
    return case


def review_due_after(day: datetime.date) -> datetime.date:
    return day + relativedelta(months=settings.PGA_REVIEW_MONTHS)


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
    _require_included(case)
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
    _require_included(case)
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
    if status in (InterventionStatus.PLANNED, InterventionStatus.ONGOING):
        # Winding down (done, stopped) stays possible once the approach has ended.
        _require_included(intervention.case)
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
    # A closed case is no longer in the person-oriented approach; reopening
    # needs a new decision to include.
    if case.inclusion_status == InclusionStatus.INCLUDED:
        case.inclusion_status = InclusionStatus.ENDED
    case.review_due_on = None
    case.save(
        update_fields=[
            "status",
            "closed_at",
            "closing_reason",
            "closing_outcome",
            "retention_start",
            "partner_access_until",
            "inclusion_status",
            "review_due_on",
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


# The person-oriented approach under the PGA law


def _require_mandate(official: User) -> None:
    if not official.has_pga_mandate:
        raise ApplicationError(
            _(
                "Only the mayor or an official with a mandate can take this decision. "
                "The functional administrator grants the mandate."
            )
        )


def _decision_event(case: Case, official: User, decision: InclusionDecision) -> None:
    # Coordinator only: partners learn of the plan, not of the grounds for it.
    _event(
        case,
        TimelineKind.INCLUSION,
        official,
        f"{decision.get_kind_display()} ({decision.decided_on:%d-%m-%Y})",
        visibility=Visibility.COORDINATOR_ONLY,
    )


@transaction.atomic
def inclusion_decide(
    *,
    official: User,
    case: Case,
    persons: Iterable[Person],
    criteria: Iterable[InclusionCriterion],
    proportionality: str,
    subsidiarity: str,
    legal_basis: LegalBasis,
    decided_on: datetime.date,
) -> InclusionDecision:
    """The decision to include the person(s) of a case in the person-oriented
    approach: from now on the plan may start, and a periodic review is due."""
    _require_mandate(official)
    case = _locked(case)
    _require_open(case)
    if case.is_included:
        raise ApplicationError(_("The persons of this case are already included."))
    persons = list(persons)
    criteria = list(criteria)
    case_person_ids = set(case.persons.values_list("pk", flat=True))
    if not persons or not {p.pk for p in persons} <= case_person_ids:
        raise ApplicationError(_("Choose one or more persons of this case."), field="persons")
    if not criteria:
        raise ApplicationError(_("Choose the criteria that apply."), field="criteria")
    if not proportionality.strip():
        raise ApplicationError(
            _("Explain why the approach is proportionate."), field="proportionality"
        )
    if not subsidiarity.strip():
        raise ApplicationError(
            _("Explain why a lighter approach does not suffice."), field="subsidiarity"
        )
    if decided_on > timezone.localdate():
        raise ApplicationError(_("The date cannot be in the future."), field="decided_on")
    decision = InclusionDecision.objects.create(
        case=case,
        kind=DecisionKind.INCLUDE,
        proportionality=proportionality.strip(),
        subsidiarity=subsidiarity.strip(),
        legal_basis=legal_basis,
        decided_on=decided_on,
        decided_by=official,
    )
    decision.persons.set(persons)
    decision.criteria.set(criteria)
    case.inclusion_status = InclusionStatus.INCLUDED
    case.review_due_on = review_due_after(decided_on)
    case.save(update_fields=["inclusion_status", "review_due_on", "updated_at"])
    _decision_event(case, official, decision)
    return decision


def _end(
    *,
    official: User,
    case: Case,
    reasoning: str,
    end_effect: str,
    decided_on: datetime.date,
    meeting_date: datetime.date | None,
) -> InclusionDecision:
    if end_effect not in EndEffect.values:
        raise ApplicationError(_("Choose what happens to the case."), field="end_effect")
    decision = InclusionDecision.objects.create(
        case=case,
        kind=DecisionKind.END,
        reasoning=reasoning,
        end_effect=end_effect,
        decided_on=decided_on,
        decided_by=official,
        meeting_date=meeting_date,
    )
    decision.persons.set(case.persons.all())
    case.inclusion_status = InclusionStatus.ENDED
    case.review_due_on = None
    case.save(update_fields=["inclusion_status", "review_due_on", "updated_at"])
    _decision_event(case, official, decision)
    if end_effect == EndEffect.CLOSE:
        case_close(
            coordinator=official,
            case=case,
            reason=reasoning,
            outcome=ClosingOutcome.RISK_REDUCED,
        )
    elif case.status == CaseStatus.ACTIVE:
        case.status = CaseStatus.MONITORING
        case.save(update_fields=["status", "updated_at"])
        _event(case, TimelineKind.STATUS, official, str(CaseStatus.MONITORING.label))
    return decision


@transaction.atomic
def inclusion_end(
    *,
    official: User,
    case: Case,
    reasoning: str,
    end_effect: str,
    decided_on: datetime.date,
) -> InclusionDecision:
    """The decision to end the person-oriented approach: the case closes or
    continues as monitoring (a downgrade), and the plan stops."""
    _require_mandate(official)
    case = _locked(case)
    _require_open(case)
    if not case.is_included:
        raise ApplicationError(_("This case is not in the person-oriented approach."))
    if not reasoning.strip():
        raise ApplicationError(_("Give the reasons for ending."), field="reasoning")
    if decided_on > timezone.localdate():
        raise ApplicationError(_("The date cannot be in the future."), field="decided_on")
    return _end(
        official=official,
        case=case,
        reasoning=reasoning.strip(),
        end_effect=end_effect,
        decided_on=decided_on,
        meeting_date=None,
    )


@transaction.atomic
def inclusion_review_record(
    *,
    chair: User,
    case: Case,
    outcome: str,
    reasoning: str,
    meeting_date: datetime.date,
    end_effect: str = "",
) -> InclusionDecision:
    """The periodic review in the casusoverleg: continue (the clock starts
    again from the meeting's date) or end (the mayor's decision: a mandate)."""
    case = _locked(case)
    _require_open(case)
    if not case.is_included:
        raise ApplicationError(_("This case is not in the person-oriented approach."))
    reasoning = reasoning.strip()
    if not reasoning:
        raise ApplicationError(_("Give the reasons for the review's outcome."), field="reasoning")
    if outcome == DecisionKind.END:
        _require_mandate(chair)
        return _end(
            official=chair,
            case=case,
            reasoning=reasoning,
            end_effect=end_effect,
            decided_on=meeting_date,
            meeting_date=meeting_date,
        )
    if outcome != DecisionKind.CONTINUE:
        raise ApplicationError(_("Choose continue or end."), field="outcome")
    decision = InclusionDecision.objects.create(
        case=case,
        kind=DecisionKind.CONTINUE,
        reasoning=reasoning,
        decided_on=meeting_date,
        decided_by=chair,
        meeting_date=meeting_date,
    )
    decision.persons.set(case.persons.all())
    case.review_due_on = review_due_after(meeting_date)
    case.save(update_fields=["review_due_on", "updated_at"])
    _decision_event(case, chair, decision)
    return decision


@transaction.atomic
def informing_record(
    *,
    coordinator: User,
    case: Case,
    person: Person,
    state: str,
    informed_on: datetime.date | None = None,
    informed_by: str = "",
    method: str = "",
    deferral_reason: DeferralReason | None = None,
    review_on: datetime.date | None = None,
) -> Informing:
    """Record that an included person was informed, or that informing waits
    (with a reason from the list and a date to look at it again)."""
    case = _locked(case)
    _require_open(case)
    if case.inclusion_status == InclusionStatus.NOT_INCLUDED:
        raise NotIncluded(_("Only a person included in the approach is informed of it."))
    if not case.inclusion_decisions.filter(kind=DecisionKind.INCLUDE, persons=person).exists():
        raise ApplicationError(_("This person is not included in the approach."))
    today = timezone.localdate()
    if state == InformingState.INFORMED:
        if informed_on is None:
            raise ApplicationError(_("Give the date the person was informed."), field="informed_on")
        if informed_on > today:
            raise ApplicationError(_("The date cannot be in the future."), field="informed_on")
        if not informed_by.strip():
            raise ApplicationError(_("Say who informed the person."), field="informed_by")
        if method not in InformingMethod.values:
            raise ApplicationError(_("Say how the person was informed."), field="method")
        deferral_reason, review_on = None, None
    elif state == InformingState.DEFERRED:
        if deferral_reason is None:
            raise ApplicationError(_("Choose the reason for deferring."), field="deferral_reason")
        if review_on is None or review_on <= today:
            raise ApplicationError(
                _("Give a date in the future to review the deferral."), field="review_on"
            )
        informed_on, informed_by, method = None, "", ""
    else:
        raise ApplicationError(_("Choose informed or deferred."), field="state")
    informing, _created = Informing.objects.get_or_create(
        case=case, person=person, defaults={"state": state, "recorded_by": coordinator}
    )
    informing.state = state
    informing.informed_on = informed_on
    informing.informed_by = informed_by.strip()
    informing.method = method
    informing.deferral_reason = deferral_reason
    informing.review_on = review_on
    informing.recorded_by = coordinator
    informing.save(
        update_fields=[
            "state",
            "informed_on",
            "informed_by",
            "method",
            "deferral_reason",
            "review_on",
            "recorded_by",
            "recorded_at",
        ]
    )
    _event(
        case,
        TimelineKind.INFORMING,
        coordinator,
        str(InformingState(state).label),
        visibility=Visibility.COORDINATOR_ONLY,
    )
    return informing


# Handover (PGA law): a package of what may be shared, for one person


def handover_package(*, case: Case, person: Person) -> dict:
    """What may go to the receiving organisation: the case summary, the
    decisions and the current plan. Structured data and the coordinator's own
    plan only; never timeline updates, signal texts, risk notes, decision
    reasoning (free text that may name others) or another person of the case."""
    latest = case.assessments.order_by("-assessed_at", "-pk").first()
    informing = case.informing.filter(person=person).select_related("deferral_reason").first()
    decisions = (
        case.inclusion_decisions.filter(persons=person)
        .select_related("legal_basis", "decided_by")
        .prefetch_related("criteria")
        .order_by("decided_on", "pk")
    )
    return {
        "case": {
            "reference": case.reference,
            "category": str(case.get_category_display()),
            "pillar": str(case.get_pillar_display()),
            "status": str(case.get_status_display()),
            "opened_on": timezone.localtime(case.created_at).date().isoformat(),
            "risk_level": str(latest.get_level_display()) if latest else "",
        },
        "person": {
            "name": person.full_name,
            "date_of_birth": person.date_of_birth.isoformat() if person.date_of_birth else "",
        },
        "decisions": [
            {
                "decision": str(decision.get_kind_display()),
                "date": decision.decided_on.isoformat(),
                "criteria": [criterion.name for criterion in decision.criteria.all()],
                "legal_basis": decision.legal_basis.name if decision.legal_basis else "",
                "in_case_consultation_of": (
                    decision.meeting_date.isoformat() if decision.meeting_date else ""
                ),
            }
            for decision in decisions
        ],
        "informing": (
            {
                "state": str(informing.get_state_display()),
                "informed_on": informing.informed_on.isoformat() if informing.informed_on else "",
                "deferral_reason": informing.deferral_reason.name
                if informing.deferral_reason
                else "",
            }
            if informing
            else {}
        ),
        "plan": {
            "goals": [goal.description for goal in case.goals.order_by("pk")],
            "interventions": [
                {
                    "intervention": intervention.description,
                    "organisation_type": str(intervention.organisation.get_type_display()),
                    "status": str(intervention.get_status_display()),
                }
                for intervention in case.interventions.select_related("organisation").order_by("pk")
            ],
        },
    }


@transaction.atomic
def handover_create(
    *,
    coordinator: User,
    case: Case,
    person: Person,
    kind: str,
    receiving_organisation: str,
    legal_basis: LegalBasis,
) -> Handover:
    case = _locked(case)
    _require_open(case)
    if not case.persons.filter(pk=person.pk).exists():
        raise ApplicationError(_("Choose a person of this case."), field="person")
    if kind not in HandoverKind.values:
        raise ApplicationError(_("Choose the reason for the handover."), field="kind")
    receiving_organisation = " ".join(receiving_organisation.split())
    if not receiving_organisation:
        raise ApplicationError(
            _("Name the receiving organisation."), field="receiving_organisation"
        )
    if case.handovers.filter(status=HandoverStatus.PENDING).exists():
        raise ApplicationError(_("A handover of this case is awaiting an answer."))
    handover = Handover.objects.create(
        case=case,
        person=person,
        kind=kind,
        receiving_organisation=receiving_organisation,
        legal_basis=legal_basis,
        package=handover_package(case=case, person=person),
        created_by=coordinator,
    )
    _event(
        case,
        TimelineKind.HANDOVER,
        coordinator,
        f"{handover.get_kind_display()}: {receiving_organisation}",
        visibility=Visibility.COORDINATOR_ONLY,
    )
    return handover


@transaction.atomic
def handover_answer(
    *, coordinator: User, handover: Handover, accepted: bool, answered_on: datetime.date
) -> Handover:
    """The receiving organisation's answer. Accepted: the case closes as
    "handed over" and is read-only. Declined: the case stays as it was."""
    handover = Handover.objects.select_for_update().get(pk=handover.pk)
    if handover.status != HandoverStatus.PENDING:
        raise ApplicationError(_("This handover has already been answered."))
    if answered_on > timezone.localdate():
        raise ApplicationError(_("The date cannot be in the future."), field="answered_on")
    handover.status = HandoverStatus.ACCEPTED if accepted else HandoverStatus.DECLINED
    handover.answered_on = answered_on
    handover.save(update_fields=["status", "answered_on"])
    _event(
        handover.case,
        TimelineKind.HANDOVER,
        coordinator,
        f"{handover.get_status_display()}: {handover.receiving_organisation}",
        visibility=Visibility.COORDINATOR_ONLY,
    )
    if accepted:
        case_close(
            coordinator=coordinator,
            case=handover.case,
            reason=_("Handed over to %(organisation)s.")
            % {"organisation": handover.receiving_organisation},
            outcome=ClosingOutcome.HANDED_OVER,
        )
    return handover
