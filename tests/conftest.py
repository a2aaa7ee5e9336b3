"""The fixed cast: one organisation per kind and a user per role, so every test
can ask whether the wrong one gets in."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.test import Client, override_settings
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from whitenoise.middleware import WhiteNoiseMiddleware

from accounts.models import User
from lelystad_radicalisering.celery import app as celery_app
from lelystad_radicalisering.roles import Role
from network.constants import OrganisationType

from .factories import OrganisationFactory, TOTPDeviceFactory, UserFactory, confirm_statement

# The test servers speak plain HTTP; production sits behind TLS. Set before any
# request handler (the live server's too) reads them.
django_settings.SECURE_SSL_REDIRECT = False
django_settings.SESSION_COOKIE_SECURE = False
django_settings.CSRF_COOKIE_SECURE = False

# The API throttle's cache is cleared between API tests (a FLUSHDB on Redis):
# each xdist worker gets a Redis database of its own for it, so one worker's
# clear never resets another worker's counts.
if django_settings.CACHES["api"]["BACKEND"].endswith("RedisCache"):
    _worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or "0"
    _base = django_settings.CACHES["api"]["LOCATION"].rsplit("/", 1)[0]
    django_settings.CACHES["api"]["LOCATION"] = f"{_base}/{13 - int(_worker) % 4}"

# Every test Client builds its own middleware chain, and WhiteNoise's middleware
# walks and stats every static file when it is built (some 15 ms a Client; the
# access table alone builds thousands). A server process walks them once at
# start: so do the tests, once per process and static configuration.
_static_files: dict[tuple, dict] = {}
_walk_static_files = WhiteNoiseMiddleware.add_files_from_finders


def _walk_static_files_once(self: WhiteNoiseMiddleware) -> None:
    key = (
        self.static_prefix,
        self.max_age,
        self.charset,
        self.allow_all_origins,
        tuple(str(d) for d in django_settings.STATICFILES_DIRS),
        tuple(django_settings.STATICFILES_FINDERS),
        self.static_root,
    )
    if key not in _static_files:
        _walk_static_files(self)
        _static_files[key] = dict(self.files)
    self.files.update(_static_files[key])


WhiteNoiseMiddleware.add_files_from_finders = _walk_static_files_once

hypothesis_settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.register_profile(
    "fuzz", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def _fast_and_eager(settings, monkeypatch):
    # Password hashing is not under test here; the production hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The same for the backup codes' PBKDF2: 120,000 rounds are half a second per
    # set of codes, and every demo account gets a set.
    monkeypatch.setattr("accounts.models.BACKUP_CODE_ITERATIONS", 1_000)
    # No worker runs during the unit tests: tasks execute in-process.
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _reference_lists(request):
    """Transactional tests (browser journeys, commit hooks) flush the database,
    and a flush takes the migration-seeded lists with it: legal bases, factors
    and neighbourhoods. Put them back for whichever test runs next."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None and "live_server" not in request.fixturenames:
        return
    if marker is None or marker.kwargs.get("transaction") or "live_server" in request.fixturenames:
        request.getfixturevalue("transactional_db")
    else:
        request.getfixturevalue("db")
    restore_reference_lists()


def restore_reference_lists() -> None:
    """The migration-seeded lists (legal bases, factors, neighbourhoods), put back
    after a flush took them."""
    from cases.models import LegalBasis

    if LegalBasis.objects.exists():
        return
    from importlib import import_module

    from django.apps import apps

    import_module("cases.migrations.0002_reference_lists").forwards(apps, None)
    import_module("cases.migrations.0006_pga_reference_lists").forwards(apps, None)
    import_module("meetings.migrations.0005_statement_first_version").forwards(apps, None)
    import_module("network.migrations.0005_data_category_matrix").forwards(apps, None)
    import_module("signals.migrations.0002_trigram_and_neighbourhoods").neighbourhoods_forwards(
        apps, None
    )


