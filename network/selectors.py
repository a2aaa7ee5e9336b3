from __future__ import annotations

from django.db.models import Count, QuerySet

from .models import Organisation


def organisations_for_administration() -> QuerySet[Organisation]:
    return Organisation.objects.annotate(user_count=Count("users")).order_by("name")


def active_organisations() -> QuerySet[Organisation]:
    return Organisation.objects.filter(is_active=True).order_by("name")
