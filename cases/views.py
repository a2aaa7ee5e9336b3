"""Case files: list, opening from signals, the case page and everything under it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from lelystad_radicalisering.audit import record_access
from lelystad_radicalisering.exceptions import (
    ApplicationError,
    add_error_to_form,
    form_errors_text,
)
from lelystad_radicalisering.paging import CappedPaginator, query_without_page
from lelystad_radicalisering.pdf import pdf_download, render_pdf
from lelystad_radicalisering.roles import Role, role_required
from network.selectors import categories_for_type
from signals.selectors import signals_visible_to

from . import permissions, selectors, services
from .constants import ALLOWED_TRANSITIONS, CHANGE_CASE, CaseStatus, InterventionStatus
from .forms import (
    AssessmentForm,
    CaseEditForm,
    CaseFilterForm,
    CaseForm,
    CloseForm,
    GoalForm,
    HandoverAnswerForm,
    HandoverForm,
    InclusionEndForm,
    InclusionForm,
    InformingForm,
    InterventionForm,
    InterventionStatusForm,
    InvolvementForm,
    LinkSignalForm,
    ReopenForm,
    UpdateForm,
)
from .models import Intervention
from .page_parts import case_page_parts

case_roles = role_required(Role.COORDINATOR, Role.PARTNER)
coordinator_only = role_required(Role.COORDINATOR)


@case_roles
@never_cache
def case_list(request: HttpRequest) -> HttpResponse:
    form = CaseFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    cases = selectors.case_list(
        request.user,
        q=data.get("q", ""),
        status=data.get("status", ""),
        pillar=data.get("pillar", ""),
    )
    page = CappedPaginator(cases, 25).get_page(request.GET.get("pagina"))
    record_access(request, page.object_list, view="cases:case_list")
    return render(
        request,
        "cases/case_list.html",
        {"form": form, "page": page, "query": query_without_page(request)},
    )


def _signals_from_request(request: HttpRequest) -> list:
    raw = request.GET.getlist("signaal") or request.POST.getlist("signaal")
    ids = [int(value) for value in raw if value.isascii() and value.isdigit()]
    signals = list(signals_visible_to(request.user).filter(pk__in=ids).prefetch_related("persons"))
    if not signals or len(signals) != len(set(ids)):
        raise Http404
    return signals


@coordinator_only
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def case_create(request: HttpRequest) -> HttpResponse:
    signals = _signals_from_request(request)
    names = [p.full_name for s in signals for p in s.persons.all()]
    form = CaseForm(
        request.POST or None,
        person_names=names,
        initial={"category": signals[0].category},
    )
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_open_from_signals(
                coordinator=request.user, signals=signals, **form.cleaned_data
            )
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            messages.success(
                request, _("Case %(reference)s has been opened.") % {"reference": case.reference}
            )
            return redirect(case)
    return render(request, "cases/case_create.html", {"form": form, "signals": signals})


@coordinator_only
@require_POST
def signal_link(request: HttpRequest) -> HttpResponse:
    signals = _signals_from_request(request)
    form = LinkSignalForm(request.POST)
    if form.is_valid():
        case = (
            selectors.cases_visible_to(request.user)
            .filter(reference__iexact=form.cleaned_data["case"].strip())
            .first()
        )
        if case is None:
            messages.error(request, _("No case with this reference."))
        else:
            try:
                for signal in signals:
                    services.case_link_signal(coordinator=request.user, signal=signal, case=case)
            except ApplicationError as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request,
                    _("The signal has been linked to %(reference)s.")
                    % {"reference": case.reference},
                )
                return redirect(case)
    else:
        messages.error(request, _("Enter a case reference."))
    return redirect("signals:triage_detail", pk=signals[0].pk)


def _detail_context(request: HttpRequest, case, **forms) -> dict:
    user = request.user
    data = selectors.case_detail_data(user, case)
    involved = selectors.current_organisations(case)
    is_coordinator = user.role == Role.COORDINATOR
    can_change = permissions.can_change(user, case)
    # Read with the involvements for the page's choice lists (sharing an
    # update, an intervention's owner), shown where the page has them.
    current = data.pop("current_organisations")
    involved_list = current if is_coordinator or can_change else None
    context = {
        "case": case,
        **data,
        "is_coordinator": is_coordinator,
        "can_change": can_change,
        "intervention_statuses": InterventionStatus.choices,
        "update_form": forms.get("update_form")
        or UpdateForm(organisations=involved, listed=involved_list),
        "today": timezone.localdate(),
        "review_warning": selectors.review_is_overdue_beyond_grace(case),
        "has_pga_mandate": user.has_pga_mandate,
        "may_share": categories_for_type(user.organisation.type) if not is_coordinator else [],
        **case_page_parts(user, case, forms),
    }
    if is_coordinator:
        context.update(selectors.inclusion_data(case))
        context["handovers"] = list(case.handovers.select_related("person", "legal_basis"))
        context["handover_answer_form"] = HandoverAnswerForm(
            initial={"answered_on": timezone.localdate()}
        )
        allowed = [(case.status, CaseStatus(case.status).label)] + [
            (status, CaseStatus(status).label) for status in ALLOWED_TRANSITIONS[case.status]
        ]
        context.update(
            edit_form=forms.get("edit_form")
            or CaseEditForm(
                allowed_statuses=allowed,
                initial={
                    "label": case.label,
                    "pillar": case.pillar,
                    "category": case.category,
                    "legal_basis": case.legal_basis,
                    "status": case.status,
                },
            ),
            involvement_form=forms.get("involvement_form") or InvolvementForm(),
            assessment_form=forms.get("assessment_form")
            or AssessmentForm(factors=selectors.active_factors()),
            goal_form=forms.get("goal_form") or GoalForm(),
            intervention_form=forms.get("intervention_form")
            or InterventionForm(
                case=case, prefix="interventie", organisations=involved_list, goals=data["goals"]
            ),
            close_form=forms.get("close_form") or CloseForm(),
            reopen_form=forms.get("reopen_form") or ReopenForm(),
        )
    return context


def render_case_detail(request: HttpRequest, case, status: int = 200, **forms) -> HttpResponse:
    """The case page; with a bound form that failed, shown again with its errors
    (also by the apps that add parts to the page)."""
    context = _detail_context(request, case, **forms)
    record_access(request, [case, *context["persons"]], view="cases:case_detail")
    return render(request, "cases/case_detail.html", context, status=status)


@case_roles
@never_cache
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_for_user_or_404(request.user, pk)
    return render_case_detail(request, case)


@coordinator_only
@require_POST
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_for_user_or_404(request.user, pk)
    allowed = [(case.status, CaseStatus(case.status).label)] + [
        (status, CaseStatus(status).label) for status in ALLOWED_TRANSITIONS[case.status]
    ]
    form = CaseEditForm(
        request.POST,
        allowed_statuses=allowed,
        person_names=[p.full_name for p in case.persons.all()],
    )
    if form.is_valid():
        try:
            services.case_update(coordinator=request.user, case=case, **form.cleaned_data)
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect(case)
    return render_case_detail(request, case, status=400, edit_form=form)


@coordinator_only
@require_POST
def involvement_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_for_user_or_404(request.user, pk)
    form = InvolvementForm(request.POST)
    if form.is_valid():
        try:
            services.involvement_add(coordinator=request.user, case=case, **form.cleaned_data)
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            messages.success(
                request,
                _("%(organisation)s is involved.")
                % {"organisation": form.cleaned_data["organisation"].name},
            )
            return redirect(f"{case.get_absolute_url()}#betrokken")
    return render_case_detail(request, case, status=400, involvement_form=form)


@coordinator_only
@require_POST
def involvement_revoke(request: HttpRequest, pk: int, involvement_pk: int) -> HttpResponse:
    case = selectors.case_for_user_or_404(request.user, pk)
    involvement = selectors.involvement_for_case_or_404(case, involvement_pk)
    if request.POST.get("confirm") != "yes":
        # The button sits behind a disclosure that names the consequence; a bare
        # POST (no JavaScript involved) must not end anyone's access unseen.
        messages.error(request, _("Confirm that the involvement ends."))
        return redirect(f"{case.get_absolute_url()}#betrokken")
    services.involvement_revoke(involvement=involvement, user=request.user)
    messages.success(
        request,
        _("The involvement of %(organisation)s has ended.")
        % {"organisation": involvement.organisation.name},
    )
    return redirect(f"{case.get_absolute_url()}#betrokken")


@case_roles
@require_POST
def update_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_for_user_or_404(request.user, pk, perm=CHANGE_CASE)
    involved = selectors.current_organisations(case)
    form = UpdateForm(request.POST, organisations=involved)
    if form.is_valid():
        try:
            services.timeline_add_update(author=request.user, case=case, **form.cleaned_data)
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            messages.success(request, _("Your update has been added."))
            return redirect(f"{case.get_absolute_url()}#tijdlijn")
    return render_case_detail(request, case, status=400, update_form=form)


@coordinator_only
@require_POST
def assessment_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_for_user_or_404(request.user, pk)
    form = AssessmentForm(request.POST)
    if form.is_valid():
        try:
            services.risk_assessment_add(assessor=request.user, case=case, **form.cleaned_data)
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            messages.success(request, _("The risk assessment has been recorded."))
            return redirect(f"{case.get_absolute_url()}#risico")
    return render_case_detail(request, case, status=400, assessment_form=form)


@coordinator_only
@require_POST
def goal_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_for_user_or_404(request.user, pk)
    form = GoalForm(request.POST)
    if form.is_valid():
        try:
            services.goal_add(coordinator=request.user, case=case, **form.cleaned_data)
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            return redirect(f"{case.get_absolute_url()}#plan")
    return render_case_detail(request, case, status=400, goal_form=form)


@coordinator_only
@require_POST
def intervention_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_for_user_or_404(request.user, pk)
    form = InterventionForm(request.POST, case=case, prefix="interventie")
    if form.is_valid():
        try:
            services.intervention_add(coordinator=request.user, case=case, **form.cleaned_data)
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            return redirect(f"{case.get_absolute_url()}#plan")
    return render_case_detail(request, case, status=400, intervention_form=form)


@case_roles
@require_POST
def intervention_status(request: HttpRequest, pk: int, intervention_pk: int) -> HttpResponse:
    case = selectors.case_for_user_or_404(request.user, pk, perm=CHANGE_CASE)
    intervention = get_object_or_404(Intervention, pk=intervention_pk, case=case)
    form = InterventionStatusForm(request.POST)
    if form.is_valid():
        try:
            services.intervention_set_status(
                user=request.user, intervention=intervention, status=form.cleaned_data["status"]
            )
        except ApplicationError as error:
            messages.error(request, error.message)
    else:
        messages.error(request, _("Choose a valid status."))
    return redirect(f"{case.get_absolute_url()}#plan")


@coordinator_only
@require_POST
def case_close(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_for_user_or_404(request.user, pk)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            services.case_close(coordinator=request.user, case=case, **form.cleaned_data)
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            messages.success(request, _("The case has been closed."))
            return redirect(case)
    return render_case_detail(request, case, status=400, close_form=form)


@coordinator_only
@require_POST
def case_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_for_user_or_404(request.user, pk)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            services.case_reopen(
                coordinator=request.user, case=case, reason=form.cleaned_data["reason"]
            )
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            messages.success(request, _("The case has been reopened."))
            return redirect(case)
    return render_case_detail(request, case, status=400, reopen_form=form)


@coordinator_only
@never_cache
def case_history(request: HttpRequest, pk: int) -> HttpResponse:
    """The change history of a case and everything under it (coordinator)."""
    case = selectors.case_for_user_or_404(request.user, pk)
    entries = selectors.case_history(case)
    record_access(request, [case], view="cases:case_history")
    return render(request, "cases/case_history.html", {"case": case, "entries": entries})


# The person-oriented approach (PGA law)


def _mandated(request: HttpRequest) -> None:
    if not request.user.has_pga_mandate:
        raise PermissionDenied


@coordinator_only
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def inclusion_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The decision to include (mayor or mandated official)."""
    _mandated(request)
    case = selectors.case_for_user_or_404(request.user, pk)
    form = InclusionForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            services.inclusion_decide(official=request.user, case=case, **form.cleaned_data)
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            messages.success(request, _("The decision to include has been recorded."))
            return redirect(f"{case.get_absolute_url()}#pga")
    record_access(request, [case, *case.persons.all()], view="cases:inclusion_decide")
    return render(
        request,
        "cases/inclusion_form.html",
        {"case": case, "form": form, "ending": False},
        status=400 if form.errors else 200,
    )


