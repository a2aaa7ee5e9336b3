"""The means of the security tests that ask many URLs as many actors: clients
in sessions logged in once per module, requests in savepoints, and which tables
a request changed."""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass, field
from http.cookies import Morsel

from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

# Rows that legitimately change on GET: the session and the access log.
VOLATILE_TABLES = {"django_session"}
UNVERIFIED = ("coordinator", "partner_own")  # the actors asked without a second factor


def _writes() -> dict[str, int]:
    """Rows inserted, updated and deleted per table so far in this transaction.

    PostgreSQL counts them per transaction, savepoints rolled back included, so
    the counts only grow: a table whose count did not move was not written to."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables"
            " WHERE schemaname = current_schema()"
        )
        return dict(cursor.fetchall())


def _snapshot(tables: list[str] | None = None) -> dict[str, str]:
    """A fingerprint of every row of every table (access entries aside), or of
    the tables named."""
    if tables is None:
        tables = connection.introspection.table_names()
    tables = [t for t in tables if t not in VOLATILE_TABLES]
    if not tables:
        return {}
    parts = []
    for table in tables:
        where = " WHERE t.action <> 3" if table == "auditlog_logentry" else ""  # 3 = access
        # Table names come from the database catalogue, never from input.
        parts.append(
            f"SELECT '{table}', md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"  # noqa: S608
            f' FROM "{table}" t{where}'
        )
    with connection.cursor() as cursor:
        # Table names come from the database's own catalogue, not from input.
        cursor.execute(" UNION ALL ".join(parts))
        return dict(cursor.fetchall())


def _changed(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(table for table in before if before[table] != after[table])


def _in_savepoint_with_changes(action):
    """Run one request in a savepoint and undo it; its answer and the tables
    whose rows it changed.

    Only the tables it wrote to can have changed: those are fingerprinted after
    the request and again after the rollback, which brings back exactly the rows
    the request met. (Fingerprinting every table twice per request was most of
    the access table's database time.)"""
    with transaction.atomic():
        counted = _writes()
        result = action()
        written = [t for t, n in _writes().items() if n != counted.get(t, 0)]
        after = _snapshot(written)
        transaction.set_rollback(True)
    return result, _changed(_snapshot(written), after)


@dataclass
class Logins:
    """Session cookies of actors logged in once per module, in the module's
    transaction: each test's savepoint undoes whatever a request does to a
    session (a logout, a rotated key, a refresh), so every test meets the
    sessions as they were at login. Logging every actor in afresh for every URL
    (a session row, the login receivers and audit entries) took a fifth of the
    access table's time."""

    cookies: dict[tuple[str, str], Morsel] = field(default_factory=dict)
    at: float = field(default_factory=time.monotonic)

    def fresh(self) -> bool:
        # A session expires after the idle timeout; well before it, log in afresh.
        return time.monotonic() - self.at < settings.SESSION_COOKIE_AGE / 2


def session_kind(*, verified: bool, enforce_csrf: bool) -> str:
    return ("verified" if verified else "password") + ("/csrf" if enforce_csrf else "")


def _login(user, *, verified: bool, enforce_csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=enforce_csrf)
    client.force_login(user)
    if verified:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
        session.save()
    return client


def _client(
    user, *, verified: bool = True, enforce_csrf: bool = False, logins: Logins | None = None
) -> Client:
    """A client of a user with (or without) the second factor; with ``logins``,
    in the session logged in for the module (one per actor, kind and CSRF use)."""
    key = (user.username, session_kind(verified=verified, enforce_csrf=enforce_csrf))
    if logins is None or key not in logins.cookies or not logins.fresh():
        return _login(user, verified=verified, enforce_csrf=enforce_csrf)
    client = Client(enforce_csrf_checks=enforce_csrf)
    client.cookies[settings.SESSION_COOKIE_NAME] = copy.copy(logins.cookies[key])
    return client


def _in_savepoint(action):
    """Run one request and undo what it did, so every actor meets the same world."""
    with transaction.atomic():
        result = action()
        transaction.set_rollback(True)
    return result
