"""The privacy officer's screens (retention, audit chain, access patterns) and the
data-subject requests (privacy officer and coordinator); the coordinator's list
of what expires soon."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from cases.models import Case
from lelystad_radicalisering.audit import record_access
from lelystad_radicalisering.exceptions import (
    ApplicationError,
    add_error_to_form,
    form_errors_text,
)
from lelystad_radicalisering.pdf import pdf_download, render_pdf
from lelystad_radicalisering.roles import Role, role_required
from network import selectors as network_selectors
from network import services as network_services
from network.constants import OrganisationType
from signals.models import Person, Signal

from . import audit_chain, selectors, services
from .constants import ExtensionTarget, RequestKind
from .forms import (
    DecisionForm,
    ExtensionForm,
    PersonSearchForm,
    RestrictionForm,
    RetentionRulesForm,
    SubjectRequestForm,
)
from .models import DataSubjectRequest, SubjectRestriction
from .subject_letter import subject_letter

officer_only = role_required(Role.PRIVACY_OFFICER)
request_roles = role_required(Role.PRIVACY_OFFICER, Role.COORDINATOR)
expiry_roles = role_required(Role.COORDINATOR, Role.PRIVACY_OFFICER)
coordinator_only = role_required(Role.COORDINATOR)


@officer_only
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def retention(request: HttpRequest) -> HttpResponse:
    overview = selectors.retention_overview()
    current = {rule.kind: rule.days for rule in overview["rules"]}
    form = RetentionRulesForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        for kind, days in form.cleaned_data.items():
            if current.get(kind) != days:
                services.retention_rule_update(officer=request.user, kind=kind, days=days)
        messages.success(request, _("The retention periods have been saved."))
        return redirect("privacy:retention")
    return render(
        request,
        "privacy/retention.html",
        {"form": form, **overview, "expiring": services.expiring(days=30)},
        status=400 if form.errors else 200,
    )


@officer_only
@require_POST
def chain_verify(request: HttpRequest) -> HttpResponse:
    # Seal what the beat job has not sealed yet (sealing changes no entry), then check.
    audit_chain.seal()
    result = audit_chain.verify()
    if not audit_chain.available():
        messages.error(request, _("The audit chain exists on PostgreSQL only."))
    elif result.ok:
        messages.success(
            request,
            _("The audit log is intact: %(checked)s entries verified, %(unsealed)s not sealed yet.")
            % {"checked": result.checked, "unsealed": result.unsealed},
        )
    else:
        messages.error(
            request,
            _("The audit log has been altered: the chain breaks at entry %(id)s.")
            % {"id": result.broken_at},
        )
    return redirect("privacy:retention")


@expiry_roles
@never_cache
def expiring(request: HttpRequest) -> HttpResponse:
    items = services.expiring(days=30)
    record_access(request, [*items["cases"], *items["signals"]], view="privacy:expiring")
    return render(
        request,
        "privacy/expiring.html",
        {**items, "form": ExtensionForm(), "is_coordinator": request.user.role == Role.COORDINATOR},
    )


@coordinator_only
@require_POST
def extend(request: HttpRequest, target: str, pk: int) -> HttpResponse:
    if target not in ExtensionTarget.values:
        raise Http404
    model = Case if target == ExtensionTarget.CASE else Signal
    get_object_or_404(model, pk=pk)
    form = ExtensionForm(request.POST)
    if form.is_valid():
        try:
            services.retention_extend(
                coordinator=request.user, target=target, object_id=pk, **form.cleaned_data
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The retention has been extended."))
    else:
        messages.error(request, form_errors_text(form))
    return redirect("privacy:expiring")


@officer_only
@never_cache
def unusual_access(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/unusual_access.html", {"rows": selectors.unusual_access()})


# Data-subject requests


@request_roles
@never_cache
def subject_search(request: HttpRequest) -> HttpResponse:
    form = PersonSearchForm(request.GET or None)
    persons = []
    if request.GET and form.is_valid():
        persons = list(selectors.person_search(**form.cleaned_data))
        # A search for a person is an access to whoever it finds.
        record_access(request, persons, view="privacy:subject_search", context="search")
    return render(
        request,
        "privacy/subject_search.html",
        {
            "form": form,
            "persons": persons,
            "searched": bool(request.GET),
            "requests": DataSubjectRequest.objects.select_related("person")[:50],
        },
        status=400 if form.errors else 200,
    )


def _exclusions(request: HttpRequest) -> set[str]:
    return {value for value in request.POST.getlist("exclude") if len(value) < 64}


@request_roles
@never_cache
def subject_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    return _render_subject(request, person)


def _render_subject(
    request: HttpRequest,
    person: Person,
    restriction_form: RestrictionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    letter = subject_letter(person)
    record_access(request, [person], view="privacy:subject_detail", context=f"inzage:{person.pk}")
    is_officer = request.user.role == Role.PRIVACY_OFFICER
    return render(
        request,
        "privacy/subject_detail.html",
        {
            "letter": letter,
            "is_officer": is_officer,
            "restriction": letter.restriction_in_force,
            "restriction_form": restriction_form or RestrictionForm(),
            "request_form": SubjectRequestForm(initial={"received_on": timezone.localdate()}),
        },
        status=status,
    )


@request_roles
@require_POST
def subject_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Art. 15: the letter to the person as PDF, or its structure as JSON for the
    privacy officer's records. Texts the officer marked (third parties) are left out."""
    person = get_object_or_404(Person, pk=pk)
    letter = subject_letter(person, exclude=_exclusions(request))
    fmt = "json" if request.POST.get("format") == "json" else "pdf"
    record_access(request, [person], view="privacy:subject_export", context=f"export:{fmt}")
    name = f"inzage-{pk}-{timezone.localdate():%Y%m%d}"
    if fmt == "json":
        payload = {**letter.as_json(), "generated_at": timezone.now()}
        response = HttpResponse(
            json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.json"'
        return response
    html = render_to_string("privacy/subject_pdf.html", {"letter": letter})
    return pdf_download(render_pdf(html, "css/letter_pdf.css"), f"{name}.pdf")


@officer_only
@require_POST
def restriction_create(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    form = RestrictionForm(request.POST)
    if form.is_valid():
        try:
            services.restriction_record(officer=request.user, person=person, **form.cleaned_data)
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            messages.success(request, _("The restriction has been recorded."))
            return redirect("privacy:subject_detail", pk=pk)
    return _render_subject(request, person, restriction_form=form, status=400)


@officer_only
@require_POST
def restriction_lift(request: HttpRequest, pk: int) -> HttpResponse:
    restriction = get_object_or_404(SubjectRestriction, pk=pk, lifted_at__isnull=True)
    services.restriction_lift(officer=request.user, restriction=restriction)
    messages.success(request, _("The restriction has been lifted."))
    return redirect("privacy:subject_detail", pk=restriction.person_id)


@request_roles
@require_POST
def request_create(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    form = SubjectRequestForm(request.POST)
    if form.is_valid():
        subject_request = services.subject_request_create(
            officer=request.user, person=person, **form.cleaned_data
        )
        messages.success(
            request,
            _("Request %(reference)s has been registered.")
            % {"reference": subject_request.reference},
        )
        return redirect("privacy:request_decide", pk=subject_request.pk)
    messages.error(request, form_errors_text(form))
    return redirect("privacy:subject_detail", pk=pk)


@officer_only
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def request_decide(request: HttpRequest, pk: int) -> HttpResponse:
    subject_request = get_object_or_404(DataSubjectRequest.objects.select_related("person"), pk=pk)
    form = DecisionForm(request.POST or None, kind=subject_request.kind)
    if request.method == "POST" and form.is_valid():
        try:
            services.subject_request_decide(
                officer=request.user, request=subject_request, **form.cleaned_data
            )
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            messages.success(request, _("The decision has been recorded."))
            return redirect("privacy:subject_search")
    return render(
        request,
        "privacy/request_decide.html",
        {
            "subject_request": subject_request,
            "form": form,
            "scope": selectors.erasure_scope(subject_request.person)
            if subject_request.kind == RequestKind.ERASURE and subject_request.person
            else None,
        },
        status=400 if form.errors else 200,
    )


@officer_only
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def sharing_matrix(request: HttpRequest) -> HttpResponse:
    """Per participant type, the categories of data it may supply (PGA law).
    A checkbox per cell, named ``cell`` with value ``<type>:<category id>``."""
    categories, cells = network_selectors.sharing_matrix()
    if request.method == "POST":
        chosen = set()
        for raw in request.POST.getlist("cell"):
            organisation_type, _sep, category_id = raw.partition(":")
            if category_id.isascii() and category_id.isdigit():
                chosen.add((organisation_type, int(category_id)))
        try:
            changed = network_services.sharing_matrix_set(cells=chosen)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("The matrix has been saved (%(count)s changes).") % {"count": changed}
            )
            return redirect("privacy:sharing_matrix")
    rows = [
        (
            value,
            label,
            [(category, (value, category.pk) in cells) for category in categories],
        )
        for value, label in OrganisationType.choices
    ]
    return render(request, "privacy/sharing_matrix.html", {"categories": categories, "rows": rows})


@officer_only
@require_POST
def extension_decide(request: HttpRequest, pk: int) -> HttpResponse:
    extension = get_object_or_404(selectors.pending_extensions(), pk=pk)
    decision = request.POST.get("decision")
    if decision not in ("approve", "refuse"):
        messages.error(request, _("Choose approve or refuse."))
        return redirect("dashboards:start")
    try:
        services.retention_extension_decide(
            officer=request.user, extension=extension, approve=decision == "approve"
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The request has been decided."))
    return redirect("dashboards:start")
