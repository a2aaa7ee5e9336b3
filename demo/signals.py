"""Fictional demo signals in several statuses. Every name and event is invented."""

from __future__ import annotations

import datetime
import uuid

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from signals.constants import Category, ForwardRoute, SignalStatus, Source, Urgency
from signals.models import Neighbourhood, Signal
from signals.services import (
    ReportedPerson,
    signal_decide,
    signal_open_for_triage,
    signal_person_link,
    signal_submit,
)

# reporter, category, urgency, days ago, persons (name, dob, wijk), group, place, observation, outcome
DEMO_SIGNALS = (
    (
        "politie",
        Category.RADICALISATION,
        Urgency.HIGH,
        2,
        [("Daan Voorbeeld", datetime.date(2007, 3, 14), "Boswijk")],
        "",
        "",
        "Jongere deelt in een schoolgroepsapp filmpjes die geweld tegen ongelovigen verheerlijken en zegt dat hij 'er klaar voor is'.",
        None,
    ),
    (
        "jeugdzorg",
        Category.YOUTH_GROUP,
        Urgency.NORMAL,
        5,
        [],
        "Groep van ongeveer acht jongeren bij het winkelcentrum",
        "Winkelcentrum Zuiderzeewijk",
        "Groep jongeren scandeert 's avonds leuzen tegen een moskee en plakt stickers van een extreemrechtse beweging.",
        None,
    ),
    (
        "politie",
        Category.EXTREMISM,
        Urgency.ACUTE,
        0,
        [("Kees Fictief", None, "Centrum")],
        "",
        "",
        "Melder zag dat de persoon online dreigt met een aanslag op een evenement dit weekend. Politie is parallel ingelicht.",
        None,
    ),
    (
        "jeugdzorg",
        Category.CARE_AVOIDER,
        Urgency.NORMAL,
        12,
        [("Mira Testpersoon", datetime.date(1994, 11, 2), "Waterwijk")],
        "",
        "",
        "Cliënt weigert alle hulp, sluit zich op en uit complotdenken over de overheid. Buren maken zich zorgen.",
        "in_triage",
    ),
    (
        "politie",
        Category.POLARISATION,
        Urgency.NORMAL,
        20,
        [],
        "",
        "Buurthuis Atolwijk",
        "Spanningen tussen twee buurtgroepen na een incident op het voetbalveld; over en weer beledigingen op sociale media.",
        (
            "closed",
            "Spanning is na bemiddeling door de wijkagent afgenomen; geen aanwijzingen voor radicalisering.",
        ),
    ),
    (
        "jeugdzorg",
        Category.ACTIVISM,
        Urgency.NORMAL,
        30,
        [("Sven Denkbeeld", datetime.date(2001, 6, 30), "Bolder")],
        "",
        "",
        "Jongeman organiseert acties tegen de komst van een azc en roept online op tot 'harder optreden'.",
        ("forwarded", "Doorgezet naar het Veiligheidshuis voor een persoonsgerichte aanpak."),
    ),
    (
        "politie",
        Category.RADICALISATION,
        Urgency.HIGH,
        9,
        [
            ("Daan Voorbeeld", datetime.date(2007, 3, 14), "Boswijk"),
            ("Jesse Verzonnen", None, "Boswijk"),
        ],
        "",
        "",
        "Twee jongeren bezoeken samen een extremistisch forum en delen propaganda in een Telegramgroep.",
        ("for_consultation", ""),
    ),
    (
        "jeugdzorg",
        Category.OTHER,
        Urgency.NORMAL,
        1,
        [],
        "",
        "Basisschool in Warande",
        "Ouder verspreidt op het schoolplein pamfletten met haatdragende teksten over een minderheid.",
        None,
    ),
)


@transaction.atomic
def seed_demo_signals() -> int:
    if Signal.objects.exists():
        return 0
    coordinator = User.objects.get(username="coordinator")
    wijken = {n.name: n for n in Neighbourhood.objects.all()}
    for (
        reporter_name,
        category,
        urgency,
        days_ago,
        persons,
        group,
        place,
        text,
        outcome,
    ) in DEMO_SIGNALS:
        reporter = User.objects.get(username=reporter_name)
        signal, _ = signal_submit(
            reporter=reporter,
            submission_key=uuid.uuid4(),
            category=category,
            urgency=urgency,
            observation=text,
            observed_on=timezone.localdate() - datetime.timedelta(days=days_ago + 1),
            source=Source.OWN_OBSERVATION,
            persons=[ReportedPerson(name, dob, wijken.get(wijk)) for name, dob, wijk in persons],
            group_description=group,
            place_description=place,
            neighbourhood=wijken.get(persons[0][2]) if persons else None,
        )
        # Back-dated so the demo inbox shows signals of different ages.
        signal.created_at = timezone.now() - datetime.timedelta(days=days_ago, hours=3)
        signal.save(update_fields=["created_at"])
        if outcome == "in_triage":
            signal_open_for_triage(signal=signal, coordinator=coordinator)
        elif outcome:
            status, reason = outcome
            for signal_person in signal.persons.all():
                signal_person_link(
                    signal_person=signal_person, coordinator=coordinator, person=None
                )
            signal_decide(
                signal=signal,
                coordinator=coordinator,
                decision=status,
                reason=reason,
                forwarded_to=ForwardRoute.SAFETY_HOUSE if status == SignalStatus.FORWARDED else "",
            )
    return len(DEMO_SIGNALS)
