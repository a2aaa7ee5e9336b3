"""Demo data for the start pages: something in every panel that can need attention.

Runs after the other demo seeds and moves a few of their records back in time,
the way they would look after months of use. Demo only."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from cases.models import Case, RiskAssessment
from lelystad_radicalisering.roles import Role
from network.models import Organisation
from privacy.constants import RequestKind
from privacy.models import DataSubjectRequest
from privacy.services import destroy_expired, retention_days, subject_request_create
from signals.constants import SignalStatus
from signals.models import Person, Signal


@transaction.atomic
def seed_demo_attention() -> int:
    if DataSubjectRequest.objects.exists():
        return 0
    now = timezone.now()
    changed = 0

    # A closed signal whose retention period ends in ten days.
    closed = Signal.objects.filter(status=SignalStatus.CLOSED).order_by("pk").first()
    if closed is not None:
        moment = now - datetime.timedelta(days=retention_days("signal_closed") - 10)
        Signal.objects.filter(pk=closed.pk).update(
            created_at=moment, decided_at=moment, observed_on=moment.date()
        )
        changed += 1

    # A forwarded signal long past its period: the retention job destroys it
    # and leaves a real destruction record.
    forwarded = Signal.objects.filter(status=SignalStatus.FORWARDED).order_by("pk").first()
    if forwarded is not None:
        moment = now - datetime.timedelta(days=retention_days("signal_forwarded") + 30)
        Signal.objects.filter(pk=forwarded.pk).update(
            created_at=moment, decided_at=moment, observed_on=moment.date()
        )
        changed += len(destroy_expired(now=now))

    # A case in monitoring whose last risk assessment is eight months old. Only
    # the assessments move: the case's opening stays in this quarter, so the
    # demo's quarterly report keeps enough cases to publish.
    case = Case.objects.filter(status="monitoring").order_by("pk").first()
    if case is not None:
        long_ago = now - datetime.timedelta(days=250)
        RiskAssessment.objects.filter(case=case).update(assessed_at=long_ago)
        Case.objects.filter(pk=case.pk).update(last_assessed_at=long_ago)
        changed += 1

    # An open access request, received twelve days ago.
    officer = User.objects.filter(role=Role.PRIVACY_OFFICER, is_active=True).first()
    person = Person.objects.order_by("pk").first()
    if officer is not None and person is not None:
        subject_request_create(
            officer=officer,
            person=person,
            kind=RequestKind.ACCESS,
            received_on=timezone.localdate() - datetime.timedelta(days=12),
        )
        changed += 1

    # A covenant that ends in six weeks, and an account nobody has used for months.
    organisation = Organisation.objects.filter(name="Reclassering Flevoland").first()
    if organisation is not None:
        organisation.covenant_ends_on = timezone.localdate() + datetime.timedelta(days=45)
        organisation.save(update_fields=["covenant_ends_on"])
        changed += 1
    welfare = Organisation.objects.filter(name="Welzijn Lelystad").first()
    if welfare is not None and not User.objects.filter(username="oud.account").exists():
        dormant = User(
            username="oud.account",
            first_name="Karin",
            last_name="Visser",
            email="oud.account@demo.lelystad.example",
            organisation=welfare,
            role=Role.PARTNER,
            date_joined=now - datetime.timedelta(days=400),
            last_login=now - datetime.timedelta(days=140),
        )
        dormant.set_unusable_password()
        dormant.save()
        dormant.groups.add(welfare.group)
        changed += 1
    return changed
