"""The coordinator's triage: inbox, triage view, decisions, person matching."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lelystad_radicalisering.audit import record_access
from lelystad_radicalisering.exceptions import ApplicationError, add_error_to_form
from lelystad_radicalisering.paging import CappedPaginator, count_label, query_without_page
from lelystad_radicalisering.roles import Role, role_required

from . import selectors, services
from .constants import OPEN_STATUSES, SignalStatus
from .forms import DecisionForm, InboxFilterForm, PersonLinkForm
from .models import Person, Signal, SignalPerson

coordinator_only = role_required(Role.COORDINATOR)


@coordinator_only
@never_cache
def triage_inbox(request: HttpRequest) -> HttpResponse:
    form = InboxFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.InboxFilters(
        q=data.get("q", ""),
        status=data.get("status", ""),
        category=data.get("category", ""),
        urgency=data.get("urgency", ""),
        organisation_id=data["organisation"].pk if data.get("organisation") else None,
        neighbourhood_id=data["neighbourhood"].pk if data.get("neighbourhood") else None,
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
    )
    page = CappedPaginator(selectors.triage_inbox(request.user, filters), 25).get_page(
        request.GET.get("pagina")
    )
    record_access(request, page.object_list, view="signals:triage_inbox")
    counts = selectors.status_counts(request.user)
    return render(
        request,
        "signals/triage_inbox.html",
        {
            "form": form,
            "page": page,
            "query": query_without_page(request),
            # Closed statuses are most of the table: links without a number.
            "status_counts": [
                (status, count_label(counts[status]) if status in OPEN_STATUSES else None)
                for status in SignalStatus
            ],
            "open_count": count_label(sum(counts.values())),
        },
    )


def _triage_context(
    request: HttpRequest, signal, decision_form: DecisionForm | None = None
) -> dict:
    persons = list(signal.persons.all())
    return {
        "signal": signal,
        "persons": [(person, selectors.person_match_suggestions(person)) for person in persons],
        "decision_form": decision_form or DecisionForm(status=signal.status),
        "can_decide": signal.status in OPEN_STATUSES,
    }


@coordinator_only
@never_cache
def triage_detail(request: HttpRequest, pk: int) -> HttpResponse:
    signal = selectors.signal_with_details_for_user_or_404(request.user, pk)
    if signal.status == SignalStatus.NEW:
        services.signal_open_for_triage(signal=signal, coordinator=request.user)
        signal = None  # now in triage: shown as it is after the change
    return _render_triage(request, pk, signal=signal)


def _render_triage(
    request: HttpRequest,
    pk: int,
    decision_form: DecisionForm | None = None,
    status: int = 200,
    *,
    signal: Signal | None = None,
) -> HttpResponse:
    """The triage page; every path that shows it writes the access entries.
    ``signal``: read with its details already for this request."""
    if signal is None:
        signal = selectors.signal_with_details_for_user_or_404(request.user, pk)
    context = _triage_context(request, signal, decision_form)
    suggested = {person for _, suggestions in context["persons"] for person in suggestions}
    # The suggested matches come from a search for persons: that is access too.
    record_access(
        request,
        [signal, *signal.persons.all(), *suggested],
        view="signals:triage_detail",
        context=f"triage:{signal.pk}",
    )
    return render(request, "signals/triage_detail.html", context, status=status)


@coordinator_only
@require_POST
def triage_decide(request: HttpRequest, pk: int) -> HttpResponse:
    signal = selectors.signal_for_user_or_404(request.user, pk)
    form = DecisionForm(request.POST, status=signal.status)
    if form.is_valid():
        try:
            services.signal_decide(
                signal=signal,
                coordinator=request.user,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                forwarded_to=form.cleaned_data["forwarded_to"],
            )
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            messages.success(
                request,
                _("Signal %(reference)s: %(status)s.")
                % {
                    "reference": signal.reference,
                    "status": SignalStatus(form.cleaned_data["decision"]).label,
                },
            )
            return redirect("signals:triage_inbox")
    return _render_triage(request, pk, decision_form=form, status=400)


@coordinator_only
@require_POST
def triage_person_link(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    signal = selectors.signal_for_user_or_404(request.user, pk)
    signal_person = get_object_or_404(SignalPerson, pk=person_pk, signal=signal)
    form = PersonLinkForm(request.POST)
    if form.is_valid():
        person_id = form.cleaned_data["person"]
        person = None if person_id is None else get_object_or_404(Person, pk=person_id)
        services.signal_person_link(
            signal_person=signal_person, coordinator=request.user, person=person
        )
        messages.success(request, _("The person has been linked."))
    else:
        messages.error(request, _("Choose a person."))
    return redirect(f"{signal.get_triage_url()}#persoon-{signal_person.pk}")


@coordinator_only
@require_POST
def triage_person_unlink(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    signal = selectors.signal_for_user_or_404(request.user, pk)
    signal_person = get_object_or_404(SignalPerson, pk=person_pk, signal=signal)
    services.signal_person_unlink(signal_person=signal_person)
    messages.success(request, _("The link has been removed."))
    return redirect(f"{signal.get_triage_url()}#persoon-{signal_person.pk}")


@coordinator_only
@never_cache
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_for_coordinator_or_404(request.user, pk)
    signals = list(selectors.signals_about_person(request.user, person))
    record_access(request, [person], view="signals:person_detail")
    return render(request, "signals/person_detail.html", {"person": person, "signals": signals})
