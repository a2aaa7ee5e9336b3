"""Fill a throwaway PostgreSQL database with fictional data at national scale.

    manage.py seed_scale --size quick        # seconds: a smoke test of the benchmark
    manage.py seed_scale --size reference    # 300 organisations, 500,000 signals, ...

For benchmarks only. The application itself never bulk-writes an audited model
(STYLE.md: django-auditlog does not see ``bulk_create``); this generator does,
on purpose, because it fills a database nobody uses for real work: nothing it
writes is in the audit log. Every account gets the same public password
(``SCALE_PASSWORD``) and a confirmed TOTP device whose key is derived from the
username exactly as the demo accounts' keys are (``accounts.demo.demo_totp_key``),
so the benchmark can log in through the real login and 2FA pages.

Organisation sizes are skewed on purpose (weights 1/rank): the first partner
organisation is involved in tens of thousands of cases at reference size, the
last ones in a few hundred, as in a real Veiligheidshuis region.
"""

from __future__ import annotations

import datetime
import itertools
import random
import time
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.otp_keys import encrypt_key
from cases.constants import CaseStatus, Pillar
from cases.models import Case, CaseGroupObjectPermission, Involvement, LegalBasis
from demo.accounts import demo_totp_key
from lelystad_radicalisering.roles import Role
from meetings.constants import ActionStatus, ItemKind
from meetings.models import Action, AgendaItem, Meeting
from network.constants import OrganisationType
from network.models import Organisation
from signals.constants import Category, SignalStatus, Source, Urgency
from signals.models import Neighbourhood, Signal

SCALE_PASSWORD = "Scale-bench-2026"  # noqa: S105 - public: throwaway benchmark databases only
USERNAME_PREFIX = "scale."
BATCH = 10_000


@dataclass(frozen=True)
class Size:
    organisations: int
    users: int
    coordinators: int
    signals: int
    cases: int
    meetings: int
    agenda_items: int
    actions: int


SIZES = {
    "quick": Size(12, 60, 3, 2_000, 400, 40, 480, 800),
    "medium": Size(300, 3_000, 20, 50_000, 10_000, 500, 6_000, 20_000),
    "reference": Size(300, 3_000, 20, 500_000, 100_000, 5_000, 60_000, 200_000),
}
# The meeting the benchmark's agenda view opens: the first one, with 30 items.
BIG_MEETING_ITEMS = 30


def coordinator_username(n: int) -> str:
    return f"{USERNAME_PREFIX}coordinator{n}"


def partner_username(organisation_index: int, n: int) -> str:
    return f"{USERNAME_PREFIX}p{organisation_index:03d}-{n}"


class Command(BaseCommand):
    help = "Fill a throwaway database with fictional data at a chosen size (bulk inserts, no audit log)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--size", choices=sorted(SIZES), default="quick")
        parser.add_argument("--seed", type=int, default=11)
        parser.add_argument(
            "--force",
            action="store_true",
            help="run even if the database already holds cases or users",
        )

    def handle(self, *args, size: str, seed: int, force: bool, **options) -> None:
        if not force and (Case.objects.exists() or User.objects.exists()):
            raise CommandError("The database is not empty; seed_scale is for throwaway databases.")
        started = time.perf_counter()
        counts = seed_scale(
            SIZES[size],
            rng=random.Random(seed),  # noqa: S311 - fictional data, not secrets
            log=self.stdout.write,
        )
        if connection.vendor == "postgresql":
            # VACUUM sets the visibility map, so index-only scans need no heap
            # fetches; it cannot run inside a transaction (as in the tests).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"seed_scale --size {size}: "
            + ", ".join(f"{n:,} {name}" for name, n in counts.items())
            + f" in {elapsed:.1f} s"
        )


def _weights(n: int) -> list[float]:
    """Cumulative 1/rank weights: a few big organisations, a long tail of small ones."""
    return list(itertools.accumulate(1 / (rank + 1) for rank in range(n)))


def _distinct(rng: random.Random, population: list, cum_weights: list[float], k: int) -> list:
    chosen: dict = {}
    while len(chosen) < k:
        item = rng.choices(population, cum_weights=cum_weights)[0]
        chosen[item.pk if hasattr(item, "pk") else item] = item
    return list(chosen.values())


