from __future__ import annotations

from tests.cases.conftest import (  # noqa: F401  (fixtures)
    _private_media,
    contributor,
    education,
    outsider,
    probation,
    reader,
    revoked,
    welfare,
)
