"""The world of the security tests, built once per module, and its actors'
sessions."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import transaction
from django.test import override_settings

from tests.conftest import restore_reference_lists

from .access_table import ACTORS, build_world
from .harness import UNVERIFIED, Logins, _login, session_kind


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """One world per module, built once in a transaction that stays open for the
    module and is rolled back at its end; every test runs inside it in a
    savepoint of its own (pytest-django's ``db``), so each still meets the same
    world. Building it per URL (or per form) took most of those modules' time.
    Its private media root stays set for the module: the world's files are there."""
    private = tmp_path_factory.mktemp("private")
    fast_hashing = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(PRIVATE_MEDIA_ROOT=str(private), PASSWORD_HASHERS=fast_hashing),
        transaction.atomic(),
    ):
        restore_reference_lists()
        world = build_world()
        yield world
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def logins(world, django_db_blocker) -> Logins:
    """Every actor logged in once for the module, inside the world's transaction."""
    logins = Logins()
    with django_db_blocker.unblock():
        for actor in ACTORS:
            user = world.actors[actor]
            for verified, enforce_csrf in [(True, False), (True, True)] + (
                [(False, False)] if actor in UNVERIFIED else []
            ):
                client = _login(user, verified=verified, enforce_csrf=enforce_csrf)
                kind = session_kind(verified=verified, enforce_csrf=enforce_csrf)
                logins.cookies[(user.username, kind)] = client.cookies[settings.SESSION_COOKIE_NAME]
    return logins
