from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.django_db


def test_health_checks_database_and_redis(client, settings):
    assert settings.REDIS_URL, "the suite runs against a real Redis (see Makefile)"
    response = client.get("/health/")
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "status": "ok",
        "checks": {"database": "ok", "redis": "ok"},
    }


def test_health_answers_503_when_redis_is_down(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/health/")
    assert response.status_code == 503
    assert json.loads(response.content)["checks"] == {"database": "ok", "redis": "error"}


def test_health_without_broker_reports_not_configured(client, settings):
    settings.REDIS_URL = ""
    body = json.loads(client.get("/health/").content)
    assert body["checks"]["redis"] == "not configured"


def test_health_is_open_and_carries_no_personal_data(client, partner):
    body = client.get("/health/").content.decode()
    assert partner.username not in body and partner.organisation.name not in body
