"""Writes of the API: system accounts, and signals submitted by a partner's system."""

from __future__ import annotations

import datetime
import logging
import secrets
import uuid

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from lelystad_radicalisering.exceptions import ApplicationError
from network.models import Organisation
from signals.models import Neighbourhood, Signal
from signals.services import ReportedPerson, signal_submit

from .constants import TOKEN_PREFIX
from .models import ApiSubmission, SystemAccount, hash_token

logger = logging.getLogger("casusoverleg.security")

# Submission keys of API signals are derived from (account, Idempotency-Key),
# so the unique submission key of a signal is also the idempotency constraint.
IDEMPOTENCY_NAMESPACE = uuid.UUID("5b0c2f0e-7d6a-4a53-9d41-3f1f0c3a8e21")


class IdempotencyKeyReused(ApplicationError):
    """The same Idempotency-Key came with another request body."""


def token_parse(token: str) -> tuple[str, str] | None:
    """(key id, whole token) from ``clk_<key id>_<secret>``, or None."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    key_id, sep, secret = token[len(TOKEN_PREFIX) :].partition("_")
    if not sep or not key_id or not secret:
        return None
    return key_id, token


def _new_token() -> tuple[str, str]:
    key_id = secrets.token_hex(6)
    return key_id, f"{TOKEN_PREFIX}{key_id}_{secrets.token_urlsafe(32)}"


@transaction.atomic
def system_account_create(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    scopes: list[str],
    expires_on: datetime.date,
    allowed_networks: str = "",
) -> tuple[SystemAccount, str]:
    """Create a system account. Returns the account and its token: the only
    moment the token exists outside the partner's system."""
    key_id, token = _new_token()
    account = SystemAccount.objects.create(
        organisation=organisation,
        name=name.strip(),
        key_id=key_id,
        token_hash=hash_token(token),
        scopes=sorted(set(scopes)),
        allowed_networks="\n".join(
            line.strip() for line in allowed_networks.splitlines() if line.strip()
        ),
        expires_on=expires_on,
        created_by=actor,
    )
    logger.info("System account %s created by user id %s", account.key_id, actor.pk)
    return account, token


def system_account_create_demo(
    *, organisation: Organisation, name: str, token: str, scopes: list[str]
) -> SystemAccount:
    """The demo's account with a token printed in the README; refused unless DEBUG is on
    (see ``api.authentication``)."""
    parsed = token_parse(token)
    if parsed is None:
        raise ValueError("A demo token must look like clk_<key id>_<secret>.")
    account, _created = SystemAccount.objects.update_or_create(
        key_id=parsed[0],
        defaults={
            "organisation": organisation,
            "name": name,
            "token_hash": hash_token(token),
            "scopes": sorted(scopes),
            "expires_on": timezone.localdate() + datetime.timedelta(days=365),
            "is_demo": True,
        },
    )
    return account


@transaction.atomic
def system_account_revoke(*, actor: User, account: SystemAccount) -> SystemAccount:
    account = SystemAccount.objects.select_for_update().get(pk=account.pk)
    if account.revoked_at is None:
        account.revoked_at = timezone.now()
        account.revoked_by = actor
        account.save(update_fields=["revoked_at", "revoked_by"])
        logger.info("System account %s revoked by user id %s", account.key_id, actor.pk)
    return account


def _submission_key(account: SystemAccount, idempotency_key: str) -> uuid.UUID:
    return uuid.uuid5(IDEMPOTENCY_NAMESPACE, f"{account.pk}:{idempotency_key}")


def _replayed(submission: ApiSubmission, request_hash: str) -> Signal:
    if submission.request_hash != request_hash:
        raise IdempotencyKeyReused(
            _("This Idempotency-Key was already used for another request. Use a new key.")
        )
    return submission.signal


def api_signal_submit(
    *,
    account: SystemAccount,
    idempotency_key: str,
    request_hash: str,
    category: str,
    urgency: str,
    observation: str,
    observed_on: datetime.date,
    source: str,
    persons: list[ReportedPerson],
    group_description: str = "",
    place_description: str = "",
    observed_where: str = "",
    neighbourhood: Neighbourhood | None = None,
) -> tuple[Signal, bool]:
    """Submit a signal for the account's organisation through the browser's
    service. Returns (signal, created): a retry with the same key and body
    returns the first signal; concurrent retries meet the unique constraints
    (signal submission key; account + key), never a check-then-insert."""
    existing = (
        ApiSubmission.objects.select_related("signal")
        .filter(system_account=account, idempotency_key=idempotency_key)
        .first()
    )
    if existing is not None:
        return _replayed(existing, request_hash), False
    with transaction.atomic():
        signal, created = signal_submit(
            reporter=None,
            organisation=account.organisation,
            submission_key=_submission_key(account, idempotency_key),
            category=category,
            urgency=urgency,
            observation=observation,
            observed_on=observed_on,
            source=source,
            persons=persons,
            group_description=group_description,
            place_description=place_description,
            observed_where=observed_where,
            neighbourhood=neighbourhood,
        )
        if created:
            ApiSubmission.objects.create(
                system_account=account,
                idempotency_key=idempotency_key,
                request_hash=request_hash,
                signal=signal,
            )
    if not created:
        # A concurrent retry won: its submission row committed with its signal.
        return _replayed(signal.api_submission, request_hash), False
    return signal, True
