"""The Django admin for technical superusers only, behind the same two factors."""

from __future__ import annotations

from functools import update_wrapper

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django_otp.admin import OTPAdminSite


class SecureAdminSite(OTPAdminSite):
    site_header = "Casusoverleg Lelystad (technisch beheer)"
    site_title = "Casusoverleg Lelystad"

    def __init__(self, name: str = "admin") -> None:
        super().__init__(name)

    def login(self, request, extra_context=None):
        # One login for the whole application; verified non-staff users are refused.
        if request.user.is_authenticated:
            raise PermissionDenied("not a technical administrator")
        return redirect("accounts:login")

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def wrapper(request, *args, **kwargs):
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied("not a technical administrator")
            return inner(request, *args, **kwargs)

        return update_wrapper(wrapper, view)
