"""Invitations: the administrator never knows a password; the link is single
use, expires, belongs to one user and is refused in someone else's session."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core import mail
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.constants import AccountState
from accounts.models import BackupCodeDevice, Invitation, User
from accounts.selectors import account_state, users_for_administration
from lelystad_radicalisering.roles import Role
from tests.conftest import current_totp

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "mijn-eigen-geheime-zin-2026"
SETUP = "/inloggen/tweestapsverificatie-instellen/"


def _invite(client, police, *, username="nieuwe.collega", email="nc@example.org"):
    return client.post(
        "/beheer/gebruikers/nieuw/",
        {
            "username": username,
            "first_name": "Nieuwe",
            "last_name": "Collega",
            "email": email,
            "organisation": police.pk,
            "role": Role.PARTNER,
        },
    )


def _link_from(message) -> str:
    match = re.search(r"https?://[^/\s]+(/uitnodiging/\d+/[\w-]+/)", message.body)
    assert match, message.body
    return match.group(1)


@pytest.fixture
def invited(verified_client, functional_admin, police, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(verified_client(functional_admin), police)
    assert response.status_code == 302
    user = User.objects.get(username="nieuwe.collega")
    assert len(mail.outbox) == 1
    return user, _link_from(mail.outbox[0])


def _accept(client: Client, link: str, password: str = NEW_PASSWORD):
    return client.post(link, {"new_password1": password, "new_password2": password})


def test_invitation_stores_only_a_hash_and_mails_a_neutral_text(invited, police):
    user, link = invited
    token = link.rstrip("/").rsplit("/", 1)[1]
    invitation = Invitation.objects.get(user=user)
    assert invitation.token_hash == Invitation.hash_token(token)
    assert token not in invitation.token_hash
    assert not user.has_usable_password()
    message = mail.outbox[0]
    assert message.to == ["nc@example.org"]
    for personal in (police.name, "Nieuwe", "Collega", user.username):
        assert personal not in message.body and personal not in message.subject
    assert "72 uur" in message.body


def test_following_the_link_sets_the_password_then_enrolment_then_start(invited):
    user, link = invited
    client = Client()
    page = client.get(link)
    assert page.status_code == 200
    assert "Kies uw wachtwoord" in page.content.decode()
    assert page["Cache-Control"].startswith("max-age=0") or "no-cache" in page["Cache-Control"]
    response = _accept(client, link)
    assert response["Location"] == SETUP
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    # Password step passed, second factor not yet: everything else sends to enrolment.
    assert client.get("/")["Location"] == "/inloggen/verificatie/"
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    backup = client.post(SETUP, {"token": current_totp(device)})
    assert "Uw reservecodes" in backup.content.decode()
    assert BackupCodeDevice.objects.filter(user=user).exists()
    assert client.get("/").status_code == 200


def test_opening_the_link_changes_nothing(invited):
    user, link = invited
    Client().get(link)
    Client().get(link)
    invitation = Invitation.objects.get(user=user)
    assert invitation.accepted_at is None
    assert _accept(Client(), link).status_code == 302


def test_link_is_single_use(invited):
    user, link = invited
    assert _accept(Client(), link).status_code == 302
    again = _accept(Client(), link, "een-ander-wachtwoord-2026")
    assert again.status_code == 404
    html = again.content.decode()
    assert "Link niet meer geldig" in html
    assert user.username not in html and user.email not in html
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_link_expires_after_the_configured_hours(invited, settings):
    user, link = invited
    later = timezone.now() + datetime.timedelta(hours=settings.INVITATION_VALID_HOURS, minutes=1)
    with time_machine.travel(later):
        response = Client().get(link)
        assert response.status_code == 404
        assert "Vraag de functioneel beheerder om een nieuwe uitnodiging." in (
            response.content.decode()
        )
        assert _accept(Client(), link).status_code == 404
        assert account_state(users_for_administration().get(pk=user.pk)) == "invitation_expired"
    user.refresh_from_db()
    assert not user.has_usable_password()


def test_link_in_someone_elses_session_is_refused_and_changes_nothing(
    invited, verified_client, partner, password_only_client
):
    user, link = invited
    for client in (verified_client(partner), password_only_client(partner)):
        page = client.get(link)
        assert page.status_code == 200
        assert "U bent ingelogd als iemand anders." in page.content.decode()
        response = _accept(client, link)
        assert "U bent ingelogd als iemand anders." in response.content.decode()
    user.refresh_from_db()
    assert not user.has_usable_password()
    assert Invitation.objects.get(user=user).accepted_at is None


def test_token_of_another_invitation_is_refused(
    invited, verified_client, functional_admin, police, django_capture_on_commit_callbacks
):
    user, _link = invited
    with django_capture_on_commit_callbacks(execute=True):
        _invite(verified_client(functional_admin), police, username="tweede", email="t@example.org")
    other_link = _link_from(mail.outbox[-1])
    other_token = other_link.rstrip("/").rsplit("/", 1)[1]
    own_pk = Invitation.objects.get(user=user).pk
    forged = f"/uitnodiging/{own_pk}/{other_token}/"
    response = _accept(Client(), forged)
    assert "Deze link hoort niet bij deze uitnodiging." in response.content.decode()
    user.refresh_from_db()
    assert not user.has_usable_password()
    assert not User.objects.get(username="tweede").has_usable_password()


def test_weak_password_gets_a_dutch_error_and_keeps_the_link(invited):
    user, link = invited
    response = _accept(Client(), link, "kort")
    assert response.status_code == 200
    assert "Dit wachtwoord is te kort." in response.content.decode()
    assert Invitation.objects.get(user=user).accepted_at is None


def test_resending_invalidates_the_previous_link(
    invited, verified_client, functional_admin, django_capture_on_commit_callbacks
):
    user, first_link = invited
    with django_capture_on_commit_callbacks(execute=True):
        response = verified_client(functional_admin).post(
            f"/beheer/gebruikers/{user.pk}/uitnodiging-opnieuw/"
        )
    assert response.status_code == 302
    second_link = _link_from(mail.outbox[-1])
    assert second_link != first_link
    assert _accept(Client(), first_link).status_code == 404
    assert _accept(Client(), second_link).status_code == 302


def test_resend_is_refused_once_the_user_has_a_password(invited, verified_client, functional_admin):
    user, link = invited
    _accept(Client(), link)
    client = verified_client(functional_admin)
    response = client.post(f"/beheer/gebruikers/{user.pk}/uitnodiging-opnieuw/", follow=True)
    assert "Deze gebruiker heeft al een wachtwoord gekozen." in response.content.decode()
    assert Invitation.objects.filter(user=user).count() == 1


def test_user_list_shows_the_invitation_state(
    invited, verified_client, functional_admin, partner, settings
):
    user, link = invited
    client = verified_client(functional_admin)
    html = client.get("/beheer/gebruikers/", {"status": AccountState.INVITED}).content.decode()
    assert user.username in html and partner.username not in html
    assert "uitgenodigd" in html
    detail = client.get(f"/beheer/gebruikers/{user.pk}/").content.decode()
    assert "Uitnodiging opnieuw versturen" in detail
    with time_machine.travel(timezone.now() + datetime.timedelta(days=4)):
        # A fresh session: the earlier one has long been idle by then.
        html = verified_client(functional_admin).get("/beheer/gebruikers/").content.decode()
        assert "uitnodiging verlopen" in html
        expired = users_for_administration(status=AccountState.INVITATION_EXPIRED)
        assert list(expired) == [user]
    _accept(Client(), link)
    html = client.get("/beheer/gebruikers/", {"status": AccountState.ACTIVE}).content.decode()
    assert user.username in html


def test_invitation_is_in_the_audit_log_without_the_hash(invited, functional_admin):
    user, _link = invited
    invitation = Invitation.objects.get(user=user)
    entry = LogEntry.objects.get_for_object(invitation).get(action=LogEntry.Action.CREATE)
    assert entry.actor == functional_admin
    assert "token_hash" not in entry.changes_dict


def test_invite_form_has_no_password_field(verified_client, functional_admin):
    html = verified_client(functional_admin).get("/beheer/gebruikers/nieuw/").content.decode()
    assert 'type="password"' not in html
    assert "Uitnodiging versturen" in html


def test_duplicate_email_is_refused_next_to_the_field(
    verified_client, functional_admin, police, partner
):
    response = _invite(verified_client(functional_admin), police, email=partner.email.upper())
    assert response.status_code == 200
    assert "Dit e-mailadres is al in gebruik." in response.content.decode()


@pytest.mark.parametrize("rows", [10, 1000])
def test_user_list_with_invitations_runs_constant_queries(
    verified_client, functional_admin, police, django_assert_max_num_queries, rows
):
    from accounts.services import invitation_issue

    User.objects.bulk_create(
        [
            User(
                username=f"massa{i}",
                email=f"massa{i}@example.org",
                organisation=police,
                role=Role.PARTNER,
                password="!",
            )
            for i in range(rows)
        ]
    )
    for user in User.objects.filter(username__startswith="massa")[:5]:
        invitation_issue(user=user, actor=functional_admin)
    client = verified_client(functional_admin)
    with django_assert_max_num_queries(12):
        response = client.get("/beheer/gebruikers/")
    assert response.status_code == 200


def test_invitation_post_without_csrf_token_is_refused(invited):
    user, link = invited
    client = Client(enforce_csrf_checks=True)
    assert client.get(link).status_code == 200
    response = client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 403
    user.refresh_from_db()
    assert not user.has_usable_password()
