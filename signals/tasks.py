from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from lelystad_radicalisering.roles import Role

from .models import Signal

logger = logging.getLogger(__name__)


@shared_task(name="signals.notify_coordinators", bind=True, max_retries=5, default_retry_delay=60)
def signal_notify_coordinators(self, signal_id: int) -> None:
    """E-mail the coordinators that a signal came in: reference and link only.

    Idempotent: ``notified_at`` is stamped in the same transaction that decides
    to send, so a retried or duplicated task does not send twice.
    """
    with transaction.atomic():
        signal = (
            Signal.objects.select_for_update()
            .filter(pk=signal_id, notified_at__isnull=True)
            .first()
        )
        if signal is None:
            return
        recipients = list(
            User.objects.filter(role=Role.COORDINATOR, is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
        link = settings.SITE_URL + reverse("signals:triage_detail", args=[signal.pk])
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("New signal %(reference)s") % {"reference": signal.reference}
            body = _(
                "A new signal has been logged: %(reference)s.\n\nOpen it in Casusoverleg Lelystad:\n%(link)s\n"
            ) % {"reference": signal.reference, "link": link}
        if recipients:
            send_mail(subject, body, None, recipients)
        signal.notified_at = timezone.now()
        signal.save(update_fields=["notified_at"])


@shared_task(name="signals.notify_pending")
def signals_notify_pending() -> int:
    """Sweep: notify about signals whose message never reached the broker."""
    cutoff = timezone.now() - timedelta(minutes=5)
    pending = list(
        Signal.objects.filter(notified_at__isnull=True, created_at__lt=cutoff).values_list(
            "pk", flat=True
        )
    )
    for signal_id in pending:
        signal_notify_coordinators.delay(signal_id)
    return len(pending)
