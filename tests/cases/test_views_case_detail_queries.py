"""What the case page reads together instead of one query each (issue 24
point 6) still shows the same: who an update was shared with, which
organisations the forms offer, and whether a partner may change the case."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import services
from cases.constants import Visibility

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
