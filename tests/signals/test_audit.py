"""Every view and write of personal data leaves an entry; the privacy officer reads them."""

from __future__ import annotations

import csv
import io

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from signals.constants import SignalStatus
from signals.models import Person, Signal, SignalAttachment, SignalPerson
from signals.services import signal_decide

from .conftest import intake_data, make_signal

pytestmark = pytest.mark.django_db

ACCESS = LogEntry.Action.ACCESS


def access_entries(obj, user) -> list[LogEntry]:
    return list(
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(type(obj)),
            object_pk=str(obj.pk),
            action=ACCESS,
            actor=user,
        )
    )


def test_creating_a_signal_writes_change_entries_with_actor(verified_client, partner):
    verified_client(partner).post("/signalen/nieuw/", intake_data(), REMOTE_ADDR="10.9.8.7")
    signal = Signal.objects.get()
    created = LogEntry.objects.get_for_object(signal).get(action=LogEntry.Action.CREATE)
    assert created.actor == partner and created.remote_addr == "10.9.8.7"
    assert "observation" in created.changes_dict
    person = SignalPerson.objects.get()
    assert (
        LogEntry.objects.get_for_object(person)
        .filter(action=LogEntry.Action.CREATE, actor=partner)
        .exists()
    )


def test_decision_writes_a_change_entry_with_changed_fields(verified_client, coordinator, partner):
    signal = make_signal(partner)
    verified_client(coordinator).post(
        f"/triage/{signal.pk}/besluit/", {"decision": "closed", "reason": "klaar"}
    )
    update = (
        LogEntry.objects.get_for_object(signal)
        .filter(action=LogEntry.Action.UPDATE, actor=coordinator)
        .latest("pk")
    )
    assert {"status", "decision_reason", "decided_by"} <= set(update.changes_dict)


@pytest.mark.parametrize(
    "view",
    [
        "partner_detail",
        "partner_list",
        "attachment",
        "triage_detail",
        "triage_inbox",
        "person_detail",
    ],
)
def test_every_personal_data_view_writes_an_access_entry(
    verified_client, partner, coordinator, view
):
    from tests.signals.conftest import _pdf

    signal = make_signal(partner, attachments=[_pdf("a.pdf")])
    attachment = SignalAttachment.objects.get()
    person = Person.objects.create(full_name="Piet Testpersoon")
    SignalPerson.objects.filter(signal=signal).update(person=person)
    cases = {
        "partner_detail": (partner, f"/signalen/{signal.pk}/", signal),
        "partner_list": (partner, "/signalen/", signal),
        "attachment": (partner, f"/signalen/{signal.pk}/bijlagen/{attachment.pk}/", attachment),
        "triage_detail": (coordinator, f"/triage/{signal.pk}/", signal),
        "triage_inbox": (coordinator, "/triage/", signal),
        "person_detail": (coordinator, f"/betrokkenen/{person.pk}/", person),
    }
    user, url, obj = cases[view]
    assert access_entries(obj, user) == []
    response = verified_client(user).get(url)
    assert response.status_code == 200
    entries = access_entries(obj, user)
    assert len(entries) == 1
    assert entries[0].additional_data["view"].startswith("signals:")


def test_triage_view_logs_the_persons_shown(verified_client, coordinator, partner):
    signal = make_signal(partner)
    verified_client(coordinator).get(f"/triage/{signal.pk}/")
    assert access_entries(signal.persons.get(), coordinator)


def test_audit_entries_hold_no_names_in_their_description(verified_client, coordinator, partner):
    signal = make_signal(partner)
    person = Person.objects.create(full_name="Piet Testpersoon")
    verified_client(coordinator).get(f"/betrokkenen/{person.pk}/")
    verified_client(coordinator).get(f"/triage/{signal.pk}/")
    reprs = list(LogEntry.objects.filter(action=ACCESS).values_list("object_repr", flat=True))
    assert reprs and not any("Piet" in r for r in reprs)


def test_privacy_officer_filters_by_object_and_user(
    verified_client, privacy_officer, coordinator, partner
):
    signal = make_signal(partner)
    other = make_signal(partner)
    verified_client(coordinator).get(f"/triage/{signal.pk}/")
    client = verified_client(privacy_officer)
    html = client.get(
        "/privacy/auditlog/", {"object": signal.reference, "actor": coordinator.pk}
    ).content.decode()
    assert signal.reference in html and other.reference not in html
    html = client.get(
        "/privacy/auditlog/", {"object": signal.reference, "action": ACCESS}
    ).content.decode()
    assert "1 regel" in html


