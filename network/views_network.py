"""The network for partners and the coordinator: directory and covenants,
communities and contact moments, trainings."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from lelystad_radicalisering.audit import record_access
from lelystad_radicalisering.exceptions import ApplicationError, add_error_to_form
from lelystad_radicalisering.paging import CappedPaginator, query_without_page
from lelystad_radicalisering.roles import Role, role_required
from lelystad_radicalisering.search import suggestions_response

from . import selectors, services
from .forms import (
    CommunityForm,
    ContactForm,
    ContactMomentForm,
    CovenantForm,
    DirectoryFilterForm,
    RegistrationForm,
    TrainingForm,
    organisation_field,
)
from .models import ContactMoment, ContactPerson

directory_roles = role_required(Role.PARTNER, Role.COORDINATOR, Role.FUNCTIONAL_ADMIN)
maintainers = role_required(Role.COORDINATOR, Role.FUNCTIONAL_ADMIN)
community_roles = role_required(Role.COORDINATOR, Role.PARTNER)
coordinator_only = role_required(Role.COORDINATOR)
training_roles = role_required(Role.PARTNER, Role.COORDINATOR)
DIRECTORY_PAGE_SIZE = 25


# --- directory and covenants ---------------------------------------------------------


@role_required(Role.PARTNER, Role.COORDINATOR, Role.FUNCTIONAL_ADMIN, Role.MANAGEMENT)
@never_cache
def organisation_suggestions(request: HttpRequest) -> HttpResponse:
    """Suggestions for every organisation search field: at most 20 names."""
    scope = request.GET.get("scope")
    field = organisation_field(covenant=scope == "covenant", everyone=scope == "all")
    return suggestions_response(request, field.queryset, field)


@directory_roles
@never_cache
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None)
    form.is_valid()
    # A field with bad input (an unknown type) shows its error beside the field
    # and is left out; the fields that are valid still filter.
    data = getattr(form, "cleaned_data", {})
    filters = {"q": data.get("q", ""), "organisation_type": data.get("type", "")}
    page = CappedPaginator(selectors.directory(**filters), DIRECTORY_PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    # Only the contact persons of the page shown.
    record_access(request, [c for o in page for c in o.contacts.all()], view="network:directory")
    return render(
        request,
        "network/directory.html",
        {
            "form": form,
            "page": page,
            "query": query_without_page(request),
            "filtered": any(filters.values()),
        },
    )


def _render_organisation(
    request, organisation, *, covenant_form=None, contact_form=None, status=200
):
    contacts = list(organisation.contacts.all())
    record_access(request, contacts, view="network:organisation_page")
    may_maintain = request.user.has_role(Role.COORDINATOR, Role.FUNCTIONAL_ADMIN)
    return render(
        request,
        "network/organisation_page.html",
        {
            "organisation": organisation,
            "contacts": contacts,
            "may_maintain": may_maintain,
            "covenant_form": covenant_form
            or CovenantForm(
                initial={
                    "covenant_signed_on": organisation.covenant_signed_on,
                    "covenant_ends_on": organisation.covenant_ends_on,
                }
            ),
            "contact_form": contact_form or ContactForm(),
        },
        status=status,
    )


@directory_roles
@never_cache
def organisation_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_organisation(request, selectors.organisation_or_404(pk))


@maintainers
@require_POST
def covenant_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = selectors.organisation_or_404(pk)
    form = CovenantForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.covenant_update(
                organisation=organisation,
                signed_on=form.cleaned_data["covenant_signed_on"],
                ends_on=form.cleaned_data["covenant_ends_on"],
                document=form.cleaned_data["document"],
            )
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            messages.success(request, _("The covenant has been saved."))
            return redirect("network:organisation_page", pk=pk)
    return _render_organisation(request, organisation, covenant_form=form, status=400)


@maintainers
@never_cache
def covenant_download(request: HttpRequest, pk: int) -> FileResponse:
    organisation = selectors.organisation_or_404(pk)
    if not organisation.covenant_document:
        raise Http404
    return FileResponse(
        organisation.covenant_document.open("rb"),
        as_attachment=True,
        filename=f"convenant-{organisation.pk}.pdf",
        content_type="application/pdf",
    )


@maintainers
@require_POST
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = selectors.organisation_or_404(pk)
    form = ContactForm(request.POST)
    if form.is_valid():
        services.contact_person_add(organisation=organisation, **form.cleaned_data)
        messages.success(request, _("The contact person has been added."))
        return redirect("network:organisation_page", pk=pk)
    return _render_organisation(request, organisation, contact_form=form, status=400)


@maintainers
@require_POST
def contact_remove(request: HttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    organisation = selectors.organisation_or_404(pk)
    contact = get_object_or_404(ContactPerson, pk=contact_pk, organisation=organisation)
    services.contact_person_remove(contact=contact)
    messages.success(request, _("The contact person has been removed."))
    return redirect("network:organisation_page", pk=pk)


# --- communities -------------------------------------------------------------------


@community_roles
@never_cache
def community_list(request: HttpRequest) -> HttpResponse:
    communities = list(
        selectors.communities_visible_to(request.user).select_related("neighbourhood")
    )
    # Key figures are communities named after a person: the list is logged too.
    record_access(request, communities, view="network:community_list")
    return render(request, "network/community_list.html", {"communities": communities})


@coordinator_only
@require_http_methods(["GET", "HEAD", "POST"])
def community_create(request: HttpRequest) -> HttpResponse:
    form = CommunityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        community = services.community_save(**form.cleaned_data)
        return redirect("network:community_detail", pk=community.pk)
    return render(request, "network/community_form.html", {"form": form, "creating": True})


@coordinator_only
@require_http_methods(["GET", "HEAD", "POST"])
def community_edit(request: HttpRequest, pk: int) -> HttpResponse:
    community = selectors.community_for_user_or_404(request.user, pk)
    form = CommunityForm(
        request.POST or None,
        instance=community,
        initial={
            "name": community.name,
            "kind": community.kind,
            "neighbourhood": community.neighbourhood,
            "notes": community.notes,
            "allowed_users": community.allowed_users.all(),
        },
    )
    if request.method == "POST" and form.is_valid():
        services.community_save(community=community, **form.cleaned_data)
        messages.success(request, _("The changes have been saved."))
        return redirect("network:community_detail", pk=pk)
    return render(request, "network/community_form.html", {"form": form, "community": community})


def _render_community(request, community, *, moment_form=None, contact_form=None, status=200):
    contacts = list(community.contacts.all())
    moments = list(selectors.contact_moments(community))
    record_access(request, [community, *contacts, *moments], view="network:community_detail")
    return render(
        request,
        "network/community_detail.html",
        {
            "community": community,
            "contacts": contacts,
            "moments": moments,
            "moment_form": moment_form or ContactMomentForm(),
            "contact_form": contact_form or ContactForm(),
            "is_coordinator": request.user.role == Role.COORDINATOR,
        },
        status=status,
    )


@community_roles
@never_cache
def community_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_community(request, selectors.community_for_user_or_404(request.user, pk))


@community_roles
@require_POST
def community_contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    community = selectors.community_for_user_or_404(request.user, pk)
    form = ContactForm(request.POST)
    if form.is_valid():
        services.community_contact_add(
            community=community, role=form.cleaned_data.pop("function"), **form.cleaned_data
        )
        return redirect("network:community_detail", pk=pk)
    return _render_community(request, community, contact_form=form, status=400)


@community_roles
@require_POST
def contact_moment_add(request: HttpRequest, pk: int) -> HttpResponse:
    community = selectors.community_for_user_or_404(request.user, pk)
    form = ContactMomentForm(request.POST)
    if form.is_valid():
        try:
            services.contact_moment_record(
                community=community, recorded_by=request.user, **form.cleaned_data
            )
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            messages.success(request, _("The contact moment has been recorded."))
            return redirect("network:community_detail", pk=pk)
    return _render_community(request, community, moment_form=form, status=400)


@community_roles
@require_POST
def follow_up_done(request: HttpRequest, pk: int, moment_pk: int) -> HttpResponse:
    community = selectors.community_for_user_or_404(request.user, pk)
    moment = get_object_or_404(ContactMoment, pk=moment_pk, community=community)
    services.contact_moment_follow_up_done(moment=moment)
    if request.POST.get("terug") == "opvolging":
        return redirect("network:follow_ups")
    return redirect("network:community_detail", pk=pk)


@coordinator_only
@never_cache
def follow_ups(request: HttpRequest) -> HttpResponse:
    data = selectors.follow_ups()
    moments = [*data["overdue"], *data["planned"]]
    communities = {moment.community for moment in moments}
    record_access(request, [*moments, *communities], view="network:follow_ups")
    return render(request, "network/follow_ups.html", data)


# --- trainings ---------------------------------------------------------------------


@training_roles
@never_cache
def training_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "network/training_list.html", {"trainings": selectors.trainings_for(request.user)}
    )


@coordinator_only
@require_http_methods(["GET", "HEAD", "POST"])
def training_create(request: HttpRequest) -> HttpResponse:
    form = TrainingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        training = services.training_create(**form.cleaned_data)
        messages.success(request, _("The training has been added to the calendar."))
        return redirect("network:training_detail", pk=training.pk)
    return render(request, "network/training_form.html", {"form": form})


def _render_training(request, training, *, form=None, status=200):
    registrations = list(selectors.registrations_visible_to(request.user, training))
    record_access(request, registrations, view="network:training_detail")
    return render(
        request,
        "network/training_detail.html",
        {
            "training": training,
            "registrations": registrations,
            "form": form or RegistrationForm(),
            "is_coordinator": request.user.role == Role.COORDINATOR,
            "places_left": max(training.capacity - training.registered, 0),
        },
        status=status,
    )


@training_roles
@never_cache
def training_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_training(request, selectors.training_or_404(request.user, pk))


@role_required(Role.PARTNER)
@require_POST
def training_register(request: HttpRequest, pk: int) -> HttpResponse:
    training = selectors.training_or_404(request.user, pk)
    form = RegistrationForm(request.POST)
    if form.is_valid():
        try:
            services.training_register(
                training=training,
                organisation=request.user.organisation,
                registered_by=request.user,
                **form.cleaned_data,
            )
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            messages.success(request, _("The professional has been registered."))
            return redirect("network:training_detail", pk=pk)
    return _render_training(
        request, selectors.training_or_404(request.user, pk), form=form, status=400
    )


@coordinator_only
@require_POST
def training_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    training = selectors.training_or_404(request.user, pk)
    ids = [
        int(value)
        for value in request.POST.getlist("aanwezig")
        if value.isascii() and value.isdigit()
    ]
    services.training_attendance(training=training, attended_ids=ids)
    messages.success(request, _("Attendance has been saved."))
    return redirect("network:training_detail", pk=pk)


@coordinator_only
@never_cache
def training_overview(request: HttpRequest) -> HttpResponse:
    return render(
        request, "network/training_overview.html", {"rows": selectors.training_overview()}
    )
