from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from .models import SystemAccount


class HasScope(BasePermission):
    """The view's ``required_scope`` must be among the system account's scopes."""

    message = _("This token lacks the scope this request needs.")

    def has_permission(self, request: Request, view) -> bool:
        account = request.user
        if not isinstance(account, SystemAccount):
            return False
        scope = view.required_scope
        if scope is None:
            return True  # a method the view does not offer: answered with 405
        return scope in account.scopes
