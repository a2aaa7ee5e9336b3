from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lelystad_radicalisering.roles import Role, role_required

from . import services
from .forms import OrganisationForm
from .models import Organisation
from .selectors import organisations_for_administration

administrator_only = role_required(Role.FUNCTIONAL_ADMIN)


@administrator_only
def organisation_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "network/organisation_list.html",
        {"organisations": organisations_for_administration()},
    )


@administrator_only
@require_http_methods(["GET", "HEAD", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = services.organisation_create(**form.cleaned_data)
        messages.success(
            request, _("Organisation %(name)s has been created.") % {"name": organisation.name}
        )
        return redirect("network:organisation_list")
    return render(request, "network/organisation_form.html", {"form": form, "creating": True})


@administrator_only
@require_http_methods(["GET", "HEAD", "POST"])
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    form = OrganisationForm(
        request.POST or None,
        instance=organisation,
        initial={
            "name": organisation.name,
            "type": organisation.type,
            "is_active": organisation.is_active,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.organisation_update(organisation=organisation, **form.cleaned_data)
        messages.success(request, _("The changes have been saved."))
        return redirect("network:organisation_list")
    return render(
        request, "network/organisation_form.html", {"form": form, "organisation": organisation}
    )
