"""Every reports URL: each role, and without a second factor."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import build_cast, module_transaction
from tests.urlwalk import all_routes

from .conftest import request_report

pytestmark = pytest.mark.django_db

ACTORS = ["coordinator", "management", "partner", "functional_admin", "privacy_officer"]
READERS = {"coordinator": 200, "management": 200}

# url name -> (method, expected per actor; anyone unlisted gets 403)
TABLE = {
    "reports:report_list": ("get", READERS),
    "reports:report_create": ("post", {"coordinator": 302, "management": 302}),
    # Asking again for a period with a report: the page offering it.
    "reports:report_offer": ("get", READERS),
    "reports:report_detail": ("get", READERS),
    "reports:report_status": ("get", READERS),
    # Retrying a report that did not fail changes nothing and says so.
    "reports:report_retry": ("post", {"coordinator": 302, "management": 302}),
    "reports:report_download": ("get", READERS),
    "reports:report_csv": ("get", READERS),
}


@pytest.fixture(scope="module")
def _world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The cast and one generated report, built once for the module (see
    ``module_transaction``): generating the report, a PDF of a dozen pages, for
    each of the module's tests took most of its time."""
    with module_transaction(django_db_blocker, str(tmp_path_factory.mktemp("private"))):
        cast = build_cast()
        yield cast, request_report(cast["management"])


@pytest.fixture
def _private_media():
    """The report's file lies in the module's private media root (``_world``)."""


@pytest.fixture
def report(_world):
    return _world[1]


@pytest.fixture
def management(_world):
    return _world[0]["management"]


def _request(name, report):
    if name in ("reports:report_list", "reports:report_create"):
        data = {"kind": "quarter", "quarter": "2025-01-01_2025-03-31"}
        return reverse(name), data if name.endswith("create") else {}
    if name == "reports:report_offer":
        return f"{reverse(name)}?periode={report.period.key}", {}
    return reverse(name, args=[report.pk]), {}


def test_table_covers_every_reports_url():
    assert {r.view_name for r in all_routes() if r.view_name.startswith("reports:")} == set(TABLE)


@pytest.mark.parametrize("name", list(TABLE))
@pytest.mark.parametrize("actor", ACTORS)
def test_report_access_matrix(verified_client, cast_by_name, report, name, actor):
    method, expected = TABLE[name]
    url, data = _request(name, report)
    response = getattr(verified_client(cast_by_name[actor]), method)(url, data)
    assert response.status_code == expected.get(actor, 403), f"{actor} {method.upper()} {url}"


@pytest.mark.parametrize("name", list(TABLE))
def test_without_second_factor_every_reports_url_goes_to_verification(
    password_only_client, cast_by_name, report, name
):
    method, _ = TABLE[name]
    url, data = _request(name, report)
    for actor in ("coordinator", "management", "partner"):
        response = getattr(password_only_client(cast_by_name[actor]), method)(url, data)
        assert (response.status_code, response["Location"]) == (302, "/inloggen/verificatie/")


def test_unknown_report_is_404(verified_client, management):
    assert verified_client(management).get("/rapportages/999999/").status_code == 404


@pytest.fixture
def cast_by_name(_world):
    return _world[0]


def test_offer_of_a_period_without_report_is_404(verified_client, management):
    response = verified_client(management).get(
        "/rapportages/bestaat-al/?periode=2024-01-01_2024-03-31"
    )
    assert response.status_code == 404
    response = verified_client(management).get("/rapportages/bestaat-al/?periode=kapot")
    assert response.status_code == 404
