"""Functional administration of users: no access to any case content."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from lelystad_radicalisering.exceptions import ApplicationError, add_error_to_form
from lelystad_radicalisering.paging import query_without_page
from lelystad_radicalisering.roles import Role, role_required
from network.selectors import active_organisations

from . import services
from .bulk import BulkFileError, read_rows, service_arguments, sign_rows, unsign_rows, validate_rows
from .forms import (
    AccessReviewForm,
    AccessReviewOpenForm,
    BulkInviteConfirmForm,
    BulkInviteUploadForm,
    IdentityProviderForm,
    UserFilterForm,
    UserInviteForm,
    UserUpdateForm,
)
from .models import IdentityProvider
from .selectors import (
    access_review_entries,
    access_reviews,
    account_state,
    organisations_with_identity_providers,
    unused_backup_codes,
    users_for_administration,
)

administrator_only = role_required(Role.FUNCTIONAL_ADMIN)


def _posted_ids(request: HttpRequest, name: str) -> set[int]:
    """Primary keys posted as a list; anything that is not a number is ignored."""
    return {int(value) for value in request.POST.getlist(name) if value.isdigit()}


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
    for subject in page:
        subject.state = account_state(subject)
    return render(
        request,
        "administration/user_list.html",
        {"form": form, "page": page, "query": query_without_page(request)},
    )


@administrator_only
@require_http_methods(["GET", "HEAD", "POST"])
def user_create(request: HttpRequest) -> HttpResponse:
    """Invite a user: the account gets no password until the user sets one."""
    form = UserInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_invite(actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            messages.success(
                request,
                _(
                    "%(username)s has been invited. The e-mail holds a link, valid for %(hours)s "
                    "hours, to choose a password and set up two-factor authentication."
                )
                % {"username": user.username, "hours": settings.INVITATION_VALID_HOURS},
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
            "state": account_state(user),
            "has_two_factor": services.has_confirmed_totp(user),
            "backup_codes": unused_backup_codes(user),
            "is_self": user.pk == request.user.pk,
        },
    )


@administrator_only
@require_POST
def user_reset_two_factor(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(users_for_administration(), pk=pk)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Confirm the reset of two-factor authentication."))
        return redirect("administration:user_detail", pk=user.pk)
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


@administrator_only
@require_POST
def user_resend_invitation(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(users_for_administration(), pk=pk)
    try:
        services.invitation_resend(actor=request.user, user=user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("A new invitation has been sent. The previous link no longer works."),
        )
    return redirect("administration:user_detail", pk=user.pk)


# --- bulk invitation -------------------------------------------------------------


@administrator_only
@require_http_methods(["GET", "HEAD", "POST"])
def user_bulk_invite(request: HttpRequest) -> HttpResponse:
    """Upload a CSV file; a valid file answers with the preview, nothing is saved yet."""
    form = BulkInviteUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            # One byte over the limit is enough for read_rows to refuse the file.
            raw_rows = read_rows(upload.read(settings.BULK_INVITE_MAX_BYTES + 1))
        except BulkFileError as error:
            form.add_error("file", str(error))
        else:
            return _bulk_preview(request, raw_rows)
    return render(
        request,
        "administration/bulk_invite.html",
        {"form": form, "max_rows": settings.BULK_INVITE_MAX_ROWS},
    )


def _bulk_preview(request: HttpRequest, raw_rows: list[dict]) -> HttpResponse:
    rows = validate_rows(raw_rows)
    return render(
        request,
        "administration/bulk_invite_preview.html",
        {
            "rows": rows,
            "valid_count": sum(row.valid for row in rows),
            "confirm_form": BulkInviteConfirmForm(initial={"payload": sign_rows(raw_rows)}),
        },
    )


@administrator_only
@require_POST
def user_bulk_invite_confirm(request: HttpRequest) -> HttpResponse:
    """Invite the valid rows of the preview, checked again against the database."""
    form = BulkInviteConfirmForm(request.POST)
    raw_rows = unsign_rows(form.data.get("payload", "")) if form.is_valid() else None
    if raw_rows is None:
        messages.error(request, _("The preview has expired or was changed. Upload the file again."))
        return redirect("administration:user_bulk_invite")
    rows = validate_rows(raw_rows)
    arguments = service_arguments(rows)
    if not arguments:
        messages.error(request, _("No row can be invited. Correct the file and upload it again."))
        return _bulk_preview(request, raw_rows)
    try:
        users = services.users_invite_bulk(actor=request.user, rows=arguments)
    except ApplicationError as error:
        messages.error(request, error.message)
        return _bulk_preview(request, raw_rows)
    messages.success(
        request,
        ngettext(
            "%(count)s invitation has been sent.",
            "%(count)s invitations have been sent.",
            len(users),
        )
        % {"count": len(users)},
    )
    return redirect(f"{reverse('administration:user_list')}?status=invited")


# --- access reviews -------------------------------------------------------------------


@administrator_only
@require_http_methods(["GET", "HEAD"])
def access_review_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(access_reviews(), 50).get_page(request.GET.get("pagina"))
    return render(
        request,
        "administration/access_review_list.html",
        {"page": page, "open_form": AccessReviewOpenForm(), "query": ""},
    )


@administrator_only
@require_POST
def access_review_open(request: HttpRequest) -> HttpResponse:
    form = AccessReviewOpenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an active organisation."))
        return redirect("administration:access_review_list")
    try:
        review = services.access_review_open(organisation=form.cleaned_data["organisation"])
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("administration:access_review_list")
    return redirect("administration:access_review_detail", pk=review.pk)


@administrator_only
@require_http_methods(["GET", "HEAD", "POST"])
def access_review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(access_reviews(), pk=pk)
    entries = list(access_review_entries(review))
    initial = {
        "reviewed_with": review.reviewed_with,
        "confirmed": [entry.user_id for entry in entries if entry.confirmed_at],
    }
    form = AccessReviewForm(request.POST or None, initial=initial, entries=entries)
    if request.method == "POST" and review.is_open and form.is_valid():
        arguments = {
            "actor": request.user,
            "review": review,
            "reviewed_with": form.cleaned_data["reviewed_with"],
            "confirmed_user_ids": set(form.cleaned_data["confirmed"]),
        }
        try:
            if "complete" in request.POST:
                services.access_review_complete(
                    **arguments, deactivation_confirmed_ids=_posted_ids(request, "deactivate")
                )
            else:
                services.access_review_save(**arguments)
        except services.DeactivationNotConfirmed as pending:
            # Keep the ticks (going back shows them) and ask before anyone loses access.
            services.access_review_save(**arguments)
            return render(
                request,
                "administration/access_review_confirm.html",
                {
                    "review": review,
                    "users": pending.users,
                    "reviewed_with": arguments["reviewed_with"],
                    "confirmed": sorted(arguments["confirmed_user_ids"]),
                },
            )
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            messages.success(
                request,
                _("The access review has been completed.")
                if "complete" in request.POST
                else _("The access review has been saved."),
            )
            return redirect("administration:access_review_detail", pk=review.pk)
    return render(
        request,
        "administration/access_review_detail.html",
        {"review": review, "entries": entries, "form": form},
    )


# --- single sign-on per organisation ----------------------------------------------------


@administrator_only
def identity_provider_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "administration/identity_provider_list.html",
        {"organisations": organisations_with_identity_providers()},
    )


@administrator_only
@require_http_methods(["GET", "HEAD", "POST"])
def identity_provider_edit(request: HttpRequest, organisation_pk: int) -> HttpResponse:
    organisation = get_object_or_404(active_organisations(), pk=organisation_pk)
    provider = IdentityProvider.objects.filter(organisation=organisation).first()
    form = IdentityProviderForm(request.POST or None, instance=provider)
    if request.method == "POST" and form.is_valid():
        try:
            services.identity_provider_save(
                actor=request.user, organisation=organisation, **form.cleaned_data
            )
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            messages.success(request, _("The login settings have been saved."))
            return redirect("administration:identity_provider_list")
    return render(
        request,
        "administration/identity_provider_edit.html",
        {"form": form, "organisation": organisation, "provider": provider},
    )


@administrator_only
@require_POST
def user_mandate(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(users_for_administration(), pk=pk)
    mandate = request.POST.get("mandate") == "yes"
    try:
        services.user_set_mandate(actor=request.user, user=user, mandate=mandate)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        if mandate:
            messages.success(request, _("The mandate has been granted."))
        else:
            messages.success(request, _("The mandate has been withdrawn."))
    return redirect("administration:user_detail", pk=user.pk)
