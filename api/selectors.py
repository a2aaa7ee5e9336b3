"""Reads of the API app: system accounts for the administrator and for authentication."""

from __future__ import annotations

from django.db.models import QuerySet

from signals.models import Neighbourhood

from .models import SystemAccount


def system_accounts_for_administration(*, organisation_id: int | None = None):
    accounts = SystemAccount.objects.select_related("organisation", "created_by", "revoked_by")
    if organisation_id:
        accounts = accounts.filter(organisation_id=organisation_id)
    return accounts.order_by("organisation__name", "name", "pk")


def system_account_by_key_id(key_id: str) -> SystemAccount | None:
    return SystemAccount.objects.select_related("organisation").filter(key_id=key_id).first()


def neighbourhoods_active() -> QuerySet[Neighbourhood]:
    """The neighbourhoods a signal may name, as the browser form offers them."""
    return Neighbourhood.objects.filter(is_active=True).order_by("name")