@transaction.atomic
def seed_scale(size: Size, *, rng: random.Random, log=print) -> dict[str, int]:
    today = timezone.localdate()
    zone = timezone.get_default_timezone()
    span_days = 2 * 365

    # Organisations and their groups (the municipality first, then partners by size).
    tick = time.perf_counter()
    groups = Group.objects.bulk_create(
        Group(name=f"Organisatie: Schaal {i:03d}") for i in range(size.organisations)
    )
    types = [t for t in OrganisationType.values if t != OrganisationType.MUNICIPALITY]
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Schaal {i:03d}" + (" gemeente" if i == 0 else ""),
            type=OrganisationType.MUNICIPALITY if i == 0 else types[i % len(types)],
            group=group,
            covenant_signed_on=datetime.date(2020, 1, 1),
        )
        for i, group in enumerate(groups)
    )
    municipality, partners = organisations[0], organisations[1:]
    partner_weights = _weights(len(partners))

    # Users: coordinators in the municipality, partners spread evenly. One
    # password hash for all (hashing 3,000 times would take most of the run).
    password = make_password(SCALE_PASSWORD)
    users = [
        User(
            username=coordinator_username(n),
            first_name="Coördinator",
            last_name=str(n),
            email=f"coordinator{n}@scale.example",
            organisation=municipality,
            role=Role.COORDINATOR,
            password=password,
        )
        for n in range(size.coordinators)
    ]
    base, extra = divmod(size.users - size.coordinators, len(partners))
    for index, organisation in enumerate(partners, start=1):
        per_organisation = base + (1 if index <= extra else 0)
        users += [
            User(
                username=partner_username(index, n),
                first_name="Partner",
                last_name=f"{index}-{n}",
                email=f"p{index}-{n}@scale.example",
                organisation=organisation,
                role=Role.PARTNER,
                password=password,
            )
            for n in range(per_organisation)
        ]
    users = User.objects.bulk_create(users, batch_size=BATCH)
    User.groups.through.objects.bulk_create(
        (User.groups.through(user_id=u.pk, group_id=u.organisation.group_id) for u in users),
        batch_size=BATCH,
    )
    TOTPDevice.objects.bulk_create(
        (
            TOTPDevice(
                user=u,
                name="Schaal",
                # bulk_create skips the save hook that encrypts keys at rest.
                key=encrypt_key(demo_totp_key(u.username).hex()),
                confirmed=True,
            )
            for u in users
        ),
        batch_size=BATCH,
    )
    coordinators = users[: size.coordinators]
    log(f"  organisations and users: {time.perf_counter() - tick:.1f} s")

    # Cases, each involving 2-6 organisations, with the guardian rows that grant them.
    tick = time.perf_counter()
    basis = LegalBasis.objects.order_by("pk").first() or LegalBasis.objects.create(
        name="Schaal grondslag"
    )
    view_case = Permission.objects.get(codename="view_case", content_type__app_label="cases")
    change_case = Permission.objects.get(codename="change_case", content_type__app_label="cases")
    statuses = [CaseStatus.INTAKE, CaseStatus.ACTIVE, CaseStatus.ACTIVE, CaseStatus.MONITORING]
    case_organisations: dict[int, list[int]] = {}
    for offset in range(0, size.cases, BATCH):
        batch = Case.objects.bulk_create(
            Case(
                reference=f"C-S-{i:07d}",
                label=f"Schaalcasus {i}",
                status=rng.choice(statuses),
                pillar=rng.choice(Pillar.values),
                category=rng.choice(Category.values),
                legal_basis=basis,
                created_by=coordinators[i % len(coordinators)],
            )
            for i in range(offset, min(size.cases, offset + BATCH))
        )
        involvements, permissions = [], []
        for case in batch:
            chosen = _distinct(rng, partners, partner_weights, rng.randint(2, 6))
            case_organisations[case.pk] = [o.pk for o in chosen]
            for organisation in chosen:
                can_change = rng.random() < 0.5
                involvements.append(
                    Involvement(case=case, organisation=organisation, can_change=can_change)
                )
                for permission in (view_case, change_case) if can_change else (view_case,):
                    permissions.append(
                        CaseGroupObjectPermission(
                            content_object=case,
                            group_id=organisation.group_id,
                            permission=permission,
                        )
                    )
        Involvement.objects.bulk_create(involvements)
        CaseGroupObjectPermission.objects.bulk_create(permissions)
    case_ids = list(case_organisations)
    with connection.cursor() as cursor:
        # created_at is auto_now_add: spread it over two years afterwards.
        cursor.execute(
            "UPDATE cases_case SET created_at = now() - (id %% %s) * interval '1 day'"
            " - (id %% 600) * interval '1 minute'",
            [span_days],
        )
    log(f"  cases, involvements, permissions: {time.perf_counter() - tick:.1f} s")

    # Signals, mostly from the big organisations; a tenth linked to a case.
    tick = time.perf_counter()
    neighbourhoods = list(Neighbourhood.objects.all()) or [
        Neighbourhood.objects.create(name=f"Schaalwijk {i}") for i in range(12)
    ]
    organisation_weights = _weights(len(organisations))
    signal_statuses = [
        SignalStatus.NEW,
        SignalStatus.IN_TRIAGE,
        SignalStatus.CLOSED,
        SignalStatus.FORWARDED,
        SignalStatus.LINKED_TO_CASE,
    ]
    for offset in range(0, size.signals, BATCH):
        batch = []
        for i in range(offset, min(size.signals, offset + BATCH)):
            status = rng.choice(signal_statuses)
            batch.append(
                Signal(
                    reference=f"S-S-{i:07d}",
                    category=rng.choice(Category.values),
                    urgency=rng.choice(Urgency.values),
                    observation="Fictieve waarneming (schaaltest).",
                    observed_on=today - datetime.timedelta(days=rng.randrange(span_days)),
                    neighbourhood=rng.choice(neighbourhoods),
                    source=rng.choice(Source.values),
                    organisation=rng.choices(organisations, cum_weights=organisation_weights)[0],
                    status=status,
                    case_id=rng.choice(case_ids) if status == SignalStatus.LINKED_TO_CASE else None,
                )
            )
        Signal.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE signals_signal SET created_at = now() - (id %% %s) * interval '1 day'"
            " - (id %% 600) * interval '1 minute'",
            [span_days],
        )
    log(f"  signals: {time.perf_counter() - tick:.1f} s")

    # Meetings: the first has 30 items (the benchmark's agenda), the rest share the remainder.
    tick = time.perf_counter()
    meetings = Meeting.objects.bulk_create(
        (
            Meeting(
                starts_at=datetime.datetime.combine(
                    today + datetime.timedelta(days=7 - 7 * (n // 2)), datetime.time(10), zone
                ),
                location="Stadhuis",
                chair=coordinators[n % len(coordinators)],
            )
            for n in range(size.meetings)
        ),
        batch_size=BATCH,
    )
    remaining = size.agenda_items - BIG_MEETING_ITEMS
    per_meeting = [BIG_MEETING_ITEMS] + [
        remaining // (size.meetings - 1) + (1 if n < remaining % (size.meetings - 1) else 0)
        for n in range(size.meetings - 1)
    ]
    case_kinds = [ItemKind.NEW_CASE, ItemKind.PROGRESS, ItemKind.PROGRESS, ItemKind.CLOSING]
    items = []
    invited = []
    for meeting, count in zip(meetings, per_meeting, strict=True):
        chosen_cases = rng.sample(case_ids, count)
        items += [
            AgendaItem(
                meeting=meeting,
                position=p,
                kind=rng.choice(case_kinds),
                case_id=case_id,
            )
            for p, case_id in enumerate(chosen_cases)
        ]
        organisation_ids = {o for case_id in chosen_cases for o in case_organisations[case_id]}
        invited += [
            Meeting.invited_organisations.through(meeting_id=meeting.pk, organisation_id=o)
            for o in sorted(organisation_ids)[:12]
        ]
    AgendaItem.objects.bulk_create(items, batch_size=BATCH)
    Meeting.invited_organisations.through.objects.bulk_create(invited, batch_size=BATCH)
    log(f"  meetings and agenda items: {time.perf_counter() - tick:.1f} s")

    # Actions, owned by an organisation involved in their case.
    tick = time.perf_counter()
    action_statuses = [ActionStatus.OPEN, ActionStatus.OPEN, *ActionStatus.values]
    for offset in range(0, size.actions, BATCH):
        batch = []
        for _ in range(offset, min(size.actions, offset + BATCH)):
            case_id = rng.choice(case_ids)
            status = rng.choice(action_statuses)
            batch.append(
                Action(
                    case_id=case_id,
                    description="Fictieve afspraak (schaaltest).",
                    owner_organisation_id=rng.choice(case_organisations[case_id]),
                    due_on=today + datetime.timedelta(days=rng.randrange(-90, 90)),
                    status=status,
                    completed_at=None if status == ActionStatus.OPEN else timezone.now(),
                )
            )
        Action.objects.bulk_create(batch)
    log(f"  actions: {time.perf_counter() - tick:.1f} s")

    return {
        "organisations": len(organisations),
        "users": len(users),
        "cases": len(case_ids),
        "involvements": Involvement.objects.count(),
        "case permission rows": CaseGroupObjectPermission.objects.count(),
        "signals": size.signals,
        "meetings": len(meetings),
        "agenda items": len(items),
        "actions": size.actions,
    }
