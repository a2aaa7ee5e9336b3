"""Reads for the network. Permission filters for communities live here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from lelystad_radicalisering.roles import Role
from lelystad_radicalisering.search import clean_term

from .constants import TrainingTopic
from .models import (
    Community,
    ContactMoment,
    ContactPerson,
    DataCategory,
    Organisation,
    SharingRule,
    Training,
    TrainingRegistration,
)

if TYPE_CHECKING:
    from accounts.models import User


def organisations_for_administration() -> QuerySet[Organisation]:
    return Organisation.objects.annotate(user_count=Count("users")).order_by("name")


def active_organisations() -> QuerySet[Organisation]:
    return Organisation.objects.filter(is_active=True).order_by("name")


def organisations_with_valid_covenant() -> QuerySet[Organisation]:
    today = timezone.localdate()
    return active_organisations().filter(
        Q(covenant_signed_on__lte=today),
        Q(covenant_ends_on__isnull=True) | Q(covenant_ends_on__gte=today),
    )


def directory(*, q: str = "", organisation_type: str = "") -> QuerySet[Organisation]:
    """Active organisations by name, with their contact persons; ``q`` matches the
    organisation's name or one of its contact persons' names."""
    organisations = active_organisations()
    if organisation_type:
        organisations = organisations.filter(type=organisation_type)
    term = clean_term(q)
    if term:
        # EXISTS rather than a join: an organisation with two matching contacts
        # is still one row, without DISTINCT over the whole set.
        contact = ContactPerson.objects.filter(organisation=OuterRef("pk"), name__icontains=term)
        organisations = organisations.filter(Q(name__icontains=term) | Exists(contact))
    # One query for the contacts of the page shown, whatever its size.
    return organisations.prefetch_related("contacts")


def organisation_or_404(pk: int) -> Organisation:
    try:
        return Organisation.objects.prefetch_related("contacts").get(pk=pk, is_active=True)
    except Organisation.DoesNotExist as error:
        raise Http404 from error


def communities_visible_to(user: User) -> QuerySet[Community]:
    """Coordinators see every community; other users only those the coordinator
    opened to them."""
    if not user.is_authenticated or not user.is_active:
        return Community.objects.none()
    if user.role == Role.COORDINATOR:
        return Community.objects.all()
    if user.role == Role.PARTNER:
        return Community.objects.filter(allowed_users=user)
    return Community.objects.none()


def community_for_user_or_404(user: User, pk: int) -> Community:
    try:
        return (
            communities_visible_to(user)
            .select_related("neighbourhood")
            .prefetch_related("contacts", "allowed_users")
            .get(pk=pk)
        )
    except Community.DoesNotExist as error:
        raise Http404 from error


def contact_moments(community: Community) -> QuerySet[ContactMoment]:
    return community.contact_moments.select_related("recorded_by")


def follow_ups() -> dict:
    today = timezone.localdate()
    moments = ContactMoment.objects.select_related("community")
    return {
        "overdue": list(
            moments.filter(follow_up_due__lt=today, follow_up_done=False).order_by("follow_up_due")
        ),
        "planned": list(moments.filter(next_contact_on__gte=today).order_by("next_contact_on")),
    }


def trainings_for(user: User) -> QuerySet[Training]:
    trainings = Training.objects.annotate(registered=Count("registrations")).prefetch_related(
        "target_organisations"
    )
    if user.role == Role.PARTNER:
        trainings = trainings.filter(
            Q(target_organisations__isnull=True) | Q(target_organisations=user.organisation)
        ).distinct()
    return trainings.order_by("starts_at")


def training_or_404(user: User, pk: int) -> Training:
    try:
        return trainings_for(user).get(pk=pk)
    except Training.DoesNotExist as error:
        raise Http404 from error


def registrations_visible_to(user: User, training: Training) -> QuerySet[TrainingRegistration]:
    """Partners see their own organisation's registrations; the coordinator all."""
    registrations = training.registrations.select_related("organisation")
    if user.role != Role.COORDINATOR:
        registrations = registrations.filter(organisation_id=user.organisation_id)
    return registrations


def training_overview() -> list[dict]:
    """Per organisation: professionals trained (attended), per topic."""
    rows = (
        TrainingRegistration.objects.filter(attended=True)
        .values("organisation__name", "training__topic")
        .annotate(total=Count("pk"), last=Max("training__starts_at"))
        .order_by("organisation__name", "training__topic")
    )
    return [{**row, "topic_label": TrainingTopic(row["training__topic"]).label} for row in rows]


def categories_for_type(organisation_type: str) -> list[DataCategory]:
    """What an organisation of this participant type may supply (PGA law)."""
    return list(
        DataCategory.objects.filter(
            is_active=True, rules__organisation_type=organisation_type
        ).order_by("name")
    )


def sharing_matrix() -> tuple[list[DataCategory], set[tuple[str, int]]]:
    """The categories and the (type, category id) cells that are allowed."""
    categories = list(DataCategory.objects.filter(is_active=True).order_by("name"))
    cells = set(SharingRule.objects.values_list("organisation_type", "category_id"))
    return categories, cells
