from __future__ import annotations

import datetime

import pytest

from cases import services as case_services
from cases.constants import Pillar
from cases.models import LegalBasis
from signals.constants import Category
from signals.models import Person
from tests.cases.conftest import (  # noqa: F401  (fixtures)
    _private_media,
    contributor,
    education,
    outsider,
    probation,
    reader,
    revoked,
    welfare,
)
from tests.signals.conftest import make_signal

SUBJECT = ("Quirijn Inzagevrager", datetime.date(1999, 9, 9))
OTHER = ("Rozemarijn Anderepersoon", datetime.date(1998, 8, 8))


@pytest.fixture
def subject(coordinator, partner):
    """The subject is in a case and a signal; another person has their own case."""
    mine = make_signal(partner, persons=(SUBJECT,), observation="Zorg over Quirijn op school.")
    case = case_services.case_open_from_signals(
        coordinator=coordinator,
        signals=[mine],
        label="Casus Inzage 1",
        pillar=Pillar.PERSON_ORIENTED,
        category=Category.RADICALISATION,
        legal_basis=LegalBasis.objects.first(),
    )
    case_services.timeline_add_update(
        author=coordinator, case=case, text="Gesprek met de buurman Henk gevoerd.", visibility="all"
    )
    theirs = make_signal(partner, persons=(OTHER,), observation="Andere zaak over Rozemarijn.")
    case_services.case_open_from_signals(
        coordinator=coordinator,
        signals=[theirs],
        label="Casus Ander 2",
        pillar=Pillar.PERSON_ORIENTED,
        category=Category.RADICALISATION,
        legal_basis=LegalBasis.objects.first(),
    )
    return Person.objects.get(full_name=SUBJECT[0])
