"""A deactivated user loses access at once; a 2FA reset is logged and notified."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core import mail

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_session_of_a_user_deactivated_behind_the_apps_back_stops_working(partner, verified_client):
    """Deactivation by a job or a direct database update leaves the session row in
    place; the authentication backend must still refuse the inactive user."""
    client = verified_client(partner)
    assert client.get("/").status_code == 200
    User.objects.filter(pk=partner.pk).update(is_active=False)  # not a service, on purpose
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/inloggen/")
    assert client.get("/casussen/")["Location"].startswith("/inloggen/")


def test_deactivated_user_cannot_log_in_again(partner, client):
    from tests.factories import TEST_PASSWORD

    User.objects.filter(pk=partner.pk).update(is_active=False)
    response = client.post("/inloggen/", {"username": partner.username, "password": TEST_PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_two_factor_reset_is_audited_and_notified_after_commit(
    verified_client, functional_admin, partner, privacy_officer, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        verified_client(functional_admin).post(
            f"/beheer/gebruikers/{partner.pk}/2fa-resetten/", {"confirm": "yes"}
        )
    assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    (message,) = mail.outbox
    assert message.to == [partner.email]
    assert "tweestapsverificatie" in message.subject.lower()
    assert "Hebt u hier niet om gevraagd?" in message.body
    for personal in (partner.username, partner.last_name, partner.organisation.name):
        assert personal not in message.body

    entry = LogEntry.objects.get_for_object(partner).get(additional_data__event="two_factor_reset")
    assert entry.actor == functional_admin
    assert entry.action == LogEntry.Action.UPDATE
    html = verified_client(privacy_officer).get("/privacy/auditlog/", {"object": str(partner.pk)})
    # The privacy officer reads the event in Dutch, never its code.
    assert "Tweestapsverificatie opnieuw ingesteld" in html.content.decode()
    assert "two_factor_reset" not in html.content.decode()
