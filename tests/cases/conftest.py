from __future__ import annotations

import pytest
from django.utils import timezone

from accounts.models import User
from cases import services
from cases.constants import Pillar
from cases.models import InclusionCriterion, LegalBasis
from lelystad_radicalisering.roles import Role
from signals.constants import Category
from tests.factories import (
    OrganisationFactory,
    TOTPDeviceFactory,
    UserFactory,
    confirm_statement,
)
from tests.signals.conftest import make_signal


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")


def _partner(organisation, username):
    user = UserFactory(username=username, organisation=organisation, role=Role.PARTNER)
    TOTPDeviceFactory(user=user)
    return confirm_statement(user)


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


def grant_mandate(user):
    """The functional administrator's step, without the administrator."""
    user.pga_mandate = True
    user.save(update_fields=["pga_mandate"])
    return user


def include(official, case, *, decided_on=None):
    """The decision to include every person of the case (PGA law)."""
    grant_mandate(official)
    services.inclusion_decide(
        official=official,
        case=case,
        persons=case.persons.all(),
        criteria=InclusionCriterion.objects.filter(is_active=True)[:1],
        proportionality="Ernstige zorgen; delen is nodig.",
        subsidiarity="Een lichtere aanpak is geprobeerd.",
        legal_basis=LegalBasis.objects.first(),
        decided_on=decided_on or timezone.localdate(),
    )
    case.refresh_from_db()
    return case


def open_case(coordinator, reporter, *, label="Casus Test 1", included=True):
    """A case opened from a signal; by default its person is included in the
    person-oriented approach, so the plan and actions may start."""
    signal = make_signal(reporter, category=Category.RADICALISATION)
    case = services.case_open_from_signals(
        coordinator=coordinator,
        signals=[signal],
        label=label,
        pillar=Pillar.PERSON_ORIENTED,
        category=Category.RADICALISATION,
        legal_basis=LegalBasis.objects.first(),
    )
    return include(coordinator, case) if included else case


def build_case_partners(youth_care) -> dict[str, User]:
    """The partners of the fixtures below, by fixture name, built in one go (for a
    module-scoped world; ``youth_care`` is the cast's, see ``build_cast``)."""
    return {
        "reader": _partner(OrganisationFactory(name="Welzijn Teststad"), "lezer"),
        "contributor": _partner(OrganisationFactory(name="School Teststad"), "bijdrager"),
        "outsider": _partner(youth_care, "buitenstaander"),
        "revoked": _partner(OrganisationFactory(name="Reclassering Teststad"), "ingetrokken"),
    }


@pytest.fixture
def case(coordinator, partner, reader, contributor, outsider, revoked):
    return build_case(coordinator, partner, reader, contributor, revoked)


def build_case(coordinator, partner, reader, contributor, revoked):
    """The ``case`` fixture's case: the reader's organisation involved to view,
    the contributor's to change, the revoked one's no longer."""
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
