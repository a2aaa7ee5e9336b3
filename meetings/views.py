"""The casusoverleg: planning, the agenda, chairing, minutes and actions."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from cases.constants import ALLOWED_TRANSITIONS
from cases.forms import ReviewForm
from cases.selectors import case_for_user_or_404
from cases.views import render_case_detail
from lelystad_radicalisering.audit import record_access
from lelystad_radicalisering.exceptions import (
    ApplicationError,
    add_error_to_form,
    form_errors_text,
)
from lelystad_radicalisering.paging import CappedPaginator, query_without_page
from lelystad_radicalisering.pdf import pdf_download, render_pdf
from lelystad_radicalisering.roles import Role, role_required
from lelystad_radicalisering.search import suggestions_response
from network.models import Organisation

from . import selectors, services
from .constants import ItemKind
from .forms import (
    ActionFilterForm,
    ActionStatusForm,
    AddendumForm,
    AgendaItemEditForm,
    AgendaItemForm,
    AgendaOrderForm,
    AttendanceForm,
    DecisionForm,
    MeetingCreateForm,
    MeetingForm,
    MinutesForm,
    ParticipantsForm,
    StatementForm,
    action_form_for,
)
from .models import Meeting

meeting_roles = role_required(Role.COORDINATOR, Role.PARTNER)
coordinator_only = role_required(Role.COORDINATOR)


def statement_required(view):
    """The confidentiality statement (PGA law) before any agenda, chair view or
    minutes: whoever has not confirmed the current version within
    CONFIDENTIALITY_STATEMENT_MONTHS gets the statement page instead, also on
    PDF and htmx URLs. Runs before the meeting is looked up."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if selectors.statement_is_confirmed(request.user):
            return view(request, *args, **kwargs)
        target = (
            f"{reverse('meetings:statement')}?{urlencode({'volgende': request.get_full_path()})}"
        )
        if _is_htmx(request):
            # htmx follows HX-Redirect with a full page load: the statement page.
            response = HttpResponse(status=200)
            response["HX-Redirect"] = target
            return response
        return redirect(target)

    return wrapper


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _log_agenda(request: HttpRequest, rows, view: str, meeting: Meeting) -> None:
    record_access(
        request,
        [row.item.case for row in rows if row.visible and row.item.case],
        view=view,
        context=f"meeting:{meeting.pk}",
    )


# Planning


@meeting_roles
@never_cache
def meeting_list(request: HttpRequest) -> HttpResponse:
    upcoming = list(selectors.meeting_list(request.user, upcoming=True)[:50])
    past = Paginator(selectors.meeting_list(request.user, upcoming=False), 20).get_page(
        request.GET.get("pagina")
    )
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "upcoming": upcoming,
            "past": past,
            "is_coordinator": request.user.role == Role.COORDINATOR,
        },
    )


