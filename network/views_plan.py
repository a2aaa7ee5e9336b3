"""The plan of action (confidential and public versions) and prevention activities."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from lelystad_radicalisering.exceptions import ApplicationError, add_error_to_form
from lelystad_radicalisering.pdf import pdf_download, render_pdf
from lelystad_radicalisering.roles import Role, role_required

from . import plan as plan_service
from .constants import PlanPillar
from .forms import ActivityForm, MeasureForm, PlanForm, ProgressForm
from .models import PreventionActivity

plan_readers = role_required(Role.COORDINATOR, Role.MANAGEMENT, Role.PARTNER)
coordinator_only = role_required(Role.COORDINATOR)
prevention_readers = role_required(Role.COORDINATOR, Role.MANAGEMENT)


def _grouped(measures) -> list[tuple]:
    by_pillar = {pillar: [] for pillar in PlanPillar}
    for measure in measures:
        by_pillar[PlanPillar(measure.pillar)].append(measure)
    return list(by_pillar.items())


@plan_readers
@never_cache
def plan_overview(request: HttpRequest) -> HttpResponse:
    plan = plan_service.current_plan()
    measures = list(plan_service.measures_visible_to(request.user, plan)) if plan else []
    return render(
        request,
        "network/plan.html",
        {
            "plan": plan,
            "pillars": _grouped(measures),
            "progress": plan_service.progress_per_pillar(plan)
            if plan and request.user.role != Role.PARTNER
            else [],
            "is_coordinator": request.user.role == Role.COORDINATOR,
        },
    )


@coordinator_only
@require_http_methods(["GET", "HEAD", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan_service.plan_start(
                title=data["title"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                copy_from=plan_service.current_plan() if data["copy_measures"] else None,
            )
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            messages.success(request, _("The new plan period has started."))
            return redirect("network:plan")
    return render(request, "network/plan_form.html", {"form": form})


@coordinator_only
@require_http_methods(["GET", "HEAD", "POST"])
def measure_create(request: HttpRequest) -> HttpResponse:
    plan = plan_service.current_plan()
    if plan is None:
        return redirect("network:plan_create")
    form = MeasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            measure = plan_service.measure_save(plan=plan, **form.cleaned_data)
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            return redirect("network:measure_detail", pk=measure.pk)
    return render(request, "network/measure_form.html", {"form": form, "plan": plan})


@coordinator_only
@require_http_methods(["GET", "HEAD", "POST"])
def measure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    measure = plan_service.measure_for_user_or_404(request.user, pk)
    fields = [
        "pillar",
        "title",
        "public_summary",
        "confidential_detail",
        "is_confidential",
        "owner",
        "planned_start",
        "planned_end",
    ]
    form = MeasureForm(
        request.POST or None,
        initial={field: getattr(measure, field) for field in fields},
        current_owner=measure.owner,
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan_service.measure_save(measure=measure, plan=measure.plan, **form.cleaned_data)
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            return redirect("network:measure_detail", pk=pk)
    return render(
        request,
        "network/measure_form.html",
        {"form": form, "plan": measure.plan, "measure": measure},
    )


def _render_measure(request, measure, progress_form=None, status=200):
    full = plan_service.may_read_in_full(request.user, measure)
    return render(
        request,
        "network/measure_detail.html",
        {
            "measure": measure,
            "full": full,
            "progress": list(measure.progress.select_related("author")) if full else [],
            "progress_form": progress_form or ProgressForm(initial={"status": measure.status}),
            "is_coordinator": request.user.role == Role.COORDINATOR,
        },
        status=status,
    )


@plan_readers
@never_cache
def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_measure(request, plan_service.measure_for_user_or_404(request.user, pk))


@coordinator_only
@require_POST
def progress_add(request: HttpRequest, pk: int) -> HttpResponse:
    measure = plan_service.measure_for_user_or_404(request.user, pk)
    form = ProgressForm(request.POST)
    if form.is_valid():
        try:
            plan_service.measure_progress_add(
                measure=measure, author=request.user, **form.cleaned_data
            )
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            messages.success(request, _("The progress has been recorded."))
            return redirect("network:measure_detail", pk=pk)
    return _render_measure(request, measure, progress_form=form, status=400)


def _public_context() -> dict:
    plan = plan_service.current_plan()
    measures = list(plan_service.public_measures(plan)) if plan else []
    return {"plan": plan, "pillars": _grouped(measures), "generated_at": timezone.localtime()}


@plan_readers
@never_cache
def plan_public(request: HttpRequest) -> HttpResponse:
    return render(request, "network/plan_public.html", _public_context())


@plan_readers
@never_cache
def plan_public_pdf(request: HttpRequest) -> HttpResponse:
    html = render_to_string("network/plan_public_pdf.html", _public_context())
    return pdf_download(render_pdf(html), "plan-van-aanpak-openbaar.pdf")


def _render_activities(
    request: HttpRequest, form: ActivityForm | None = None, status: int = 200
) -> HttpResponse:
    activities = PreventionActivity.objects.select_related("organiser", "neighbourhood", "measure")[
        :200
    ]
    return render(
        request,
        "network/activity_list.html",
        {
            "form": form or ActivityForm(plan=plan_service.current_plan()),
            "activities": activities,
            "is_coordinator": request.user.role == Role.COORDINATOR,
        },
        status=status,
    )


@prevention_readers
@never_cache
def activity_list(request: HttpRequest) -> HttpResponse:
    return _render_activities(request)


@coordinator_only
@require_POST
def activity_create(request: HttpRequest) -> HttpResponse:
    form = ActivityForm(request.POST, plan=plan_service.current_plan())
    if form.is_valid():
        plan_service.activity_record(**form.cleaned_data)
        messages.success(request, _("The activity has been recorded."))
        return redirect("network:activity_list")
    return _render_activities(request, form=form, status=400)


@prevention_readers
@never_cache
def reach_overview(request: HttpRequest) -> HttpResponse:
    return render(request, "network/reach_overview.html", {"rows": plan_service.reach_overview()})
