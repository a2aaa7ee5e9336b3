"""Network pages cost the same number of queries at 10 and at 1,000 rows."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from lelystad_radicalisering.roles import Role
from network.constants import CommunityKind, OrganisationType, Tension, TrainingTopic
from network.models import (
    Community,
    ContactMoment,
    ContactPerson,
    Organisation,
    Training,
    TrainingRegistration,
)

pytestmark = pytest.mark.django_db
BUDGET = 40
_serial = itertools.count()


# Test data in bulk (the app itself never bulk-writes audited models).
def _organisations(count: int, **_) -> None:
    names = [f"Bulk organisatie {next(_serial)}" for _ in range(count)]
    groups = Group.objects.bulk_create(Group(name=f"Organisatie: {n}") for n in names)
    Organisation.objects.bulk_create(
        Organisation(
            name=n,
            type=OrganisationType.WELFARE,
            group=g,
            covenant_signed_on=datetime.date(2024, 1, 1),
        )
        for n, g in zip(names, groups, strict=True)
    )


def _users(count: int, *, organisation, **_) -> None:
    User.objects.bulk_create(
        User(
            username=f"bulk{next(_serial)}",
            organisation=organisation,
            role=Role.PARTNER,
            email="bulk@example.org",
        )
        for _ in range(count)
    )


def _communities(count: int, **_) -> None:
    communities = Community.objects.bulk_create(
        Community(name=f"Gemeenschap {next(_serial)}", kind=CommunityKind.values[0])
        for _ in range(count)
    )
    ContactMoment.objects.bulk_create(
        ContactMoment(
            community=c,
            date=timezone.localdate(),
            spoke_with="bulk",
            topic="bulk",
            tension=Tension.values[-1],
            pillar="polarisation",
            follow_up="Terugbellen",
            follow_up_due=timezone.localdate(),
        )
        for c in communities
    )


def _trainings(count: int, **_) -> None:
    Training.objects.bulk_create(
        Training(
            title=f"Training {next(_serial)}",
            topic=TrainingTopic.RECOGNISING,
            starts_at=timezone.now() + datetime.timedelta(days=3),
            location="Stadhuis",
            trainer="bulk",
            capacity=5000,
        )
        for _ in range(count)
    )


def _registrations(count: int, *, training, organisation, **_) -> None:
    TrainingRegistration.objects.bulk_create(
        TrainingRegistration(
            training=training,
            organisation=organisation,
            participant_name="bulk",
            participant_email=f"p{next(_serial)}@example.org",
        )
        for _ in range(count)
    )


PAGES = {
    "organisation_list": ("/beheer/organisaties/", "functional_admin", _organisations),
    "organisation_detail": ("/beheer/organisaties/{organisation}/", "functional_admin", _users),
    "directory": ("/netwerk/organisaties/", "coordinator", _organisations),
    "community_list": ("/netwerk/gemeenschappen/", "coordinator", _communities),
    "follow_ups": ("/netwerk/opvolging/", "coordinator", _communities),
    "tension_overview": ("/netwerk/spanningen/", "coordinator", _communities),
    "training_list": ("/trainingen/", "partner", _trainings),
    "training_overview": ("/trainingen/overzicht/", "coordinator", _trainings),
    "training_detail": ("/trainingen/{training}/", "coordinator", _registrations),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_network_pages_do_not_grow_with_rows(verified_client, cast, police, page):
    url, role, fill = PAGES[page]
    training = Training.objects.create(
        title="Vaste training",
        topic=TrainingTopic.RECOGNISING,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        location="Stadhuis",
        trainer="Trainer",
        capacity=5000,
    )
    url = url.format(organisation=police.pk, training=training.pk)
    client = verified_client(cast[role])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        return len(queries.captured_queries)

    fill(10, organisation=police, training=training)
    client.get(url)
    small = count()
    fill(990, organisation=police, training=training)
    large = count()
    print(f"{url}: {small} queries at 10 rows, {large} at 1000")
    assert large <= small <= BUDGET


def _organisations_with_contacts(count: int) -> None:
    _organisations(count)
    ContactPerson.objects.bulk_create(
        ContactPerson(organisation=organisation, name=f"Contact {n}", function="Wijkagent")
        for organisation in Organisation.objects.filter(contacts__isnull=True)
        for n in range(3)
    )


# The directory is paged: the same queries at 60 organisations as at 600, each
# with three contact persons, filtered or not, and within the every-page budget.
DIRECTORY_BUDGET = 12


@pytest.mark.parametrize(
    "params",
    [{}, {"pagina": "2"}, {"q": "contact", "type": OrganisationType.WELFARE, "pagina": "2"}],
)
def test_directory_costs_the_same_at_60_and_600_organisations(
    verified_client, partner, params, django_assert_max_num_queries
):
    client = verified_client(partner)
    client.get("/netwerk/organisaties/")  # warm the per-process caches (content types)
    counts = []
    for added in (60, 540):
        _organisations_with_contacts(added)
        with django_assert_max_num_queries(DIRECTORY_BUDGET) as queries:
            response = client.get("/netwerk/organisaties/", params)
        assert response.status_code == 200
        assert response.content.decode().count("(Wijkagent)") == 25 * 3
        counts.append(len(queries))
    assert counts[0] == counts[1]
