"""Sealing and verifying the hash chain over the audit log (PostgreSQL).

The functions and the trigger are installed by ``privacy/migrations/0002``. The
digest is computed by the database on both sides (sealing and verifying), so
there is one definition of what an entry's hash covers.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.db import connection, transaction

from .constants import RetentionKind
from .models import DestructionRecord

GENESIS = "0" * 64
COLUMNS = [
    "id",
    "content_type_id",
    "object_pk",
    "object_id",
    "object_repr",
    "action",
    "changes",
    "changes_text",
    "actor_id",
    "remote_addr",
    "remote_port",
    "timestamp",
    "additional_data",
    "serialized_data",
    "actor_email",
    "cid",
]


def available() -> bool:
    return connection.vendor in ("postgresql", "sqlite")


def _python_digest(prev: str, row: tuple) -> str:
    """SQLite (the demo) only: the database cannot hash, so Python does, over the
    values as stored."""
    text = "|".join([prev, *("" if value is None else str(value) for value in row)])
    return hashlib.sha256(text.encode()).hexdigest()


def _sqlite_seal() -> int:
    sealed = 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT chain_seq, chain_hash FROM auditlog_logentry"
            " WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1"
        )
        last = cursor.fetchone() or (0, GENESIS)
        seq, prev = last
        cursor.execute(
            f"SELECT {', '.join(COLUMNS)} FROM auditlog_logentry"  # noqa: S608  # nosec B608
            " WHERE chain_seq IS NULL ORDER BY id"
        )
        for row in cursor.fetchall():
            seq += 1
            digest = _python_digest(prev, row)
            cursor.execute(
                "UPDATE auditlog_logentry SET chain_seq = %s, chain_prev = %s, chain_hash = %s"
                " WHERE id = %s",
                [seq, prev, digest, row[0]],
            )
            prev = digest
            sealed += 1
    return sealed


def seal() -> int:
    """Seal every entry not yet in the chain; returns how many."""
    if connection.vendor == "sqlite":
        return _sqlite_seal()
    if not available():
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT audit_seal()")
        return cursor.fetchone()[0]


@dataclass(frozen=True)
class Verification:
    checked: int
    unsealed: int
    broken_at: int | None  # the id of the first entry whose link does not hold
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None and not self.problem


def _anchor() -> tuple[int, str]:
    """Where the chain starts: the genesis, or the last entry destroyed by retention."""

    record = (
        DestructionRecord.objects.filter(
            kind=RetentionKind.AUDIT, details__has_key="chain_anchor_seq"
        )
        .order_by("-pk")
        .first()
    )
    if record is None:
        return 0, GENESIS
    return int(record.details["chain_anchor_seq"]), record.details["chain_anchor_hash"]


def verify(*, chunk: int = 5000) -> Verification:
    """Walk the chain in sequence order: each entry's stored hash must be the
    digest of its content and the previous entry's hash, and no sequence number
    may be missing."""
    if not available():
        return Verification(0, 0, None, "no chain on this database")
    previous_seq, previous_hash = _anchor()
    checked = 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM auditlog_logentry WHERE chain_seq IS NULL")
        unsealed = cursor.fetchone()[0]
        cursor.execute("SELECT min(chain_seq) FROM auditlog_logentry")
        first = cursor.fetchone()[0]
        if first is not None and previous_seq == 0 and first != 1:
            # The start of the chain is gone and no destruction record explains it.
            cursor.execute("SELECT id FROM auditlog_logentry WHERE chain_seq = %s", [first])
            return Verification(0, unsealed, cursor.fetchone()[0], "start of the chain missing")
        after = previous_seq
        while True:
            rows = _chunk(cursor, after, chunk)
            if not rows:
                break
            for entry_id, seq, prev, stored, expected in rows:
                if seq != previous_seq + 1 or prev != previous_hash or stored != expected:
                    return Verification(checked, unsealed, entry_id)
                previous_seq, previous_hash = seq, stored
                checked += 1
            after = rows[-1][1]
    return Verification(checked, unsealed, None)


def _chunk(cursor, after: int, size: int) -> list[tuple]:
    """(id, seq, prev, stored hash, recomputed hash) for the next links."""
    if connection.vendor == "sqlite":
        cursor.execute(
            f"SELECT chain_seq, chain_prev, chain_hash, {', '.join(COLUMNS)}"  # noqa: S608  # nosec B608
            " FROM auditlog_logentry WHERE chain_seq > %s ORDER BY chain_seq LIMIT %s",
            [after, size],
        )
        return [
            (row[3], row[0], row[1], row[2], _python_digest(row[1] or "", row[3:]))
            for row in cursor.fetchall()
        ]
    cursor.execute(
        """
        SELECT e.id, e.chain_seq, e.chain_prev, e.chain_hash, audit_entry_digest(e.chain_prev, e)
          FROM auditlog_logentry e
         WHERE e.chain_seq > %s
         ORDER BY e.chain_seq
         LIMIT %s
        """,
        [after, size],
    )
    return cursor.fetchall()


def last_link() -> tuple[int, str] | None:
    if not available():
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT chain_seq, chain_hash FROM auditlog_logentry"
            " WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1"
        )
        row = cursor.fetchone()
    return (row[0], row[1]) if row else None
