"""No page lists a whole table in a field (issue 24, point 1).

The access table's world, plus more than 200 organisations, users, persons and
open cases (visible to a partner). Every page each actor may open is fetched
and every ``<select>`` on it is counted: none may offer more than 200 options.
A choice among rows that can grow is a search field with suggestions instead
(``lelystad_radicalisering/search.py``).
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import User
from lelystad_radicalisering.roles import Role
from network.constants import OrganisationType
from network.models import Organisation
from signals.models import Person
from tests.cases.test_query_budget import fill_cases

from .access_table import ACTORS, TABLE, build_world
from .harness import _client

pytestmark = pytest.mark.django_db

MAX_OPTIONS = 200
MANY = 210
SELECT = re.compile(r"<select\b[^>]*>(.*?)</select>", re.S | re.I)
NAME = re.compile(r'name="([^"]*)"')
OPTION = re.compile(r"<option\b", re.I)


def _grow(world) -> None:
    """More than MANY rows of each growing table (test data, in bulk)."""
    today = timezone.localdate()
    groups = Group.objects.bulk_create(Group(name=f"organisatie-veel-{i}") for i in range(MANY))
    Organisation.objects.bulk_create(
        Organisation(
            name=f"Organisatie {i:03d}",
            type=OrganisationType.OTHER,
            group=group,
            covenant_signed_on=today - datetime.timedelta(days=30),
        )
        for i, group in enumerate(groups)
    )
    for role, organisation in (
        (Role.PARTNER, world.partner_own.organisation),
        (Role.PARTNER, world.partner_involved.organisation),
        (Role.COORDINATOR, world.coordinator.organisation),
    ):
        User.objects.bulk_create(
            User(
                username=f"veel.{role}.{organisation.pk}.{i}",
                first_name="Test",
                last_name=f"Gebruiker {i}",
                email=f"veel.{role}.{organisation.pk}.{i}@example.org",
                organisation=organisation,
                role=role,
            )
            for i in range(MANY)
        )
    Person.objects.bulk_create(Person(full_name=f"Persoon {i}") for i in range(MANY))
    # Open cases the involved partner sees (and the coordinator, as every case).
    fill_cases(MANY, world.partner_involved.organisation, start=5000)


def _oversized_selects(html: str) -> list[str]:
    found = []
    for match in SELECT.finditer(html):
        options = len(OPTION.findall(match.group(1)))
        if options > MAX_OPTIONS:
            name = NAME.search(match.group(0))
            found.append(f"<select name={name.group(1) if name else '?'}> {options} options")
    return found


def test_no_page_renders_a_select_with_more_than_200_options(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    world = build_world()
    _grow(world)
    clients = {actor: _client(world.actors[actor]) for actor in ACTORS}
    pages = 0
    failures = []
    for name, row in sorted(TABLE.items()):
        url, data = row.request(world, name)
        for actor in ACTORS:
            if row.status_for(actor) >= 400:
                continue
            # POST-only rows: their GET shows the form, where there is one.
            response = clients[actor].get(url, data if row.method == "get" else {})
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            pages += 1
            body = response.content.decode()
            failures += [f"{actor} {url}: {s}" for s in _oversized_selects(body)]
    print(f"{pages} pages checked")
    assert pages > 100
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("typed", ["²", "٣", "99999999999999999999", "12a", "", "  "])
def test_a_search_field_redisplays_any_typed_text_without_a_server_error(typed):
    """A posted value that looks like a number to ``str.isdigit`` but is none
    (superscript two, Arabic-Indic three) or does not fit a key is shown back as
    typed, with the form's message, never looked up as a primary key (was a 500)."""
    from lelystad_radicalisering.search import SearchChoiceField

    field = SearchChoiceField(
        key="name", search_fields=["name"], queryset=Organisation.objects.all(), required=True
    )
    assert field.prepare_value(typed) == typed
    if typed.strip():
        with pytest.raises(Exception) as error:
            field.clean(typed)
        assert error.type.__name__ == "ValidationError"
