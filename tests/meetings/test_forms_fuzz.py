"""Open-ended input to the meeting forms: a Dutch form error or a clean change,
never a 500 and nothing half-saved."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetings.models import Action, AgendaItem, Meeting

pytestmark = pytest.mark.django_db

text = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        ["", " ", "\x00", "<script>alert(1)</script>", "\u202e\u0000x", "é" * 250, "a" * 6000]
    ),
)
value = st.one_of(
    st.sampled_from(
        [
            "",
            "0",
            "1",
            "-1",
            "99999999999999999999",
            "2027-02-30",
            "1999-01-01",
            "12:60",
            "http://x",
        ]
    ),
    st.text(max_size=20),
)
FUZZ = settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    deadline=None,
    max_examples=25,
)


@FUZZ
@given(
    date=value,
    start=value,
    duration=value,
    location=text,
    link=value,
    chair=value,
    invited=st.lists(value, max_size=3),
    every=value,
    count=value,
)
def test_meeting_form(
    verified_client,
    coordinator,
    date,
    start,
    duration,
    location,
    link,
    chair,
    invited,
    every,
    count,
):
    before = Meeting.objects.count()
    response = verified_client(coordinator).post(
        "/overleggen/nieuw/",
        {
            "date": date,
            "start_time": start,
            "duration_minutes": duration,
            "location": location,
            "online_url": link,
            "chair": chair,
            "invited_organisations": invited,
            "repeat_every_weeks": every,
            "repeat_count": count,
        },
    )
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert Meeting.objects.count() == before


@FUZZ
@given(notes=text, decisions=text, htmx=st.booleans())
def test_minutes_form(verified_client, coordinator, meeting, case_item, notes, decisions, htmx):
    before = AgendaItem.objects.values_list("notes", "decisions").get(pk=case_item.pk)
    headers = {"HX-Request": "true"} if htmx else {}
    response = verified_client(coordinator).post(
        f"/overleggen/{meeting.pk}/voorzitten/{case_item.pk}/notulen/",
        {f"m{case_item.pk}-notes": notes, f"m{case_item.pk}-decisions": decisions},
        headers=headers,
    )
    assert response.status_code in (200, 302, 400)
    after = AgendaItem.objects.values_list("notes", "decisions").get(pk=case_item.pk)
    if "data-save-error" in response.content.decode() or response.status_code == 400:
        assert after == before


@FUZZ
@given(description=text, owner_organisation=value, owner=value, due_on=value)
def test_action_form(
    verified_client, coordinator, meeting, case_item, description, owner_organisation, owner, due_on
):
    before = Action.objects.count()
    response = verified_client(coordinator).post(
        f"/overleggen/{meeting.pk}/voorzitten/{case_item.pk}/afspraak/",
        {
            "description": description,
            "owner_organisation": owner_organisation,
            "owner": owner,
            "due_on": due_on,
        },
    )
    assert response.status_code in (302, 400)
    assert Action.objects.count() == before + (1 if response.status_code == 302 else 0)


@FUZZ
@given(status=value, note=text)
def test_action_status_form(verified_client, reader, action, status, note):
    before = Action.objects.values_list("status", "completion_note").get(pk=action.pk)
    response = verified_client(reader).post(
        f"/afspraken/{action.pk}/", {"status": status, "note": note}
    )
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert Action.objects.values_list("status", "completion_note").get(pk=action.pk) == before


@FUZZ
@given(items=st.lists(value, max_size=4), kind=value, topic=text, minutes=value)
def test_agenda_forms(verified_client, coordinator, meeting, items, kind, topic, minutes):
    client = verified_client(coordinator)
    before = list(meeting.items.values_list("pk", "position", "kind", "topic"))
    order = client.post(f"/overleggen/{meeting.pk}/agenda/volgorde/", {"item": items})
    assert order.status_code == 302
    add = client.post(
        f"/overleggen/{meeting.pk}/agenda/",
        {"kind": kind, "case": "", "topic": topic, "minutes_planned": minutes},
    )
    assert add.status_code in (302, 400)
    if add.status_code == 400:
        after = list(meeting.items.values_list("pk", "position", "kind", "topic"))
        assert {row[0] for row in after} == {row[0] for row in before}
