from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.constants import Role
from accounts.models import User

from .models import Involvement
from .services import case_access_expire


@shared_task(name="cases.notify_involvement")
def involvement_notify(involvement_id: int) -> None:
    """Tell the members of a newly involved organisation: neutral label and link only."""
    involvement = Involvement.objects.select_related("case").filter(pk=involvement_id).first()
    if involvement is None or involvement.revoked_at is not None:
        return
    recipients = list(
        User.objects.filter(
            organisation_id=involvement.organisation_id, role=Role.PARTNER, is_active=True
        )
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if not recipients:
        return
    link = settings.SITE_URL + reverse("cases:case_detail", args=[involvement.case_id])
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Your organisation is involved in %(label)s") % {
            "label": involvement.case.label
        }
        body = _(
            "Your organisation has been involved in %(label)s in Casusoverleg Lelystad.\n\nOpen the case:\n%(link)s\n"
        ) % {"label": involvement.case.label, "link": link}
    send_mail(subject, body, None, recipients)


@shared_task(name="cases.expire_access")
def expire_access() -> int:
    return case_access_expire()
