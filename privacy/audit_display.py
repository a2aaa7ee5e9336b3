"""The audit log as a person reads it: Dutch actions, kinds of objects with a
neutral label, changed fields by their Dutch names, pages by their title.

The same rows feed the screen and the CSV export, so both say the same thing.
Nothing here reads the objects themselves (they may have been destroyed):
only what the entry holds, plus one query for the meeting dates pages name.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from meetings.models import Meeting

from .constants import AuditAction


@dataclass(frozen=True)
class Page:
    title: str  # msgid; may use %(label)s (the page's main object) or %(date)s (the meeting)
    action: str = AuditAction.VIEWED


# Every route that records access, by the title a person knows it by.
PAGES: dict[str, Page] = {
    "cases:case_list": Page(gettext_lazy("Case list")),
    "cases:case_detail": Page(gettext_lazy("Case %(label)s")),
    "cases:case_history": Page(gettext_lazy("History of case %(label)s")),
    "cases:handover_create": Page(gettext_lazy("Handing over case %(label)s")),
    "cases:handover_json": Page(
        gettext_lazy("Handover of case %(label)s (JSON)"), AuditAction.EXPORTED
    ),
    "cases:handover_pdf": Page(
        gettext_lazy("Handover of case %(label)s (PDF)"), AuditAction.PRINTED
    ),
    "cases:inclusion_decide": Page(gettext_lazy("Decision on inclusion, case %(label)s")),
    "cases:inclusion_end": Page(gettext_lazy("Ending the inclusion, case %(label)s")),
    "cases:informing_record": Page(gettext_lazy("Informing the person, case %(label)s")),
    "api:signal_list": Page(gettext_lazy("Partner system: signals"), AuditAction.EXPORTED),
    "api:signal_detail": Page(
        gettext_lazy("Partner system: signal %(label)s"), AuditAction.EXPORTED
    ),
    "meetings:meeting_detail": Page(gettext_lazy("Case consultation %(date)s")),
    "meetings:chair": Page(gettext_lazy("Chairing case consultation %(date)s")),
    "meetings:minutes": Page(gettext_lazy("Minutes of case consultation %(date)s")),
    "meetings:minutes_pdf": Page(
        gettext_lazy("Minutes of case consultation %(date)s (PDF)"), AuditAction.PRINTED
    ),
    "meetings:action_list": Page(gettext_lazy("Agreed actions")),
    "meetings:action_overdue": Page(gettext_lazy("Overdue agreed actions")),
    "meetings:action_update": Page(gettext_lazy("Updating an agreed action")),
    "network:directory": Page(gettext_lazy("Network directory")),
    "network:organisation_page": Page(gettext_lazy("Organisation page")),
    "network:community_list": Page(gettext_lazy("Communities")),
    "network:community_detail": Page(gettext_lazy("Community page")),
    "network:follow_ups": Page(gettext_lazy("Follow-ups of contact moments")),
    "network:training_detail": Page(gettext_lazy("Training page")),
    "signals:triage_inbox": Page(gettext_lazy("Triage inbox")),
    "signals:triage_detail": Page(gettext_lazy("Triage of signal %(label)s")),
    "signals:person_detail": Page(gettext_lazy("Person page")),
    "signals:signal_list": Page(gettext_lazy("Signals of the organisation")),
    "signals:signal_detail": Page(gettext_lazy("Signal %(label)s")),
    "signals:attachment_download": Page(
        gettext_lazy("Attachment of signal %(label)s"), AuditAction.EXPORTED
    ),
    "dashboards:start": Page(gettext_lazy("Start page")),
    "reports:report_download": Page(gettext_lazy("Quarterly report (PDF)"), AuditAction.PRINTED),
    "reports:report_csv": Page(
        gettext_lazy("Quarterly report figures (CSV)"), AuditAction.EXPORTED
    ),
    "privacy:expiring": Page(gettext_lazy("Retention expiring soon")),
    "privacy:subject_search": Page(gettext_lazy("Search for a data subject")),
    "privacy:subject_detail": Page(gettext_lazy("Data-subject request")),
    "privacy:subject_export": Page(
        gettext_lazy("Answer to a data-subject request"), AuditAction.EXPORTED
    ),
    "audit:audit_log": Page(gettext_lazy("Audit log filtered by person")),
    "audit:suggest": Page(gettext_lazy("Audit log: suggestions for a person")),
}
UNKNOWN_PAGE = Page(gettext_lazy("Another page"))

CHANGE_ACTIONS = {
    LogEntry.Action.CREATE: AuditAction.CREATED,
    LogEntry.Action.UPDATE: AuditAction.CHANGED,
    LogEntry.Action.DELETE: AuditAction.DELETED,
}

# Account events written by accounts.audit as pseudo-fields.
EVENTS = {
    "two_factor_reset": gettext_lazy("Two-factor authentication reset"),
    "access_review_expired": gettext_lazy("Deactivated: access review not confirmed in time"),
    "access_review_closed": gettext_lazy("Deactivated at the close of an access review"),
}

# Fields whose values are themselves personal or free text: the log says that
# they changed, never what they said. Text fields and foreign keys are never
# shown either (see _shows_value); this list catches the short ones.
SENSITIVE_FIELDS = {
    "full_name",
    "first_name",
    "last_name",
    "name",
    "email",
    "phone",
    "username",
    "date_of_birth",
    "address",
    "label",
    "topic",
    "reason",
    "password",
}


def action_of(entry: LogEntry) -> str:
    if entry.action != LogEntry.Action.ACCESS:
        return CHANGE_ACTIONS.get(entry.action, AuditAction.CHANGED)
    data = entry.additional_data or {}
    page = PAGES.get(data.get("view", ""), UNKNOWN_PAGE)
    if data.get("view") == "privacy:subject_export":
        return AuditAction.PRINTED if data.get("context") == "export:pdf" else AuditAction.EXPORTED
    return page.action


def kind_name(label_lower: str, count: int = 1) -> str:
    """``"cases.case"`` → "casus" (or "casussen")."""
    try:
        model = apps.get_model(label_lower)
    except (LookupError, ValueError):
        return _("object") if count == 1 else _("objects")
    meta = model._meta
    return str(meta.verbose_name if count == 1 else meta.verbose_name_plural)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


_NUMBERED = re.compile(r"^(\D+ \d+( in \d+)?|[a-z_]+: \d+)$")


def object_name(label_lower: str, pk: str, label: str = "") -> str:
    """ "Casus C-2026-0007", "Betrokkene nr. 12": the kind and a neutral label."""
    kind = _capital(kind_name(label_lower))
    if not label or _NUMBERED.match(label):
        return _("%(kind)s no. %(number)s") % {"kind": kind, "number": pk}
    return f"{kind} {label}"


def _shows_value(model_field: models.Field) -> bool:
    if model_field.name in SENSITIVE_FIELDS:
        return False
    if model_field.choices:
        return True
    return isinstance(
        model_field,
        models.BooleanField
        | models.DateField
        | models.IntegerField
        | models.DecimalField
        | models.DurationField,
    ) and not isinstance(model_field, models.AutoField)


_EMPTY = {"", "None", "null"}


def _value(model_field: models.Field, raw) -> str:
    raw = "" if raw is None else str(raw)
    if raw in _EMPTY:
        return "—"
    if model_field.choices:
        return str(dict((str(k), v) for k, v in model_field.flatchoices).get(raw, raw))
    if isinstance(model_field, models.BooleanField):
        return _("yes") if raw in ("True", "true", "1") else _("no")
    if isinstance(model_field, models.DateTimeField):
        try:
            moment = datetime.datetime.fromisoformat(raw)
        except ValueError:
            return raw
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return formats.date_format(moment, "j-n-Y H:i")
    if isinstance(model_field, models.DateField):
        try:
            return formats.date_format(datetime.date.fromisoformat(raw[:10]), "j-n-Y")
        except ValueError:
            return raw
    return raw


@dataclass
class Change:
    field: str
    old: str | None = None  # None: the values are not shown; "": a creation
    new: str | None = None

    def __str__(self) -> str:
        if self.old is None:
            return self.field
        if self.old == "":
            return f"{self.field}: {self.new}"
        return f"{self.field}: {self.old} → {self.new}"


# Columns Django names by themselves (no verbose_name in the model).
UNNAMED_FIELDS = {
    "id": gettext_lazy("number"),
    "created_by": gettext_lazy("created by"),
    "created_at": gettext_lazy("created at"),
    "updated_at": gettext_lazy("last changed at"),
    "completed_at": gettext_lazy("completed at"),
    "completed_by": gettext_lazy("completed by"),
    "decided_at": gettext_lazy("decided at"),
    "decided_by": gettext_lazy("decided by"),
    "closed_at": gettext_lazy("closed at"),
    "revoked_at": gettext_lazy("revoked at"),
    "partner_access_until": gettext_lazy("partners' access until"),
    "author": gettext_lazy("author"),
    "kind": gettext_lazy("kind"),
    "visibility": gettext_lazy("visible to"),
}


def _field_label(model_field) -> str | None:
    """The field's Dutch name, or None when it has none (never the column name)."""
    if isinstance(getattr(model_field, "verbose_name", None), Promise):
        return _capital(str(model_field.verbose_name))
    if model_field.name in UNNAMED_FIELDS:
        return _capital(str(UNNAMED_FIELDS[model_field.name]))
    return None


