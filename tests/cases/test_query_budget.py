"""Case lists cost the same number of queries at 10 and at 1,000 cases."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission

from cases.constants import CaseStatus, InclusionStatus, Pillar
from cases.models import Case, CaseGroupObjectPermission, Involvement, LegalBasis

pytestmark = pytest.mark.django_db


def fill_cases(count: int, organisation, start: int = 0) -> None:
    """Test data in bulk (the app itself never bulk-writes audited models)."""
    basis = LegalBasis.objects.first()
    cases = Case.objects.bulk_create(
        [
            Case(
                reference=f"C-2026-{start + i:05d}",
                label=f"Casus {start + i}",
                status=CaseStatus.ACTIVE,
                pillar=Pillar.PREVENTION,
                category="other",
                legal_basis=basis,
                # Included in the person-oriented approach, so actions may be agreed.
                inclusion_status=InclusionStatus.INCLUDED,
            )
            for i in range(count)
        ]
    )
    view = Permission.objects.get(codename="view_case", content_type__app_label="cases")
    Involvement.objects.bulk_create(
        [Involvement(case=case, organisation=organisation) for case in cases]
    )
    CaseGroupObjectPermission.objects.bulk_create(
        [
            CaseGroupObjectPermission(
                content_object=case, group=organisation.group, permission=view
            )
            for case in cases
        ]
    )


@pytest.mark.parametrize("who", ["partner", "coordinator"])
def test_case_list_queries_do_not_grow(verified_client, partner, coordinator, who):
    user = {"partner": partner, "coordinator": coordinator}[who]
    client = verified_client(user)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/casussen/")
        assert response.status_code == 200
        return len(queries.captured_queries)

    fill_cases(10, partner.organisation)
    client.get("/casussen/")
    small = count()
    fill_cases(990, partner.organisation, start=10)
    large = count()
    print(f"case list ({who}): {small} queries at 10 cases, {large} at 1000")
    assert small == large
    assert small <= 15
    html = client.get("/casussen/").content.decode()
    assert "1000 casussen" in html


def _fill_case_rows(case, organisation, author, count: int) -> None:
    """Timeline entries and actions on one case, in bulk (test data only)."""
    import datetime

    from cases.models import TimelineEntry
    from meetings.models import Action

    TimelineEntry.objects.bulk_create(
        TimelineEntry(case=case, text=f"Update {i}", author=author, organisation=organisation)
        for i in range(count)
    )
    Action.objects.bulk_create(
        Action(
            case=case,
            description=f"Afspraak {i}",
            owner_organisation=organisation,
            due_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=i % 300),
        )
        for i in range(count)
    )


@pytest.mark.parametrize("who", ["partner", "coordinator"])
@pytest.mark.parametrize("page", ["/casussen/{pk}/", "/casussen/{pk}/geschiedenis/"])
def test_case_pages_do_not_grow_with_timeline_and_actions(
    verified_client, partner, coordinator, who, page
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = {"partner": partner, "coordinator": coordinator}[who]
    fill_cases(1, partner.organisation)
    case = Case.objects.get()
    url = page.format(pk=case.pk)
    client = verified_client(user)
    expected = 200 if who == "coordinator" or "geschiedenis" not in page else 403

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == expected, url
        return len(queries.captured_queries)

    _fill_case_rows(case, partner.organisation, partner, 10)
    client.get(url)
    small = count()
    _fill_case_rows(case, partner.organisation, partner, 990)
    large = count()
    print(f"{url} ({who}): {small} queries at 10 rows, {large} at 1000")
    assert large <= small
    assert small <= 40
