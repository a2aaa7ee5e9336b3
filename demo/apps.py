from __future__ import annotations

from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo and benchmark data: the top layer, allowed to use every app."""

    name = "demo"
    verbose_name = "Demo"
