"""The privacy officer's read-only view of the audit log, with CSV export, in
the words a person uses (privacy.audit_display)."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from auditlog.models import LogEntry
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from lelystad_radicalisering.audit import record_access
from lelystad_radicalisering.paging import CappedPaginator, query_without_page
from lelystad_radicalisering.roles import Role, role_required
from signals.models import Person

from .audit_display import audit_rows
from .forms import AuditFilterForm
from .selectors import audit_entries, audit_suggestions

privacy_officer_only = role_required(Role.PRIVACY_OFFICER)
PAGE_SIZE = 50
AUDIT_COUNT_CAP = 10_000


def _filtered(request: HttpRequest) -> tuple[AuditFilterForm, QuerySet[LogEntry]]:
    form = AuditFilterForm(request.GET or None)
    # The fields that are valid still narrow the log; the others show their error.
    form.is_valid()
    data = form.cleaned_data if form.is_bound else {}
    # The page names no person (kinds and references only), so filtering by one
    # is not itself an access; the suggestions that show names are.
    return form, audit_entries(data)


@privacy_officer_only
@never_cache
def audit_log(request: HttpRequest) -> HttpResponse:
    form, entries = _filtered(request)
    number = request.GET.get("pagina")
    # The log grows without end: counted up to 10,000 entries, and a first
    # page that is not full is its own count.
    page = CappedPaginator(entries, PAGE_SIZE, cap=AUDIT_COUNT_CAP, number=number).get_page(number)
    return render(
        request,
        "audit/audit_log.html",
        {
            "form": form,
            "page": page,
            "rows": audit_rows(page.object_list),
            "query": query_without_page(request),
            "cap": number_format(AUDIT_COUNT_CAP, force_grouping=True),
        },
        status=400 if form.errors else 200,
    )


@privacy_officer_only
@never_cache
def suggest(request: HttpRequest) -> HttpResponse:
    """Suggestions for a filter field (htmx fills the field's datalist)."""
    field_name = next(
        (name for name in ("person", "actor", "organisation", "case") if name in request.GET), ""
    )
    matches = audit_suggestions(field_name, request.GET.get(field_name, ""))
    persons = [obj for _value, obj in matches if isinstance(obj, Person)]
    record_access(request, persons, view="audit:suggest")
    return render(
        request, "audit/_suggestions.html", {"values": [value for value, _obj in matches]}
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_rows(entries: QuerySet[LogEntry]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(
        [
            _("Time"),
            _("User"),
            _("Organisation"),
            _("Action"),
            _("Object"),
            _("Page"),
            _("Changes"),
            _("Address"),
        ]
    )
    batch: list[LogEntry] = []
    for entry in entries.iterator(chunk_size=2000):
        batch.append(entry)
        if len(batch) == 500:
            yield from _csv_batch(writer, batch)
            batch = []
    yield from _csv_batch(writer, batch)


def _csv_batch(writer, entries: list[LogEntry]) -> Iterator[str]:
    for row in audit_rows(entries):
        yield writer.writerow(
            [
                timezone.localtime(row.at).strftime("%d-%m-%Y %H:%M:%S"),
                _csv_safe(row.actor),
                _csv_safe(row.organisation),
                row.action,
                _csv_safe(row.objects),
                _csv_safe(row.page),
                _csv_safe(row.changes_text),
                row.address,
            ]
        )


def _csv_safe(value: str) -> str:
    # Spreadsheet programs execute cells starting with these characters.
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@privacy_officer_only
@never_cache
def audit_log_export(request: HttpRequest) -> StreamingHttpResponse:
    _form, entries = _filtered(request)
    response = StreamingHttpResponse(_csv_rows(entries), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="auditlog-{stamp}.csv"'
    return response
