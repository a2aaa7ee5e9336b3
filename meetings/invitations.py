"""Invitation e-mails with an iCalendar attachment. They name the meeting, its time,
place and link, and nothing about the cases on the agenda: not every invitee may
see every item."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from accounts.models import User
from lelystad_radicalisering.roles import Role

from .models import Meeting
from .selectors import meeting_readers


def recipients(meeting: Meeting) -> list[str]:
    """The partners who see the meeting (``meeting_readers``: its named participants
    once it has them), the named coordinators, and the chair."""
    named_coordinators = User.objects.filter(
        meeting_participations__meeting=meeting, role=Role.COORDINATOR, is_active=True
    )
    emails = {
        email
        for people in (meeting_readers(meeting), named_coordinators)
        for email in people.exclude(email="").values_list("email", flat=True)
    }
    if meeting.chair.is_active and meeting.chair.email:
        emails.add(meeting.chair.email)
    return sorted(emails)


def _title() -> str:
    return _("Case consultation Lelystad")


def calendar_file(meeting: Meeting, *, method: str = "REQUEST") -> bytes:
    link = settings.SITE_URL + reverse("meetings:meeting_detail", args=[meeting.pk])
    calendar = Calendar()
    calendar.add("prodid", "-//Gemeente Lelystad//Casusoverleg//NL")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", f"{meeting.ical_uid}@casusoverleg-lelystad")
    event.add("sequence", meeting.ical_sequence + (1 if method == "CANCEL" else 0))
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", _title())
    event.add("location", vText(meeting.location or meeting.online_url))
    event.add("url", meeting.online_url or link)
    event.add("description", _("Agenda and documents: %(link)s") % {"link": link})
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
    organizer.params["cn"] = vText(_title())
    event["organizer"] = organizer
    calendar.add_component(event)
    return calendar.to_ical()


def _body(meeting: Meeting, intro: str, *, with_link: bool = True) -> str:
    start = timezone.localtime(meeting.starts_at)
    link = settings.SITE_URL + reverse("meetings:meeting_detail", args=[meeting.pk])
    lines = [
        intro,
        "",
        _("When: %(date)s, %(start)s to %(end)s")
        % {
            "date": start.strftime("%d-%m-%Y"),
            "start": start.strftime("%H:%M"),
            "end": timezone.localtime(meeting.ends_at).strftime("%H:%M"),
        },
    ]
    if meeting.location:
        lines.append(_("Where: %(place)s") % {"place": meeting.location})
    if meeting.online_url:
        lines.append(_("Online: %(link)s") % {"link": meeting.online_url})
    if with_link:
        lines += ["", _("The agenda is in Casusoverleg Lelystad:"), link]
    lines.append("")
    return "\n".join(lines)


def invitation_email(meeting: Meeting) -> EmailMessage | None:
    to = recipients(meeting)
    if not to:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        start = timezone.localtime(meeting.starts_at)
        updated = meeting.ical_sequence > 0
        subject = (
            _("Changed: case consultation on %(date)s")
            if updated
            else _("Invitation: case consultation on %(date)s")
        ) % {"date": start.strftime("%d-%m-%Y")}
        body = _body(meeting, _("You are invited to the case consultation (casusoverleg)."))
    # Recipients in Bcc: invitees of one organisation do not learn each other's addresses.
    message = EmailMessage(subject, body, None, [], bcc=to)
    message.attach("casusoverleg.ics", calendar_file(meeting), "text/calendar; method=REQUEST")
    return message


def cancellation_emails(meeting: Meeting) -> list[EmailMessage]:
    to = recipients(meeting)
    if not to:
        return []
    with translation.override(settings.LANGUAGE_CODE):
        start = timezone.localtime(meeting.starts_at)
        subject = _("Cancelled: case consultation on %(date)s") % {
            "date": start.strftime("%d-%m-%Y")
        }
        body = _body(
            meeting, _("This case consultation (casusoverleg) has been cancelled."), with_link=False
        )
    message = EmailMessage(subject, body, None, [], bcc=to)
    message.attach(
        "casusoverleg.ics", calendar_file(meeting, method="CANCEL"), "text/calendar; method=CANCEL"
    )
    return [message]
