from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction

from .models import Organisation


def _group_name(name: str) -> str:
    return f"Organisatie: {name}"


@transaction.atomic
def organisation_create(*, name: str, type: str, is_active: bool = True) -> Organisation:
    """Create an organisation together with the group its members belong to."""
    organisation = Organisation(name=name, type=type, is_active=is_active)
    organisation.full_clean(exclude=["group"])
    organisation.group = Group.objects.create(name=_group_name(name))
    organisation.save()
    return organisation


@transaction.atomic
def organisation_update(
    *, organisation: Organisation, name: str, type: str, is_active: bool
) -> Organisation:
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    organisation.name = name
    organisation.type = type
    organisation.is_active = is_active
    organisation.full_clean(exclude=["group"])
    organisation.save(update_fields=["name", "type", "is_active"])
    if organisation.group.name != _group_name(name):
        organisation.group.name = _group_name(name)
        organisation.group.save(update_fields=["name"])
    return organisation
