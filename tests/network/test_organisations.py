from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from network.constants import OrganisationType
from network.models import Organisation
from network.services import organisation_create, organisation_update

pytestmark = pytest.mark.django_db


def test_every_organisation_gets_its_own_group():
    first = organisation_create(name="Politie Noord", type=OrganisationType.POLICE)
    second = organisation_create(name="Welzijn Zuid", type=OrganisationType.WELFARE)
    assert first.group != second.group
    assert first.group.name == "Organisatie: Politie Noord"


def test_renaming_keeps_the_group_and_updates_its_name():
    organisation = organisation_create(name="Oud", type=OrganisationType.OTHER)
    group_pk = organisation.group.pk
    organisation_update(
        organisation=organisation, name="Nieuw", type=OrganisationType.OTHER, is_active=True
    )
    organisation.refresh_from_db()
    assert organisation.group.pk == group_pk
    assert Group.objects.get(pk=group_pk).name == "Organisatie: Nieuw"


def test_create_via_the_app(verified_client, functional_admin):
    response = verified_client(functional_admin).post(
        "/beheer/organisaties/nieuw/",
        {"name": "  GGZ   Test ", "type": OrganisationType.MENTAL_HEALTH, "is_active": "on"},
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="GGZ Test")
    assert organisation.group.name == "Organisatie: GGZ Test"


def test_duplicate_name_gets_a_dutch_message(verified_client, functional_admin, police):
    response = verified_client(functional_admin).post(
        "/beheer/organisaties/nieuw/",
        {"name": police.name.upper(), "type": OrganisationType.POLICE},
    )
    assert "Er bestaat al een organisatie met deze naam." in response.content.decode()
    assert Organisation.objects.filter(name__iexact=police.name).count() == 1


def test_deactivated_organisation_is_not_offered_for_new_users(
    verified_client, functional_admin, police, youth_care
):
    organisation_update(
        organisation=youth_care, name=youth_care.name, type=youth_care.type, is_active=False
    )
    # The organisation field is a search field: its suggestions offer active ones only.
    client = verified_client(functional_admin)
    url = reverse("network:organisation_suggestions")
    html = client.get(url, {"organisation": "Teststad"}).content.decode()
    assert police.name in html and youth_care.name not in html
