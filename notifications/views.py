"""The notification centre: the list, opening one (checked again against the
target's own permission rule), marking as read, and the e-mail preferences."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lelystad_radicalisering.exceptions import ApplicationError, add_error_to_form

from . import selectors, services
from .forms import PreferencesForm

PAGE_SIZE = 25


@never_cache
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notifications_of(request.user), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    return render(request, "notifications/notification_list.html", {"page": page})


@never_cache
@require_http_methods(["GET", "POST"])
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """POST (the button in the centre) marks the notification read; GET (the
    link in an e-mail) only leads on. Either way the target's own rule decides
    again, so a revoked involvement makes an old notification lead nowhere."""
    notification = selectors.notification_for_user_or_404(request.user, pk)
    if request.method == "POST":
        services.notification_mark_read(user=request.user, notification=notification)
    url = selectors.target_url(request.user, notification)
    if url is None:
        return render(request, "notifications/unavailable.html", status=404)
    return redirect(url)


@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = selectors.notification_for_user_or_404(request.user, pk)
    services.notification_mark_read(user=request.user, notification=notification)
    return redirect("notifications:notification_list")


@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    services.notifications_mark_all_read(user=request.user)
    messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:notification_list")


@never_cache
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    current = selectors.preferences_of(request.user)
    form = PreferencesForm(request.POST or None, initial=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.preferences_save(user=request.user, deliveries=form.cleaned_data)
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notifications:preferences")
    status = 400 if request.method == "POST" else 200
    return render(request, "notifications/preferences.html", {"form": form}, status=status)
