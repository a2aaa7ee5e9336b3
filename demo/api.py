"""Demo data of the API: a system account for the police with a published token."""

from __future__ import annotations

from api.constants import Scope
from api.models import SystemAccount
from api.services import system_account_create_demo
from network.models import Organisation

# Public, like the demo's TOTP secrets: it works only while DEBUG is on
# (api.authentication refuses demo accounts otherwise).
DEMO_API_TOKEN = "clk_demopolitie_alleen-voor-de-demo-werkt-alleen-met-DEBUG-aan"


def seed_demo_api() -> SystemAccount | None:
    police = Organisation.objects.filter(name="Politie Basisteam Lelystad").first()
    if police is None:
        return None
    return system_account_create_demo(
        organisation=police,
        name="Registratiesysteem politie (demo)",
        token=DEMO_API_TOKEN,
        scopes=[Scope.SIGNALS_WRITE, Scope.SIGNALS_READ, Scope.REFERENCE_READ],
    )
