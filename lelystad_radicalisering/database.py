"""Per-query settings of the database connection."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction

_WORKERS = "max_parallel_workers_per_gather"


@contextmanager
def parallel_workers(workers: int) -> Iterator[None]:
    """Let PostgreSQL start up to ``workers`` parallel workers per query for the
    queries inside (settings turn them off for pages). The setting is local to
    a transaction, and put back when the block ends: inside an outer
    transaction it does not reach the queries after the block. On an error the
    block's rollback takes it back."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT current_setting('{_WORKERS}'), set_config('{_WORKERS}', %s, true)",
                [str(workers)],
            )
            before = cursor.fetchone()[0]
        yield
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT set_config('{_WORKERS}', %s, true)", [before])
