"""The privacy officer's read-only view of the audit log, with CSV export."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from auditlog.models import LogEntry
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from lelystad_radicalisering.roles import Role, role_required

from .forms import AuditFilterForm
from .selectors import audit_entries

privacy_officer_only = role_required(Role.PRIVACY_OFFICER)


@privacy_officer_only
@never_cache
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    page = Paginator(audit_entries(data), 50).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request, "audit/audit_log.html", {"form": form, "page": page, "query": query.urlencode()}
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_rows(entries: QuerySet[LogEntry]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(
        [
            _("time"),
            _("user"),
            _("organisation"),
            _("action"),
            _("kind of object"),
            _("object id"),
            _("object"),
            _("changed fields"),
            _("view"),
            _("address"),
        ]
    )
    for entry in entries.iterator(chunk_size=2000):
        changes = (
            entry.changes_dict
            if entry.action in (LogEntry.Action.CREATE, LogEntry.Action.UPDATE)
            else {}
        )
        yield writer.writerow(
            [
                timezone.localtime(entry.timestamp).isoformat(timespec="seconds"),
                entry.actor.username if entry.actor else "",
                entry.actor.organisation.name if entry.actor else "",
                entry.get_action_display(),
                entry.content_type.model,
                entry.object_pk,
                _csv_safe(entry.object_repr),
                " ".join(sorted(changes)),
                (entry.additional_data or {}).get("view", ""),
                entry.remote_addr or "",
            ]
        )


def _csv_safe(value: str) -> str:
    # Spreadsheet programs execute cells starting with these characters.
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@privacy_officer_only
@never_cache
def audit_log_export(request: HttpRequest) -> StreamingHttpResponse:
    form = AuditFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    response = StreamingHttpResponse(
        _csv_rows(audit_entries(data)), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="auditlog-{stamp}.csv"'
    return response
