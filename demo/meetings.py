"""Fictional demo meetings: one held and finalised with minutes and actions, one
upcoming with an agenda, and a series of later ones."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from cases.constants import CaseStatus
from cases.models import Case
from meetings import services
from meetings.constants import ActionStatus, ItemKind, Presence
from meetings.models import Meeting
from network.models import Organisation


def _at(days: int, hour: int = 9, minute: int = 30) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@transaction.atomic
def seed_demo_meetings() -> int:
    if Meeting.objects.exists() or not Case.objects.exists():
        return 0
    coordinator = User.objects.get(username="coordinator")
    police = User.objects.get(username="politie").organisation
    youth = User.objects.get(username="jeugdzorg").organisation
    welfare = Organisation.objects.get(name="Welzijn Lelystad")
    municipality = coordinator.organisation
    invited = [police, youth, welfare, municipality]
    cases = {case.label: case for case in Case.objects.exclude(status=CaseStatus.CLOSED)}
    boswijk = cases["Casus Boswijk 1"]
    centrum = cases["Casus Centrum 3"]
    waterwijk = cases["Casus Waterwijk 2"]

    # Held three weeks ago, minutes final.
    (held,) = services.meeting_create(
        coordinator=coordinator,
        starts_at=_at(-21),
        duration_minutes=120,
        chair=coordinator,
        invited_organisations=invited,
        location="Stadhuis Lelystad, zaal 2.14",
    )
    first = services.agenda_item_add(
        coordinator=coordinator,
        meeting=held,
        kind=ItemKind.PROGRESS,
        case=boswijk,
        minutes_planned=20,
    )
    second = services.agenda_item_add(
        coordinator=coordinator,
        meeting=held,
        kind=ItemKind.PROGRESS,
        case=centrum,
        minutes_planned=15,
    )
    services.agenda_item_add(
        coordinator=coordinator,
        meeting=held,
        kind=ItemKind.OTHER,
        topic="Terugblik training signalering",
        minutes_planned=10,
    )
    services.minutes_save(
        author=coordinator,
        item=first,
        notes="Politie en jeugdzorg delen de ontwikkelingen sinds de vorige bespreking. "
        "De online contacten zijn afgenomen; school meldt wisselende aanwezigheid.",
        decisions="Traject jeugdzorg loopt door; over zes weken opnieuw bespreken.",
    )
    services.minutes_save(
        author=coordinator,
        item=second,
        notes="Welzijn heeft contact gelegd; de situatie is stabiel.",
        decisions="Casus blijft in monitoring.",
    )
    services.attendance_record(
        coordinator=coordinator,
        meeting=held,
        presence={
            police.pk: Presence.PRESENT,
            youth.pk: Presence.PRESENT,
            welfare.pk: Presence.EXCUSED,
            municipality.pk: Presence.PRESENT,
        },
    )
    overdue = services.action_create(
        coordinator=coordinator,
        case=boswijk,
        agenda_item=first,
        description="Huisbezoek afleggen samen met de wijkagent.",
        owner_organisation=youth,
        due_on=timezone.localdate(),
    )
    done = services.action_create(
        coordinator=coordinator,
        case=boswijk,
        agenda_item=first,
        description="Contact opnemen met de school over aanwezigheid.",
        owner_organisation=police,
        due_on=timezone.localdate(),
    )
    services.action_create(
        coordinator=coordinator,
        case=centrum,
        agenda_item=second,
        description="Terugkoppeling over het buurtgesprek.",
        owner_organisation=welfare,
        due_on=timezone.localdate() + datetime.timedelta(days=2),
    )
    services.action_create(
        coordinator=coordinator,
        case=boswijk,
        agenda_item=first,
        description="Voortgangsverslag delen voor het volgende overleg.",
        owner_organisation=police,
        due_on=timezone.localdate() + datetime.timedelta(days=10),
    )
    # Due dates in the past are refused for new actions; the demo backdates two.
    overdue.due_on = timezone.localdate() - datetime.timedelta(days=4)
    overdue.save(update_fields=["due_on"])
    done.due_on = timezone.localdate() - datetime.timedelta(days=7)
    done.save(update_fields=["due_on"])
    services.action_set_status(
        user=User.objects.get(username="politie"),
        action=done,
        status=ActionStatus.DONE,
        note="School gesproken; aanwezigheid wordt gevolgd.",
    )
    services.meeting_finalise(coordinator=coordinator, meeting=held)
    services.addendum_add(
        coordinator=coordinator,
        meeting=held,
        item=second,
        text="Correctie: Welzijn was afgemeld, niet afwezig.",
    )

    # Upcoming in six days, with an agenda; then a series every other week.
    (upcoming,) = services.meeting_create(
        coordinator=coordinator,
        starts_at=_at(6),
        duration_minutes=120,
        chair=coordinator,
        invited_organisations=invited,
        location="Stadhuis Lelystad, zaal 2.14",
        online_url="https://vergaderen.lelystad.example/casusoverleg",
    )
    for case, kind, minutes in (
        (waterwijk, ItemKind.NEW_CASE, 20),
        (boswijk, ItemKind.PROGRESS, 15),
        (centrum, ItemKind.PROGRESS, 10),
    ):
        services.agenda_item_add(
            coordinator=coordinator,
            meeting=upcoming,
            kind=kind,
            case=case,
            minutes_planned=minutes,
        )
    services.agenda_item_add(
        coordinator=coordinator,
        meeting=upcoming,
        kind=ItemKind.OTHER,
        topic="Rondvraag",
        minutes_planned=5,
    )
    later = services.meeting_create(
        coordinator=coordinator,
        starts_at=_at(20),
        duration_minutes=120,
        chair=coordinator,
        invited_organisations=invited,
        location="Stadhuis Lelystad, zaal 2.14",
        repeat_every_weeks=2,
        repeat_count=3,
    )
    return 2 + len(later)
