"""Partner case list at scale: query time on PostgreSQL with N cases (default 10,000).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/casusoverleg_bench \
        .venv/bin/python bench/case_list.py [--cases 10000]

Creates (and drops afterwards) its own database `<name>_bench_tmp`, fills it in
bulk with cases involving 2-6 of 30 organisations each, and prints the time of
the partner's case-list queries (count + first page) through the real selector.
A benchmark that prints numbers, not a test.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lelystad_radicalisering.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnop")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    import django
    from django.conf import settings

    django.setup()
    from django.test.utils import get_runner

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        sys.exit("bench/case_list.py needs DATABASE_URL pointing at PostgreSQL")
    runner = get_runner(settings)(verbosity=0, interactive=False, keepdb=False)
    old = runner.setup_databases()
    try:
        run(args.cases, args.repeat)
    finally:
        runner.teardown_databases(old)


def run(total: int, repeat: int) -> None:
    from django.contrib.auth.models import Permission
    from django.db import connection, reset_queries

    from accounts.services import user_create
    from cases.constants import CaseStatus, Pillar
    from cases.models import Case, CaseGroupObjectPermission, Involvement, LegalBasis
    from cases.selectors import case_list
    from lelystad_radicalisering.roles import Role
    from network.constants import OrganisationType
    from network.services import organisation_create

    random.seed(7)
    signed = datetime.date(2024, 1, 1)
    organisations = [
        organisation_create(
            name=f"Organisatie {i}", type=OrganisationType.OTHER, covenant_signed_on=signed
        )
        for i in range(30)
    ]
    partner = user_create(
        username="bench.partner",
        first_name="B",
        last_name="P",
        email="b@example.org",
        organisation=organisations[0],
        role=Role.PARTNER,
    )
    basis = LegalBasis.objects.first()
    view = Permission.objects.get(codename="view_case", content_type__app_label="cases")
    started = time.perf_counter()
    for offset in range(0, total, 2000):
        batch = Case.objects.bulk_create(
            [
                Case(
                    reference=f"C-2026-{offset + i:06d}",
                    label=f"Casus {offset + i}",
                    status=CaseStatus.ACTIVE,
                    pillar=Pillar.PREVENTION,
                    category="other",
                    legal_basis=basis,
                )
                for i in range(min(2000, total - offset))
            ]
        )
        involvements, permissions = [], []
        for case in batch:
            for organisation in random.sample(organisations, random.randint(2, 6)):
                involvements.append(Involvement(case=case, organisation=organisation))
                permissions.append(
                    CaseGroupObjectPermission(
                        content_object=case, group=organisation.group, permission=view
                    )
                )
        Involvement.objects.bulk_create(involvements)
        CaseGroupObjectPermission.objects.bulk_create(permissions)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    visible = case_list(partner).count()
    print(
        f"filled {total} cases in {time.perf_counter() - started:.1f} s; partner's organisation is involved in {visible}"
    )

    timings = []
    for _ in range(repeat):
        reset_queries()
        begin = time.perf_counter()
        cases = case_list(partner)
        count = cases.count()
        page = list(cases[:25])
        timings.append((time.perf_counter() - begin) * 1000)
    assert count == visible and len(page) == 25
    timings.sort()
    print(
        f"partner case list (count + first page of 25) over {repeat} runs: "
        f"median {statistics.median(timings):.1f} ms, p95 {timings[int(0.95 * (len(timings) - 1))]:.1f} ms, "
        f"max {timings[-1]:.1f} ms"
    )
    with connection.cursor() as cursor:
        sql, params = case_list(partner)[:25].query.sql_with_params()
        cursor.execute("EXPLAIN ANALYZE " + sql, params)
        plan = [row[0] for row in cursor.fetchall()]
    print("EXPLAIN ANALYZE (first page):", plan[-1].strip(), "|", plan[-2].strip())
    if os.environ.get("BENCH_PLAN"):
        print("\n".join(plan))


if __name__ == "__main__":
    main()
