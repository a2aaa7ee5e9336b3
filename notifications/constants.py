"""Delivery modes of notifications. The kinds are registered by the apps that
notify, in ``lelystad_radicalisering.notices``."""

from __future__ import annotations

from lelystad_radicalisering.notices import Delivery

__all__ = ["Delivery"]
