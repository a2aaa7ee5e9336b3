"""Planning, the agenda, chairing, finalising and addenda."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from cases import services as case_services
from cases.constants import CaseStatus, RiskLevel, TimelineKind
from meetings import selectors, services
from meetings.constants import ActionStatus, ItemKind, Presence
from meetings.models import Action, Addendum, AgendaItem, Attendance, Meeting
from tests.meetings.conftest import at, plan_meeting, second_case

pytestmark = pytest.mark.django_db
AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def _form(reader, outsider, coordinator, **overrides):
    data = {
        "date": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
        "start_time": "09:30",
        "duration_minutes": 120,
        "location": "Stadhuis zaal 2",
        "online_url": "",
        "chair": coordinator.pk,
        "invited_organisations": [reader.organisation_id, outsider.organisation_id],
    }
    data.update(overrides)
    return data


# Planning


def test_coordinator_plans_a_series_every_other_week_across_summer_time(
    verified_client, coordinator, reader, outsider
):
    first = datetime.date(2027, 3, 16)  # before the switch to summer time on 28 March
    response = verified_client(coordinator).post(
        "/overleggen/nieuw/",
        _form(
            reader,
            outsider,
            coordinator,
            date=first.isoformat(),
            repeat_every_weeks=2,
            repeat_count=3,
        ),
    )
    assert response.status_code == 302
    meetings = list(Meeting.objects.order_by("starts_at"))
    assert [m.starts_at.astimezone(AMSTERDAM).date() for m in meetings] == [
        first,
        first + datetime.timedelta(weeks=2),
        first + datetime.timedelta(weeks=4),
    ]
    # 09:30 local time in winter and in summer alike.
    assert {m.starts_at.astimezone(AMSTERDAM).time() for m in meetings} == {datetime.time(9, 30)}
    assert len({m.series for m in meetings}) == 1 and meetings[0].series is not None
    assert set(meetings[2].invited_organisations.all()) == {
        reader.organisation,
        outsider.organisation,
    }


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"date": "2020-01-01"}, "date", "Plan een overleg vandaag of later."),
        ({"location": "", "online_url": ""}, "location", "Geef een plaats of een link"),
        ({"online_url": "http://vergaderen.example/x"}, "online_url", "https://"),
        ({"invited_organisations": []}, "invited_organisations", "Dit veld is verplicht."),
        ({"repeat_count": 3}, "repeat_every_weeks", "Geef aan om de hoeveel weken."),
        ({"repeat_count": 99, "repeat_every_weeks": 1}, "repeat_count", ""),
        ({"start_time": "25:99"}, "start_time", ""),
    ],
)
def test_bad_meeting_input_gets_a_dutch_message_by_the_field_and_keeps_the_rest(
    verified_client, coordinator, reader, outsider, overrides, field, message
):
    response = verified_client(coordinator).post(
        "/overleggen/nieuw/", _form(reader, outsider, coordinator, **overrides)
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors
    assert message in " ".join(form.errors[field])
    assert form["location"].value() == overrides.get("location", "Stadhuis zaal 2")
    assert not Meeting.objects.exists()


def test_invitation_carries_a_calendar_file_and_no_case_information(
    verified_client,
    coordinator,
    meeting,
    reader,
    contributor,
    outsider,
    case,
    django_capture_on_commit_callbacks,
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = verified_client(coordinator).post(f"/overleggen/{meeting.pk}/uitnodigen/")
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == []  # Bcc: invitees do not see each other's addresses
    assert set(message.bcc) == {reader.email, contributor.email, outsider.email, coordinator.email}
    name, content, mimetype = message.attachments[0]
    assert name == "casusoverleg.ics" and mimetype.startswith("text/calendar")
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert event["DTSTART"].dt == meeting.starts_at
    assert str(event["UID"]).startswith(str(meeting.ical_uid))
    person_names = [p.full_name for p in case.persons.all()]
    content = content if isinstance(content, str) else content.decode()
    for text in (message.subject, message.body, content):
        for secret in (case.label, case.reference, "Rondvraag", *person_names):
            assert secret not in text
    assert f"/overleggen/{meeting.pk}/" in message.body


def test_changing_the_time_updates_the_same_calendar_event(
    verified_client, coordinator, meeting, reader, outsider, django_capture_on_commit_callbacks
):
    services.invitations_send(coordinator=coordinator, meeting=meeting)
    mail.outbox.clear()
    client = verified_client(coordinator)
    new_date = timezone.localdate() + datetime.timedelta(days=10)
    response = client.post(
        f"/overleggen/{meeting.pk}/bewerken/",
        _form(reader, outsider, coordinator, date=new_date.isoformat()),
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.ical_sequence == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/overleggen/{meeting.pk}/uitnodigen/")
    message = mail.outbox[-1]
    assert message.subject.startswith("Gewijzigd")
    event = Calendar.from_ical(message.attachments[0][1]).walk("VEVENT")[0]
    assert int(event["SEQUENCE"]) == 1
    assert event["DTSTART"].dt.astimezone(AMSTERDAM).date() == new_date


def test_cancelling_sends_a_cancellation_and_removes_the_meeting(
    verified_client, coordinator, reader, django_capture_on_commit_callbacks
):
    meeting = plan_meeting(coordinator, [reader.organisation], days=4)
    services.invitations_send(coordinator=coordinator, meeting=meeting)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = verified_client(coordinator).post(f"/overleggen/{meeting.pk}/annuleren/")
    assert response.status_code == 302
    assert not Meeting.objects.filter(pk=meeting.pk).exists()
    calendar = Calendar.from_ical(mail.outbox[0].attachments[0][1])
    assert str(calendar["METHOD"]) == "CANCEL"


def test_a_meeting_with_minutes_cannot_be_cancelled(
    verified_client, coordinator, meeting, case_item
):
    services.minutes_save(author=coordinator, item=case_item, notes="Iets", decisions="")
    verified_client(coordinator).post(f"/overleggen/{meeting.pk}/annuleren/")
    assert Meeting.objects.filter(pk=meeting.pk).exists()


# Agenda


def test_a_case_is_on_an_agenda_once(verified_client, coordinator, meeting, case):
    response = verified_client(coordinator).post(
        f"/overleggen/{meeting.pk}/agenda/",
        {"kind": ItemKind.PROGRESS, "case": case.pk, "minutes_planned": 10},
    )
    # Cases already on the agenda are not offered: the choice itself is refused.
    assert response.status_code == 400
    assert "case" in response.context["item_form"].errors
    assert meeting.items.filter(case=case).count() == 1


def test_other_topic_needs_a_topic_and_a_case_item_needs_a_case(
    verified_client, coordinator, meeting
):
    client = verified_client(coordinator)
    response = client.post(
        f"/overleggen/{meeting.pk}/agenda/", {"kind": ItemKind.OTHER, "minutes_planned": 5}
    )
    assert response.status_code == 400
    assert "topic" in response.context["item_form"].errors
    response = client.post(
        f"/overleggen/{meeting.pk}/agenda/", {"kind": ItemKind.NEW_CASE, "minutes_planned": 5}
    )
    assert "case" in response.context["item_form"].errors
    assert meeting.items.count() == 2


def test_items_are_reordered_by_drag_and_drop_and_by_buttons(
    verified_client, coordinator, meeting, case_item
):
    other = meeting.items.get(case__isnull=True)
    client = verified_client(coordinator)
    response = client.post(
        f"/overleggen/{meeting.pk}/agenda/volgorde/",
        {"item": [other.pk, case_item.pk]},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert list(meeting.items.values_list("pk", flat=True)) == [other.pk, case_item.pk]
    html = response.content.decode()
    assert html.index("Rondvraag") < html.index(case_item.case.label)

    client.post(f"/overleggen/{meeting.pk}/agenda/{other.pk}/verplaatsen/", {"direction": "down"})
    assert list(meeting.items.values_list("pk", flat=True)) == [case_item.pk, other.pk]
    # The first item cannot move further up; nothing changes.
    client.post(f"/overleggen/{meeting.pk}/agenda/{case_item.pk}/verplaatsen/", {"direction": "up"})
    assert list(meeting.items.values_list("pk", flat=True)) == [case_item.pk, other.pk]


def test_agenda_times_follow_the_order_and_the_minutes(coordinator, meeting, case_item):
    other = meeting.items.get(case__isnull=True)
    services.agenda_item_update(
        coordinator=coordinator, item=case_item, kind=ItemKind.PROGRESS, minutes_planned=25
    )
    rows = selectors.agenda_for(meeting, user=coordinator)
    assert [row.item.pk for row in rows] == [case_item.pk, other.pk]
    assert rows[1].starts_at - rows[0].starts_at == datetime.timedelta(minutes=25)


def test_suggestions_are_cases_with_overdue_actions_or_a_raised_risk(
    coordinator, meeting, case, reader, outsider, partner
):
    later = plan_meeting(coordinator, [reader.organisation], days=5)
    overdue_case = second_case(coordinator, partner, reader.organisation, label="Casus Laat 5")
    action = services.action_create(
        coordinator=coordinator,
        case=overdue_case,
        description="Bellen",
        owner_organisation=reader.organisation,
        due_on=timezone.localdate(),
    )
    Action.objects.filter(pk=action.pk).update(due_on=timezone.localdate() - datetime.timedelta(3))
    risen = second_case(coordinator, partner, outsider.organisation, label="Casus Hoger 6")
    calm = second_case(coordinator, partner, outsider.organisation, label="Casus Rustig 7")
    for level in (RiskLevel.LOW, RiskLevel.HIGH):
        case_services.risk_assessment_add(assessor=coordinator, case=risen, level=level)
    for level in (RiskLevel.HIGH, RiskLevel.LOW):
        case_services.risk_assessment_add(assessor=coordinator, case=calm, level=level)

    suggested = dict(selectors.agenda_suggestions(later))
    assert suggested[overdue_case] == ["overdue"]
    assert suggested[risen] == ["risk"]
    assert calm not in suggested
    # A case already on that agenda is not suggested again.
    services.agenda_item_add(
        coordinator=coordinator, meeting=later, kind=ItemKind.PROGRESS, case=risen
    )
    assert risen not in dict(selectors.agenda_suggestions(later))


# Chairing


def test_autosave_answers_htmx_with_a_status_and_keeps_the_text(
    verified_client, coordinator, meeting, case_item
):
    client = verified_client(coordinator)
    url = f"/overleggen/{meeting.pk}/voorzitten/{case_item.pk}/notulen/"
    prefix = f"m{case_item.pk}"
    response = client.post(
        url,
        {f"{prefix}-notes": "Eerste regel", f"{prefix}-decisions": ""},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "data-saved" in response.content.decode()
    case_item.refresh_from_db()
    assert case_item.notes == "Eerste regel"
    assert case_item.notes_updated_by == coordinator

    bad = client.post(
        url,
        {f"{prefix}-notes": "x" * 20001, f"{prefix}-decisions": ""},
        headers={"HX-Request": "true"},
    )
    assert "data-save-error" in bad.content.decode()
    case_item.refresh_from_db()
    assert case_item.notes == "Eerste regel"


def test_chair_view_shows_the_case_summary_and_logs_the_access(
    verified_client, coordinator, meeting, case_item, case, action
):
    services.current_item_set(coordinator=coordinator, meeting=meeting, item=case_item)
    response = verified_client(coordinator).get(f"/overleggen/{meeting.pk}/voorzitten/")
    html = response.content.decode()
    assert response.status_code == 200
    for person in case.persons.all():
        assert person.full_name in html
    assert "Huisbezoek afleggen" in html  # open action
    assert case.signals.first().reference in html  # linked signal
    assert LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS,
        object_pk=str(case.pk),
        additional_data__view="meetings:chair",
        additional_data__context=f"meeting:{meeting.pk}",
    ).exists()


def test_going_to_an_item_moves_the_projection(verified_client, coordinator, meeting, case_item):
    other = meeting.items.get(case__isnull=True)
    client = verified_client(coordinator)
    response = client.post(
        f"/overleggen/{meeting.pk}/voorzitten/{other.pk}/", headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response["HX-Push-Url"].endswith(f"?punt={other.pk}")
    meeting.refresh_from_db()
    assert meeting.current_item_id == other.pk
    projection = client.get(f"/overleggen/{meeting.pk}/projectie/", headers={"HX-Request": "true"})
    assert 'aria-current="true"' in projection.content.decode()


def test_projection_shows_neutral_labels_only(verified_client, coordinator, meeting, case):
    html = verified_client(coordinator).get(f"/overleggen/{meeting.pk}/projectie/").content
    html = html.decode()
    assert case.label in html
    assert case.reference not in html
    for person in case.persons.all():
        assert person.full_name not in html


def test_a_decision_changes_status_and_risk_and_lands_in_the_timeline(
    verified_client, coordinator, meeting, case_item, case
):
    response = verified_client(coordinator).post(
        f"/overleggen/{meeting.pk}/voorzitten/{case_item.pk}/besluit/",
        {"text": "Opschalen naar actief traject", "status": "active", "risk_level": "high"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.ACTIVE
    assert case.assessments.first().level == RiskLevel.HIGH
    entry = case.timeline.filter(kind=TimelineKind.MEETING).first()
    assert "Opschalen naar actief traject" in entry.text
    case_item.refresh_from_db()
    assert "Opschalen naar actief traject" in case_item.decisions


def test_a_decision_with_a_forbidden_status_is_refused_with_a_message(
    verified_client, coordinator, meeting, case_item, case
):
    response = verified_client(coordinator).post(
        f"/overleggen/{meeting.pk}/voorzitten/{case_item.pk}/besluit/",
        {"text": "Terug", "status": "monitoring"},
    )
    assert response.status_code == 400
    assert "status" in response.context["decision_form"].errors
    case.refresh_from_db()
    assert case.status == CaseStatus.INTAKE
    assert not case.timeline.filter(kind=TimelineKind.MEETING).exists()


def test_attendance_is_recorded_per_invited_organisation(
    verified_client, coordinator, meeting, reader, outsider
):
    client = verified_client(coordinator)
    response = client.post(
        f"/overleggen/{meeting.pk}/aanwezigheid/",
        {f"org_{reader.organisation_id}": "present", f"org_{outsider.organisation_id}": "excused"},
    )
    assert response.status_code == 302
    assert dict(meeting.attendance.values_list("organisation_id", "presence")) == {
        reader.organisation_id: Presence.PRESENT,
        outsider.organisation_id: Presence.EXCUSED,
    }
    client.post(f"/overleggen/{meeting.pk}/aanwezigheid/", {f"org_{reader.organisation_id}": ""})
    assert list(meeting.attendance.values_list("organisation_id", flat=True)) == []


# Finalising: locked minutes


def _write_attempts(meeting, case_item, reader):
    other = meeting.items.get(case__isnull=True)
    due = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    base = f"/overleggen/{meeting.pk}"
    return [
        (f"{base}/agenda/", {"kind": "other", "topic": "Nieuw", "minutes_planned": 5}),
        (
            f"{base}/agenda/{other.pk}/",
            {f"item-{other.pk}-kind": "other", f"item-{other.pk}-topic": "Anders"},
        ),
        (f"{base}/agenda/{other.pk}/verwijderen/", {}),
        (f"{base}/agenda/{other.pk}/verplaatsen/", {"direction": "up"}),
        (f"{base}/agenda/volgorde/", {"item": [other.pk, case_item.pk]}),
        (
            f"{base}/voorzitten/{case_item.pk}/notulen/",
            {f"m{case_item.pk}-notes": "Gewijzigd", f"m{case_item.pk}-decisions": "Anders"},
        ),
        (f"{base}/voorzitten/{case_item.pk}/besluit/", {"text": "Nieuw besluit"}),
        (
            f"{base}/voorzitten/{case_item.pk}/afspraak/",
            {"description": "Nieuw", "owner_organisation": reader.organisation_id, "due_on": due},
        ),
        (f"{base}/voorzitten/{other.pk}/", {}),
        (f"{base}/aanwezigheid/", {f"org_{reader.organisation_id}": "absent"}),
        (
            f"{base}/bewerken/",
            {
                "date": due,
                "start_time": "10:00",
                "duration_minutes": 60,
                "location": "Elders",
                "chair": meeting.chair_id,
                "invited_organisations": [reader.organisation_id],
            },
        ),
        (f"{base}/uitnodigen/", {}),
        (f"{base}/annuleren/", {}),
        (f"{base}/vaststellen/", {"confirm": "yes"}),
    ]


def _snapshot(meeting):
    meeting = Meeting.objects.get(pk=meeting.pk)
    return (
        (
            meeting.starts_at,
            meeting.location,
            meeting.finalised_at,
            meeting.current_item_id,
            meeting.invitations_sent_at,
        ),
        list(
            AgendaItem.objects.filter(meeting=meeting)
            .order_by("pk")
            .values_list("pk", "position", "kind", "topic", "notes", "decisions")
        ),
        list(Attendance.objects.filter(meeting=meeting).values_list("organisation", "presence")),
        list(Action.objects.filter(agenda_item__meeting=meeting).values_list("pk", flat=True)),
        list(meeting.invited_organisations.values_list("pk", flat=True)),
    )


def test_finalised_minutes_cannot_be_changed_through_any_url(
    verified_client, coordinator, final_meeting, case_item, reader
):
    client = verified_client(coordinator)
    before = _snapshot(final_meeting)
    for url, data in _write_attempts(final_meeting, case_item, reader):
        response = client.post(url, data)
        assert response.status_code in (302, 400, 404), url
        assert _snapshot(final_meeting) == before, url
        htmx = client.post(url, data, headers={"HX-Request": "true"})
        assert htmx.status_code in (200, 302, 400, 404, 409), url
        assert _snapshot(final_meeting) == before, url


def test_the_services_refuse_locked_minutes_too(coordinator, final_meeting, case_item):
    with pytest.raises(services.MinutesLocked):
        services.minutes_save(author=coordinator, item=case_item, notes="x", decisions="")
    with pytest.raises(services.MinutesLocked):
        services.agenda_item_remove(coordinator=coordinator, item=case_item)


def test_addenda_are_added_after_finalising_with_author_and_time(
    verified_client, coordinator, final_meeting, case_item
):
    response = verified_client(coordinator).post(
        f"/overleggen/{final_meeting.pk}/addendum/",
        {"item": case_item.pk, "text": "Correctie: besluit was uitstel."},
    )
    assert response.status_code == 302
    addendum = Addendum.objects.get()
    assert addendum.author == coordinator and addendum.item == case_item
    html = verified_client(coordinator).get(f"/overleggen/{final_meeting.pk}/notulen/")
    assert "Correctie: besluit was uitstel." in html.content.decode()


def test_no_addendum_before_finalising(verified_client, coordinator, meeting):
    response = verified_client(coordinator).post(
        f"/overleggen/{meeting.pk}/addendum/", {"text": "Te vroeg"}
    )
    assert response.status_code == 400
    assert not Addendum.objects.exists()


def test_finalising_needs_confirmation_and_a_started_meeting(verified_client, coordinator, reader):
    future = plan_meeting(coordinator, [reader.organisation], days=2)
    client = verified_client(coordinator)
    client.post(f"/overleggen/{future.pk}/vaststellen/", {"confirm": "yes"})
    future.refresh_from_db()
    assert future.finalised_at is None
    past = plan_meeting(coordinator, [reader.organisation], days=-2)
    client.post(f"/overleggen/{past.pk}/vaststellen/", {})
    past.refresh_from_db()
    assert past.finalised_at is None
    client.post(f"/overleggen/{past.pk}/vaststellen/", {"confirm": "yes"})
    past.refresh_from_db()
    assert past.finalised_at is not None and past.finalised_by == coordinator


def test_finalising_notes_the_discussion_in_the_case_timeline(coordinator, final_meeting, case):
    assert case.timeline.filter(kind=TimelineKind.MEETING).exists()


# Actions


def test_partner_completes_an_action_of_its_organisation(verified_client, reader, action):
    client = verified_client(reader)
    assert "Huisbezoek afleggen" in client.get("/afspraken/").content.decode()
    response = client.post(f"/afspraken/{action.pk}/", {"status": "done", "note": "Gedaan"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.completed_by, action.completion_note) == (
        ActionStatus.DONE,
        reader,
        "Gedaan",
    )
    again = client.post(f"/afspraken/{action.pk}/", {"status": "cancelled", "note": "Toch niet"})
    assert again.status_code == 400
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE


def test_cancelling_an_action_needs_a_reason(verified_client, reader, action):
    response = verified_client(reader).post(f"/afspraken/{action.pk}/", {"status": "cancelled"})
    assert response.status_code == 400
    assert "note" in response.context["form"].errors
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN


def test_partner_action_list_holds_only_its_organisations_actions(
    verified_client, coordinator, case, reader, contributor, action
):
    services.action_create(
        coordinator=coordinator,
        case=case,
        description="Schoolgesprek voeren",
        owner_organisation=contributor.organisation,
        due_on=timezone.localdate(),
    )
    reader_html = verified_client(reader).get("/afspraken/").content.decode()
    contributor_html = verified_client(contributor).get("/afspraken/").content.decode()
    assert "Huisbezoek afleggen" in reader_html and "Schoolgesprek" not in reader_html
    assert "Schoolgesprek" in contributor_html and "Huisbezoek afleggen" not in contributor_html


def test_actions_of_a_revoked_involvement_disappear_from_the_partner(
    verified_client, case, reader, action
):
    case_services.involvement_revoke(
        involvement=case.involvements.get(organisation=reader.organisation)
    )
    client = verified_client(reader)
    assert "Huisbezoek afleggen" not in client.get("/afspraken/").content.decode()
    assert client.post(f"/afspraken/{action.pk}/", {"status": "done"}).status_code == 404


def test_overdue_overview_groups_by_organisation(verified_client, coordinator, reader, action):
    Action.objects.filter(pk=action.pk).update(due_on=timezone.localdate() - datetime.timedelta(2))
    html = verified_client(coordinator).get("/afspraken/verlopen/").content.decode()
    assert reader.organisation.name in html and "Huisbezoek afleggen" in html


def test_action_due_date_in_the_past_is_refused(
    verified_client, coordinator, meeting, case_item, reader
):
    response = verified_client(coordinator).post(
        f"/overleggen/{meeting.pk}/voorzitten/{case_item.pk}/afspraak/",
        {
            "description": "Te laat",
            "owner_organisation": reader.organisation_id,
            "due_on": "2001-01-01",
        },
    )
    assert response.status_code == 400
    assert "due_on" in response.context["action_form"].errors
    assert not Action.objects.exists()


def test_coordinator_adds_an_action_on_the_case_page(verified_client, coordinator, case, reader):
    response = verified_client(coordinator).post(
        f"/casussen/{case.pk}/afspraken/",
        {
            "afspraak-description": "Buiten het overleg afgesproken",
            "afspraak-owner_organisation": reader.organisation_id,
            "afspraak-owner": reader.pk,
            "afspraak-due_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.owner, action.agenda_item) == (reader, None)
    html = verified_client(reader).get(f"/casussen/{case.pk}/").content.decode()
    assert "Buiten het overleg afgesproken" in html


def test_the_owner_person_must_belong_to_the_owner_organisation(
    verified_client, coordinator, case, reader, contributor
):
    response = verified_client(coordinator).post(
        f"/casussen/{case.pk}/afspraken/",
        {
            "afspraak-description": "Verkeerde persoon",
            "afspraak-owner_organisation": reader.organisation_id,
            "afspraak-owner": contributor.pk,
            "afspraak-due_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert "owner" in response.context["action_form"].errors
    assert not Action.objects.exists()


def test_meeting_lists_split_upcoming_and_earlier(verified_client, coordinator, meeting, reader):
    upcoming = plan_meeting(coordinator, [reader.organisation], days=3)
    response = verified_client(reader).get("/overleggen/")
    assert [m.pk for m in response.context["upcoming"]] == [upcoming.pk]
    assert [m.pk for m in response.context["past"]] == [meeting.pk]


def test_seed_demo_adds_past_and_upcoming_meetings(db, settings):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("seed_demo")
    now = timezone.now()
    assert Meeting.objects.filter(starts_at__lt=now, finalised_at__isnull=False).exists()
    upcoming = Meeting.objects.filter(starts_at__gt=now)
    assert upcoming.count() >= 2 and upcoming.filter(items__isnull=False).exists()
    assert Action.objects.filter(status=ActionStatus.OPEN, due_on__lt=timezone.localdate())
    assert Action.objects.filter(status=ActionStatus.DONE).exists()
    assert Addendum.objects.exists() and Attendance.objects.exists()
    assert at(0).tzinfo is not None
