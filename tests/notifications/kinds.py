"""The notification kinds by name, as the apps that notify register them."""

from __future__ import annotations

from cases import notices as case_notices
from lelystad_radicalisering import notices
from meetings import notices as meeting_notices
from reports import notices as report_notices


class Kind:
    INVOLVEMENT = case_notices.INVOLVEMENT
    CASE_UPDATE = case_notices.CASE_UPDATE
    ACTION_ASSIGNED = meeting_notices.ACTION_ASSIGNED
    ACTION_OVERDUE = meeting_notices.ACTION_OVERDUE
    MEETING_INVITED = meeting_notices.MEETING_INVITED
    AGENDA_CHANGED = meeting_notices.AGENDA_CHANGED
    MINUTES_FINAL = meeting_notices.MINUTES_FINAL
    REPORT_READY = report_notices.REPORT_READY
    values = [kind.code for kind in notices.kinds()]
