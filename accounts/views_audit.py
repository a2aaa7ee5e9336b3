"""The privacy officer's read-only view of the audit log, with CSV export."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from auditlog.models import LogEntry
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from lelystad_radicalisering.forms import DateInput
from network.models import Organisation

from .constants import Role
from .models import User
from .permissions import role_required

privacy_officer_only = role_required(Role.PRIVACY_OFFICER)

ACTION_CHOICES = [("", gettext_lazy("All")), *LogEntry.Action.choices]


class AuditFilterForm(forms.Form):
    actor = forms.ModelChoiceField(
        label=gettext_lazy("User"),
        required=False,
        queryset=User.objects.order_by("username"),
        empty_label=gettext_lazy("All"),
    )
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"),
        required=False,
        queryset=Organisation.objects.all(),
        empty_label=gettext_lazy("All"),
    )
    content_type = forms.ModelChoiceField(
        label=gettext_lazy("Kind of object"),
        required=False,
        queryset=ContentType.objects.none(),
        empty_label=gettext_lazy("All"),
    )
    object = forms.CharField(
        label=gettext_lazy("Object"),
        required=False,
        max_length=50,
        help_text=gettext_lazy("A reference such as S-2026-0042, or a number."),
    )
    action = forms.TypedChoiceField(
        label=gettext_lazy("Action"),
        required=False,
        choices=ACTION_CHOICES,
        coerce=int,
        empty_value=None,
    )
    date_from = forms.DateField(label=gettext_lazy("From"), required=False, widget=DateInput)
    date_to = forms.DateField(label=gettext_lazy("To"), required=False, widget=DateInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        used = LogEntry.objects.values_list("content_type", flat=True).distinct()
        self.fields["content_type"].queryset = ContentType.objects.filter(pk__in=used).order_by(
            "model"
        )
        self.fields["content_type"].label_from_instance = lambda ct: (
            str(ct.model_class()._meta.verbose_name) if ct.model_class() else ct.model
        )


def audit_entries(data: dict) -> QuerySet[LogEntry]:
    entries = LogEntry.objects.select_related(
        "actor", "actor__organisation", "content_type"
    ).order_by("-timestamp", "-pk")
    if data.get("actor"):
        entries = entries.filter(actor=data["actor"])
    if data.get("organisation"):
        entries = entries.filter(actor__organisation=data["organisation"])
    if data.get("content_type"):
        entries = entries.filter(content_type=data["content_type"])
    if data.get("object"):
        value = data["object"].strip()
        entries = (
            entries.filter(object_pk=value)
            if value.isdigit()
            else entries.filter(object_repr__iexact=value)
        )
    if data.get("action") is not None:
        entries = entries.filter(action=data["action"])
    if data.get("date_from"):
        entries = entries.filter(timestamp__date__gte=data["date_from"])
    if data.get("date_to"):
        entries = entries.filter(timestamp__date__lte=data["date_to"])
    return entries


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
