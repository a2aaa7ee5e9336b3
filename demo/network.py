"""Fictional demo communities, contact moments, contacts and trainings."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from network import plan as plan_service
from network import services
from network.constants import (
    ActivityKind,
    CommunityKind,
    MeasureStatus,
    PlanPillar,
    TargetGroup,
    Tension,
    TrainingTopic,
)
from network.models import Community, Organisation, Plan
from signals.models import Neighbourhood


@transaction.atomic
def seed_demo_network() -> int:
    if Community.objects.exists():
        return 0
    coordinator = User.objects.get(username="coordinator")
    jeugdzorg = User.objects.get(username="jeugdzorg")
    wijk = {n.name: n for n in Neighbourhood.objects.all()}
    today = timezone.localdate()
    for organisation, name, function in (
        ("Politie Basisteam Lelystad", "Wijkagent Demo", "Wijkagent Boswijk"),
        ("Jeugdteam Lelystad", "Teamleider Demo", "Teamleider jeugdteam"),
        ("Welzijn Lelystad", "Jongerenwerker Demo", "Jongerenwerker"),
    ):
        services.contact_person_add(
            organisation=Organisation.objects.get(name=organisation),
            name=name,
            function=function,
            phone="0320 000 000",
            email="contact@demo.lelystad.example",
        )
    communities = [
        services.community_save(
            name="Moskeevereniging Demo",
            kind=CommunityKind.FAITH_COMMUNITY,
            neighbourhood=wijk.get("Boswijk"),
            allowed_users=[jeugdzorg],
        ),
        services.community_save(
            name="Kerkgemeenschap Demo",
            kind=CommunityKind.FAITH_COMMUNITY,
            neighbourhood=wijk.get("Atolwijk"),
        ),
        services.community_save(
            name="Buurtvereniging Demo",
            kind=CommunityKind.ASSOCIATION,
            neighbourhood=wijk.get("Zuiderzeewijk"),
        ),
    ]
    for community in communities:
        services.community_contact_add(
            community=community,
            name=f"Sleutelfiguur {community.name.split()[0]}",
            role="Voorzitter",
            phone="",
            email="",
        )
    moments = [
        (
            communities[0],
            40,
            Tension.LOW,
            "Zorgen over online haatberichten na een incident in het nieuws.",
            "Gezamenlijke bijeenkomst voorbereiden",
            10,
            20,
        ),
        (
            communities[0],
            12,
            Tension.MEDIUM,
            "Jongeren voelen zich weggezet; spanning met buurtbewoners.",
            "Gesprek met jongerenwerk plannen",
            -3,
            14,
        ),
        (communities[1], 25, Tension.NONE, "Kennismaking nieuwe voorganger.", "", None, 60),
        (
            communities[2],
            5,
            Tension.HIGH,
            "Demonstratie aangekondigd tegen de komst van een azc.",
            "Afstemming met politie",
            2,
            7,
        ),
    ]
    for community, days_ago, tension, topic, follow_up, due_in, next_in in moments:
        services.contact_moment_record(
            community=community,
            recorded_by=coordinator,
            date=today - datetime.timedelta(days=days_ago),
            spoke_with="Bestuur",
            topic=topic,
            tension=tension,
            pillar=PlanPillar.COUNTERING_POLARISATION,
            follow_up=follow_up,
            follow_up_due=today + datetime.timedelta(days=due_in) if due_in is not None else None,
            next_contact_on=today + datetime.timedelta(days=next_in),
        )
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    services.training_create(
        title="Radicalisering herkennen",
        topic=TrainingTopic.RECOGNISING,
        starts_at=now + datetime.timedelta(days=14, hours=2),
        location="Stadhuis Lelystad",
        trainer="Expertisecentrum Demo",
        capacity=20,
    )
    services.training_create(
        title="Dilemma's rond polarisatie",
        topic=TrainingTopic.POLARISATION,
        starts_at=now + datetime.timedelta(days=30),
        location="Agora",
        trainer="Trainer Demo",
        capacity=2,
    )
    past = services.training_create(
        title="Het casusoverleg in de praktijk",
        topic=TrainingTopic.CASE_CONSULTATION,
        starts_at=now + datetime.timedelta(days=1),
        location="Stadhuis Lelystad",
        trainer="Coördinator",
        capacity=15,
    )
    registration = services.training_register(
        training=past,
        organisation=jeugdzorg.organisation,
        participant_name="Professional Demo",
        participant_email="professional@demo.lelystad.example",
        registered_by=jeugdzorg,
    )
    # Demo history: the training took place three weeks ago.
    past.starts_at = now - datetime.timedelta(days=20)
    past.save(update_fields=["starts_at"])
    services.training_attendance(training=past, attended_ids=[registration.pk])
    return len(communities)


@transaction.atomic
def seed_demo_plan() -> int:

    if Plan.objects.exists():
        return 0
    coordinator = User.objects.get(username="coordinator")
    gemeente = Organisation.objects.get(name="Gemeente Lelystad")
    welzijn = Organisation.objects.get(name="Welzijn Lelystad")
    politie = Organisation.objects.get(name="Politie Basisteam Lelystad")
    school = Organisation.objects.get(name="Scholengroep Flevopolder")
    today = timezone.localdate()
    plan = plan_service.plan_start(
        title="Plan van aanpak Radicalisering 2026-2028",
        starts_on=datetime.date(today.year, 1, 1),
        ends_on=datetime.date(today.year + 2, 12, 31),
    )
    measures = [
        (
            PlanPillar.COUNTERING_POLARISATION,
            "Dialoogtafels in de wijken",
            "Vier dialoogtafels per jaar met bewoners en sleutelfiguren.",
            "",
            False,
            welzijn,
        ),
        (
            PlanPillar.PREVENTION,
            "Weerbaarheidsprogramma voor jongeren",
            "Trainingen voor jongeren op scholen over online beïnvloeding.",
            "",
            False,
            school,
        ),
        (
            PlanPillar.SIGNALLING,
            "Signaleringsroute voor partners",
            "Eén duidelijke route om zorgen te melden.",
            "Koppeling met politiesystemen onderzocht.",
            False,
            gemeente,
        ),
        (
            PlanPillar.EXPERTISE,
            "Trainingsprogramma professionals",
            "Jaarlijks trainingsaanbod voor professionals.",
            "",
            False,
            gemeente,
        ),
        (
            PlanPillar.PERSON_ORIENTED,
            "Persoonsgerichte aanpak via het casusoverleg",
            "Multidisciplinair casusoverleg elke twee weken.",
            "Namen van deelnemende diensten en werkwijze bij dreiging.",
            True,
            politie,
        ),
    ]
    for pillar, title, summary, detail, confidential, owner in measures:
        measure = plan_service.measure_save(
            plan=plan,
            pillar=pillar,
            title=title,
            public_summary=summary,
            confidential_detail=detail,
            is_confidential=confidential,
            owner=owner,
            planned_start=plan.starts_on,
            planned_end=plan.ends_on,
        )
        plan_service.measure_progress_add(
            measure=measure,
            author=coordinator,
            note="Gestart volgens planning.",
            status=MeasureStatus.RUNNING,
        )
    prevention = plan.measures.get(pillar=PlanPillar.PREVENTION)
    wijk = {n.name: n for n in Neighbourhood.objects.all()}
    for days_ago, kind, group, neighbourhood, participants in (
        (60, ActivityKind.SCHOOL_WORKSHOP, TargetGroup.YOUTH, "Boswijk", 48),
        (35, ActivityKind.PARENT_EVENING, TargetGroup.PARENTS, "Atolwijk", 22),
        (10, ActivityKind.DIALOGUE, TargetGroup.RESIDENTS, "Zuiderzeewijk", 31),
    ):
        plan_service.activity_record(
            date=today - datetime.timedelta(days=days_ago),
            kind=kind,
            pillar=PlanPillar.PREVENTION
            if kind != ActivityKind.DIALOGUE
            else PlanPillar.COUNTERING_POLARISATION,
            organiser=welzijn,
            target_group=group,
            neighbourhood=wijk.get(neighbourhood),
            participants=participants,
            measure=prevention if kind == ActivityKind.SCHOOL_WORKSHOP else None,
            description="",
        )
    return len(measures)
