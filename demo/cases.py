"""Fictional demo cases in every status, with plans, assessments and timelines."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from accounts import services as account_services
from accounts.models import User
from cases import services
from cases.constants import CaseStatus, ClosingOutcome, FactorKind, Pillar, RiskLevel, Visibility
from cases.models import Case, Factor, InclusionCriterion, LegalBasis
from network.models import Organisation
from signals.constants import Category, SignalStatus, Source, Urgency
from signals.models import Signal
from signals.services import ReportedPerson, signal_submit


@transaction.atomic
def seed_demo_cases() -> int:
    if Case.objects.exists():
        return 0
    coordinator = User.objects.get(username="coordinator")
    # The demo coordinator holds the mandate for PGA decisions, granted by the
    # functional administrator (README: demo accounts).
    coordinator = account_services.user_set_mandate(
        actor=User.objects.get(username="beheerder"), user=coordinator, mandate=True
    )
    politie = User.objects.get(username="politie")
    jeugdzorg = User.objects.get(username="jeugdzorg")
    police = politie.organisation
    youth = jeugdzorg.organisation
    welfare = Organisation.objects.get(name="Welzijn Lelystad")
    basis = LegalBasis.objects.order_by("pk").first()
    risk = list(Factor.objects.filter(kind=FactorKind.RISK)[:3])
    protective = list(Factor.objects.filter(kind=FactorKind.PROTECTIVE)[:2])
    open_signals = list(
        Signal.objects.filter(
            status__in=[SignalStatus.FOR_CASE_CONSULTATION, SignalStatus.IN_TRIAGE]
        ).order_by("pk")
    )
    plan = [
        # label, pillar, target status, signals, involvements (org, can_change)
        (
            "Casus Boswijk 1",
            Pillar.PERSON_ORIENTED,
            CaseStatus.ACTIVE,
            open_signals[:1],
            [(police, True), (youth, True)],
        ),
        (
            "Casus Waterwijk 2",
            Pillar.PREVENTION,
            CaseStatus.INTAKE,
            open_signals[1:2],
            [(youth, True)],
        ),
        (
            "Casus Centrum 3",
            Pillar.PERSON_ORIENTED,
            CaseStatus.MONITORING,
            [],
            [(police, False), (welfare, True)],
        ),
        (
            "Casus Atolwijk 4",
            Pillar.COUNTERING_POLARISATION,
            CaseStatus.CLOSED,
            [],
            [(welfare, True), (youth, False)],
        ),
    ]
    created = 0
    for label, pillar, target, signals, involvements in plan:
        if not signals:
            signals = [
                _demo_signal(politie if pillar == Pillar.PERSON_ORIENTED else jeugdzorg, label)
            ]
        case = services.case_open_from_signals(
            coordinator=coordinator,
            signals=signals,
            label=label,
            pillar=pillar,
            category=signals[0].category,
            legal_basis=basis,
        )
        for organisation, can_change in involvements:
            services.involvement_add(
                coordinator=coordinator, case=case, organisation=organisation, can_change=can_change
            )
        services.risk_assessment_add(
            assessor=coordinator,
            case=case,
            level=RiskLevel.HIGH,
            risk_factors=risk,
            protective_factors=protective[:1],
            risk_notes="Eerste taxatie na het casusoverleg.",
        )
        # No decision to include the intake case yet: its plan cannot start (PGA law).
        if target != CaseStatus.INTAKE:
            # Boswijk's periodic review falls due in three days (on the next agenda);
            # Centrum's is long overdue (demo.pga).
            _include(case, coordinator, months_ago=12 if "Centrum" in label else 11)
            goal = services.goal_add(
                coordinator=coordinator,
                case=case,
                description="Jongere houdt dagbesteding vast en neemt afstand van de online groep.",
            )
            services.intervention_add(
                coordinator=coordinator,
                case=case,
                description="Wekelijks gesprek met jongerenwerker",
                organisation=involvements[0][0],
                goal=goal,
            )
            services.intervention_add(
                coordinator=coordinator,
                case=case,
                description="Gesprek met ouders over online gedrag",
                organisation=involvements[-1][0],
                goal=goal,
            )
        services.timeline_add_update(
            author=coordinator,
            case=case,
            text="Casus besproken in het casusoverleg; afspraken vastgelegd.",
            visibility=Visibility.ALL_INVOLVED,
        )
        if any(org == police for org, change in involvements if change):
            services.timeline_add_update(
                author=politie,
                case=case,
                text="Politie-informatie: alleen voor de coördinator.",
                visibility=Visibility.COORDINATOR_ONLY,
            )
        if target in (CaseStatus.ACTIVE, CaseStatus.MONITORING, CaseStatus.CLOSED):
            case = _move(case, coordinator, CaseStatus.ACTIVE)
            services.risk_assessment_add(
                assessor=coordinator,
                case=case,
                level=RiskLevel.MEDIUM,
                risk_factors=risk[:1],
                protective_factors=protective,
            )
        if target in (CaseStatus.MONITORING, CaseStatus.CLOSED):
            case = _move(case, coordinator, CaseStatus.MONITORING)
        if target == CaseStatus.CLOSED:
            services.risk_assessment_add(
                assessor=coordinator, case=case, level=RiskLevel.LOW, protective_factors=protective
            )
            services.case_close(
                coordinator=coordinator,
                case=case,
                reason="Spanningen afgenomen, netwerk stabiel.",
                outcome=ClosingOutcome.RISK_REDUCED,
            )
        created += 1
    return created


def _include(case: Case, official: User, *, months_ago: int) -> None:
    pga_basis = LegalBasis.objects.filter(name__startswith="Wet gegevensverwerking").first()
    decided_on = timezone.localdate() - relativedelta(months=months_ago)
    if months_ago == 11:
        # The review falls due three days from now.
        decided_on = timezone.localdate() + datetime.timedelta(days=3) - relativedelta(months=12)
    services.inclusion_decide(
        official=official,
        case=case,
        persons=case.persons.all(),
        criteria=InclusionCriterion.objects.order_by("pk")[:2],
        proportionality=(
            "Zorgen over online contacten en uitspraken zijn ernstig en houden aan; "
            "gegevens delen in het casusoverleg is in verhouding tot dat risico."
        ),
        subsidiarity=(
            "Gesprekken van school en jeugdteam afzonderlijk hebben niet geholpen; "
            "alleen een gezamenlijke aanpak kan het risico verkleinen."
        ),
        legal_basis=pga_basis or case.legal_basis,
        decided_on=decided_on,
    )


def _move(case: Case, coordinator: User, status: str) -> Case:
    return services.case_update(
        coordinator=coordinator,
        case=case,
        label=case.label,
        pillar=case.pillar,
        category=case.category,
        legal_basis=case.legal_basis,
        status=status,
    )


def _demo_signal(reporter: User, label: str) -> Signal:
    import datetime
    import uuid

    from django.utils import timezone

    signal, _ = signal_submit(
        reporter=reporter,
        submission_key=uuid.uuid4(),
        category=Category.POLARISATION if "Atolwijk" in label else Category.RADICALISATION,
        urgency=Urgency.NORMAL,
        observation=f"Demo-signaal voor {label}: zorgen over online contacten en uitspraken op school.",
        observed_on=timezone.localdate() - datetime.timedelta(days=40),
        source=Source.THIRD_PARTY,
        persons=[ReportedPerson(f"Demo Persoon {label.split()[-1]}")],
    )
    return signal
