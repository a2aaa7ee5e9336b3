"""Fictional demo organisations and accounts, one per role. Demo only."""

from __future__ import annotations

import base64
import datetime
import hashlib
import os

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.constants import MfaClaim
from accounts.models import AccessReview, IdentityProvider, User
from accounts.services import (
    access_review_open,
    backup_codes_generate,
    invitation_issue,
    user_create,
)
from lelystad_radicalisering.roles import Role
from meetings.models import StatementConfirmation
from meetings.selectors import current_statement
from meetings.services import statement_confirm
from network.constants import OrganisationType
from network.models import Organisation
from network.services import organisation_create

DEMO_PASSWORD = "Lelystad-demo-2026"

DEMO_ORGANISATIONS: tuple[tuple[str, str], ...] = (
    ("Gemeente Lelystad", OrganisationType.MUNICIPALITY),
    ("Politie Basisteam Lelystad", OrganisationType.POLICE),
    ("Jeugdteam Lelystad", OrganisationType.YOUTH_CARE),
    ("Welzijn Lelystad", OrganisationType.WELFARE),
    ("Scholengroep Flevopolder", OrganisationType.EDUCATION),
    ("Reclassering Flevoland", OrganisationType.PROBATION),
    ("GGZ Polderland", OrganisationType.MENTAL_HEALTH),
)

# username, first name, last name, organisation, role
DEMO_USERS: tuple[tuple[str, str, str, str, str], ...] = (
    ("coordinator", "Sanne", "Verbeek", "Gemeente Lelystad", Role.COORDINATOR),
    ("politie", "Ruben", "Hoekstra", "Politie Basisteam Lelystad", Role.PARTNER),
    ("jeugdzorg", "Noor", "Bakker", "Jeugdteam Lelystad", Role.PARTNER),
    ("management", "Peter", "Molenaar", "Gemeente Lelystad", Role.MANAGEMENT),
    ("beheerder", "Femke", "de Groot", "Gemeente Lelystad", Role.FUNCTIONAL_ADMIN),
    ("privacy", "Yusuf", "Demir", "Gemeente Lelystad", Role.PRIVACY_OFFICER),
)


def demo_totp_key(username: str) -> bytes:
    """A fixed, documented TOTP key per demo account (README): demo only."""
    return hashlib.sha256(f"casusoverleg-demo-{username}".encode()).digest()[:20]


def demo_totp_secret(username: str) -> str:
    return base64.b32encode(demo_totp_key(username)).decode()


@transaction.atomic
def seed_demo_accounts() -> list[User]:
    organisations = {}
    for name, type_ in DEMO_ORGANISATIONS:
        organisation = Organisation.objects.filter(name=name).first()
        organisations[name] = organisation or organisation_create(
            name=name,
            type=type_,
            # One partner without a covenant, so the demo shows the rule.
            covenant_signed_on=None if name == "GGZ Polderland" else datetime.date(2024, 1, 15),
        )
    users = []
    for username, first_name, last_name, organisation, role in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(
                username=username,
                first_name=first_name,
                last_name=last_name,
                email=f"{username}@demo.lelystad.example",
                organisation=organisations[organisation],
                role=role,
            )
            # Demo only: the published password, as if the invitation was accepted.
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            TOTPDevice.objects.create(
                user=user,
                name="Demo",
                key=demo_totp_key(username).hex(),
                confirmed=True,
            )
            backup_codes_generate(user=user)
        if not StatementConfirmation.objects.filter(user=user).exists():
            # The demo's users have confirmed the confidentiality statement
            # (demo.pga adds a participant who has not).
            statement = current_statement()
            if statement is not None:
                statement_confirm(user=user, version=statement.version)
        users.append(user)
    return users


# username, first name, last name, organisation: invited but not yet accepted;
# the second invitation has expired, so the user list shows both states.
DEMO_INVITED: tuple[tuple[str, str, str, str, bool], ...] = (
    ("uitgenodigd", "Lotte", "Smit", "Welzijn Lelystad", False),
    ("verlopen", "Daan", "Visser", "Scholengroep Flevopolder", True),
)


@transaction.atomic
def seed_demo_lifecycle() -> None:
    """An invited user, an expired invitation and an open access review. Demo only."""
    from django.utils import timezone

    administrator = User.objects.get(username="beheerder")
    for username, first_name, last_name, organisation, expired in DEMO_INVITED:
        if User.objects.filter(username=username).exists():
            continue
        user = user_create(
            username=username,
            first_name=first_name,
            last_name=last_name,
            email=f"{username}@demo.lelystad.example",
            organisation=Organisation.objects.get(name=organisation),
            role=Role.PARTNER,
        )
        invitation, _token = invitation_issue(user=user, actor=administrator)
        if expired:
            invitation.expires_at = timezone.now() - datetime.timedelta(days=2)
            invitation.save(update_fields=["expires_at"])
    police = Organisation.objects.get(name="Politie Basisteam Lelystad")
    if not AccessReview.objects.filter(organisation=police).exists():
        access_review_open(
            organisation=police, due_on=timezone.localdate() + datetime.timedelta(days=14)
        )
    seed_demo_single_sign_on()


# The test OpenID Connect provider (README: tests/oidc_provider/run.py). Demo only.
DEMO_SSO_ORGANISATION = "GGD Flevoland"
DEMO_SSO_ISSUER = os.environ.get("DEMO_OIDC_ISSUER", "http://127.0.0.1:8190/o")
DEMO_SSO_CLIENT = ("casusoverleg", "test-provider-secret")
# username here, first name, last name, subject at the provider (None: invited, not bound yet)
DEMO_SSO_USERS: tuple[tuple[str, str, str, str | None], ...] = (
    ("ggd", "Amira", "Jansen", "ggd"),
    ("ggd.nieuw", "Bram", "de Vries", None),
)


def seed_demo_single_sign_on() -> None:
    """An organisation that logs in through the test provider; its MFA claim is trusted."""
    organisation = Organisation.objects.filter(name=DEMO_SSO_ORGANISATION).first()
    if organisation is None:
        organisation = organisation_create(
            name=DEMO_SSO_ORGANISATION,
            type=OrganisationType.OTHER,
            covenant_signed_on=datetime.date(2024, 1, 15),
        )
    if not IdentityProvider.objects.filter(organisation=organisation).exists():
        provider = IdentityProvider(
            organisation=organisation,
            issuer=DEMO_SSO_ISSUER,
            client_id=DEMO_SSO_CLIENT[0],
            trust_mfa_claim=True,
            mfa_claim=MfaClaim.AMR,
            mfa_values="mfa",
        )
        provider.set_client_secret(DEMO_SSO_CLIENT[1])
        provider.save()
    administrator = User.objects.get(username="beheerder")
    for username, first_name, last_name, subject in DEMO_SSO_USERS:
        if User.objects.filter(username=username).exists():
            continue
        user = user_create(
            username=username,
            first_name=first_name,
            last_name=last_name,
            email=f"{username}@demo.lelystad.example",
            organisation=organisation,
            role=Role.PARTNER,
        )
        if subject:
            user.sso_subject = subject
            user.save(update_fields=["sso_subject"])
            TOTPDevice.objects.create(
                user=user, name="Demo", key=demo_totp_key(username).hex(), confirmed=True
            )
        else:
            invitation_issue(user=user, actor=administrator)
