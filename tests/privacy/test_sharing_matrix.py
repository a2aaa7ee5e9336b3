"""Participant types and, per type, the categories of data they may supply:
a matrix the privacy officer maintains (audited), shown to partners."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry

from network.constants import OrganisationType
from network.models import DataCategory, SharingRule

pytestmark = pytest.mark.django_db


def test_law_types_and_default_matrix_exist():
    for value in ("police", "public_prosecutor", "child_protection", "probation", "education"):
        assert value in OrganisationType.values
    police = set(
        SharingRule.objects.filter(organisation_type="police").values_list(
            "category__name", flat=True
        )
    )
    assert any("Politiegegevens" in name for name in police)
    assert not any("Onderwijs" in name for name in police)


def test_privacy_officer_changes_a_cell_audited(verified_client, privacy_officer, coordinator):
    client = verified_client(privacy_officer)
    assert client.get("/privacy/gegevenscategorieen/").status_code == 200
    assert verified_client(coordinator).get("/privacy/gegevenscategorieen/").status_code == 403
    education = DataCategory.objects.get(name__startswith="Onderwijs")
    cells = [
        f"{t}:{c}" for t, c in SharingRule.objects.values_list("organisation_type", "category_id")
    ]
    cells.append(f"police:{education.pk}")
    response = client.post("/privacy/gegevenscategorieen/", {"cell": cells})
    assert response.status_code == 302
    rule = SharingRule.objects.get(organisation_type="police", category=education)
    assert LogEntry.objects.get_for_object(rule).get().actor == privacy_officer
    # Bad input: an unknown type changes nothing.
    before = SharingRule.objects.count()
    client.post("/privacy/gegevenscategorieen/", {"cell": ["bogus:1", "police:x"]})
    assert SharingRule.objects.count() == before


def test_partner_sees_what_its_organisation_may_share(verified_client, partner):
    html = verified_client(partner).get("/signalen/nieuw/").content.decode()
    assert "Politiegegevens" in html and "Onderwijsgegevens" not in html
