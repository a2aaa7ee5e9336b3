"""Functional administration of users: no access to any case content."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from lelystad_radicalisering.exceptions import ApplicationError, add_error_to_form

from . import services
from .constants import Role
from .forms import UserCreateForm, UserFilterForm, UserUpdateForm
from .permissions import role_required
from .selectors import users_for_administration

administrator_only = role_required(Role.FUNCTIONAL_ADMIN)


@administrator_only
def user_list(request: HttpRequest) -> HttpResponse:
    form = UserFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    organisation = filters.get("organisation")
    users = users_for_administration(
        q=filters.get("q", ""),
        organisation_id=organisation.pk if organisation else None,
        role=filters.get("role", ""),
        status=filters.get("status", ""),
    ).annotate(
        has_two_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
    )
    page = Paginator(users, 50).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "administration/user_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@administrator_only
@sensitive_post_parameters("password")
@require_http_methods(["GET", "HEAD", "POST"])
def user_create(request: HttpRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_create(**form.cleaned_data)
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            messages.success(
                request,
                _(
                    "User %(username)s has been created. At first login they set up two-factor authentication."
                )
                % {"username": user.username},
            )
            return redirect("administration:user_detail", pk=user.pk)
    return render(request, "administration/user_form.html", {"form": form, "creating": True})


@administrator_only
@require_http_methods(["GET", "HEAD", "POST"])
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(users_for_administration(), pk=pk)
    initial = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "organisation": user.organisation,
        "role": user.role,
        "is_active": user.is_active,
    }
    form = UserUpdateForm(request.POST or None, initial=initial, user=user, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(actor=request.user, user=user, **form.cleaned_data)
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("administration:user_detail", pk=user.pk)
    return render(
        request,
        "administration/user_form.html",
        {
            "form": form,
            "subject": user,
            "has_two_factor": services.has_confirmed_totp(user),
            "is_self": user.pk == request.user.pk,
        },
    )


@administrator_only
@require_POST
def user_reset_two_factor(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(users_for_administration(), pk=pk)
    try:
        services.user_reset_two_factor(actor=request.user, user=user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _(
                "Two-factor authentication has been reset. The user sets it up again at the next login."
            ),
        )
    return redirect("administration:user_detail", pk=user.pk)


@administrator_only
@require_POST
def user_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(users_for_administration(), pk=pk)
    services.user_unlock(user=user)
    messages.success(request, _("Failed login attempts have been cleared."))
    return redirect("administration:user_detail", pk=user.pk)
