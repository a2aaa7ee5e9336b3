"""The notification kinds of case files, registered in ``CasesConfig.ready()``.
Who hears of an event is derived from the same visibility functions the case
pages use."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from lelystad_radicalisering.notices import Audience, Delivery, NoticeKind, register
from lelystad_radicalisering.roles import Role

from .models import Involvement, TimelineEntry
from .selectors import case_readers, cases_visible_to

INVOLVEMENT = "involvement"
CASE_UPDATE = "case_update"


def _involvement_audience(source_id: int) -> Audience | None:
    involvement = Involvement.objects.select_related("case").filter(pk=source_id).first()
    if involvement is None or involvement.revoked_at is not None:
        return None
    readers = case_readers(involvement.case, organisation_id=involvement.organisation_id).filter(
        role=Role.PARTNER
    )
    return Audience(involvement.case_id, involvement.case.reference, readers)


def _case_update_audience(source_id: int) -> Audience | None:
    entry = TimelineEntry.objects.select_related("case").filter(pk=source_id).first()
    if entry is None:
        return None
    return Audience(entry.case_id, entry.case.reference, case_readers(entry.case, entry=entry))


def _case_url(user: User, case_id: int) -> str | None:
    if cases_visible_to(user).filter(pk=case_id).exists():
        return reverse("cases:case_detail", args=[case_id])
    return None


def register_notices() -> None:
    register(
        NoticeKind(
            code=INVOLVEMENT,
            label=_("New involvement in a case"),
            title=_("Your organisation is involved in case %(reference)s"),
            # Someone has to act: by e-mail at once.
            default_delivery=Delivery.IMMEDIATE,
            audience=_involvement_audience,
            target_url=_case_url,
        ),
        NoticeKind(
            code=CASE_UPDATE,
            label=_("Update on a case"),
            title=_("New update on case %(reference)s"),
            default_delivery=Delivery.DIGEST,
            audience=_case_update_audience,
            target_url=_case_url,
            coalesced=True,
        ),
    )
