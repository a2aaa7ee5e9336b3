from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; the Django ORM
# calls in the same test are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium must be installed in CI (.ci/run installs it)")
        pytest.skip("Debian's chromium is not installed; apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield _ReducedMotion(browser)
        browser.close()


class _ReducedMotion:
    """The browser, each new context asking for reduced motion. Utrecht's root
    scrolls smoothly otherwise, and every click that scrolls would wait for its
    element to stop moving (Playwright retries an element that is "not stable"
    after 0.5 s and more): about a second per click."""

    def __init__(self, browser) -> None:
        self._browser = browser

    def new_context(self, **options):
        options.setdefault("reduced_motion", "reduce")
        return self._browser.new_context(**options)

    def __getattr__(self, name: str):
        return getattr(self._browser, name)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def demo(settings, transactional_db):
    """The full demo data (``seed_demo``) in the database, fresh for each test.

    Seeding takes seconds; the first test on a worker seeds and keeps a copy of
    every filled table (PostgreSQL COPY), the following tests get that copy
    back after the flush that ended the test before them, with the same
    primary keys. The copy is made again when it is older than a few minutes
    or from another day, as the demo's dates count from today."""
    global _DEMO_SNAPSHOT
    from django.utils import timezone

    fresh = _DEMO_SNAPSHOT is not None and (
        _DEMO_SNAPSHOT.day == timezone.localdate()
        and time.monotonic() - _DEMO_SNAPSHOT.made < _DEMO_SNAPSHOT_MAX_AGE
    )
    if fresh:
        _DEMO_SNAPSHOT.restore()
        return
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("seed_demo")
    settings.DEBUG = False
    _DEMO_SNAPSHOT = _Snapshot.take()


_DEMO_SNAPSHOT_MAX_AGE = 300  # seconds


class _Snapshot:
    """The rows of every filled table, in PostgreSQL's binary COPY format."""

    def __init__(self, tables: dict[str, bytes]) -> None:
        from django.utils import timezone

        self.tables = tables
        self.made = time.monotonic()
        self.day = timezone.localdate()

    @classmethod
    def take(cls) -> _Snapshot:
        from django.db import connection
        from psycopg import sql

        tables = {}
        with connection.cursor() as cursor:
            for table in connection.introspection.django_table_names(only_existing=True):
                name = sql.Identifier(table)
                cursor.execute(sql.SQL("SELECT EXISTS (SELECT FROM {})").format(name))
                if not cursor.fetchone()[0]:
                    continue
                copy_out = sql.SQL("COPY {} TO STDOUT (FORMAT BINARY)").format(name)
                with cursor.cursor.copy(copy_out) as copy:
                    tables[table] = b"".join(bytes(block) for block in copy)
        return cls(tables)

    def restore(self) -> None:
        from django.apps import apps
        from django.contrib.contenttypes.models import ContentType
        from django.core.management.color import no_style
        from django.db import connection, transaction
        from psycopg import sql

        every = connection.introspection.django_table_names(only_existing=True)
        models = [
            model
            for model in apps.get_models(include_auto_created=True)
            if model._meta.db_table in self.tables
        ]
        with transaction.atomic(), connection.cursor() as cursor:
            # What the flush put back (content types, permissions, reference
            # lists) goes too: the copy has those rows with its own keys.
            cursor.execute(
                sql.SQL("TRUNCATE {}").format(sql.SQL(", ").join(map(sql.Identifier, every)))
            )
            for table, data in self.tables.items():
                copy_in = sql.SQL("COPY {} FROM STDIN (FORMAT BINARY)").format(
                    sql.Identifier(table)
                )
                with cursor.cursor.copy(copy_in) as copy:
                    copy.write(data)
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
        ContentType.objects.clear_cache()


_DEMO_SNAPSHOT: _Snapshot | None = None


def log_in(page, base_url: str, username: str) -> None:
    """Logged in with password and second factor, then on the start page, where
    the login pages land. The session is made on the server, as the
    ``verified_client`` fixture makes it, and handed to the browser as its
    cookie: typing password and code is the subject of test_login_browser.py
    (and of the partner's journey), not of every journey. Same-user logins in
    one test need no wait for a fresh code either."""
    from django.conf import settings
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.models import User

    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user, backend="accounts.backends.UserBackend")
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session.session_key,
                "url": base_url,
                "httpOnly": True,
                "sameSite": "Lax",
            }
        ]
    )
    page.goto(f"{base_url}/")
    assert page.url == f"{base_url}/", f"{username} is not logged in: {page.url}"


def log_in_through_the_pages(page, base_url: str, username: str) -> None:
    """Password and TOTP through the real login pages, as a person does."""
    import time

    from django_otp.oath import totp

    from demo.accounts import DEMO_PASSWORD, demo_totp_key

    page.goto(f"{base_url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_role("button", name="Volgende").click()
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Volgende").click()
    used = _USED_WINDOWS.get(username)
    if used == int(time.time()) // 30:
        # Codes are single-use: wait for the next one, as a person would.
        time.sleep(30 - time.time() % 30 + 0.2)
    _USED_WINDOWS[username] = int(time.time()) // 30
    page.get_by_label("Code").fill(f"{totp(demo_totp_key(username)):06d}")
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{base_url}/")


_USED_WINDOWS: dict[str, int] = {}
