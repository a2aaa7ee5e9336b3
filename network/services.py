"""Writes for the network: organisations and covenants, contacts, communities,
contact moments and trainings."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lelystad_radicalisering.exceptions import ApplicationError

from .constants import OrganisationType
from .models import (
    Community,
    CommunityContact,
    ContactMoment,
    ContactPerson,
    DataCategory,
    Organisation,
    SharingRule,
    Training,
    TrainingRegistration,
)


def _group_name(name: str) -> str:
    return f"Organisatie: {name}"


@transaction.atomic
def organisation_create(
    *,
    name: str,
    type: str,
    is_active: bool = True,
    covenant_signed_on: datetime.date | None = None,
    covenant_ends_on: datetime.date | None = None,
) -> Organisation:
    """Create an organisation together with the group its members belong to."""
    organisation = Organisation(
        name=name,
        type=type,
        is_active=is_active,
        covenant_signed_on=covenant_signed_on,
        covenant_ends_on=covenant_ends_on,
    )
    organisation.full_clean(exclude=["group"])
    organisation.group = Group.objects.create(name=_group_name(name))
    organisation.save()
    return organisation


@transaction.atomic
def organisation_update(
    *, organisation: Organisation, name: str, type: str, is_active: bool
) -> Organisation:
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    organisation.name = name
    organisation.type = type
    organisation.is_active = is_active
    organisation.full_clean(exclude=["group"])
    organisation.save(update_fields=["name", "type", "is_active"])
    if organisation.group.name != _group_name(name):
        organisation.group.name = _group_name(name)
        organisation.group.save(update_fields=["name"])
    _organisation_changed(organisation)
    return organisation


# Apps above the network that must react when an organisation or its covenant
# changes (cases ends the involvements no longer valid) register a receiver here
# in their ``AppConfig.ready()``; it runs inside the same transaction.
_ORGANISATION_CHANGED: list[Callable[..., object]] = []


def on_organisation_changed(receiver: Callable[..., object]) -> None:
    """``receiver(organisation=...)`` runs after every change of an organisation."""
    if receiver not in _ORGANISATION_CHANGED:
        _ORGANISATION_CHANGED.append(receiver)


def _organisation_changed(organisation: Organisation) -> None:
    for receiver in _ORGANISATION_CHANGED:
        receiver(organisation=organisation)


@transaction.atomic
def covenant_update(
    *,
    organisation: Organisation,
    signed_on: datetime.date | None,
    ends_on: datetime.date | None,
    document: UploadedFile | None = None,
) -> Organisation:
    if signed_on and ends_on and ends_on < signed_on:
        raise ApplicationError(
            _("The end date lies before the date of signing."), field="covenant_ends_on"
        )
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    organisation.covenant_signed_on = signed_on
    organisation.covenant_ends_on = ends_on
    fields = ["covenant_signed_on", "covenant_ends_on"]
    if document is not None:
        organisation.covenant_document.save(
            f"convenant-{organisation.pk}.pdf", document, save=False
        )
        fields.append("covenant_document")
    organisation.save(update_fields=fields)
    _organisation_changed(organisation)
    return organisation


@transaction.atomic
def contact_person_add(
    *, organisation: Organisation, name: str, function: str, phone: str, email: str
) -> ContactPerson:
    return ContactPerson.objects.create(
        organisation=organisation,
        name=name.strip(),
        function=function.strip(),
        phone=phone.strip(),
        email=email,
    )


@transaction.atomic
def contact_person_remove(*, contact: ContactPerson) -> None:
    contact.delete()


@transaction.atomic
def community_save(
    *,
    community: Community | None = None,
    name: str,
    kind: str,
    neighbourhood=None,
    notes: str = "",
    allowed_users: Iterable = (),
) -> Community:
    community = community or Community()
    community.name = " ".join(name.split())
    community.kind = kind
    community.neighbourhood = neighbourhood
    community.notes = notes.strip()
    community.full_clean()
    community.save()
    community.allowed_users.set(allowed_users)
    return community


@transaction.atomic
def community_contact_add(
    *, community: Community, name: str, role: str, phone: str, email: str
) -> CommunityContact:
    return CommunityContact.objects.create(
        community=community, name=name.strip(), role=role.strip(), phone=phone.strip(), email=email
    )


@transaction.atomic
def contact_moment_record(*, community: Community, recorded_by, **data) -> ContactMoment:
    if data.get("date") and data["date"] > timezone.localdate():
        raise ApplicationError(_("This date lies in the future."), field="date")
    if data.get("follow_up_due") and not data.get("follow_up", "").strip():
        raise ApplicationError(_("Describe the follow-up that is due."), field="follow_up")
    moment = ContactMoment(community=community, recorded_by=recorded_by, **data)
    moment.full_clean()
    moment.save()
    return moment


@transaction.atomic
def contact_moment_follow_up_done(*, moment: ContactMoment) -> ContactMoment:
    moment.follow_up_done = True
    moment.save(update_fields=["follow_up_done"])
    return moment


@transaction.atomic
def training_create(*, target_organisations: Iterable[Organisation] = (), **data) -> Training:
    training = Training(**data)
    training.full_clean()
    training.save()
    training.target_organisations.set(target_organisations)
    return training


class TrainingFull(ApplicationError):
    pass


@transaction.atomic
def training_register(
    *,
    training: Training,
    organisation: Organisation,
    participant_name: str,
    participant_email: str,
    registered_by,
) -> TrainingRegistration:
    """Register a professional. The training row is locked, so concurrent
    registrations never exceed the capacity."""
    training = Training.objects.select_for_update().get(pk=training.pk)
    if not Organisation.objects.filter(pk=organisation.pk, is_active=True).exists():
        raise ApplicationError(_("Your organisation is not active."))
    if training.starts_at <= timezone.now():
        raise ApplicationError(_("This training has already started."))
    targets = set(training.target_organisations.values_list("pk", flat=True))
    if targets and organisation.pk not in targets:
        raise ApplicationError(_("This training is not open to your organisation."))
    if training.registrations.count() >= training.capacity:
        raise TrainingFull(_("This training is full."))
    try:
        with transaction.atomic():
            return TrainingRegistration.objects.create(
                training=training,
                organisation=organisation,
                participant_name=" ".join(participant_name.split()),
                participant_email=participant_email.lower(),
                registered_by=registered_by,
            )
    except IntegrityError as error:
        raise ApplicationError(
            _("This professional is already registered."), field="participant_email"
        ) from error


@transaction.atomic
def training_attendance(*, training: Training, attended_ids: Iterable[int]) -> None:
    attended = set(attended_ids)
    for registration in training.registrations.all():
        value = registration.pk in attended
        if registration.attended != value:
            registration.attended = value
            registration.save(update_fields=["attended"])


@transaction.atomic
def sharing_matrix_set(*, cells: set[tuple[str, int]]) -> int:
    """Make the matrix exactly ``cells``: rows added and removed one by one, so
    the audit log sees each change. Returns the number of changed cells."""
    valid_types = set(OrganisationType.values)
    valid_categories = set(DataCategory.objects.filter(is_active=True).values_list("pk", flat=True))
    if any(t not in valid_types or c not in valid_categories for t, c in cells):
        raise ApplicationError(_("The matrix holds an unknown type or category."))
    existing = {
        (rule.organisation_type, rule.category_id): rule
        for rule in SharingRule.objects.filter(category_id__in=valid_categories)
    }
    changed = 0
    for cell, rule in existing.items():
        if cell not in cells:
            rule.delete()
            changed += 1
    for organisation_type, category_id in cells - set(existing):
        SharingRule.objects.create(organisation_type=organisation_type, category_id=category_id)
        changed += 1
    return changed
