"""What the case page reads together instead of one query each (issue 24
point 6) still shows the same: who an update was shared with, which
organisations the forms offer, and whether a partner may change the case."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from guardian.shortcuts import assign_perm

from cases import services
from cases.constants import CHANGE_CASE, Visibility
from cases.selectors import case_for_user_or_404
from tests.cases.conftest import open_case

pytestmark = pytest.mark.django_db


def _page(client, case) -> tuple[str, list[str]]:
    client.get(f"/casussen/{case.pk}/")
    with CaptureQueriesContext(connection) as queries:
        html = client.get(f"/casussen/{case.pk}/").content.decode()
    return html, [q["sql"] for q in queries.captured_queries]


def test_an_update_shared_with_chosen_organisations_names_them(
    verified_client, case, coordinator, contributor
):
    services.timeline_add_update(
        author=coordinator,
        case=case,
        text="ALLEEN-SCHOOL",
        visibility=Visibility.SELECTED,
        shared_with=[contributor.organisation],
    )
    for user in (coordinator, contributor):
        html, _queries = _page(verified_client(user), case)
        entry = html.split("ALLEEN-SCHOOL")[0].rsplit('<li class="app-timeline__item', 1)[1]
        assert f"gedeeld met {contributor.organisation.name}" in entry


def test_no_query_for_sharing_when_no_update_is_shared_selectively(
    verified_client, case, coordinator
):
    services.timeline_add_update(
        author=coordinator, case=case, text="VOOR-IEDEREEN", visibility=Visibility.ALL_INVOLVED
    )
    _html, queries = _page(verified_client(coordinator), case)
    assert not [q for q in queries if "cases_timelineentry_shared_with" in q and "SELECT" in q]


def test_the_forms_offer_the_organisations_involved_today(
    verified_client, case, coordinator, contributor, revoked
):
    html, _queries = _page(verified_client(contributor), case)
    form = html.split(f'action="/casussen/{case.pk}/updates/"', 1)[1].split("</form>")[0]
    assert contributor.organisation.name in form
    assert revoked.organisation.name not in form


def test_only_a_contributing_partner_gets_the_update_form(
    verified_client, case, reader, contributor
):
    update_form = f'action="/casussen/{case.pk}/updates/"'
    assert update_form in _page(verified_client(contributor), case)[0]
    assert update_form not in _page(verified_client(reader), case)[0]
    response = verified_client(reader).post(
        f"/casussen/{case.pk}/updates/", {"text": "x", "visibility": "all"}
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    "held",
    ["nothing", "through_group", "directly", "both", "superuser", "other_case_only"],
)
def test_the_change_right_read_with_the_case_agrees_with_guardian(
    held, coordinator, partner, reader
):
    """``case_for_user_or_404`` reads a partner's change right with the case (one
    query less); it must say what guardian's ``has_perm`` says, however the
    permission is held."""
    case = open_case(coordinator, partner)
    other = open_case(coordinator, partner)
    services.involvement_add(
        coordinator=coordinator, case=case, organisation=reader.organisation, can_change=False
    )
    user = get_user_model().objects.get(pk=reader.pk)
    if held in ("through_group", "both"):
        assign_perm(CHANGE_CASE, reader.organisation.group, case)
    if held in ("directly", "both"):
        assign_perm(CHANGE_CASE, user, case)
    if held == "other_case_only":
        assign_perm(CHANGE_CASE, reader.organisation.group, other)
    if held == "superuser":
        user.is_superuser = True
        user.save(update_fields=["is_superuser"])
    user = get_user_model().objects.get(pk=reader.pk)  # no permission cache
    loaded = case_for_user_or_404(user, case.pk)  # may not 404: reader sees the case
    expected = user.has_perm(CHANGE_CASE, case)
    assert loaded.partner_may_change is expected
    assert expected is (held != "nothing" and held != "other_case_only")
