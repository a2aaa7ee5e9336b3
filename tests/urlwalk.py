"""Every URL pattern of the project, read from the resolver (not a hand-kept list).

Each pattern gets a concrete path with sample values for its parameters, so a
test can request it. New URLs added later are covered without touching a test.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern, RoutePattern

SAMPLE_BY_CONVERTER = {
    "int": "1",
    "uuid": str(uuid.UUID("00000000-0000-4000-8000-000000000001")),
    "slug": "voorbeeld",
    "str": "voorbeeld",
    "path": "voorbeeld",
}
REGEX_CANDIDATES = ("1", "voorbeeld", "accounts")
_ROUTE_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>\w+)>")
_REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?P<regex>[^()]*)\)")


@dataclass(frozen=True)
class Route:
    view_name: str
    path: str

    def __str__(self) -> str:
        return f"{self.view_name} {self.path}"


def _fragment(pattern) -> str:
    if isinstance(pattern, RoutePattern):
        return _ROUTE_PARAM.sub(
            lambda m: SAMPLE_BY_CONVERTER.get(m.group("converter") or "str", "voorbeeld"),
            str(pattern),
        )
    if isinstance(pattern, RegexPattern):
        regex = str(pattern).lstrip("^").rstrip("$").replace("\\", "")

        def sample(match: re.Match) -> str:
            for candidate in REGEX_CANDIDATES:
                if re.fullmatch(match.group("regex"), candidate):
                    return candidate
            raise AssertionError(f"No sample value fits {match.group(0)}")

        return _REGEX_GROUP.sub(sample, regex)
    raise AssertionError(f"Unknown pattern type {type(pattern)}")


def _walk(patterns, namespace: str | None, prefix: str):
    for entry in patterns:
        path = prefix + _fragment(entry.pattern)
        if isinstance(entry, URLResolver):
            child = entry.namespace
            child_ns = f"{namespace}:{child}" if namespace and child else (child or namespace)
            yield from _walk(entry.url_patterns, child_ns, path)
        elif isinstance(entry, URLPattern):
            name = entry.name or f"<unnamed {entry.pattern}>"
            yield Route(f"{namespace}:{name}" if namespace else name, path)


def all_routes() -> list[Route]:
    routes = sorted(set(_walk(get_resolver().url_patterns, None, "/")), key=str)
    for route in routes:
        resolve(route.path)  # every sample path must reach a view
    return routes
