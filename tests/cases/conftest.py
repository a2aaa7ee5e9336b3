from __future__ import annotations

import pytest

from cases import services
from cases.constants import Pillar
from cases.models import LegalBasis
from lelystad_radicalisering.roles import Role
from signals.constants import Category
from tests.factories import OrganisationFactory, TOTPDeviceFactory, UserFactory
from tests.signals.conftest import make_signal


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")


def _partner(organisation, username):
    user = UserFactory(username=username, organisation=organisation, role=Role.PARTNER)
    TOTPDeviceFactory(user=user)
    return user


@pytest.fixture
def welfare(db):
    return OrganisationFactory(name="Welzijn Teststad")


@pytest.fixture
def education(db):
    return OrganisationFactory(name="School Teststad")


@pytest.fixture
def probation(db):
    return OrganisationFactory(name="Reclassering Teststad")


@pytest.fixture
def reader(welfare):
    """A partner whose organisation is involved with view rights only."""
    return _partner(welfare, "lezer")


@pytest.fixture
def contributor(education):
    """A partner whose organisation is involved as contributing partner."""
    return _partner(education, "bijdrager")


@pytest.fixture
def outsider(youth_care):
    """A partner whose organisation was never involved."""
    return _partner(youth_care, "buitenstaander")


@pytest.fixture
def revoked(probation):
    """A partner whose organisation was involved and then no longer."""
    return _partner(probation, "ingetrokken")


def open_case(coordinator, reporter, *, label="Casus Test 1"):
    signal = make_signal(reporter, category=Category.RADICALISATION)
    return services.case_open_from_signals(
        coordinator=coordinator,
        signals=[signal],
        label=label,
        pillar=Pillar.PERSON_ORIENTED,
        category=Category.RADICALISATION,
        legal_basis=LegalBasis.objects.first(),
    )


@pytest.fixture
def case(coordinator, partner, reader, contributor, outsider, revoked):
    case = open_case(coordinator, partner)
    services.involvement_add(
        coordinator=coordinator, case=case, organisation=reader.organisation, can_change=False
    )
    services.involvement_add(
        coordinator=coordinator, case=case, organisation=contributor.organisation, can_change=True
    )
    gone = services.involvement_add(
        coordinator=coordinator, case=case, organisation=revoked.organisation, can_change=True
    )
    services.involvement_revoke(involvement=gone)
    return case
