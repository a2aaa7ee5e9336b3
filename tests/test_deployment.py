"""Production configuration: `check --deploy` is clean and the compose file is valid."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _production_env(**extra: str) -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "casusoverleg.lelystad.nl",
        "DATABASE_URL": os.environ.get("DATABASE_URL", "sqlite:////tmp/unused.sqlite3"),
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    env.update(extra)
    return env


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_has_no_warnings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=_production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key():
    env = _production_env()
    env.pop("SECRET_KEY")
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_malformed_setting_fails_loudly():
    result = _manage("check", env=_production_env(SESSION_IDLE_MINUTES="half an hour"))
    assert result.returncode != 0


def test_seed_demo_refuses_when_debug_is_off():
    result = _manage("seed_demo", env=_production_env())
    assert result.returncode != 0
    assert "refuses to run while DEBUG is off" in result.stderr


def _need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{tool} must be installed in CI (.ci/run installs it)")
        pytest.skip(f"{tool} is not installed on this machine")
    return path


def test_compose_file_is_valid():
    docker_compose = _need("docker-compose")
    result = subprocess.run(
        [docker_compose, "config", "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")},
    )
    assert result.returncode == 0, result.stderr


def test_compose_describes_the_production_services():
    import yaml

    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert {"postgres", "redis", "web", "worker", "beat"} <= set(compose["services"])
    assert "gunicorn" in compose["services"]["web"]["command"]
    assert compose["services"]["worker"]["command"][:3] == [
        "celery",
        "-A",
        "lelystad_radicalisering",
    ]


def test_production_refuses_to_start_without_database_url():
    env = _production_env()
    env.pop("DATABASE_URL")
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "DATABASE_URL must be set" in result.stderr


def test_bare_checkout_runs_management_commands_in_demo_mode():
    result = _manage(
        "makemigrations",
        "--check",
        "--dry-run",
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")},
    )
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout
