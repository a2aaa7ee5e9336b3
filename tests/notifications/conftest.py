"""Notifications under test: the case and meeting world of the meetings tests."""

from __future__ import annotations

from tests.meetings.conftest import (  # noqa: F401  (fixtures)
    _private_media,
    action,
    case,
    case_item,
    contributor,
    education,
    meeting,
    open_case,
    outsider,
    probation,
    reader,
    revoked,
    welfare,
)
