"""Celery application. The broker is Redis (REDIS_URL); without it tasks run eagerly."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lelystad_radicalisering.settings")

app = Celery("lelystad_radicalisering")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
