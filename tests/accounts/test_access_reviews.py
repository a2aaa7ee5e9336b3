"""Periodic access review: confirm per organisation which accounts are still
needed; the scheduled job deactivates the rest when the period ends."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from auditlog.models import LogEntry
from django.conf import settings as django_settings
from django.utils import timezone

from accounts import services
from accounts.models import AccessReview, AccessReviewEntry, User
from accounts.selectors import next_access_review_due
from accounts.tasks import expire_access_reviews, open_access_reviews
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(partner, police):
    return services.access_review_open(organisation=police)


def test_the_beat_schedule_runs_both_jobs():
    from lelystad_radicalisering.celery import app

    tasks = {entry["task"] for entry in django_settings.CELERY_BEAT_SCHEDULE.values()}
    wanted = {"accounts.open_access_reviews", "accounts.expire_access_reviews"}
    assert wanted <= tasks
    app.loader.import_default_modules()
    assert wanted <= set(app.tasks)


def test_management_command_opens_the_due_reviews(partner, police):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("open_access_reviews", stdout=out)
    assert "Access reviews opened: 1" in out.getvalue()
    assert AccessReview.objects.filter(organisation=police, completed_at__isnull=True).exists()


def test_scheduled_job_opens_a_review_per_organisation_every_interval(
    partner, other_partner, police, youth_care, settings
):
    assert open_access_reviews() == 2
    assert open_access_reviews() == 0  # one open review per organisation
    review = AccessReview.objects.get(organisation=police)
    assert review.due_on == timezone.localdate() + datetime.timedelta(
        days=settings.ACCESS_REVIEW_PERIOD_DAYS
    )
    assert set(review.entries.values_list("user_id", flat=True)) == {partner.pk}
    services.access_review_complete(
        actor=partner, review=review, reviewed_with="Contact", confirmed_user_ids={partner.pk}
    )
    assert open_access_reviews() == 0  # completed this quarter: not yet due again
    months = settings.ACCESS_REVIEW_INTERVAL_MONTHS
    with time_machine.travel(timezone.now() + datetime.timedelta(days=31 * months + 1)):
        expire_access_reviews()
        assert open_access_reviews() >= 1
        assert AccessReview.objects.filter(organisation=police).count() == 2


def test_job_deactivates_unconfirmed_accounts_and_ends_their_sessions(
    review, partner, police, verified_client, functional_admin
):
    keeper = UserFactory(organisation=police)
    review.entries.create(user=keeper)
    session = verified_client(partner)
    assert session.get("/").status_code == 200
    services.access_review_save(
        actor=functional_admin, review=review, reviewed_with="", confirmed_user_ids={keeper.pk}
    )
    assert expire_access_reviews() == 0  # not yet due
    with time_machine.travel(timezone.now() + datetime.timedelta(days=31)):
        assert expire_access_reviews() == 1
        assert expire_access_reviews() == 0  # idempotent
    partner.refresh_from_db()
    keeper.refresh_from_db()
    assert not partner.is_active and keeper.is_active
    assert session.get("/")["Location"].startswith("/inloggen/")
    review.refresh_from_db()
    assert review.expired_at is not None
    assert review.entries.get(user=partner).deactivated_at is not None
    # In the audit log: why the account went, and the review's own changes.
    entry = LogEntry.objects.get_for_object(partner).get(
        additional_data__event="access_review_expired"
    )
    assert entry.actor is None
    assert (
        LogEntry.objects.get_for_object(partner)
        .filter(action=LogEntry.Action.UPDATE, changes__has_key="is_active")
        .exists()
    )
    assert LogEntry.objects.get_for_object(review).filter(changes__has_key="expired_at").exists()


def test_review_page_confirms_and_completes_with_audit(
    review, partner, police, verified_client, functional_admin
):
    leaver = UserFactory(organisation=police)
    review.entries.create(user=leaver)
    client = verified_client(functional_admin)
    page = client.get(f"/beheer/toegangscontroles/{review.pk}/").content.decode()
    assert partner.username in page and leaver.username in page
    answers = {"reviewed_with": "J. de Contact", "confirmed": [partner.pk], "complete": "1"}
    response = client.post(f"/beheer/toegangscontroles/{review.pk}/", answers)
    assert response.status_code == 200  # the confirmation first
    leaver.refresh_from_db()
    assert leaver.is_active
    response = client.post(
        f"/beheer/toegangscontroles/{review.pk}/", {**answers, "deactivate": [leaver.pk]}
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.completed_by == functional_admin and review.reviewed_with == "J. de Contact"
    leaver.refresh_from_db()
    partner.refresh_from_db()
    assert not leaver.is_active and partner.is_active
    confirmation = AccessReviewEntry.objects.get(review=review, user=partner)
    assert confirmation.confirmed_by == functional_admin
    assert (
        LogEntry.objects.get_for_object(confirmation)
        .filter(actor=functional_admin, changes__has_key="confirmed_at")
        .exists()
    )
    assert LogEntry.objects.get_for_object(review).filter(changes__has_key="completed_at").exists()
    # A closed review can no longer change.
    client.post(
        f"/beheer/toegangscontroles/{review.pk}/",
        {"reviewed_with": "Iemand anders", "confirmed": [leaver.pk], "save": "1"},
    )
    review.refresh_from_db()
    assert review.reviewed_with == "J. de Contact"


def test_completing_with_unticked_accounts_asks_first_and_names_the_count(
    review, partner, police, verified_client, functional_admin
):
    leavers = [UserFactory(organisation=police) for _ in range(3)]
    for leaver in leavers:
        review.entries.create(user=leaver)
    client = verified_client(functional_admin)
    url = f"/beheer/toegangscontroles/{review.pk}/"
    response = client.post(
        url, {"reviewed_with": "J. de Contact", "confirmed": [partner.pk], "complete": "1"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert f"3 accounts van {police.name} worden gedeactiveerd." in page
    assert all(leaver.username in page for leaver in leavers)
    assert "Afronden en 3 accounts deactiveren" in page
    review.refresh_from_db()
    assert review.is_open
    assert User.objects.filter(pk__in=[u.pk for u in leavers], is_active=True).count() == 3
    # The ticks are kept: going back shows the partner as still needed.
    assert AccessReviewEntry.objects.get(review=review, user=partner).confirmed_at is not None

    # One account:
    # the singular, and nothing happens when the confirmed set is not the real one.
    response = client.post(
        url,
        {
            "reviewed_with": "J. de Contact",
            "confirmed": [partner.pk, leavers[0].pk, leavers[1].pk],
            "complete": "1",
            "deactivate": [leavers[1].pk],  # stale: leavers[2] is the one leaving
        },
    )
    assert f"1 account van {police.name} wordt gedeactiveerd." in response.content.decode()
    assert User.objects.filter(pk__in=[u.pk for u in leavers], is_active=True).count() == 3
    review.refresh_from_db()
    assert review.is_open


def test_a_post_that_skips_the_confirmation_deactivates_nobody(
    review, partner, police, functional_admin
):
    leaver = UserFactory(organisation=police)
    review.entries.create(user=leaver)
    with pytest.raises(services.DeactivationNotConfirmed) as pending:
        services.access_review_complete(
            actor=functional_admin,
            review=review,
            reviewed_with="X",
            confirmed_user_ids={partner.pk},
        )
    assert pending.value.users == [leaver]
    leaver.refresh_from_db()
    review.refresh_from_db()
    assert leaver.is_active and review.is_open
    services.access_review_complete(
        actor=functional_admin,
        review=review,
        reviewed_with="X",
        confirmed_user_ids={partner.pk},
        deactivation_confirmed_ids={leaver.pk},
    )
    leaver.refresh_from_db()
    assert not leaver.is_active


def test_with_whom_is_marked_as_required_to_complete(review, verified_client, functional_admin):
    page = verified_client(functional_admin).get(f"/beheer/toegangscontroles/{review.pk}/")
    assert 'Doorgenomen met <span class="app-optional">(verplicht om af te ronden)' in (
        page.content.decode()
    )
    assert 'Doorgenomen met <span class="app-optional">(niet verplicht)' not in (
        page.content.decode()
    )


def test_completing_requires_with_whom(review, partner, verified_client, functional_admin):
    response = verified_client(functional_admin).post(
        f"/beheer/toegangscontroles/{review.pk}/",
        {"reviewed_with": "", "confirmed": [partner.pk], "complete": "1"},
    )
    assert response.status_code == 200
    assert "Leg vast met wie de accounts zijn doorgenomen." in response.content.decode()
    review.refresh_from_db()
    assert review.is_open


def test_account_of_another_organisation_cannot_be_confirmed(
    review, partner, other_partner, verified_client, functional_admin
):
    response = verified_client(functional_admin).post(
        f"/beheer/toegangscontroles/{review.pk}/",
        {"reviewed_with": "X", "confirmed": [other_partner.pk], "save": "1"},
    )
    assert response.status_code == 200
    assert not AccessReviewEntry.objects.filter(user=other_partner).exists()


def test_next_access_review_due_is_the_earliest_open_one(
    partner, other_partner, police, youth_care
):
    assert next_access_review_due() is None
    later = services.access_review_open(
        organisation=police, due_on=timezone.localdate() + datetime.timedelta(days=20)
    )
    sooner = services.access_review_open(
        organisation=youth_care, due_on=timezone.localdate() + datetime.timedelta(days=5)
    )
    assert next_access_review_due() == sooner
    services.access_review_complete(
        actor=partner, review=sooner, reviewed_with="X", confirmed_user_ids={other_partner.pk}
    )
    assert next_access_review_due() == later


def test_opening_twice_is_refused_with_a_message(review, police, verified_client, functional_admin):
    response = verified_client(functional_admin).post(
        "/beheer/toegangscontroles/openen/", {"organisation": police.pk}, follow=True
    )
    assert "Voor deze organisatie loopt al een toegangscontrole." in response.content.decode()
    assert AccessReview.objects.filter(organisation=police).count() == 1


def test_other_roles_and_password_only_cannot_reach_reviews(
    review, cast, verified_client, password_only_client, functional_admin
):
    from lelystad_radicalisering.roles import Role

    for role, user in cast.items():
        if role == Role.FUNCTIONAL_ADMIN:
            continue
        client = verified_client(user)
        assert client.get(f"/beheer/toegangscontroles/{review.pk}/").status_code == 403
        assert client.post("/beheer/toegangscontroles/openen/", {}).status_code == 403
    half = password_only_client(functional_admin)
    assert half.get("/beheer/toegangscontroles/")["Location"] == "/inloggen/verificatie/"


@pytest.mark.parametrize("rows", [10, 1000])
def test_review_list_and_detail_run_constant_queries(
    rows, police, functional_admin, verified_client, django_assert_max_num_queries
):
    from network.models import Organisation

    User.objects.bulk_create(
        [
            User(username=f"r{i}", email=f"r{i}@example.org", organisation=police, role="partner")
            for i in range(rows)
        ]
    )
    review = services.access_review_open(organisation=police)
    client = verified_client(functional_admin)
    with django_assert_max_num_queries(12):
        assert client.get("/beheer/toegangscontroles/").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(f"/beheer/toegangscontroles/{review.pk}/").status_code == 200
    assert Organisation.objects.count() >= 1
