"""Demo data for the PGA law's steps: every state once (README, demo accounts).

- Casus Boswijk 1: included eleven-plus months ago; its periodic review falls
  due before the next meeting and is on that agenda as "periodieke toets"; its
  person's informing is deferred and the deferral's review date has passed.
- Casus Centrum 3: included more than thirteen months ago, review overdue past
  the grace period (the warning on the case page); its person was informed.
- Casus Haven 5: handed over to another municipality (accepted), closed
  "overgedragen".
- The next meeting has named participants; one of them ("reclassering") has
  not yet confirmed the confidentiality statement.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.services import user_create
from cases import services as case_services
from cases.constants import CaseStatus, InformingMethod, InformingState
from cases.models import Case, DeferralReason
from lelystad_radicalisering.roles import Role
from meetings import services as meeting_services
from meetings.constants import ItemKind
from meetings.models import Meeting
from network.models import Organisation

from .accounts import DEMO_PASSWORD, demo_totp_key
from .cases import _demo_signal, _include


@transaction.atomic
def seed_demo_pga() -> int:
    if not Case.objects.exists() or Case.objects.filter(label="Casus Haven 5").exists():
        return 0
    coordinator = User.objects.get(username="coordinator")
    today = timezone.localdate()
    boswijk = Case.objects.get(label="Casus Boswijk 1")
    centrum = Case.objects.get(label="Casus Centrum 3")

    # Informing: deferred (review date passed) and informed.
    case_services.informing_record(
        coordinator=coordinator,
        case=boswijk,
        person=boswijk.persons.order_by("pk").first(),
        state=InformingState.DEFERRED,
        deferral_reason=DeferralReason.objects.order_by("pk").first(),
        review_on=today + datetime.timedelta(days=1),
    )
    # Review dates in the past are refused for new deferrals; the demo backdates one.
    deferral = boswijk.informing.get()
    deferral.review_on = today - datetime.timedelta(days=3)
    deferral.save(update_fields=["review_on"])
    case_services.informing_record(
        coordinator=coordinator,
        case=centrum,
        person=centrum.persons.order_by("pk").first(),
        state=InformingState.INFORMED,
        informed_on=today - datetime.timedelta(days=300),
        informed_by="S. Verbeek, gemeente Lelystad",
        method=InformingMethod.IN_PERSON,
    )
    # Centrum's review is long overdue: the warning on the case page.
    centrum.review_due_on = today - datetime.timedelta(days=40)
    centrum.save(update_fields=["review_due_on"])

    upcoming = (
        Meeting.objects.filter(starts_at__gte=timezone.now(), finalised_at__isnull=True)
        .order_by("starts_at")
        .first()
    )
    if upcoming is not None:
        # Boswijk's review is due before the next meeting: on its agenda.
        item = upcoming.items.filter(case=boswijk).first()
        if item is not None:
            meeting_services.agenda_item_update(
                coordinator=coordinator,
                item=item,
                kind=ItemKind.PERIODIC_REVIEW,
                minutes_planned=item.minutes_planned,
            )
        newcomer = user_create(
            username="reclassering",
            first_name="Joris",
            last_name="Meijer",
            email="reclassering@demo.lelystad.example",
            organisation=Organisation.objects.get(name="Reclassering Flevoland"),
            role=Role.PARTNER,
        )
        newcomer.set_password(DEMO_PASSWORD)
        newcomer.save(update_fields=["password"])
        TOTPDevice.objects.create(
            user=newcomer, name="Demo", key=demo_totp_key(newcomer.username).hex(), confirmed=True
        )
        upcoming.invited_organisations.add(newcomer.organisation)
        meeting_services.participants_set(
            coordinator=coordinator,
            meeting=upcoming,
            # Once anyone is named only the named see the meeting: every demo
            # partner of an invited organisation is named, so each can try it.
            users=[
                coordinator,
                *User.objects.filter(
                    role=Role.PARTNER,
                    is_active=True,
                    organisation__in=upcoming.invited_organisations.all(),
                ).order_by("username"),
            ],
        )

    # A handed-over case: included, a plan, a package accepted by Almere.
    signal = _demo_signal(User.objects.get(username="politie"), "Casus Haven 5")
    haven = case_services.case_open_from_signals(
        coordinator=coordinator,
        signals=[signal],
        label="Casus Haven 5",
        pillar=boswijk.pillar,
        category=signal.category,
        legal_basis=boswijk.legal_basis,
    )
    police = User.objects.get(username="politie").organisation
    case_services.involvement_add(
        coordinator=coordinator, case=haven, organisation=police, can_change=True
    )
    _include(haven, coordinator, months_ago=4)
    goal = case_services.goal_add(
        coordinator=coordinator,
        case=haven,
        description="Betrokkene houdt werk en woonruimte na de verhuizing.",
    )
    case_services.intervention_add(
        coordinator=coordinator,
        case=haven,
        description="Maandelijks gesprek met de wijkagent",
        organisation=police,
        goal=goal,
    )
    haven = case_services.case_update(
        coordinator=coordinator,
        case=haven,
        label=haven.label,
        pillar=haven.pillar,
        category=haven.category,
        legal_basis=haven.legal_basis,
        status=CaseStatus.ACTIVE,
    )
    handover = case_services.handover_create(
        coordinator=coordinator,
        case=haven,
        person=haven.persons.order_by("pk").first(),
        kind="moved",
        receiving_organisation="Gemeente Almere, team Openbare Orde en Veiligheid",
        legal_basis=haven.inclusion_decisions.get().legal_basis,
    )
    case_services.handover_answer(
        coordinator=coordinator,
        handover=handover,
        accepted=True,
        answered_on=today,
    )
    return 1
