from __future__ import annotations

from django.contrib import admin

from .models import Factor, LegalBasis


@admin.register(LegalBasis)
class LegalBasisAdmin(admin.ModelAdmin):
    """The configurable list of legal bases (technical administration)."""

    list_display = ["name", "is_active"]
    list_filter = ["is_active"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # deactivate instead: cases refer to it


@admin.register(Factor)
class FactorAdmin(admin.ModelAdmin):
    """The configurable risk and protective factor checklists."""

    list_display = ["name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