@coordinator_only
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def inclusion_end(request: HttpRequest, pk: int) -> HttpResponse:
    _mandated(request)
    case = selectors.case_for_user_or_404(request.user, pk)
    form = InclusionEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.inclusion_end(official=request.user, case=case, **form.cleaned_data)
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            messages.success(request, _("The decision to end has been recorded."))
            return redirect(f"{case.get_absolute_url()}#pga")
    record_access(request, [case], view="cases:inclusion_end")
    return render(
        request,
        "cases/inclusion_form.html",
        {"case": case, "form": form, "ending": True},
        status=400 if form.errors else 200,
    )


@coordinator_only
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def informing_record(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    case = selectors.case_for_user_or_404(request.user, pk)
    person = get_object_or_404(case.persons.all(), pk=person_pk)
    current = case.informing.filter(person=person).first()
    initial = {}
    if current is not None:
        initial = {
            "state": current.state,
            "informed_on": current.informed_on,
            "informed_by": current.informed_by,
            "method": current.method,
            "deferral_reason": current.deferral_reason,
            "review_on": current.review_on,
        }
    form = InformingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.informing_record(
                coordinator=request.user, case=case, person=person, **form.cleaned_data
            )
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            messages.success(request, _("The informing has been recorded."))
            return redirect(f"{case.get_absolute_url()}#pga")
    record_access(request, [case, person], view="cases:informing_record")
    return render(
        request,
        "cases/informing_form.html",
        {"case": case, "person": person, "form": form},
        status=400 if form.errors else 200,
    )


# Handover (PGA law)


@coordinator_only
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def handover_create(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_for_user_or_404(request.user, pk)
    if case.is_closed:
        raise Http404
    form = HandoverForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            handover = services.handover_create(
                coordinator=request.user, case=case, **form.cleaned_data
            )
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            messages.success(
                request,
                _("The handover package has been built. Send the PDF or JSON file securely."),
            )
            return redirect(f"{case.get_absolute_url()}#overdracht-{handover.pk}")
    record_access(request, [case, *case.persons.all()], view="cases:handover_create")
    return render(
        request,
        "cases/handover_form.html",
        {"case": case, "form": form},
        status=400 if form.errors else 200,
    )


def _handover(request: HttpRequest, pk: int, handover_pk: int):
    case = selectors.case_for_user_or_404(request.user, pk)
    return case, selectors.handover_for_case_or_404(case, handover_pk)


@coordinator_only
@never_cache
def handover_pdf(request: HttpRequest, pk: int, handover_pk: int) -> HttpResponse:
    case, handover = _handover(request, pk, handover_pk)
    html = render_to_string(
        "cases/handover_pdf.html",
        {"handover": handover, "package": handover.package, "generated_at": timezone.now()},
    )
    pdf = render_pdf(html)
    # The package itself is an access entry: who took it, of whom.
    record_access(request, [case, handover.person, handover], view="cases:handover_pdf")
    return pdf_download(pdf, f"overdracht-{case.reference}-{handover.pk}.pdf")


@coordinator_only
@never_cache
def handover_json(request: HttpRequest, pk: int, handover_pk: int) -> HttpResponse:
    case, handover = _handover(request, pk, handover_pk)
    record_access(request, [case, handover.person, handover], view="cases:handover_json")
    response = JsonResponse(
        {
            "receiving_organisation": handover.receiving_organisation,
            "reason": str(handover.get_kind_display()),
            "legal_basis": handover.legal_basis.name,
            "built_on": timezone.localtime(handover.created_at).date().isoformat(),
            **handover.package,
        },
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    response["Content-Disposition"] = (
        f'attachment; filename="overdracht-{case.reference}-{handover.pk}.json"'
    )
    return response


@coordinator_only
@require_POST
def handover_answer(request: HttpRequest, pk: int, handover_pk: int) -> HttpResponse:
    case, handover = _handover(request, pk, handover_pk)
    form = HandoverAnswerForm(request.POST)
    if form.is_valid():
        try:
            services.handover_answer(
                coordinator=request.user,
                handover=handover,
                accepted=form.cleaned_data["answer"] == "accepted",
                answered_on=form.cleaned_data["answered_on"],
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The answer has been recorded."))
    else:
        messages.error(request, form_errors_text(form))
    return redirect(f"{case.get_absolute_url()}#overdracht-{handover.pk}")
