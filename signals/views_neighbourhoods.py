"""The configurable list of Lelystad neighbourhoods (reference data, no case content)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from lelystad_radicalisering.roles import Role, role_required

from . import services
from .models import Neighbourhood

administrator_only = role_required(Role.FUNCTIONAL_ADMIN)


class NeighbourhoodForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if Neighbourhood.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError(_("This neighbourhood is already in the list."))
        return name


@administrator_only
@require_http_methods(["GET", "HEAD", "POST"])
def neighbourhood_list(request: HttpRequest) -> HttpResponse:
    form = NeighbourhoodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.neighbourhood_create(name=form.cleaned_data["name"])
        messages.success(request, _("The neighbourhood has been added."))
        return redirect("signals:neighbourhood_list")
    return render(
        request,
        "signals/neighbourhood_list.html",
        {"form": form, "neighbourhoods": Neighbourhood.objects.order_by("name")},
    )


@administrator_only
@require_POST
def neighbourhood_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    neighbourhood = get_object_or_404(Neighbourhood, pk=pk)
    services.neighbourhood_set_active(
        neighbourhood=neighbourhood, is_active=not neighbourhood.is_active
    )
    return redirect("signals:neighbourhood_list")
