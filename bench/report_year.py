"""A year's anonymised report on a large database: wall time and peak memory.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/casus_bench_report \
        .venv/bin/python bench/report_year.py [--signals 50000] [--keep]

Creates (and drops afterwards) its own test database `test_<name>`, fills two
years in bulk (signals, cases with risk assessments, meetings with items and
attendance, actions, contact moments, trainings with attendance), then runs the
real report task for the last full year and prints wall time and peak memory
(resource.getrusage). With ``--keep`` the database is kept and reused (filled
only when empty), so a second run times the report alone, and its peak memory
is the report's, not the filling's. Bulk inserts bypass the audit log: this is a throwaway
database. A benchmark that prints numbers, not a test.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lelystad_radicalisering.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnop")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--signals", type=int, default=50_000)
    parser.add_argument("--keep", action="store_true", help="keep and reuse the database")
    args = parser.parse_args()

    import django
    from django.conf import settings

    django.setup()
    from django.test.utils import get_runner

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        sys.exit("bench/report_year.py needs DATABASE_URL pointing at PostgreSQL")
    settings.PRIVATE_MEDIA_ROOT = Path("/tmp") / "casus_bench_report_media"  # noqa: S108
    runner = get_runner(settings)(verbosity=0, interactive=False, keepdb=args.keep)
    # No serialised copy of the data (only TransactionTestCase needs one): with
    # --keep it would read every kept row before the report starts.
    old = runner.setup_databases(serialized_aliases=set())
    try:
        run(args.signals)
    finally:
        if not args.keep:
            runner.teardown_databases(old)


def run(total_signals: int) -> None:
    from django.db import connection
    from django.utils import timezone

    from accounts.services import user_create
    from cases.constants import CaseStatus, ClosingOutcome, Pillar, RiskLevel
    from cases.models import Case, LegalBasis, RiskAssessment
    from lelystad_radicalisering.roles import Role
    from meetings.constants import ActionStatus, ItemKind, Presence
    from meetings.models import Action, AgendaItem, Attendance, Meeting
    from network.constants import CommunityKind, OrganisationType, Tension, TrainingTopic
    from network.models import Community, ContactMoment, Training, TrainingRegistration
    from network.services import organisation_create
    from signals.constants import Category, SignalStatus, Source, Urgency
    from signals.models import Neighbourhood, Signal

    rng = random.Random(8)
    zone = timezone.get_default_timezone()
    today = timezone.localdate()
    year = today.year - 1
    first_day = datetime.date(year - 1, 1, 1)
    span = (datetime.date(year, 12, 31) - first_day).days + 1

    def moment() -> datetime.datetime:
        day = first_day + datetime.timedelta(days=rng.randrange(span))
        return datetime.datetime.combine(day, datetime.time(rng.randrange(8, 18)), tzinfo=zone)

    if Signal.objects.exists():
        print(f"reusing the kept database: {Signal.objects.count():,} signals")
        time_report(year)
        return
    started = time.perf_counter()
    organisations = [
        organisation_create(
            name=f"Bench organisatie {i}",
            type=list(OrganisationType.values)[i % len(OrganisationType.values)],
            covenant_signed_on=datetime.date(2020, 1, 1),
        )
        for i in range(24)
    ]
    coordinator = user_create(
        username="bench.coordinator",
        email="c@example.org",
        first_name="Bench",
        last_name="Coordinator",
        organisation=organisations[0],
        role=Role.COORDINATOR,
    )
    user_create(
        username="bench.management",
        email="m@example.org",
        first_name="Bench",
        last_name="Management",
        organisation=organisations[0],
        role=Role.MANAGEMENT,
    )
    neighbourhoods = list(Neighbourhood.objects.all()) or [
        Neighbourhood.objects.create(name=f"Wijk {i}") for i in range(12)
    ]
    decisions = [
        SignalStatus.CLOSED,
        SignalStatus.FORWARDED,
        SignalStatus.LINKED_TO_CASE,
        SignalStatus.FOR_CASE_CONSULTATION,
        SignalStatus.NEW,
    ]
    batch = []
    for i in range(total_signals):
        created = moment()
        status = rng.choice(decisions)
        batch.append(
            Signal(
                reference=f"S-B-{i:07d}",
                category=rng.choice(Category.values),
                urgency=rng.choice(Urgency.values),
                observation="bench",
                observed_on=created.date(),
                source=Source.OWN_OBSERVATION,
                organisation=rng.choice(organisations),
                neighbourhood=rng.choice([*neighbourhoods, None]),
                status=status,
                decided_at=None
                if status == SignalStatus.NEW
                else created + datetime.timedelta(days=rng.randrange(0, 45)),
            )
        )
    Signal.objects.bulk_create(batch, batch_size=5000)
    # created_at is auto_now_add: set the spread afterwards in SQL.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE signals_signal SET created_at = %s::date + (id %% %s) * interval '1 day'"
            " + interval '10 hours'",
            [first_day, span],
        )
        cursor.execute(
            "UPDATE signals_signal SET decided_at = created_at + (id % 40) * interval '1 day'"
            " WHERE decided_at IS NOT NULL"
        )
    basis = LegalBasis.objects.first()
    cases = []
    for i in range(total_signals // 10):
        cases.append(
            Case(
                reference=f"C-B-{i:06d}",
                label="bench",
                pillar=rng.choice(Pillar.values),
                category=rng.choice(Category.values),
                legal_basis=basis,
                status=CaseStatus.ACTIVE,
            )
        )
    Case.objects.bulk_create(cases, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cases_case SET created_at = %s::date + (id %% %s) * interval '1 day'",
            [first_day, span],
        )
        cursor.execute(
            "UPDATE cases_case SET closed_at = created_at + (id %% 300) * interval '1 day',"
            " status = 'closed', closing_outcome = %s WHERE id %% 3 = 0",
            [ClosingOutcome.RISK_REDUCED],
        )
    assessments = []
    for case_id in Case.objects.values_list("pk", flat=True):
        for _ in range(2):
            assessments.append(RiskAssessment(case_id=case_id, level=rng.choice(RiskLevel.values)))
    RiskAssessment.objects.bulk_create(assessments, batch_size=5000)
    case_ids = list(Case.objects.values_list("pk", flat=True))
    meetings = Meeting.objects.bulk_create(
        Meeting(starts_at=moment(), chair=coordinator) for _ in range(52 * 2)
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            position=p,
            kind=rng.choice(ItemKind.values),
            case_id=case_ids[(meeting.pk * 20 + p) % len(case_ids)],
        )
        for meeting in meetings
        for p in range(12)
    )
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, organisation=org, presence=rng.choice(Presence.values))
        for meeting in meetings
        for org in organisations[:8]
    )
    Action.objects.bulk_create(
        (
            Action(
                case_id=rng.choice(case_ids),
                description="bench",
                owner_organisation=rng.choice(organisations),
                due_on=moment().date(),
                status=rng.choice(ActionStatus.values),
                completed_at=moment(),
            )
            for _ in range(total_signals // 5)
        ),
        batch_size=5000,
    )
    communities = [
        Community.objects.create(
            name=f"Bench gemeenschap {i}", kind=rng.choice(CommunityKind.values)
        )
        for i in range(40)
    ]
    ContactMoment.objects.bulk_create(
        ContactMoment(
            community=rng.choice(communities),
            date=moment().date(),
            spoke_with="bench",
            topic="bench",
            tension=rng.choice(Tension.values),
            pillar="polarisation",
        )
        for _ in range(total_signals // 20)
    )
    trainings = Training.objects.bulk_create(
        Training(
            title=f"Bench training {i}",
            topic=TrainingTopic.RECOGNISING,
            starts_at=moment(),
            location="bench",
            trainer="bench",
            capacity=30,
        )
        for i in range(60)
    )
    TrainingRegistration.objects.bulk_create(
        TrainingRegistration(
            training=training,
            organisation=rng.choice(organisations),
            participant_name="bench",
            participant_email=f"p{training.pk}-{n}@example.org",
            attended=rng.random() < 0.8,
        )
        for training in trainings
        for n in range(20)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"seeded in {time.perf_counter() - started:.1f} s")
    print(
        f"data: {Signal.objects.count():,} signals, {Case.objects.count():,} cases, "
        f"{RiskAssessment.objects.count():,} risk assessments, {Meeting.objects.count():,} meetings, "
        f"{AgendaItem.objects.count():,} agenda items, {Action.objects.count():,} actions, "
        f"{ContactMoment.objects.count():,} contact moments, "
        f"{TrainingRegistration.objects.count():,} training registrations (two years)"
    )

    time_report(year)


def time_report(year: int) -> None:
    from accounts.models import User
    from reports.constants import ReportStatus
    from reports.models import Report
    from reports.periods import Period
    from reports.tasks import report_generate

    period = Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    # Each run a new version: the unique (period, version) of the reports table.
    version = 1 + max(
        Report.objects.filter(period_start=period.start).values_list("version", flat=True),
        default=0,
    )
    report = Report.objects.create(
        period_start=period.start,
        period_end=period.end,
        requested_by=User.objects.get(username="bench.management"),
        threshold=5,
        version=version,
    )
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    outcome = report_generate(report.pk)
    wall = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE, (outcome, report.failure)
    print(
        f"report {period.start} to {period.end}: {outcome}, {report.file.size / 1024:.0f} KiB PDF"
    )
    print(f"wall time: {wall:.2f} s")
    print(
        f"peak memory (max RSS of the process): {peak / 1024:.0f} MiB (before the report: {before / 1024:.0f} MiB)"
    )


if __name__ == "__main__":
    main()
