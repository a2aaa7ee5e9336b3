"""The notification centre: the list, the header badge, opening one (checked
again against the target's own rule), marking read, and the settings page."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from cases import services as case_services
from notifications.constants import Delivery
from notifications.models import Notification, NotificationPreference
from notifications.services import notifications_create
from tests.notifications.kinds import Kind

pytestmark = pytest.mark.django_db


def notify(kind, target_id, user, reference="C-2026-0001"):
    return Notification.objects.create(
        recipient=user, kind=kind, target_id=target_id, reference=reference
    )


def test_list_shows_own_notifications_with_label_and_badge(
    verified_client, reader, contributor, case
):
    mine = notify(Kind.INVOLVEMENT, case.pk, reader, case.reference)
    notify(Kind.INVOLVEMENT, case.pk, contributor, "C-2099-9999")
    response = verified_client(reader).get(reverse("notifications:notification_list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert mine.label in html and "C-2099-9999" not in html
    assert 'class="app-count">1<' in html


def test_opening_marks_read_and_leads_to_the_case(verified_client, reader, case):
    notification = notify(Kind.INVOLVEMENT, case.pk, reader, case.reference)
    url = reverse("notifications:notification_open", args=[notification.pk])
    response = verified_client(reader).post(url)
    assert response.status_code == 302 and response["Location"] == f"/casussen/{case.pk}/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_the_email_link_leads_on_without_marking_read(verified_client, reader, case):
    notification = notify(Kind.INVOLVEMENT, case.pk, reader, case.reference)
    url = reverse("notifications:notification_open", args=[notification.pk])
    response = verified_client(reader).get(url)
    assert response.status_code == 302 and response["Location"] == f"/casussen/{case.pk}/"
    notification.refresh_from_db()
    assert notification.read_at is None


def test_revoked_involvement_leads_to_a_neutral_404(verified_client, coordinator, reader, case):
    notification = notify(Kind.INVOLVEMENT, case.pk, reader, case.reference)
    involvement = case.involvements.get(organisation=reader.organisation)
    case_services.involvement_revoke(involvement=involvement)
    for method in ("get", "post"):
        response = getattr(verified_client(reader), method)(
            reverse("notifications:notification_open", args=[notification.pk])
        )
        html = response.content.decode()
        assert response.status_code == 404
        assert "niet meer beschikbaar" in html.lower()
        assert case.label not in html and f"/casussen/{case.pk}/" not in html


def test_another_users_notification_is_404_and_stays_unread(
    verified_client, reader, contributor, case
):
    notification = notify(Kind.INVOLVEMENT, case.pk, contributor, case.reference)
    client = verified_client(reader)
    for name in ("notifications:notification_open", "notifications:notification_read"):
        assert client.post(reverse(name, args=[notification.pk])).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_without_second_factor_or_anonymous_nothing_opens(
    password_only_client, client, reader, case
):
    notification = notify(Kind.INVOLVEMENT, case.pk, reader, case.reference)
    url = reverse("notifications:notification_open", args=[notification.pk])
    response = password_only_client(reader).post(url)
    assert (response.status_code, response["Location"]) == (302, "/inloggen/verificatie/")
    response = client.post(url)
    assert response.status_code == 302 and response["Location"].startswith("/inloggen/?next=")
    notification.refresh_from_db()
    assert notification.read_at is None


@pytest.mark.parametrize(
    ("kind", "allowed", "refused"),
    [
        (Kind.MEETING_INVITED, "reader", "partner"),
        (Kind.ACTION_ASSIGNED, "reader", "outsider"),
        (Kind.REPORT_READY, "management", "reader"),
    ],
)
def test_other_targets_are_checked_with_their_own_rule(
    verified_client, request, kind, allowed, refused, meeting, action, management, partner
):
    if kind == Kind.REPORT_READY:
        from reports.models import Report

        target = Report.objects.create(
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2026, 3, 31),
            threshold=5,
            requested_by=management,
        )
    else:
        target = meeting if kind == Kind.MEETING_INVITED else action
    for name, expected in ((allowed, 302), (refused, 404)):
        user = request.getfixturevalue(name)
        notification = notify(kind, target.pk, user)
        response = verified_client(user).post(
            reverse("notifications:notification_open", args=[notification.pk])
        )
        assert response.status_code == expected, (kind, name)


def test_mark_one_and_all_as_read(verified_client, reader, case):
    first = notify(Kind.INVOLVEMENT, case.pk, reader)
    notify(Kind.CASE_UPDATE, case.pk, reader)
    notify(Kind.CASE_UPDATE, case.pk + 1, reader)
    client = verified_client(reader)
    assert (
        client.post(reverse("notifications:notification_read", args=[first.pk])).status_code == 302
    )
    assert reader.notifications.filter(read_at__isnull=True).count() == 2
    assert client.post(reverse("notifications:notifications_read_all")).status_code == 302
    assert not reader.notifications.filter(read_at__isnull=True).exists()
    html = client.get(reverse("notifications:notification_list")).content.decode()
    assert "app-count" not in html


def test_mark_all_needs_a_post(verified_client, reader, case):
    notify(Kind.INVOLVEMENT, case.pk, reader)
    response = verified_client(reader).get(reverse("notifications:notifications_read_all"))
    assert response.status_code == 405
    assert reader.notifications.filter(read_at__isnull=True).count() == 1


def test_preferences_page_saves_a_choice_per_kind(verified_client, reader):
    client = verified_client(reader)
    page = client.get(reverse("notifications:preferences"))
    assert page.status_code == 200
    data = {kind: Delivery.APP for kind in Kind.values}
    data[Kind.CASE_UPDATE] = Delivery.IMMEDIATE
    assert client.post(reverse("notifications:preferences"), data).status_code == 302
    assert NotificationPreference.objects.get(user=reader, kind=Kind.CASE_UPDATE).delivery == (
        Delivery.IMMEDIATE
    )
    data[Kind.CASE_UPDATE] = "overal"
    response = client.post(reverse("notifications:preferences"), data)
    assert response.status_code == 400
    assert NotificationPreference.objects.get(user=reader, kind=Kind.CASE_UPDATE).delivery == (
        Delivery.IMMEDIATE
    )


def test_every_role_has_the_centre_in_the_header(verified_client, cast):
    for user in cast.values():
        html = (
            verified_client(user).get(reverse("notifications:notification_list")).content.decode()
        )
        assert 'href="/berichten/"' in html


def test_fan_out_is_one_insert(coordinator, reader, case, django_assert_max_num_queries):
    from tests.factories import UserFactory

    for n in range(30):
        UserFactory(username=f"welzijn{n}", organisation=reader.organisation)
    involvement = case.involvements.get(organisation=reader.organisation)
    with django_assert_max_num_queries(8) as queries:
        created = notifications_create(kind=Kind.INVOLVEMENT, source_id=involvement.pk)
    assert len(created) == 31
    inserts = [q for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == 1


def _badge(client) -> str | None:
    html = client.get(reverse("accounts:account")).content.decode()
    marker = 'class="app-count">'
    if marker not in html:
        return None
    return html.split(marker, 1)[1].split("<", 1)[0]


def test_the_badge_follows_reads_and_new_notifications_in_the_same_session(
    verified_client, reader, case
):
    """The count comes with the user's row: each request reads it anew."""
    first = notify(Kind.INVOLVEMENT, case.pk, reader)
    notify(Kind.CASE_UPDATE, case.pk, reader)
    client = verified_client(reader)
    assert _badge(client) == "2"
    client.post(reverse("notifications:notification_read", args=[first.pk]))
    assert _badge(client) == "1"
    notify(Kind.CASE_UPDATE, case.pk + 1, reader)
    assert _badge(client) == "2"
    client.post(reverse("notifications:notifications_read_all"))
    assert _badge(client) is None


def test_a_read_forgets_the_count_loaded_with_the_user(reader, case):
    """Within one request: after marking read, the header counts again."""
    from accounts.backends import UserBackend
    from notifications.selectors import unread_count
    from notifications.services import notification_mark_read, notifications_mark_all_read

    first = notify(Kind.INVOLVEMENT, case.pk, reader)
    notify(Kind.CASE_UPDATE, case.pk, reader)
    user = UserBackend().get_user(reader.pk)
    assert unread_count(user) == 2
    notification_mark_read(user=user, notification=first)
    assert unread_count(user) == 1
    notifications_mark_all_read(user=user)
    assert unread_count(user) == 0