def changes_of(entry: LogEntry, model: type[models.Model] | None) -> list[Change]:
    data = entry.additional_data or {}
    if data.get("event"):
        return [Change(str(EVENTS.get(data["event"], _("Account event"))))]
    if entry.action == LogEntry.Action.ACCESS or not entry.changes:
        return []
    changes = entry.changes if isinstance(entry.changes, dict) else entry.changes_dict
    result = []
    other = 0
    for name, values in changes.items():
        try:
            model_field = model._meta.get_field(name) if model else None
        except FieldDoesNotExist:
            model_field = None
        label = _field_label(model_field) if model_field is not None else None
        if label is None:
            if name != "id":
                other += 1
            continue
        if model_field.name == "id":
            continue  # the object's own number is in the object column
        pair = values if isinstance(values, list | tuple) and len(values) == 2 else None
        if entry.action == LogEntry.Action.CREATE:
            if pair is not None and str(pair[1]) in _EMPTY:
                continue  # a creation lists what was filled in
            if pair is not None and _shows_value(model_field):
                result.append(Change(label, "", _value(model_field, pair[1])))
            else:
                result.append(Change(label))
        elif pair is not None and _shows_value(model_field):
            result.append(Change(label, _value(model_field, pair[0]), _value(model_field, pair[1])))
        else:
            result.append(Change(label))
    result.sort(key=lambda change: change.field)
    if other:
        result.append(
            Change(
                ngettext("%(count)s other field", "%(count)s other fields", other)
                % {"count": other}
            )
        )
    return result


