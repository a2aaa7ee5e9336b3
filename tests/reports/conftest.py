from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import TestCase
from django.utils import timezone

from cases import services as case_services
from cases.constants import ClosingOutcome, Pillar, RiskLevel
from cases.models import LegalBasis
from reports import services
from reports.periods import Period
from signals import services as signal_services
from signals.constants import Category, SignalStatus, Urgency
from signals.models import Neighbourhood
from tests.signals.conftest import make_signal

QUARTER = Period(datetime.date(2025, 1, 1), datetime.date(2025, 3, 31))
PREVIOUS = Period(datetime.date(2024, 10, 1), datetime.date(2024, 12, 31))

# Distinctive fictional texts that must never reach a report.
SECRET_NAME = "Zwanhilde Quagebeur"
SECRET_TEXT = "Vlinderstrik-onderschepping"
SECRET_LABEL = "Casus Kwikstaartplein"
SECRET_REASON = "Reden-Ooievaarsnest"
SECRET_NEIGHBOURHOOD = "Wijk Snippenveld"  # a single signal: must be merged


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_default_timezone()
    )


@pytest.fixture
def crafted(coordinator, partner, other_partner):
    """Q1 2025: 8 signals by the police (6 radicalisation, 2 polarisation), 3 by
    youth care (activism), in two neighbourhoods; 6 decided; 2 cases opened, 1
    closed. Q4 2024: 6 signals. Every text is distinctive and fictional."""
    haven = Neighbourhood.objects.get_or_create(name="Wijk Havenkwartier")[0]
    lonely = Neighbourhood.objects.get_or_create(name=SECRET_NEIGHBOURHOOD)[0]
    signals = []
    with time_machine.travel(at(datetime.date(2024, 11, 12)), tick=False):
        for _ in range(6):
            make_signal(partner, category=Category.RADICALISATION, neighbourhood=haven)
    with time_machine.travel(at(datetime.date(2025, 2, 3)), tick=False):
        for index in range(8):
            signals.append(
                make_signal(
                    partner,
                    category=Category.RADICALISATION if index < 6 else Category.POLARISATION,
                    urgency=Urgency.HIGH if index == 0 else Urgency.NORMAL,
                    neighbourhood=haven,
                    persons=((SECRET_NAME, datetime.date(2004, 4, 4)),),
                    observation=SECRET_TEXT,
                    group_description=SECRET_TEXT,
                )
            )
        for index in range(3):
            signals.append(
                make_signal(
                    other_partner,
                    category=Category.ACTIVISM,
                    neighbourhood=lonely if index == 0 else haven,
                    observation=SECRET_TEXT,
                )
            )
    with time_machine.travel(at(datetime.date(2025, 2, 5)), tick=False):
        for signal in signals[:4]:
            signal_services.signal_decide(
                signal=signal,
                coordinator=coordinator,
                decision=SignalStatus.CLOSED,
                reason=SECRET_REASON,
            )
        for signal in signals[4:6]:
            signal_services.signal_decide(
                signal=signal,
                coordinator=coordinator,
                decision=SignalStatus.FOR_CASE_CONSULTATION,
            )
        first = case_services.case_open_from_signals(
            coordinator=coordinator,
            signals=[signals[4]],
            label=SECRET_LABEL,
            pillar=Pillar.PERSON_ORIENTED,
            category=Category.RADICALISATION,
            legal_basis=LegalBasis.objects.first(),
        )
        case_services.case_open_from_signals(
            coordinator=coordinator,
            signals=[signals[5]],
            label=SECRET_LABEL + " 2",
            pillar=Pillar.PREVENTION,
            category=Category.RADICALISATION,
            legal_basis=LegalBasis.objects.first(),
        )
        case_services.risk_assessment_add(
            assessor=coordinator, case=first, level=RiskLevel.HIGH, risk_notes=SECRET_TEXT
        )
    with time_machine.travel(at(datetime.date(2025, 3, 20)), tick=False):
        case_services.case_close(
            coordinator=coordinator,
            case=first,
            reason=SECRET_REASON,
            outcome=ClosingOutcome.RISK_REDUCED,
        )
    return signals


def request_report(user, period: Period = QUARTER):
    """Request a report and run the queued task, as the commit would."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        report = services.report_request(user=user, period=period)
    report.refresh_from_db()
    return report
