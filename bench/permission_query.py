"""The partner case list's permission query: shapes compared, on a seeded database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/casus_bench_reference \\
        .venv/bin/python bench/permission_query.py [--repeat 15] [--plans]

Needs a database filled by ``manage.py seed_scale`` (``bench/load.py`` makes
one). For a partner of the largest, a middle and the smallest partner
organisation it times the case list (the capped count and the first page of
25, exactly as the page runs them: ``CappedPaginator`` over
``cases.selectors.case_list``) with each shape of the permission filter
swapped in for ``cases_visible_to``:

- ``selector``: ``cases_visible_to`` as it is in the code (pk IN subqueries,
  the permission id as an InitPlan, the user's groups);
- ``guardian generic``: guardian's ``get_objects_for_user`` called with its
  generic models (``GroupObjectPermission``/``UserObjectPermission``:
  ``object_pk`` text, content type) on the permission rows copied into
  ``guardian_groupobjectpermission`` inside a transaction that is rolled back
  at the end. The script checks that this column's SQL reads the generic table
  and not ours (an earlier version patched guardian but never called it);
- ``guardian direct (old selector)``: ``get_objects_for_user`` on the direct FK
  table, as ``cases_visible_to`` did before;
- ``exists``: correlated ``EXISTS`` subqueries on the direct permission table
  and on the involvements;
- ``pk__in, permission joined``: the same with the permission joined by codename
  (the join hides the group's size from the planner).

Every shape keeps the same rules (current involvement, grace period after
closing), and the counts must agree. Prints median/p95 per shape, the ratio of
the generic path to each, the SQL each column ran (count and first page), and
the EXPLAIN ANALYZE of the selector's queries (``--plans``: of every shape).
A benchmark that prints numbers, not a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lelystad_radicalisering.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnop")
BIG_TABLES = ("cases_case", "cases_involvement", "cases_casegroupobjectpermission")


class Rollback(Exception):
    pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--plans", action="store_true", help="print every shape's plans")
    args = parser.parse_args()
    import django

    django.setup()
    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        sys.exit("bench/permission_query.py needs DATABASE_URL pointing at PostgreSQL")
    try:
        with transaction.atomic():
            run(args.repeat, args.plans)
            raise Rollback
    except Rollback:
        pass


def shapes():
    from unittest import mock

    import guardian.shortcuts
    from django.db.models import Exists, OuterRef, Q
    from django.utils import timezone
    from guardian.models import GroupObjectPermission, UserObjectPermission
    from guardian.shortcuts import get_objects_for_user

    from cases.constants import VIEW_CASE
    from cases.models import Case, CaseGroupObjectPermission, Involvement

    def grace():
        return Q(partner_access_until__isnull=True) | Q(partner_access_until__gt=timezone.now())

    def guardian_path(user):
        permitted = get_objects_for_user(
            user,
            VIEW_CASE,
            klass=Case.objects.all(),
            accept_global_perms=False,
            with_superuser=False,
        )
        current = Involvement.objects.current().filter(
            case=OuterRef("pk"), organisation_id=user.organisation_id
        )
        return permitted.filter(grace(), Exists(current))

    def guardian_generic(user):
        # get_objects_for_user picks the permission models for Case (our direct
        # FK table); made to pick guardian's generic models while it builds
        # the queryset, it reads guardian_groupobjectpermission.
        with mock.patch.multiple(
            guardian.shortcuts,
            get_group_obj_perms_model=lambda *_: GroupObjectPermission,
            get_user_obj_perms_model=lambda *_: UserObjectPermission,
        ):
            return guardian_path(user)

    def exists_shape(user):
        permission = CaseGroupObjectPermission.objects.filter(
            content_object=OuterRef("pk"),
            group__user=user,
            permission__codename="view_case",
            permission__content_type__app_label="cases",
        )
        current = Involvement.objects.current().filter(
            case=OuterRef("pk"), organisation_id=user.organisation_id
        )
        return Case.objects.filter(grace(), Exists(permission), Exists(current))

    def pk_in_shape(user):
        permitted = CaseGroupObjectPermission.objects.filter(
            group__user=user,
            permission__codename="view_case",
            permission__content_type__app_label="cases",
        ).values("content_object_id")
        current = (
            Involvement.objects.current()
            .filter(organisation_id=user.organisation_id)
            .values("case_id")
        )
        return Case.objects.filter(grace(), pk__in=permitted).filter(pk__in=current)

    return {
        "guardian generic": guardian_generic,
        "guardian direct (old selector)": guardian_path,
        "exists": exists_shape,
        "pk__in, permission joined": pk_in_shape,
    }


def run_list(user) -> tuple[int, list]:
    """What the case list runs: the capped count and the first page of 25."""
    from cases import selectors
    from lelystad_radicalisering.paging import CappedPaginator

    page = CappedPaginator(selectors.case_list(user), 25).page(1)
    return page.paginator.count, list(page.object_list)


def time_list(user, repeat: int) -> tuple[list[float], int]:
    timings = []
    for _ in range(repeat):
        began = time.perf_counter()
        count, _ = run_list(user)
        timings.append((time.perf_counter() - began) * 1000)
    return timings, count


def list_queries(user) -> list[tuple[str, str]]:
    """The SQL of the count and of the first page, exactly as the page runs them
    (the last two queries: the selector may read the user's groups first)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        run_list(user)
    return list(
        zip(
            ("count", "first page"),
            (q["sql"] for q in captured.captured_queries[-2:]),
            strict=True,
        )
    )


def explain(sql: str) -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN ANALYZE " + sql)
        return [row[0] for row in cursor.fetchall()]


def seq_scans(plan: list[str]) -> list[str]:
    return [t for t in BIG_TABLES if any(f"Seq Scan on {t} " in line for line in plan)]


def run(repeat: int, show_all_plans: bool) -> None:
    from unittest import mock

    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.db.models import Count

    from accounts.models import User
    from cases import selectors
    from cases.models import Case
    from lelystad_radicalisering.roles import Role
    from network.models import Organisation

    ranked = list(
        Organisation.objects.filter(users__role=Role.PARTNER)
        .annotate(n=Count("involvements", distinct=True))
        .order_by("-n", "pk")
    )
    chosen = {
        "largest": ranked[0],
        "middle": ranked[len(ranked) // 2],
        "smallest": ranked[-1],
    }
    partners = {
        size: User.objects.filter(organisation=o, role=Role.PARTNER).order_by("pk").first()
        for size, o in chosen.items()
    }
    print(
        f"{Case.objects.count():,} cases; organisations: "
        + ", ".join(f"{size} involved in {o.n:,}" for size, o in chosen.items())
    )

    # The generic tables, filled with the same rows (rolled back at the end).
    began = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO guardian_groupobjectpermission (object_pk, content_type_id, group_id, permission_id)"
            " SELECT content_object_id::text, %s, group_id, permission_id FROM cases_casegroupobjectpermission",
            [ContentType.objects.get_for_model(Case).pk],
        )
        cursor.execute("ANALYZE guardian_groupobjectpermission")
    print(
        f"copied the permission rows to guardian's generic table in {time.perf_counter() - began:.1f} s"
    )

    variants = {"selector": selectors.cases_visible_to}
    variants.update(shapes())
    # Each column's SQL, and proof that "guardian generic" reads the generic table.
    sql_of = {}
    for name, function in variants.items():
        with mock.patch.object(selectors, "cases_visible_to", function):
            sql_of[name] = list_queries(partners["largest"])
    generic_sql = " ".join(sql for _, sql in sql_of["guardian generic"])
    assert "guardian_groupobjectpermission" in generic_sql, generic_sql
    assert "cases_casegroupobjectpermission" not in generic_sql, generic_sql
    results: dict[str, dict[str, tuple[float, float, int]]] = {}
    for size, user in partners.items():
        results[size] = {}
        for name, function in variants.items():
            with mock.patch.object(selectors, "cases_visible_to", function):
                timings, count = time_list(user, repeat)
            results[size][name] = (
                statistics.median(timings),
                sorted(timings)[int(0.95 * (len(timings) - 1))],
                count,
            )
        counts = {name: r[2] for name, r in results[size].items()}
        assert len(set(counts.values())) == 1, counts

    names = list(results["largest"])
    print(
        "\ncase list (count capped at 1,001 + first page of 25), "
        f"median / p95 in ms over {repeat} runs"
    )
    print("| organisation | count (capped) | " + " | ".join(names) + " |")
    print("|---|---:|" + "---:|" * len(names))
    for size, row in results.items():
        print(
            f"| {size} | {row['selector'][2]:,} | "
            + " | ".join(f"{row[n][0]:.1f} / {row[n][1]:.1f}" for n in names)
            + " |"
        )
    print("\nratio: guardian generic median / shape median")
    print("| organisation | " + " | ".join(n for n in names if n != "guardian generic") + " |")
    print("|---|" + "---:|" * (len(names) - 1))
    for size, row in results.items():
        generic_median = row["guardian generic"][0]
        print(
            f"| {size} | "
            + " | ".join(
                f"{generic_median / row[n][0]:.1f}x" for n in names if n != "guardian generic"
            )
            + " |"
        )

    print("\nThe SQL of each column (largest organisation; the others differ in constants)")
    for name, queries in sql_of.items():
        for label, sql in queries:
            print(f"\n-- {name}, {label}:\n{sql}")

    plan_variants = variants if show_all_plans else {"selector": variants["selector"]}
    for size, user in partners.items():
        for name, function in plan_variants.items():
            with mock.patch.object(selectors, "cases_visible_to", function):
                for label, sql in list_queries(user):
                    plan = explain(sql)
                    scans = seq_scans(plan)
                    print(
                        f"\nEXPLAIN ANALYZE {name}, {size} organisation, {label}: "
                        f"{plan[-1].strip()}; sequential scans on big tables: {scans or 'none'}"
                    )
                    print("\n".join("    " + line for line in plan))


if __name__ == "__main__":
    main()
