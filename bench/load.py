"""Load benchmark: gunicorn on PostgreSQL, the real 2FA login, 1/10/20 clients.

    .venv/bin/python bench/load.py --quick               # < 2 minutes, from a fresh clone
    .venv/bin/python bench/load.py --size reference      # seeds once (about 10 min), then measures

Fills (once) the PostgreSQL database ``casus_bench_<size>`` on 127.0.0.1 with
``manage.py seed_scale``, starts gunicorn with production settings (DEBUG off,
a SECRET_KEY, 3 sync workers and persistent database connections as
docker-compose.yml runs it (``--workers``; ``CONN_MAX_AGE=0`` in the
environment for a connection per request), behind a pretend TLS proxy: requests carry
``X-Forwarded-Proto: https`` so the secure cookies and CSRF checks hold as in
production), logs the seeded users in through the real login and TOTP pages,
and drives each page with N concurrent clients (threads of a small stdlib HTTP
client, only to 127.0.0.1) for a fixed time. Prints p50/p95/p99 latency and
throughput per page and concurrency, and each page's p95 as a ratio to the
floor page's p95 in the same run (``/bench/floor/``: same middleware, one query).
The pages are those of issue 24's table (start pages, triage inbox, case
lists and pages, actions, agenda, directory) plus the coordinator's meeting
page and the audit log, those two at one client only; ``--pages`` picks some.

A benchmark that prints numbers, not a test. The load generator shares the
machine's cores with gunicorn and PostgreSQL: on a 2-core machine that costs
throughput at 10 and 20 clients, for every page alike.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
SECRET = "bench-only-secret-key-0123456789-abcdefghijklmnop-qrstuvwxyz"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def bench_env(database_url: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "REDIS_URL", "DATABASE_URL", "SECRET_KEY"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="lelystad_radicalisering.settings",
        DEBUG="false",
        SECRET_KEY=SECRET,
        DATABASE_URL=database_url,
        BENCH_FLOOR="true",
        BEHIND_TLS_PROXY="true",
        ALLOWED_HOSTS="127.0.0.1",
        AXES_FAILURE_LIMIT="1000",
    )
    # As docker-compose.yml runs it: persistent connections (CONN_MAX_AGE=0
    # in the environment measures a connection per request).
    env.setdefault("CONN_MAX_AGE", "60")
    return env


# --- a tiny HTTP client: one connection per request (gunicorn's sync workers close it)


class Session:
    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.lock = threading.Lock()

    def request(self, method: str, path: str, form: dict | None = None):
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            "User-Agent": "casusoverleg-bench",
        }
        with self.lock:
            if self.cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://127.0.0.1:{self.port}"
            headers["Referer"] = f"https://127.0.0.1:{self.port}{path}"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            with self.lock:
                for key, morsel in cookie.items():
                    self.cookies[key] = morsel.value
        return response.status, response.headers, content.decode("utf-8", "replace")

    def login(self, username: str, password: str, totp_key: bytes) -> None:
        from django_otp.oath import totp

        _, _, page = self.request("GET", "/inloggen/")
        status, headers, _ = self.request(
            "POST",
            "/inloggen/",
            {
                "csrfmiddlewaretoken": CSRF_INPUT.search(page).group(1),
                "username": username,
                "password": password,
            },
        )
        assert status == 302 and headers["Location"].endswith("/inloggen/verificatie/"), (
            username,
            status,
        )
        _, _, page = self.request("GET", "/inloggen/verificatie/")
        status, headers, _ = self.request(
            "POST",
            "/inloggen/verificatie/",
            {
                "csrfmiddlewaretoken": CSRF_INPUT.search(page).group(1),
                "token": f"{totp(totp_key):06d}",
            },
        )
        assert status == 302 and "verificatie" not in headers["Location"], (username, status)


# --- measurement


@dataclass
class Result:
    page: str
    clients: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    errors: int = 0

    def pct(self, p: float) -> float:
        data = sorted(self.latencies)
        if not data:
            return float("nan")
        return data[min(len(data) - 1, round(p / 100 * (len(data) - 1)))] * 1000

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds


def drive(sessions: list[Session], path: str, clients: int, seconds: float) -> Result:
    result = Result(page=path, clients=clients, seconds=seconds)
    stop = time.perf_counter() + seconds
    lock = threading.Lock()

    def worker(session: Session) -> None:
        mine, errors = [], 0
        while time.perf_counter() < stop:
            began = time.perf_counter()
            status, _, _ = session.request("GET", path)
            if status == 200:
                mine.append(time.perf_counter() - began)
            else:
                errors += 1
        with lock:
            result.latencies.extend(mine)
            result.errors += errors

    threads = [
        threading.Thread(target=worker, args=(sessions[i % len(sessions)],)) for i in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return result


# --- set-up


def ensure_database(database_url: str, size: str, reseed: bool) -> float | None:
    """Create, migrate and seed the database unless it already holds this size."""
    import psycopg

    parsed = urllib.parse.urlparse(database_url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if exists and reseed:
            connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
    env = bench_env(database_url)
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)  # noqa: S603
    with psycopg.connect(database_url) as connection:
        seeded = connection.execute(
            "SELECT 1 FROM accounts_user WHERE username = 'scale.coordinator0'"
        ).fetchone()
    if seeded:
        print(f"database {name}: already seeded, reused (--reseed to start over)")
        return None
    began = time.perf_counter()
    subprocess.run(  # noqa: S603 - our own manage.py
        [PYTHON, "manage.py", "seed_scale", "--size", size], cwd=ROOT, env=env, check=True
    )
    return time.perf_counter() - began


def targets() -> dict:
    """The users and objects the pages are measured with, read from the seeded database."""
    from django.db.models import Count

    from accounts.models import User
    from cases.models import Involvement
    from lelystad_radicalisering.roles import Role
    from meetings.models import Meeting
    from network.models import Organisation

    largest = (
        Organisation.objects.filter(users__role=Role.PARTNER)
        .annotate(n=Count("involvements", distinct=True))
        .order_by("-n")
        .first()
    )
    partners = list(User.objects.filter(organisation=largest, role=Role.PARTNER).order_by("pk"))
    case_id = (
        Involvement.objects.filter(organisation=largest)
        .order_by("case_id")
        .values_list("case_id", flat=True)
    )[len(partners)]
    meeting = Meeting.objects.annotate(n=Count("items")).filter(n=30).order_by("pk").first()
    coordinators = list(User.objects.filter(role=Role.COORDINATOR).order_by("pk"))
    return {
        "privacy_officer": ensure_privacy_officer(),
        "organisation": largest,
        "organisation_cases": Involvement.objects.filter(organisation=largest).count(),
        "partners": partners,
        "coordinators": coordinators,
        "case_id": case_id,
        "meeting_id": meeting.pk,
    }


def confirm_statement(users) -> None:
    from meetings.models import ConfidentialityStatement, StatementConfirmation
    from meetings.selectors import statement_is_confirmed

    statement = ConfidentialityStatement.objects.order_by("-version").first()
    for user in users:
        if statement is not None and not statement_is_confirmed(user):
            StatementConfirmation.objects.create(user=user, statement=statement)


def ensure_privacy_officer():
    """The audit log's reader; databases seeded before it was part of seed_scale lack one."""
    from django.contrib.auth.hashers import make_password
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.models import User
    from demo.accounts import demo_totp_key
    from demo.management.commands.seed_scale import SCALE_PASSWORD, USERNAME_PREFIX
    from lelystad_radicalisering.roles import Role

    username = f"{USERNAME_PREFIX}privacy0"
    user = User.objects.filter(username=username).first()
    if user is None:
        coordinator = User.objects.filter(role=Role.COORDINATOR).order_by("pk").first()
        user = User.objects.create(
            username=username,
            email=f"{username}@example.org",
            first_name="Privacy",
            last_name="Officer",
            role=Role.PRIVACY_OFFICER,
            organisation=coordinator.organisation,
            password=make_password(SCALE_PASSWORD),
        )
        TOTPDevice.objects.create(
            user=user, name="bench", confirmed=True, key=demo_totp_key(username).hex()
        )
    return user


