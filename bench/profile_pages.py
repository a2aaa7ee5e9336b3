"""Where a page's time goes: SQL against Python, per page of bench/load.py.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/casus_bench_reference \\
        .venv/bin/python bench/profile_pages.py [--repeat 20] [--pages "partner start page"] [--profile 25]

Runs in one process with Django's test client on a database seeded by
``bench/load.py`` (production settings: DEBUG off, cached templates), the
users logged in with a verified second factor. For every page it prints the
median wall time, the number of queries, the time spent waiting for
PostgreSQL and the rest (Python: view, forms, templates, middleware). With
``--profile N`` it also prints the N functions with the most own time
(cProfile) over all requests of each page. A benchmark that prints numbers,
not a test; it writes the audit entries the pages write.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


class SqlTimer:
    """A database execute wrapper that adds up the time of every query."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.queries = 0
        self.each: list[tuple[float, str]] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            took = time.perf_counter() - started
            self.seconds += took
            self.queries += 1
            self.each.append((took, sql, params))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--pages", default="", help="page names, separated by ;")
    parser.add_argument("--profile", type=int, default=0, help="print the N costliest functions")
    parser.add_argument("--sql", action="store_true", help="print each query of the last request")
    parser.add_argument(
        "--explain", type=float, default=None, help="EXPLAIN ANALYZE the queries slower than MS"
    )
    args = parser.parse_args()

    from load import bench_env

    os.environ.update(bench_env(os.environ["DATABASE_URL"]))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from load import confirm_statement, targets

    target = targets()
    confirm_statement([*target["partners"], *target["coordinators"]])

    def client_of(user) -> Client:
        client = Client(HTTP_X_FORWARDED_PROTO="https", SERVER_NAME="127.0.0.1")
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = (
            TOTPDevice.objects.filter(user=user, confirmed=True).first().persistent_id
        )
        session.save()
        return client

    partner = client_of(target["partners"][0])
    coordinator = client_of(target["coordinators"][0])
    privacy = client_of(target["privacy_officer"])
    case, meeting = target["case_id"], target["meeting_id"]
    pages = [
        ("floor", "/bench/floor/", partner),
        ("coordinator start page", "/", coordinator),
        ("triage inbox, default", "/triage/", coordinator),
        (
            "triage inbox, filtered",
            "/triage/?status=new&category=radicalisation&urgency=high",
            coordinator,
        ),
        ("partner start page", "/", partner),
        ("partner case list", "/casussen/", partner),
        ("partner actions list", "/afspraken/", partner),
        ("case page (partner)", f"/casussen/{case}/", partner),
        ("coordinator case page", f"/casussen/{case}/", coordinator),
        ("agenda (chair), 30 items", f"/overleggen/{meeting}/voorzitten/", coordinator),
        ("network directory", "/netwerk/organisaties/", partner),
        ("coordinator meeting page", f"/overleggen/{meeting}/", coordinator),
        ("audit log", "/privacy/auditlog/", privacy),
    ]
    if args.pages:
        wanted = {name.strip() for name in args.pages.split(";")}
        pages = [page for page in pages if page[0] in wanted]

    print("| page | queries | median ms | SQL ms | Python ms | HTML kB |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, path, client in pages:
        response = client.get(path)  # warm up: templates, caches, plans
        assert response.status_code == 200, (name, response.status_code)
        walls, sqls, counts = [], [], []
        profile = cProfile.Profile() if args.profile else None
        for _ in range(args.repeat):
            timer = SqlTimer()
            with connection.execute_wrapper(timer):
                started = time.perf_counter()
                if profile:
                    profile.enable()
                response = client.get(path)
                if profile:
                    profile.disable()
                walls.append(time.perf_counter() - started)
            sqls.append(timer.seconds)
            counts.append(timer.queries)
        wall, sql = statistics.median(walls) * 1000, statistics.median(sqls) * 1000
        print(
            f"| {name} | {max(counts)} | {wall:.1f} | {sql:.1f} | {wall - sql:.1f} "
            f"| {len(response.content) / 1024:.0f} |"
        )
        if args.sql:
            for took, sql, _ in timer.each:
                print(f"    {took * 1000:7.1f} ms  {' '.join(sql.split())[:300]}")
        if args.explain is not None:
            for took, sql, params in timer.each:
                if took * 1000 < args.explain or not sql.lstrip().upper().startswith(
                    ("SELECT", "(")
                ):
                    continue
                with connection.cursor() as cursor:
                    cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
                    plan = "\n".join(f"      {line}" for (line,) in cursor.fetchall())
                print(f"    {took * 1000:.1f} ms: {' '.join(sql.split())}\n{plan}")
        if profile:
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(args.profile)
            print("\n".join(out.getvalue().splitlines()[4:]))


if __name__ == "__main__":
    main()
