"""Lock per username and address; slow down a username failing from many addresses."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

from accounts.selectors import login_locked_pairs, login_slowed_usernames
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/inloggen/"
VERIFY = "/inloggen/verificatie/"
OFFICE = "192.0.2.10"
ATTACKER = "198.51.100.66"
WRONG = "wrong-password-123"


def attempt(username: str, address: str, password: str = WRONG, **extra):
    return Client().post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **extra
    )


def test_one_address_cannot_lock_out_the_user_at_another(partner):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = attempt(partner.username, ATTACKER)
    assert response.status_code == 429
    assert "tijdelijk geblokkeerd" in response.content.decode()
    # The attacker's address stays locked, even with the right password...
    assert attempt(partner.username, ATTACKER, TEST_PASSWORD).status_code == 429
    # ...while the real user at the office logs in as usual.
    assert attempt(partner.username, OFFICE, TEST_PASSWORD)["Location"] == VERIFY


def test_the_lock_follows_the_trusted_proxy_address_not_the_proxy(partner, settings):
    """Behind one proxy every request has the proxy's REMOTE_ADDR: the lock must
    be on the address the proxy reports, or one attacker locks everyone out."""
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.1"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(partner.username, proxy, HTTP_X_FORWARDED_FOR=ATTACKER)
    locked = attempt(partner.username, proxy, TEST_PASSWORD, HTTP_X_FORWARDED_FOR=ATTACKER)
    assert locked.status_code == 429
    # A forged left-most entry does not move the attacker to another address.
    forged = attempt(
        partner.username, proxy, TEST_PASSWORD, HTTP_X_FORWARDED_FOR=f"{OFFICE}, {ATTACKER}"
    )
    assert forged.status_code == 429
    office = attempt(partner.username, proxy, TEST_PASSWORD, HTTP_X_FORWARDED_FOR=OFFICE)
    assert office["Location"] == VERIFY


def test_failures_from_two_addresses_slow_the_username_down(partner, caplog):
    caplog.set_level(logging.WARNING, logger="casusoverleg.security")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            attempt(partner.username, ATTACKER)
        # Below the per-address limit everywhere, but the fifth failure overall,
        # from a second address: the username is slowed down, not locked.
        attempt(partner.username, OFFICE)
        slowed = attempt(partner.username, OFFICE, TEST_PASSWORD)
    assert slowed.status_code == 429
    page = slowed.content.decode()
    assert "Wacht 2 seconden" in page
    assert "_auth_user_id" not in Client().session
    assert any("Login slowed down" in r.getMessage() for r in caplog.records)
    # A slow-down is a delay: after it the right password works again.
    with time_machine.travel(start + timedelta(seconds=3), tick=False):
        assert attempt(partner.username, OFFICE, TEST_PASSWORD)["Location"] == VERIFY


def test_the_delay_grows_with_every_failure_and_has_a_ceiling(partner, settings):
    settings.LOGIN_SLOWDOWN_MAX_SECONDS = 30
    moment = timezone.now()
    delays = []
    for index in range(settings.AXES_FAILURE_LIMIT + 5):
        address = f"203.0.113.{index + 1}"  # a new address every time: never locked
        with time_machine.travel(moment, tick=False):
            attempt(partner.username, address)
        count, rows = login_slowed_usernames()
        if count:
            delays.append(rows[0].delay)
            moment += timedelta(seconds=rows[0].delay + 1)
        else:
            moment += timedelta(seconds=1)
    assert delays == [2, 4, 8, 16, 30, 30]


def test_slowdown_counts_unknown_usernames_alike(partner):
    """The delay must not tell an attacker which usernames exist."""
    with time_machine.travel(timezone.now(), tick=False):
        for index in range(settings.AXES_FAILURE_LIMIT):
            attempt("nobody-here", f"203.0.113.{index + 1}")
        response = attempt("nobody-here", OFFICE)
    assert response.status_code == 429
    assert "Wacht 2 seconden" in response.content.decode()


def test_the_administrator_sees_locked_pairs_and_slowed_usernames(
    verified_client, functional_admin, partner, other_partner
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(partner.username, ATTACKER)
    for index in range(settings.AXES_FAILURE_LIMIT):
        attempt(other_partner.username, f"203.0.113.{index + 1}")
    count, pairs = login_locked_pairs()
    assert count == 1 and (pairs[0].user, pairs[0].ip_address) == (partner, ATTACKER)
    page = verified_client(functional_admin).get("/").content.decode()
    locked = page[page.index("Geblokkeerd per gebruikersnaam en adres") :].split("</section>")[0]
    assert partner.get_full_name() in locked and ATTACKER in locked
    assert other_partner.get_full_name() not in locked
    slowed = page[page.index("Vertraagd: mislukte pogingen") :].split("</section>")[0]
    assert other_partner.get_full_name() in slowed
    assert "vanaf 5 adressen" in slowed
    assert partner.get_full_name() not in slowed  # one address only: locked, not slowed


def test_unlock_clears_locks_and_slowdown(verified_client, functional_admin, partner):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(partner.username, ATTACKER)
    attempt(partner.username, OFFICE)
    assert login_slowed_usernames()[0] == 1
    verified_client(functional_admin).post(f"/beheer/gebruikers/{partner.pk}/ontgrendelen/")
    assert login_locked_pairs()[0] == 0 and login_slowed_usernames()[0] == 0
    assert attempt(partner.username, ATTACKER, TEST_PASSWORD)["Location"] == VERIFY
