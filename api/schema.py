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
