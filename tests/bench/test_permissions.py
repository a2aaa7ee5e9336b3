"""The benchmark's floor page: off (404) by default, behind login and 2FA when on."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lelystad_radicalisering.roles import Role
from tests.urlwalk import all_routes

pytestmark = pytest.mark.django_db

# url name -> expected status per role with BENCH_FLOOR on; anyone unlisted gets 403.
# Off, the listed roles get 404.
TABLE = {"bench:floor": {Role.PARTNER: 200, Role.COORDINATOR: 200}}


def test_table_covers_every_bench_url():
    assert {r.view_name for r in all_routes() if r.view_name.startswith("bench:")} == set(TABLE)


@pytest.mark.parametrize("name", list(TABLE))
def test_floor_is_not_found_unless_switched_on(verified_client, cast, name):
    for role, user in cast.items():
        expected = 404 if role in TABLE[name] else 403
        assert verified_client(user).get(reverse(name)).status_code == expected, role


@pytest.mark.parametrize("name", list(TABLE))
def test_floor_answers_every_verified_user_when_switched_on(settings, verified_client, cast, name):
    settings.BENCH_FLOOR = True
    for actor, user in cast.items():
        response = verified_client(user).get(reverse(name))
        assert response.status_code == TABLE[name].get(actor, 403), actor


@pytest.mark.parametrize("name", list(TABLE))
def test_floor_needs_login_and_second_factor_when_switched_on(
    settings, client, password_only_client, coordinator, name
):
    settings.BENCH_FLOOR = True
    url = reverse(name)
    assert client.get(url)["Location"].startswith("/inloggen/?next=")
    response = password_only_client(coordinator).get(url)
    assert (response.status_code, response["Location"]) == (302, "/inloggen/verificatie/")


def test_floor_is_one_query_beyond_the_middleware(
    settings, verified_client, partner, django_assert_max_num_queries
):
    settings.BENCH_FLOOR = True
    client = verified_client(partner)
    client.get(reverse("bench:floor"))
    with django_assert_max_num_queries(8):
        assert client.get(reverse("bench:floor")).status_code == 200
