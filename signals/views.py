"""Signals for partners: intake, the organisation's list, detail, supplements, attachments."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from lelystad_radicalisering.audit import record_access
from lelystad_radicalisering.exceptions import ApplicationError, add_error_to_form
from lelystad_radicalisering.roles import Role, role_required
from network.selectors import categories_for_type

from . import selectors, services
from .constants import OPEN_STATUSES, PARTNER_STATUS_LABELS
from .forms import PersonFormSet, SignalForm, SupplementForm, about_someone_or_something
from .models import SignalAttachment

reporters = role_required(Role.PARTNER, Role.COORDINATOR)


def _reported_persons(formset) -> list[services.ReportedPerson]:
    return [
        services.ReportedPerson(
            full_name=form.cleaned_data["full_name"],
            date_of_birth=form.cleaned_data.get("date_of_birth"),
            neighbourhood=form.cleaned_data.get("neighbourhood"),
        )
        for form in formset.forms
        if form.cleaned_data.get("full_name")
    ]


@reporters
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def signal_create(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = SignalForm(request.POST, request.FILES)
        formset = PersonFormSet(request.POST, prefix="persons")
        persons = _reported_persons(formset) if formset.is_valid() else []
        about_someone_or_something(form, persons)
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            try:
                signal, _created = services.signal_submit(
                    reporter=request.user,
                    submission_key=data["submission_key"],
                    category=data["category"],
                    urgency=data["urgency"],
                    observation=data["observation"],
                    observed_on=data["observed_on"],
                    source=data["source"],
                    persons=persons,
                    group_description=data["group_description"],
                    place_description=data["place_description"],
                    observed_where=data["observed_where"],
                    neighbourhood=data["neighbourhood"],
                    attachments=data["attachments"],
                )
            except ApplicationError as error:
                add_error_to_form(form, error)
            else:
                return redirect("signals:confirmation", pk=signal.pk)
        # Files cannot be put back into a browser's file field: name them and ask again.
        dropped_files = [f.name for f in request.FILES.getlist("attachments")]
    else:
        form = SignalForm(initial={"submission_key": uuid.uuid4()})
        formset = PersonFormSet(prefix="persons")
        dropped_files = []
    return render(
        request,
        "signals/signal_form.html",
        {
            "form": form,
            "formset": formset,
            "dropped_files": dropped_files,
            "may_share": categories_for_type(request.user.organisation.type),
        },
    )


@reporters
@never_cache
def signal_confirmation(request: HttpRequest, pk: int) -> HttpResponse:
    signal = selectors.signal_for_user_or_404(request.user, pk)
    if signal.reporter_id != request.user.pk:
        raise Http404
    return render(request, "signals/confirmation.html", {"signal": signal})


@role_required(Role.PARTNER)
@never_cache
def signal_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.signals_of_organisation(request.user), 25).get_page(
        request.GET.get("pagina")
    )
    record_access(request, page.object_list, view="signals:signal_list")
    return render(
        request,
        "signals/signal_list.html",
        {"page": page, "status_labels": PARTNER_STATUS_LABELS},
    )


def _render_partner_detail(
    request: HttpRequest, pk: int, form: SupplementForm | None = None, status: int = 200
):
    """The partner's signal page; every path that shows it writes the access entries."""
    signal = selectors.signal_with_details_for_user_or_404(request.user, pk)
    record_access(request, [signal, *signal.persons.all()], view="signals:signal_detail")
    return render(
        request,
        "signals/signal_detail.html",
        {
            "signal": signal,
            "status_label": PARTNER_STATUS_LABELS[signal.status],
            "is_open": signal.status in OPEN_STATUSES,
            "supplement_form": form or SupplementForm(),
        },
        status=status,
    )


@reporters
@never_cache
def signal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if request.user.has_role(Role.COORDINATOR):
        return redirect("signals:triage_detail", pk=pk)
    return _render_partner_detail(request, pk)


@role_required(Role.PARTNER)
@require_POST
def signal_supplement(request: HttpRequest, pk: int) -> HttpResponse:
    signal = selectors.signal_for_user_or_404(request.user, pk)
    form = SupplementForm(request.POST)
    if form.is_valid():
        try:
            services.signal_add_supplement(
                signal=signal, author=request.user, text=form.cleaned_data["text"]
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your supplementary information has been added."))
        return redirect("signals:signal_detail", pk=signal.pk)
    return _render_partner_detail(request, pk, form=form, status=400)


@reporters
@never_cache
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    signal = selectors.signal_for_user_or_404(request.user, pk)
    attachment = get_object_or_404(SignalAttachment, pk=attachment_pk, signal=signal)
    record_access(request, [attachment], view="signals:attachment_download")
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@role_required(Role.COORDINATOR)
@never_cache
def tension_overview(request: HttpRequest) -> HttpResponse:
    return render(request, "network/tension_overview.html", selectors.tension_overview())
