"""How drf-spectacular describes the token authentication."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class SystemAccountAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.SystemAccountAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema) -> dict:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "clk_… token of a system account, made by the functional administrator.",
        }


def add_links(result: dict, generator, request, public) -> dict:
    """OpenAPI links, so stateful tests (and readers) know that the ``id`` of a
    submitted signal is the ``id`` to read its status with."""
    submit = result.get("paths", {}).get("/api/v1/signals/", {}).get("post", {})
    for status_code in ("200", "201"):
        response = submit.get("responses", {}).get(status_code)
        if response is not None:
            response["links"] = {
                "ReadSignal": {
                    "operationId": "signals_read",
                    "parameters": {"id": "$response.body#/id"},
                }
            }
    return result
