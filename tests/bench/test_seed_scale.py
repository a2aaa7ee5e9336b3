"""seed_scale at its quick size: the counts, and relations the benchmark relies on."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, F
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from cases.models import Case, CaseGroupObjectPermission, Involvement
from cases.selectors import case_list
from demo.accounts import demo_totp_key
from demo.management.commands.seed_scale import (
    BIG_MEETING_ITEMS,
    SCALE_PASSWORD,
    SIZES,
    partner_username,
)
from lelystad_radicalisering.roles import Role
from meetings.models import Action, AgendaItem, Meeting
from network.models import Organisation
from signals.models import Signal

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("seed_scale", "--size", "quick", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return SIZES["quick"]


def test_quick_size_has_the_counts_of_its_preset(seeded):
    assert Organisation.objects.count() == seeded.organisations
    assert User.objects.count() == seeded.users
    assert User.objects.filter(role=Role.COORDINATOR).count() == seeded.coordinators
    assert Signal.objects.count() == seeded.signals
    assert Case.objects.count() == seeded.cases
    assert Meeting.objects.count() == seeded.meetings
    assert AgendaItem.objects.count() == seeded.agenda_items
    assert Action.objects.count() == seeded.actions


def test_every_case_involves_two_to_six_organisations_with_view_permission(seeded):
    per_case = Involvement.objects.values("case").annotate(n=Count("pk"))
    assert {row["n"] for row in per_case} <= {2, 3, 4, 5, 6}
    assert per_case.count() == seeded.cases
    view_rows = CaseGroupObjectPermission.objects.filter(permission__codename="view_case")
    assert view_rows.count() == Involvement.objects.count()
    # Each permission row belongs to the group of an involved organisation.
    assert not view_rows.exclude(
        group__organisation__involvements__case=F("content_object")
    ).exists()


def test_partner_sees_exactly_the_cases_of_its_organisation(seeded):
    partner = User.objects.get(username=partner_username(1, 0))
    involved = Involvement.objects.filter(organisation=partner.organisation).count()
    assert involved > 0
    assert case_list(partner).count() == involved


def test_users_can_log_in_with_password_and_derived_totp(seeded):
    user = User.objects.get(username=partner_username(2, 0))
    assert user.check_password(SCALE_PASSWORD)
    assert user.groups.get() == user.organisation.group
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    key = demo_totp_key(user.username)
    assert device.bin_key == key
    assert device.verify_token(str(totp(key)).zfill(6))


def test_the_first_meeting_has_the_agenda_the_benchmark_opens(seeded):
    first = Meeting.objects.order_by("pk").first()
    assert first.items.count() == BIG_MEETING_ITEMS


def test_refuses_a_database_that_is_not_empty(seeded):
    with pytest.raises(CommandError):
        call_command("seed_scale", "--size", "quick")