@contextmanager
def module_transaction(django_db_blocker, private_media_root: str) -> Iterator[None]:
    """For a module-scoped fixture that builds read-only data once: a transaction
    open for the whole module and rolled back at its end, so every test (in a
    savepoint of its own, pytest-django's ``db``) still meets the same data.
    Inside it, what ``_fast_and_eager`` gives each test, and a private media root
    that must stay set for the module (its files are there). Not for modules
    with transactional tests: their flush cannot run inside it."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    try:
        with (
            django_db_blocker.unblock(),
            override_settings(
                PRIVATE_MEDIA_ROOT=private_media_root,
                PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            ),
            transaction.atomic(),
        ):
            restore_reference_lists()
            yield
            transaction.set_rollback(True)
    finally:
        celery_app.conf.task_always_eager = previous


def fresh_fixture(name: str):
    """A function-scoped fixture ``name``: the object of that name in the module's
    ``_world`` fixture (built once, see ``module_transaction``), read afresh for
    each test. Requests and services change the objects they are given (a
    login's last_login, a finalised meeting's status, select_related and
    guardian caches); a copy of its own keeps that from leaking into the next
    test, whose savepoint rolled back only the database. (``_world`` is asked
    for by name, not through ``request.getfixturevalue``: only so does pytest
    build it before the test's own transaction opens.)"""

    @pytest.fixture(name=name)
    def _fresh(_world, db):
        return fresh(_world[name])

    return _fresh


def fresh(obj):
    """``obj`` read afresh from the database: a copy without the caches and
    changes the original gathered in memory (see ``fresh_fixture``)."""
    return type(obj)._default_manager.get(pk=obj.pk)


def logged_in_once():
    """``verified_client`` and ``password_only_client`` for a module with a
    ``_world`` (see ``fresh_fixture``): every user of the world logged in once
    for the module, with and without the second factor, inside its transaction.
    A test's client joins that session (tests/security/harness.py); the test's
    savepoint undoes whatever its requests do to the session. Logging in afresh
    for every test (a session row, the login receivers and their audit entries)
    was a good part of these modules' remaining time.

    In the module: ``_logins, verified_client, password_only_client = logged_in_once()``."""
    from tests.security.harness import Logins, _client, _login, session_kind

    @pytest.fixture(scope="module")
    def _logins(_world, django_db_blocker) -> Logins:
        logins = Logins()
        with django_db_blocker.unblock():
            for user in (u for u in _world.values() if isinstance(u, User)):
                for verified in (True, False):
                    kind = session_kind(verified=verified, enforce_csrf=False)
                    client = _login(user, verified=verified)
                    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
                    logins.cookies[(user.username, kind)] = cookie
        return logins

    @pytest.fixture(name="verified_client")
    def verified(_logins) -> Callable[[User], Client]:
        return lambda user: _client(user, verified=True, logins=_logins)

    @pytest.fixture(name="password_only_client")
    def password_only(_logins) -> Callable[[User], Client]:
        return lambda user: _client(user, verified=False, logins=_logins)

    return _logins, verified, password_only


def build_cast() -> dict[str, User]:
    """The fixed cast of the fixtures below, by fixture name, built in one go."""
    municipality = OrganisationFactory(name="Gemeente Teststad", type=OrganisationType.MUNICIPALITY)
    police = OrganisationFactory(name="Politie Teststad", type=OrganisationType.POLICE)
    youth_care = OrganisationFactory(name="Jeugdteam Teststad", type=OrganisationType.YOUTH_CARE)
    cast = {
        "coordinator": ("coordinator", municipality, Role.COORDINATOR),
        "partner": ("partner.police", police, Role.PARTNER),
        "other_partner": ("partner.youth", youth_care, Role.PARTNER),
        "management": ("management", municipality, Role.MANAGEMENT),
        "functional_admin": ("admin.functional", municipality, Role.FUNCTIONAL_ADMIN),
        "privacy_officer": ("privacy", municipality, Role.PRIVACY_OFFICER),
    }
    return {
        name: _with_device(UserFactory(username=username, organisation=organisation, role=role))
        for name, (username, organisation, role) in cast.items()
    }


@pytest.fixture
def municipality(db):
    return OrganisationFactory(name="Gemeente Teststad", type=OrganisationType.MUNICIPALITY)


@pytest.fixture
def police(db):
    return OrganisationFactory(name="Politie Teststad", type=OrganisationType.POLICE)


@pytest.fixture
def youth_care(db):
    return OrganisationFactory(name="Jeugdteam Teststad", type=OrganisationType.YOUTH_CARE)


def _with_device(user: User) -> User:
    TOTPDeviceFactory(user=user)
    return confirm_statement(user)


@pytest.fixture
def coordinator(municipality):
    return _with_device(
        UserFactory(username="coordinator", organisation=municipality, role=Role.COORDINATOR)
    )


@pytest.fixture
def partner(police):
    return _with_device(
        UserFactory(username="partner.police", organisation=police, role=Role.PARTNER)
    )


@pytest.fixture
def other_partner(youth_care):
    return _with_device(
        UserFactory(username="partner.youth", organisation=youth_care, role=Role.PARTNER)
    )


@pytest.fixture
def management(municipality):
    return _with_device(
        UserFactory(username="management", organisation=municipality, role=Role.MANAGEMENT)
    )


@pytest.fixture
def functional_admin(municipality):
    return _with_device(
        UserFactory(
            username="admin.functional", organisation=municipality, role=Role.FUNCTIONAL_ADMIN
        )
    )


@pytest.fixture
def privacy_officer(municipality):
    return _with_device(
        UserFactory(username="privacy", organisation=municipality, role=Role.PRIVACY_OFFICER)
    )


@pytest.fixture
def cast(coordinator, partner, other_partner, management, functional_admin, privacy_officer):
    return {
        Role.COORDINATOR: coordinator,
        Role.PARTNER: partner,
        Role.MANAGEMENT: management,
        Role.FUNCTIONAL_ADMIN: functional_admin,
        Role.PRIVACY_OFFICER: privacy_officer,
    }


@pytest.fixture
def verified_client() -> Callable[[User], Client]:
    """A client logged in with password and a verified second factor."""

    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        device = TOTPDevice.objects.get(user=user, confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return client

    return make


@pytest.fixture
def password_only_client() -> Callable[[User], Client]:
    """A client that passed the password step but not the second factor."""

    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


def current_totp(device: TOTPDevice, offset_steps: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + offset_steps * device.step
    return f"{totp.token():0{device.digits}d}"
