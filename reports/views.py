"""Quarterly reports: request, follow the progress, download. Management and
coordinators only; the figures are anonymised, the downloads are logged."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from lelystad_radicalisering.audit import record_access
from lelystad_radicalisering.exceptions import ApplicationError, add_error_to_form
from lelystad_radicalisering.roles import Role, role_required

from . import selectors, services
from .constants import CHANGE_LABELS, PERIOD_ENDED, UNKNOWN_CHANGES, ReportStatus
from .forms import ReportRequestForm
from .periods import Period
from .rendering import render_csv
from .versions import report_changes

report_roles = role_required(Role.MANAGEMENT, Role.COORDINATOR)


def _list(request: HttpRequest, form: ReportRequestForm, status: int = 200) -> HttpResponse:
    reports = Paginator(selectors.reports_visible_to(request.user), 25).get_page(
        request.GET.get("pagina")
    )
    return render(
        request,
        "reports/report_list.html",
        {"form": form, "reports": reports, "threshold": settings.REPORT_SUPPRESSION_THRESHOLD},
        status=status,
    )


@report_roles
@never_cache
@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    return _list(request, ReportRequestForm())


def _go(request: HttpRequest, url: str) -> HttpResponse:
    """A redirect; for htmx (the form posts through it to show a busy state) as HX-Redirect."""
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


@report_roles
@require_POST
def report_create(request: HttpRequest) -> HttpResponse:
    form = ReportRequestForm(request.POST)
    if form.is_valid():
        period = form.cleaned_data["period"]
        try:
            report = services.report_request(
                user=request.user, period=period, new_version=form.cleaned_data["new_version"]
            )
        except services.ReportExists:
            return _go(request, f"{reverse('reports:report_offer')}?periode={period.key}")
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            return _go(request, report.get_absolute_url())
    # htmx swaps only a successful answer: the form with its errors comes back as 200.
    return _list(request, form, status=200 if request.headers.get("HX-Request") else 400)


@report_roles
@never_cache
@require_GET
def report_offer(request: HttpRequest) -> HttpResponse:
    """The period asked for has a report already: open it, or make a new version
    when the data behind it changed."""
    period = Period.from_key(request.GET.get("periode", ""))
    if period is None:
        raise Http404
    report = selectors.latest_report_for(request.user, period)
    changes = []
    if report.status == ReportStatus.DONE:
        changes = report_changes(report)
    return render(
        request,
        "reports/report_offer.html",
        {
            "report": report,
            "period": period,
            "change_labels": [str(CHANGE_LABELS[c]) for c in changes if c in CHANGE_LABELS],
            "period_ended": PERIOD_ENDED in changes,
            "unknown_changes": UNKNOWN_CHANGES in changes,
            "changed": bool(changes),
            "next_version": report.version + 1,
        },
    )


@report_roles
@never_cache
@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_for_user_or_404(request.user, pk)
    return render(request, "reports/report_detail.html", {"report": report})


@report_roles
@never_cache
@require_GET
def report_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment htmx polls; it stops polling once the report is finished."""
    report = selectors.report_for_user_or_404(request.user, pk)
    return render(request, "reports/_report_status.html", {"report": report})


@report_roles
@require_POST
def report_retry(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_for_user_or_404(request.user, pk)
    try:
        services.report_retry(user=request.user, report=report)
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect(report.get_absolute_url())


def _finished(request: HttpRequest, pk: int):
    report = selectors.report_for_user_or_404(request.user, pk)
    if report.status != ReportStatus.DONE:
        raise Http404
    return report


@report_roles
@never_cache
@require_GET
def report_download(request: HttpRequest, pk: int) -> HttpResponse:
    report = _finished(request, pk)
    record_access(request, [report], view="reports:report_download")
    return FileResponse(
        report.file.open("rb"),
        as_attachment=True,
        filename=f"{report.file_stem}.pdf",
        content_type="application/pdf",
    )


@report_roles
@never_cache
@require_GET
def report_csv(request: HttpRequest, pk: int) -> HttpResponse:
    report = _finished(request, pk)
    record_access(request, [report], view="reports:report_csv")
    # UTF-8 with a byte order mark: spreadsheet programs then read the accents right.
    response = HttpResponse(
        "\ufeff" + render_csv(report.figures), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{report.file_stem.replace("rapportage", "cijfers", 1)}.csv"'
    )
    return response
