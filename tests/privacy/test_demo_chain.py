"""The demo (SQLite) has the same guarded, chained audit log: the privacy
officer can verify it there too."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _manage(database: Path, *args: str) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("SECRET_KEY", "REDIS_URL", "DATABASE_URL")
    }
    env.update(DEBUG="true", DATABASE_URL=f"sqlite:///{database}")
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.xdist_group("demo-sqlite")
def test_demo_audit_log_is_guarded_and_verifiable(tmp_path):
    database = tmp_path / "demo.sqlite3"
    assert _manage(database, "migrate", "-v0").returncode == 0
    assert _manage(database, "seed_demo").returncode == 0
    intact = _manage(database, "verify_audit_log", "--seal-first")
    assert intact.returncode == 0, intact.stderr
    assert "intact" in intact.stdout

    connection = sqlite3.connect(database)
    with pytest.raises(sqlite3.DatabaseError, match="cannot be changed"):
        connection.execute("UPDATE auditlog_logentry SET object_repr = 'x' WHERE id = 3")
    with pytest.raises(sqlite3.DatabaseError, match="cannot be deleted"):
        connection.execute("DELETE FROM auditlog_logentry WHERE id = 3")
    # Someone with the file removes the guard and changes an entry.
    connection.execute("DROP TRIGGER auditlog_logentry_guard_update")
    connection.execute("UPDATE auditlog_logentry SET object_repr = 'x' WHERE id = 3")
    connection.commit()
    connection.close()
    broken = _manage(database, "verify_audit_log")
    assert broken.returncode == 1
    assert "broken at entry id 3" in broken.stderr