@coordinator_only
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def meeting_create(request: HttpRequest) -> HttpResponse:
    form = MeetingCreateForm(
        request.POST or None,
        initial={"chair": request.user, "duration_minutes": 120, "start_time": "09:30"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            meetings = services.meeting_create(coordinator=request.user, **form.service_arguments())
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            if len(meetings) == 1:
                messages.success(request, _("The meeting has been planned."))
            else:
                messages.success(
                    request, _("%(count)s meetings have been planned.") % {"count": len(meetings)}
                )
            return redirect(meetings[0])
    return render(
        request,
        "meetings/meeting_form.html",
        {"form": form, "creating": True},
        status=400 if form.errors else 200,
    )


@coordinator_only
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_for_user_or_404(request.user, pk)
    if meeting.is_finalised:
        raise Http404
    local = timezone.localtime(meeting.starts_at)
    form = MeetingForm(
        request.POST or None,
        initial={
            "date": local.date(),
            "start_time": local.time(),
            "duration_minutes": meeting.duration_minutes,
            "location": meeting.location,
            "online_url": meeting.online_url,
            "chair": meeting.chair,
            "invited_organisations": meeting.invited_organisations.all(),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(
                coordinator=request.user, meeting=meeting, **form.service_arguments()
            )
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            if meeting.invitations_sent_at:
                messages.success(
                    request,
                    _(
                        "The changes have been saved. Send the invitations again to update calendars."
                    ),
                )
            else:
                messages.success(request, _("The changes have been saved."))
            return redirect(meeting)
    return render(
        request,
        "meetings/meeting_form.html",
        {"form": form, "meeting": meeting},
        status=400 if form.errors else 200,
    )


@coordinator_only
@require_POST
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_for_user_or_404(request.user, pk)
    try:
        services.meeting_cancel(coordinator=request.user, meeting=meeting)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(meeting)
    messages.success(request, _("The meeting has been cancelled."))
    return redirect("meetings:meeting_list")


@coordinator_only
@require_POST
def invitations_send(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_for_user_or_404(request.user, pk)
    try:
        services.invitations_send(coordinator=request.user, meeting=meeting)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The invitations are being sent."))
    return redirect(meeting)


def _detail_context(request: HttpRequest, meeting: Meeting, **forms) -> dict:
    user = request.user
    is_coordinator = user.role == Role.COORDINATOR
    rows = selectors.agenda_for(meeting, user=user, with_minutes=False)
    context = {
        "meeting": meeting,
        "rows": rows,
        "is_coordinator": is_coordinator,
        "invited": list(meeting.invited_organisations.order_by("name")),
        "participants": selectors.participants_of(meeting),
        "total_minutes": sum(row.item.minutes_planned for row in rows),
    }
    if is_coordinator and not meeting.is_finalised:
        context.update(
            item_form=forms.get("item_form") or _agenda_item_form(request, meeting),
            suggestions=selectors.agenda_suggestions(meeting),
            review_suggestions=selectors.review_suggestions(meeting),
            kinds=ItemKind.choices,
        )
    return context


def _render_detail(
    request: HttpRequest, meeting: Meeting, status: int = 200, **forms
) -> HttpResponse:
    context = _detail_context(request, meeting, **forms)
    _log_agenda(request, context["rows"], "meetings:meeting_detail", meeting)
    return render(request, "meetings/meeting_detail.html", context, status=status)


@meeting_roles
@never_cache
@statement_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_for_user_or_404(request.user, pk)
    return _render_detail(request, meeting)


# Search fields' suggestions


@coordinator_only
@never_cache
def action_owner_suggestions(request: HttpRequest, pk: int) -> HttpResponse:
    """At most 20 people who can own an action on case ``pk``."""
    case = case_for_user_or_404(request.user, pk)
    field = action_form_for(case).fields["owner"]
    return suggestions_response(request, field.queryset, field)


@coordinator_only
@never_cache
def chair_suggestions(request: HttpRequest) -> HttpResponse:
    """At most 20 coordinators who can chair a meeting."""
    field = MeetingForm().fields["chair"]
    return suggestions_response(request, field.queryset, field)


# Agenda


def _agenda_item_form(request: HttpRequest, meeting: Meeting, data=None) -> AgendaItemForm:
    return AgendaItemForm(
        data,
        cases=selectors.cases_for_agenda(meeting, user=request.user),
        suggest_url=reverse("meetings:agenda_case_suggestions", args=[meeting.pk]),
    )


@coordinator_only
@never_cache
def agenda_case_suggestions(request: HttpRequest, pk: int) -> HttpResponse:
    """The "add agenda item" field's suggestions: at most 20 cases, not the table."""
    meeting = selectors.meeting_for_user_or_404(request.user, pk)
    form = _agenda_item_form(request, meeting)
    return suggestions_response(request, form.fields["case"].queryset, form.fields["case"], "case")


@coordinator_only
@require_POST
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_for_user_or_404(request.user, pk)
    form = _agenda_item_form(request, meeting, request.POST)
    if form.is_valid():
        try:
            services.agenda_item_add(coordinator=request.user, meeting=meeting, **form.cleaned_data)
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            messages.success(request, _("The item has been added to the agenda."))
            return redirect(f"{meeting.get_absolute_url()}#agenda")
    return _render_detail(request, meeting, status=400, item_form=form)


@coordinator_only
@require_POST
def item_edit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = selectors.meeting_for_user_or_404(request.user, pk)
    item = selectors.item_for_meeting_or_404(meeting, item_pk)
    form = AgendaItemEditForm(request.POST, prefix=f"item-{item.pk}")
    if form.is_valid():
        try:
            services.agenda_item_update(coordinator=request.user, item=item, **form.cleaned_data)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The item has been changed."))
    else:
        messages.error(request, form_errors_text(form))
    return redirect(f"{meeting.get_absolute_url()}#item-{item.pk}")


@coordinator_only
@require_POST
def item_remove(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = selectors.meeting_for_user_or_404(request.user, pk)
    item = selectors.item_for_meeting_or_404(meeting, item_pk)
    try:
        services.agenda_item_remove(coordinator=request.user, item=item)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The item has been removed from the agenda."))
    return redirect(f"{meeting.get_absolute_url()}#agenda")


@coordinator_only
@require_POST
def item_move(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = selectors.meeting_for_user_or_404(request.user, pk)
    item = selectors.item_for_meeting_or_404(meeting, item_pk)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        messages.error(request, _("Choose up or down."))
    else:
        try:
            services.agenda_item_move(coordinator=request.user, item=item, direction=direction)
        except ApplicationError as error:
            messages.error(request, error.message)
    return redirect(f"{meeting.get_absolute_url()}#item-{item.pk}")


@coordinator_only
@require_POST
@statement_required
def agenda_order(request: HttpRequest, pk: int) -> HttpResponse:
    """Drag and drop: the whole new order at once. Answers with the agenda list."""
    meeting = selectors.meeting_for_user_or_404(request.user, pk)
    form = AgendaOrderForm(request.POST)
    status = 200
    if form.is_valid():
        try:
            services.agenda_reorder(
                coordinator=request.user, meeting=meeting, item_ids=form.cleaned_data["item_ids"]
            )
        except ApplicationError as error:
            messages.error(request, error.message)
            status = 409
    else:
        messages.error(request, _("The agenda has changed in the meantime. Reload the page."))
        status = 409
    if not _is_htmx(request):
        return redirect(f"{meeting.get_absolute_url()}#agenda")
    context = _detail_context(request, meeting)
    context["partial"] = True
    return render(request, "meetings/_agenda_edit.html", context, status=status)


# Chairing


def _chair_context(request: HttpRequest, meeting: Meeting, item, **forms) -> dict:
    rows = selectors.agenda_for(meeting, user=request.user, with_previous_discussion=True)
    if item is CURRENT_ITEM:
        item = _chair_item(request, meeting, rows)
    context = {
        "meeting": meeting,
        "rows": rows,
        "item": item,
        "finalise": selectors.finalise_summary(meeting, [row.item for row in rows]),
    }
    if item is not None:
        summary = selectors.case_summary(request.user, item)
        context.update(summary)
        index = [row.item.pk for row in rows].index(item.pk)
        context["previous_item"] = rows[index - 1].item if index > 0 else None
        context["next_item"] = rows[index + 1].item if index + 1 < len(rows) else None
        context["minutes_form"] = forms.get("minutes_form") or MinutesForm(
            initial={"notes": item.notes, "decisions": item.decisions}, prefix=f"m{item.pk}"
        )
        if item.case_id:
            case = item.case
            context["decision_form"] = forms.get("decision_form") or DecisionForm(
                allowed_statuses=ALLOWED_TRANSITIONS[case.status]
            )
            context["action_form"] = forms.get("action_form") or action_form_for(
                case, listed_organisations=context["owner_choices"]
            )
            if item.kind == ItemKind.PERIODIC_REVIEW and case.is_included:
                context["review_form"] = forms.get("review_form") or ReviewForm(
                    prefix=f"toets{item.pk}"
                )
    return context


def _render_chair(request, meeting, item, status: int = 200, **forms) -> HttpResponse:
    context = _chair_context(request, meeting, item, **forms)
    item = context["item"]
    if item is not None and item.case_id:
        record_access(
            request,
            [item.case, *context["persons"]],
            view="meetings:chair",
            context=f"meeting:{meeting.pk}",
        )
    # A partial carries its own messages; a full page shows them in the layout.
    # The partial is the agenda and the item together, so the highlight in the
    # agenda can never lag behind the item shown. htmx restoring a page from
    # history asks for the whole page.
    context["partial"] = _is_htmx(request) and not request.headers.get("HX-History-Restore-Request")
    template = "meetings/_chair_body.html" if context["partial"] else "meetings/chair.html"
    return render(request, template, context, status=status)


# The item the chair view opens on: the one asked for, else the current one,
# else the first; picked from the agenda the page reads anyway.
CURRENT_ITEM = object()


def _chair_item(request: HttpRequest, meeting: Meeting, rows):
    wanted = request.GET.get("punt") or meeting.current_item_id
    if not wanted:
        return rows[0].item if rows else None
    for row in rows:
        if str(row.item.pk) == str(wanted):
            return row.item
    raise Http404


@coordinator_only
@never_cache
@statement_required
def chair(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_for_user_or_404(request.user, pk)
    if meeting.is_finalised:
        messages.info(request, _("The minutes of this meeting have been finalised."))
        return redirect("meetings:minutes", pk=meeting.pk)
    return _render_chair(request, meeting, CURRENT_ITEM)


def _chair_url(meeting: Meeting, item) -> str:
    return f"{reverse('meetings:chair', args=[meeting.pk])}?punt={item.pk}"


@coordinator_only
@require_POST
@statement_required
def current_item(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """Go to an item: the projection follows."""
    meeting = selectors.meeting_for_user_or_404(request.user, pk)
    item = selectors.item_for_meeting_or_404(meeting, item_pk)
    services.current_item_set(coordinator=request.user, meeting=meeting, item=item)
    if _is_htmx(request):
        response = _render_chair(request, meeting, item)
        response["HX-Push-Url"] = _chair_url(meeting, item)
        return response
    return redirect(_chair_url(meeting, item))


@coordinator_only
@require_POST
@statement_required
def minutes_save(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = selectors.meeting_for_user_or_404(request.user, pk)
    item = selectors.item_for_meeting_or_404(meeting, item_pk)
    form = MinutesForm(request.POST, prefix=f"m{item.pk}")
    saved = None
    error_message = ""
    if form.is_valid():
        try:
            saved = services.minutes_save(author=request.user, item=item, **form.cleaned_data)
        except ApplicationError as error:
            error_message = error.message
    else:
        error_message = form_errors_text(form)
    if _is_htmx(request):
        # Always 200: htmx swaps only successful answers, and the chair must see
        # why a save failed. The typed text stays in the browser either way.
        return render(
            request,
            "meetings/_save_status.html",
            {"saved": saved is not None, "saved_at": timezone.now(), "error": error_message},
        )
    if saved:
        messages.success(request, _("The minutes have been saved."))
        return redirect(_chair_url(meeting, item))
    if error_message and not form.errors:
        messages.error(request, error_message)
        return redirect(_chair_url(meeting, item))
    return _render_chair(request, meeting, item, status=400, minutes_form=form)


@coordinator_only
@require_POST
@statement_required
def decision_add(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = selectors.meeting_for_user_or_404(request.user, pk)
    item = selectors.item_for_meeting_or_404(meeting, item_pk)
    if item.case_id is None:
        raise Http404
    form = DecisionForm(request.POST, allowed_statuses=ALLOWED_TRANSITIONS[item.case.status])
    if form.is_valid():
        try:
            services.decision_record(coordinator=request.user, item=item, **form.cleaned_data)
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            messages.success(request, _("The decision has been recorded."))
            return redirect(_chair_url(meeting, item))
    return _render_chair(request, meeting, item, status=400, decision_form=form)


@coordinator_only
@require_POST
@statement_required
def review_record(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """The periodic review of a "periodic review" item (PGA law)."""
    meeting = selectors.meeting_for_user_or_404(request.user, pk)
    item = selectors.item_for_meeting_or_404(meeting, item_pk)
    if item.case_id is None or item.kind != ItemKind.PERIODIC_REVIEW:
        raise Http404
    form = ReviewForm(request.POST, prefix=f"toets{item.pk}")
    if form.is_valid():
        try:
            services.review_record(coordinator=request.user, item=item, **form.cleaned_data)
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            messages.success(request, _("The periodic review has been recorded."))
            return redirect(_chair_url(meeting, item))
    return _render_chair(request, meeting, item, status=400, review_form=form)


@coordinator_only
@require_POST
@statement_required
def action_add(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = selectors.meeting_for_user_or_404(request.user, pk)
    item = selectors.item_for_meeting_or_404(meeting, item_pk)
    if item.case_id is None:
        raise Http404
    form = action_form_for(item.case, request.POST)
    if form.is_valid():
        try:
            services.action_create(
                coordinator=request.user, case=item.case, agenda_item=item, **form.cleaned_data
            )
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            messages.success(request, _("The action has been added."))
            return redirect(_chair_url(meeting, item) + "#afspraken")
    return _render_chair(request, meeting, item, status=400, action_form=form)


def case_page_actions(user, case, forms) -> dict:
    """The case page's part on actions (registered in ``MeetingsConfig.ready``):
    whoever sees the case sees its actions; the coordinator may add one."""
    context = {"actions": selectors.actions_of_case(case)}
    if user.role == Role.COORDINATOR:
        context["action_form"] = forms.get("action_form") or action_form_for(
            case, prefix="afspraak"
        )
    return context


@coordinator_only
@require_POST
def case_action_add(request: HttpRequest, pk: int) -> HttpResponse:
    """An action agreed outside a meeting, from the case page."""
    case = case_for_user_or_404(request.user, pk)
    form = action_form_for(case, request.POST, prefix="afspraak")
    if form.is_valid():
        try:
            services.action_create(coordinator=request.user, case=case, **form.cleaned_data)
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            messages.success(request, _("The action has been added."))
            return redirect(f"{case.get_absolute_url()}#afspraken")
    return render_case_detail(request, case, status=400, action_form=form)


@coordinator_only
@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
@statement_required
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_for_user_or_404(request.user, pk)
    recorded = {a.organisation_id: a.presence for a in meeting.attendance.all()}
    form = AttendanceForm(
        request.POST or None,
        organisations=meeting.invited_organisations.order_by("name"),
        initial_presence=recorded,
        participants=selectors.participants_of(meeting),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_presence_record(
                coordinator=request.user, meeting=meeting, presence=form.person_presence()
            )
            services.attendance_record(
                coordinator=request.user, meeting=meeting, presence=form.presence()
            )
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            messages.success(request, _("The attendance has been saved."))
            return redirect("meetings:chair", pk=meeting.pk)
    return render(
        request,
        "meetings/attendance.html",
        {"meeting": meeting, "form": form},
        status=400 if form.errors else 200,
    )


@coordinator_only
@never_cache
@statement_required
def projection(request: HttpRequest, pk: int) -> HttpResponse:
    """For the shared screen: the agenda with neutral labels only. Polls for the
    chair's current item."""
    meeting = selectors.meeting_for_user_or_404(request.user, pk)
    rows = selectors.agenda_for(meeting, user=request.user)
    context = {"meeting": meeting, "rows": rows}
    template = "meetings/_projection_list.html" if _is_htmx(request) else "meetings/projection.html"
    return render(request, template, context)


@coordinator_only
@require_POST
def finalise(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_for_user_or_404(request.user, pk)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Confirm that the minutes are complete."))
        return redirect("meetings:chair", pk=meeting.pk)
    try:
        services.meeting_finalise(coordinator=request.user, meeting=meeting)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("meetings:chair", pk=meeting.pk)
    messages.success(request, _("The minutes have been finalised."))
    return redirect("meetings:minutes", pk=meeting.pk)


# Minutes


def _minutes_organisation(request: HttpRequest, meeting: Meeting) -> Organisation | None:
    """Partners always get their own organisation's version. The coordinator
    gets the full minutes, or an invited organisation's version on request."""
    user = request.user
    if user.role != Role.COORDINATOR:
        if not meeting.is_finalised:
            raise Http404
        return user.organisation
    raw = request.GET.get("organisatie", "")
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit()):
        raise Http404
    organisation = meeting.invited_organisations.filter(pk=int(raw)).first()
    if organisation is None:
        raise Http404
    return organisation


def _minutes_context(request: HttpRequest, meeting: Meeting, organisation) -> dict:
    if organisation is None:
        rows = selectors.agenda_for(meeting, user=request.user, with_minutes=True)
    else:
        rows = selectors.agenda_for(meeting, organisation=organisation, with_minutes=True)
    is_coordinator = request.user.role == Role.COORDINATOR
    return {
        "meeting": meeting,
        "rows": rows,
        "organisation": organisation,
        "attendance": selectors.attendance_rows(meeting),
        "participant_rows": selectors.participants_of(meeting),
        "general_addenda": selectors.general_addenda(meeting),
        # The choice of an organisation's version: the coordinator's only.
        "invited": list(meeting.invited_organisations.order_by("name")) if is_coordinator else [],
        "is_coordinator": is_coordinator,
    }


@meeting_roles
@never_cache
@statement_required
def minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_for_user_or_404(request.user, pk)
    organisation = _minutes_organisation(request, meeting)
    context = _minutes_context(request, meeting, organisation)
    if context["is_coordinator"] and meeting.is_finalised and organisation is None:
        context["addendum_form"] = AddendumForm(
            items=meeting.items.select_related("case").order_by("position", "pk"),
            # The agenda's items, read for the page already (the same order).
            listed_items=[row.item for row in context["rows"]],
        )
    _log_agenda(request, context["rows"], "meetings:minutes", meeting)
    return render(request, "meetings/minutes.html", context)


@meeting_roles
@never_cache
@statement_required
def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_for_user_or_404(request.user, pk)
    organisation = _minutes_organisation(request, meeting)
    context = _minutes_context(request, meeting, organisation)
    context["generated_at"] = timezone.now()
    context["generated_by"] = request.user
    html = render_to_string("meetings/minutes_pdf.html", context)
    pdf = render_pdf(html)
    _log_agenda(request, context["rows"], "meetings:minutes_pdf", meeting)
    name = f"notulen-casusoverleg-{timezone.localtime(meeting.starts_at):%Y-%m-%d}"
    if organisation is not None:
        name += f"-org{organisation.pk}"
    return pdf_download(pdf, f"{name}.pdf")


@coordinator_only
@require_POST
@statement_required
def addendum_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_for_user_or_404(request.user, pk)
    form = AddendumForm(request.POST, items=meeting.items.select_related("case"))
    if form.is_valid():
        try:
            services.addendum_add(coordinator=request.user, meeting=meeting, **form.cleaned_data)
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            messages.success(request, _("The addendum has been added."))
            return redirect("meetings:minutes", pk=meeting.pk)
    context = _minutes_context(request, meeting, None)
    context["addendum_form"] = form
    return render(request, "meetings/minutes.html", context, status=400)


# Actions


@meeting_roles
@never_cache
def action_list(request: HttpRequest) -> HttpResponse:
    form = ActionFilterForm(request.GET or None, initial={"status": "open"})
    data = form.cleaned_data if form.is_valid() else {"status": "open"}
    if not request.GET:
        data = {"status": "open"}
    actions = selectors.action_list(
        request.user, status=data.get("status", ""), overdue=data.get("overdue", False)
    )
    page = CappedPaginator(actions, 50).get_page(request.GET.get("pagina"))
    record_access(
        request, {action.case for action in page.object_list}, view="meetings:action_list"
    )
    return render(
        request,
        "meetings/action_list.html",
        {
            "form": form,
            "page": page,
            "query": query_without_page(request),
            "today": timezone.localdate(),
            "status_form": ActionStatusForm(),
            "is_coordinator": request.user.role == Role.COORDINATOR,
        },
    )


@coordinator_only
@never_cache
def action_overdue(request: HttpRequest) -> HttpResponse:
    actions = list(selectors.overdue_actions()[:500])
    groups: dict[Organisation, list] = {}
    for action in actions:
        groups.setdefault(action.owner_organisation, []).append(action)
    record_access(request, {action.case for action in actions}, view="meetings:action_overdue")
    return render(
        request,
        "meetings/action_overdue.html",
        {"groups": groups, "total": len(actions), "today": timezone.localdate()},
    )


@meeting_roles
@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def action_update(request: HttpRequest, pk: int) -> HttpResponse:
    action = selectors.action_for_update_or_404(request.user, pk)
    form = ActionStatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_set_status(
                user=request.user,
                action=action,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
            )
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            messages.success(request, _("The action has been updated."))
            return redirect("meetings:action_list")
    record_access(request, [action.case], view="meetings:action_update")
    return render(
        request,
        "meetings/action_update.html",
        {"action": action, "form": form},
        status=400 if form.errors else 200,
    )


# The confidentiality statement and named participants (PGA law)


@meeting_roles
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def statement(request: HttpRequest) -> HttpResponse:
    current = selectors.current_statement()
    if current is None:
        raise Http404
    next_url = request.POST.get("volgende") or request.GET.get("volgende") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    form = StatementForm(request.POST or None, initial={"version": current.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.statement_confirm(user=request.user, version=form.cleaned_data["version"])
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            messages.success(request, _("Thank you: your confirmation has been recorded."))
            return redirect(next_url or "meetings:meeting_list")
    return render(
        request,
        "meetings/statement.html",
        {
            "statement": current,
            "form": form,
            "next_url": next_url,
            "confirmed": selectors.statement_is_confirmed(request.user),
        },
        status=400 if form.errors else 200,
    )


@coordinator_only
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def participants(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_for_user_or_404(request.user, pk)
    if meeting.is_finalised:
        raise Http404
    choices = selectors.participant_choices(meeting)
    form = ParticipantsForm(
        request.POST or None,
        choices=choices,
        initial={"users": [p.user_id for p in meeting.participants.all()]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.participants_set(
                coordinator=request.user, meeting=meeting, users=form.cleaned_data["users"]
            )
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            messages.success(request, _("The participants have been saved."))
            return redirect(meeting)
    return render(
        request,
        "meetings/participants.html",
        {
            "meeting": meeting,
            "form": form,
            "unnamed_organisations": selectors.organisations_without_participants(meeting),
        },
        status=400 if form.errors else 200,
    )
