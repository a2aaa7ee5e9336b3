from tests.cases.conftest import (  # noqa: F401  (fixtures)
    _private_media,
    case,
    contributor,
    education,
    outsider,
    probation,
    reader,
    revoked,
    welfare,
)
