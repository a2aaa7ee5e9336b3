"""Ending an involvement names who loses access before it happens, and a POST
without the confirmation ends nothing."""

from __future__ import annotations

import pytest

from cases.models import Involvement
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_case_page_names_how_many_accounts_lose_access(
    verified_client, coordinator, case, reader
):
    UserFactory(organisation=reader.organisation)
    html = verified_client(coordinator).get(case.get_absolute_url()).content.decode()
    name = reader.organisation.name
    assert f"Vanaf nu verliezen 2 accounts van {name} de toegang tot deze casus" in html
    assert f"Betrokkenheid van {name} nu beëindigen" in html


def test_ending_without_the_confirmation_ends_nothing(verified_client, coordinator, case, reader):
    involvement = Involvement.objects.get(case=case, organisation=reader.organisation)
    url = f"/casussen/{case.pk}/betrokkenheid/{involvement.pk}/beeindigen/"
    client = verified_client(coordinator)
    response = client.post(url, follow=True)
    assert "Bevestig dat de betrokkenheid eindigt." in response.content.decode()
    involvement.refresh_from_db()
    assert involvement.revoked_at is None
    client.post(url, {"confirm": "yes"})
    involvement.refresh_from_db()
    assert involvement.revoked_at is not None