@dataclass
class AuditRow:
    at: datetime.datetime
    actor: str
    organisation: str
    action: str
    objects: str
    page: str
    changes: list[Change] = field(default_factory=list)
    address: str = ""

    @property
    def changes_text(self) -> str:
        return "; ".join(str(change) for change in self.changes)


def _objects_text(entry: LogEntry, label_lower: str) -> str:
    data = entry.additional_data or {}
    listed = data.get("objects") if entry.action == LogEntry.Action.ACCESS else None
    if not listed:
        return object_name(label_lower, entry.object_pk, entry.object_repr)
    keys = list(listed)
    if len(keys) <= 3:
        names = []
        for key in keys:
            kind, _sep, pk = key.partition(":")
            names.append(object_name(kind, pk, listed[key]))
        return ", ".join(names)
    kinds: dict[str, int] = {}
    for key in keys:
        kind = key.partition(":")[0]
        kinds[kind] = kinds.get(kind, 0) + 1
    return ", ".join(
        f"{count} {kind_name(kind, count)}"
        for kind, count in sorted(kinds.items(), key=lambda item: -item[1])
    )


def _context_ids(entries: list[LogEntry], prefix: str) -> set[int]:
    ids = set()
    for entry in entries:
        context = str((entry.additional_data or {}).get("context", ""))
        if context.startswith(prefix) and context[len(prefix) :].isdigit():
            ids.add(int(context[len(prefix) :]))
    return ids


def _page_title(entry: LogEntry, meetings: dict[int, datetime.datetime]) -> str:
    if entry.action != LogEntry.Action.ACCESS:
        return ""
    data = entry.additional_data or {}
    page = PAGES.get(data.get("view", ""), UNKNOWN_PAGE)
    context = str(data.get("context", ""))
    starts_at = None
    if context.startswith("meeting:") and context[8:].isdigit():
        starts_at = meetings.get(int(context[8:]))
    values = {
        "label": entry.object_repr if not _NUMBERED.match(entry.object_repr) else "",
        "date": formats.date_format(timezone.localtime(starts_at), "j F Y")
        if starts_at
        else _("(date no longer known)"),
    }
    return (str(page.title) % values).replace("  ", " ").strip()


def audit_rows(entries) -> list[AuditRow]:
    """The readable form of ``entries`` (actor and organisation selected with them)."""
    entries = list(entries)
    meeting_ids = _context_ids(entries, "meeting:")
    meetings = (
        dict(Meeting.objects.filter(pk__in=meeting_ids).values_list("pk", "starts_at"))
        if meeting_ids
        else {}
    )
    rows = []
    for entry in entries:
        content_type = ContentType.objects.get_for_id(entry.content_type_id)
        label_lower = f"{content_type.app_label}.{content_type.model}"
        actor = entry.actor
        rows.append(
            AuditRow(
                at=entry.timestamp,
                actor=(actor.get_full_name() or actor.username) if actor else _("System"),
                organisation=actor.organisation.name if actor and actor.organisation else "—",
                action=AuditAction(action_of(entry)).label,
                objects=_objects_text(entry, label_lower),
                page=_page_title(entry, meetings),
                changes=changes_of(entry, content_type.model_class()),
                address=entry.remote_addr or "",
            )
        )
    return rows


def kind_choices() -> list[tuple[str, str]]:
    """The kinds of object the log can hold: the audited models, from the
    registry (a short fixed list), never from a scan of the log."""
    return sorted(
        (
            (model._meta.label_lower, _capital(str(model._meta.verbose_name)))
            for model in auditlog.get_models()
        ),
        key=lambda choice: choice[1],
    )