def test_privacy_officer_exports_csv(verified_client, privacy_officer, coordinator, partner):
    signal = make_signal(partner)
    verified_client(coordinator).get(f"/triage/{signal.pk}/")
    response = verified_client(privacy_officer).get(
        "/privacy/auditlog/export/", {"object": signal.reference, "actor": coordinator.pk}
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][0] == "tijd"
    assert any(row[1] == coordinator.username and row[6] == signal.reference for row in rows[1:])


def test_csv_export_neutralises_spreadsheet_formulas():
    from privacy.views_audit import _csv_safe

    assert _csv_safe("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert _csv_safe("S-2026-0001") == "S-2026-0001"


def test_audit_entries_cannot_be_changed_or_deleted_in_the_admin(
    verified_client, coordinator, partner
):
    signal = make_signal(partner)
    entry = LogEntry.objects.get_for_object(signal).first()
    coordinator.is_staff = coordinator.is_superuser = True
    coordinator.save(update_fields=["is_staff", "is_superuser"])
    client = verified_client(coordinator)
    assert client.get(f"/django-admin/auditlog/logentry/{entry.pk}/delete/").status_code == 403
    assert (
        client.post(
            f"/django-admin/auditlog/logentry/{entry.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    response = client.post(
        f"/django-admin/auditlog/logentry/{entry.pk}/change/", {"object_repr": "x"}
    )
    assert response.status_code in (200, 403)
    entry.refresh_from_db()
    assert entry.object_repr == signal.reference
    assert LogEntry.objects.filter(pk=entry.pk).exists()


def test_no_app_url_changes_the_audit_log():
    from tests.urlwalk import all_routes

    writable = [
        r
        for r in all_routes()
        if "auditlog" in r.view_name and r.view_name.endswith(("_change", "_delete", "_add"))
    ]
    # Only the Django admin's generic routes exist, and those refuse (test above).
    assert all(r.view_name.startswith("admin:") for r in writable)


# --- list cost does not grow with the data -----------------------------------------


def _fill(partner, other_partner, count: int) -> None:
    for index in range(count):
        make_signal(partner if index % 2 else other_partner)


@pytest.mark.parametrize("url_user", ["inbox", "partner_list"])
def test_lists_run_a_constant_number_of_queries(
    verified_client, coordinator, partner, other_partner, django_assert_max_num_queries, url_user
):
    url, user = {"inbox": ("/triage/", coordinator), "partner_list": ("/signalen/", partner)}[
        url_user
    ]
    client = verified_client(user)
    _fill(partner, other_partner, 10)
    client.get(url)  # warm caches (content types, sessions)
    with django_assert_max_num_queries(30) as small:
        assert client.get(url).status_code == 200
    _fill(partner, other_partner, 490)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
    print(f"{url}: {len(small.captured_queries)} queries at 10 and at 500 signals")


def test_triage_detail_queries_grow_only_by_one_match_query_per_person(
    verified_client, coordinator, partner
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = verified_client(coordinator)

    def count(signal) -> int:
        client.get(f"/triage/{signal.pk}/")  # first opening marks it in triage
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/triage/{signal.pk}/").status_code == 200
        return len(queries.captured_queries)

    one = count(make_signal(partner, persons=[("Een Persoon", None)]))
    eight = count(make_signal(partner, persons=[(f"Persoon {i}", None) for i in range(8)]))
    # Each reported person costs exactly its own match-suggestion query.
    assert eight - one == 7


def test_closed_signal_remains_in_audit_history(coordinator, partner):
    signal = make_signal(partner)
    signal_decide(
        signal=signal, coordinator=coordinator, decision=SignalStatus.CLOSED, reason="klaar"
    )
    actions = set(LogEntry.objects.get_for_object(signal).values_list("action", flat=True))
    assert {LogEntry.Action.CREATE, LogEntry.Action.UPDATE} <= actions


def test_error_paths_that_show_the_signal_write_access_entries(
    verified_client, partner, coordinator
):
    signal = make_signal(partner)
    person = signal.persons.get()
    verified_client(partner).post(f"/signalen/{signal.pk}/aanvullen/", {"text": ""})
    assert access_entries(signal, partner) and access_entries(person, partner)
    verified_client(coordinator).post(f"/triage/{signal.pk}/besluit/", {"decision": "bogus"})
    assert access_entries(signal, coordinator) and access_entries(person, coordinator)


def test_audit_log_names_actions_and_object_kinds_in_dutch(
    verified_client, privacy_officer, coordinator, partner
):
    signal = make_signal(partner)
    verified_client(coordinator).get(f"/triage/{signal.pk}/")
    html = (
        verified_client(privacy_officer)
        .get("/privacy/auditlog/", {"object": signal.reference})
        .content.decode()
    )
    assert "ingezien" in html and "aangemaakt" in html
    assert '<option value="3">ingezien</option>' in html
    assert ">access<" not in html and ">create<" not in html
    assert f"Signaal {signal.reference}" in html
