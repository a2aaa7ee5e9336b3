"""The second factor the session was verified with is read in the query that
loads the user (accounts.middleware.OTPMiddleware with accounts.backends), and
django-otp's checks still hold: the device must exist, be the user's and be
confirmed, else the session is no longer verified."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import BackupCodeDevice

pytestmark = pytest.mark.django_db


def _with_device_in_session(client, persistent_id: str) -> None:
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = persistent_id
    session.save()


def test_a_verified_page_reads_user_and_device_in_one_query(verified_client, partner):
    client = verified_client(partner)
    client.get(reverse("accounts:account"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("accounts:account"))
    assert response.status_code == 200
    device_reads = [q["sql"] for q in queries.captured_queries if "otp_totp_totpdevice" in q["sql"]]
    assert len(device_reads) == 1
    assert '"accounts_user"' in device_reads[0]


def test_a_deleted_device_ends_the_verification(verified_client, partner):
    client = verified_client(partner)
    TOTPDevice.objects.filter(user=partner).delete()
    response = client.get(reverse("accounts:account"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:verify")
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_an_unconfirmed_device_does_not_verify(verified_client, partner):
    client = verified_client(partner)
    TOTPDevice.objects.filter(user=partner).update(confirmed=False)
    response = client.get(reverse("accounts:account"))
    assert response["Location"] == reverse("accounts:verify")


def test_another_users_device_does_not_verify(password_only_client, partner, other_partner):
    client = password_only_client(partner)
    _with_device_in_session(client, TOTPDevice.objects.get(user=other_partner).persistent_id)
    response = client.get(reverse("accounts:account"))
    assert response["Location"] == reverse("accounts:verify")
    assert DEVICE_ID_SESSION_KEY not in client.session


@pytest.mark.parametrize(
    "persistent_id",
    ["otp_totp.totpdevice/not-a-number", "nosuchapp.device/1", "accounts.user/1", "garbage"],
)
def test_a_malformed_device_id_does_not_verify(password_only_client, partner, persistent_id):
    client = password_only_client(partner)
    _with_device_in_session(client, persistent_id)
    response = client.get(reverse("accounts:account"))
    assert response["Location"] == reverse("accounts:verify")


def test_a_backup_code_device_verifies_like_the_totp_device(password_only_client, partner):
    client = password_only_client(partner)
    device = BackupCodeDevice.objects.create(user=partner, name="backup", confirmed=True)
    _with_device_in_session(client, device.persistent_id)
    assert client.get(reverse("accounts:account")).status_code == 200