def start_gunicorn(env: dict[str, str], port: int, workers: int) -> subprocess.Popen:
    process = subprocess.Popen(  # noqa: S603 - our own gunicorn
        [
            GUNICORN,
            "lelystad_radicalisering.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "600",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            status, _, _ = Session(port).request("GET", "/health/")
            if status == 200:
                return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit("gunicorn did not answer /health/ within 60 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", choices=["quick", "medium", "reference"], default="reference")
    parser.add_argument("--quick", action="store_true", help="quick size, 2 s per measurement")
    parser.add_argument("--seconds", type=float, default=None, help="per page and concurrency")
    parser.add_argument("--clients", default="1,10,20")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--workers", type=int, default=3, help="gunicorn sync workers (docker-compose.yml: 3)"
    )
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default=None, help="default: casus_bench_<size>")
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--pages", default="", help="comma-separated page names (floor always)")
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = parser.parse_args()
    if args.quick:
        args.size = "quick"
    seconds = args.seconds or (2.0 if args.quick else 15.0)
    database_url = f"{args.server.rstrip('/')}/{args.database or 'casus_bench_' + args.size}"
    started = time.perf_counter()

    seed_seconds = ensure_database(database_url, args.size, args.reseed)
    env = bench_env(database_url)
    os.environ.update(env)
    import django

    django.setup()
    from demo.accounts import demo_totp_key
    from demo.management.commands.seed_scale import SCALE_PASSWORD

    target = targets()
    levels = [int(n) for n in args.clients.split(",")]
    # The PGA law: the agenda, chair view and minutes first ask for the
    # confidentiality statement; the bench's people confirmed it, as users do once a year.
    confirm_statement([*target["partners"], *target["coordinators"]])
    server = start_gunicorn(env, args.port, args.workers)
    try:
        # One session per user; with more clients than users, clients share sessions.
        partner_sessions = []
        for user in target["partners"][: max(levels)]:
            session = Session(args.port)
            session.login(user.username, SCALE_PASSWORD, demo_totp_key(user.username))
            partner_sessions.append(session)
        coordinator_sessions = []
        for user in target["coordinators"][: max(levels)]:
            session = Session(args.port)
            session.login(user.username, SCALE_PASSWORD, demo_totp_key(user.username))
            coordinator_sessions.append(session)
        privacy_session = Session(args.port)
        privacy = target["privacy_officer"]
        privacy_session.login(privacy.username, SCALE_PASSWORD, demo_totp_key(privacy.username))
        # (name, path, sessions, client levels or None for all): the meeting page
        # and the audit log are measured at one client (issue 24's target).
        pages = [
            ("floor", "/bench/floor/", partner_sessions, None),
            ("coordinator start page", "/", coordinator_sessions, None),
            ("triage inbox, default", "/triage/", coordinator_sessions, None),
            (
                "triage inbox, filtered",
                "/triage/?status=new&category=radicalisation&urgency=high",
                coordinator_sessions,
                None,
            ),
            ("partner start page", "/", partner_sessions, None),
            ("partner case list", "/casussen/", partner_sessions, None),
            ("partner actions list", "/afspraken/", partner_sessions, None),
            ("case page (partner)", f"/casussen/{target['case_id']}/", partner_sessions, None),
            (
                "coordinator case page",
                f"/casussen/{target['case_id']}/",
                coordinator_sessions,
                None,
            ),
            (
                "agenda (chair), 30 items",
                f"/overleggen/{target['meeting_id']}/voorzitten/",
                coordinator_sessions,
                None,
            ),
            ("network directory", "/netwerk/organisaties/", partner_sessions, None),
            (
                "coordinator meeting page",
                f"/overleggen/{target['meeting_id']}/",
                coordinator_sessions,
                [1],
            ),
            ("audit log", "/privacy/auditlog/", [privacy_session], [1]),
        ]
        if args.pages:
            wanted = {name.strip() for name in args.pages.split(",")}
            pages = [page for page in pages if page[0] == "floor" or page[0] in wanted]
        for _, path, sessions, levels_of_page in pages:  # warm up; fail early on a broken page
            for session in sessions[: 1 if levels_of_page else 2]:
                status, _, _ = session.request("GET", path)
                assert status == 200, (path, status)
        results: dict[int, list[tuple[tuple, Result]]] = {}
        for clients in levels:
            results[clients] = [
                (page, drive(page[2], page[1], clients, seconds))
                for page in pages
                if page[3] is None or clients in page[3]
            ]
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()

    print()
    print(
        f"size {args.size}: largest partner organisation involved in "
        f"{target['organisation_cases']:,} cases; {len(partner_sessions)} partner and "
        f"{len(coordinator_sessions)} coordinator sessions; {seconds:g} s per measurement"
    )
    if seed_seconds is not None:
        print(f"seed_scale --size {args.size}: {seed_seconds:.0f} s")
    rows = []
    print(
        "| page | clients | requests | p50 ms | p95 ms | p99 ms | req/s | p95 / floor p95 | errors |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for clients, measured in results.items():
        floor = measured[0][1].pct(95)
        for (name, _, _, _), result in measured:
            row = {
                "page": name,
                "clients": clients,
                "requests": len(result.latencies),
                "p50": result.pct(50),
                "p95": result.pct(95),
                "p99": result.pct(99),
                "throughput": result.throughput,
                "ratio": result.pct(95) / floor,
                "errors": result.errors,
                "median": statistics.median(result.latencies or [float("nan")]) * 1000,
            }
            rows.append(row)
            print(
                f"| {name} | {clients} | {row['requests']} | {row['p50']:.0f} | {row['p95']:.0f} "
                f"| {row['p99']:.0f} | {row['throughput']:.1f} | {row['ratio']:.1f}x | {row['errors']} |"
            )
    print(f"\ntotal wall time {time.perf_counter() - started:.0f} s")
    if args.json:
        args.json.write_text(
            json.dumps({"size": args.size, "seed_seconds": seed_seconds, "rows": rows})
        )


if __name__ == "__main__":
    main()
