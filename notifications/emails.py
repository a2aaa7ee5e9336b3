"""The e-mails of notifications: a neutral label, a reference and a link.
Never a name, a description or any text someone typed."""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from lelystad_radicalisering import notices

from .models import Notification


def _link(name: str, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def _message(subject: str, context: dict, to: str) -> EmailMultiAlternatives:
    context = {
        **context,
        "centre_link": _link("notifications:notification_list"),
        "preferences_link": _link("notifications:preferences"),
    }
    text = render_to_string("notifications/email.txt", context)
    html = render_to_string("notifications/email.html", context)
    message = EmailMultiAlternatives(subject, text, None, [to])
    message.attach_alternative(html, "text/html")
    return message


def notification_email(notification: Notification) -> EmailMultiAlternatives:
    with translation.override(settings.LANGUAGE_CODE):
        label = notification.label
        return _message(
            _("Casusoverleg Lelystad: %(label)s") % {"label": label},
            {
                "label": label,
                "link": _link("notifications:notification_open", notification.pk),
            },
            notification.recipient.email,
        )


def digest_email(to: str, counts: Mapping[str, int]) -> EmailMultiAlternatives:
    with translation.override(settings.LANGUAGE_CODE):
        rows = [(notices.kind(kind).label, count) for kind, count in sorted(counts.items())]
        total = sum(counts.values())
        return _message(
            _("Casusoverleg Lelystad: %(count)s new notifications") % {"count": total},
            {"rows": [(str(label), count) for label, count in rows], "total": total},
            to,
        )
