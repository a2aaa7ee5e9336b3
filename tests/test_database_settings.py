"""The connection's per-query settings: pages run without parallel workers,
the year report's passes with them, and the setting does not outlive its block."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from lelystad_radicalisering.database import parallel_workers

pytestmark = pytest.mark.django_db


def _workers() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('max_parallel_workers_per_gather')")
        return cursor.fetchone()[0]


def test_pages_run_without_parallel_workers():
    assert _workers() == "0"


def test_the_block_allows_workers_and_puts_the_setting_back_inside_an_outer_transaction():
    with transaction.atomic():
        with parallel_workers(2):
            assert _workers() == "2"
        assert _workers() == "0"


def test_an_error_in_the_block_rolls_the_setting_back():
    with transaction.atomic():
        with pytest.raises(ZeroDivisionError), parallel_workers(2):
            assert _workers() == "2"
            1 / 0  # noqa: B018
        assert _workers() == "0"
