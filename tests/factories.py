"""factory_boy factories. They go through the services, as the app does."""

from __future__ import annotations

import datetime

import factory
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.services import user_create
from lelystad_radicalisering.roles import Role
from network.constants import OrganisationType
from network.models import Organisation
from network.services import organisation_create

TEST_PASSWORD = "correct-horse-battery-staple-42"


class OrganisationFactory(factory.Factory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    type = OrganisationType.POLICE
    is_active = True
    covenant_signed_on = datetime.date(2024, 1, 1)

    @classmethod
    def _create(cls, model_class, **kwargs) -> Organisation:
        return organisation_create(**kwargs)


class UserFactory(factory.Factory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Persoon {n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.PARTNER
    password = TEST_PASSWORD
    must_change_password = False

    @classmethod
    def _create(cls, model_class, **kwargs) -> User:
        # Accounts are created without a password (issue 14: invitations); the
        # tests' users have accepted theirs, so they get one here, as the user would.
        password = kwargs.pop("password")
        must_change_password = kwargs.pop("must_change_password")
        user = user_create(**kwargs)
        user.set_password(password)
        user.must_change_password = must_change_password
        user.save(update_fields=["password", "must_change_password"])
        return user


class TOTPDeviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(UserFactory)
    name = "Test"
    confirmed = True


def confirm_statement(user):
    """The user has confirmed the current confidentiality statement (PGA law):
    the fixed cast has, so meeting pages open; tests of the statement page
    use a user who has not."""
    from meetings.models import ConfidentialityStatement, StatementConfirmation

    statement = ConfidentialityStatement.objects.order_by("-version").first()
    if statement is not None:
        StatementConfirmation.objects.create(statement=statement, user=user)
    return user
