"""The plan of action and prevention activities: services and selectors.

Kept apart from the rest of the network code: the plan has its own rules of
confidentiality (art. 55 Gemeentewet) and a public version.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from lelystad_radicalisering.exceptions import ApplicationError
from lelystad_radicalisering.roles import Role

from .constants import MeasureStatus, PlanPillar, TargetGroup
from .models import Measure, MeasureProgress, Plan, PreventionActivity

if TYPE_CHECKING:
    from accounts.models import User

FULL_READERS = (Role.COORDINATOR, Role.MANAGEMENT)


# --- reads ----------------------------------------------------------------------------


def current_plan() -> Plan | None:
    return Plan.objects.order_by("-starts_on", "-pk").first()


def measures_visible_to(user: User, plan: Plan) -> QuerySet[Measure]:
    """Coordinator and management see every measure; a partner sees public
    measures and those its own organisation owns; other roles none."""
    measures = plan.measures.select_related("owner")
    if user.role in FULL_READERS:
        return measures
    if user.role == Role.PARTNER:
        return measures.filter(Q(is_confidential=False) | Q(owner_id=user.organisation_id))
    return measures.none()


def may_read_in_full(user: User, measure: Measure) -> bool:
    return user.role in FULL_READERS or (
        user.role == Role.PARTNER and measure.owner_id == user.organisation_id
    )


def measure_for_user_or_404(user: User, pk: int) -> Measure:
    plan_ids = Plan.objects.values("pk")
    try:
        measure = Measure.objects.select_related("owner", "plan").get(pk=pk, plan__in=plan_ids)
    except Measure.DoesNotExist as error:
        raise Http404 from error
    if not measures_visible_to(user, measure.plan).filter(pk=measure.pk).exists():
        raise Http404
    return measure


def public_measures(plan: Plan) -> QuerySet[Measure]:
    """What the public version may show: never a confidential measure; the
    template shows only title, pillar, owner, period, status and public summary."""
    return plan.measures.filter(is_confidential=False).select_related("owner")


def progress_per_pillar(plan: Plan) -> list[dict]:
    rows = {
        row["pillar"]: row
        for row in plan.measures.values("pillar").annotate(
            total=Count("pk"),
            running=Count("pk", filter=Q(status=MeasureStatus.RUNNING)),
            done=Count("pk", filter=Q(status=MeasureStatus.DONE)),
            stopped=Count("pk", filter=Q(status=MeasureStatus.STOPPED)),
        )
    }
    empty = {"total": 0, "running": 0, "done": 0, "stopped": 0}
    return [{**empty, **rows.get(pillar.value, {}), "pillar": pillar} for pillar in PlanPillar]


def reach_overview() -> list[dict]:
    """Participants reached per quarter, pillar, target group and neighbourhood."""
    rows = (
        PreventionActivity.objects.values(
            "date__year", "date__quarter", "pillar", "target_group", "neighbourhood__name"
        )
        .annotate(activities=Count("pk"), participants=Sum("participants"))
        .order_by("-date__year", "-date__quarter", "pillar", "target_group", "neighbourhood__name")
    )
    return [
        {
            **row,
            "pillar_label": PlanPillar(row["pillar"]).label,
            "target_group_label": TargetGroup(row["target_group"]).label,
        }
        for row in rows
    ]


# --- writes ---------------------------------------------------------------------------


@transaction.atomic
def plan_start(
    *, title: str, starts_on: datetime.date, ends_on: datetime.date, copy_from: Plan | None = None
) -> Plan:
    """Start a plan period; measures still planned or running continue in it."""
    if ends_on <= starts_on:
        raise ApplicationError(_("The end of the period lies before its start."), field="ends_on")
    plan = Plan.objects.create(title=" ".join(title.split()), starts_on=starts_on, ends_on=ends_on)
    if copy_from is not None and starts_on > copy_from.starts_on:
        for measure in copy_from.measures.filter(
            status__in=[MeasureStatus.PLANNED, MeasureStatus.RUNNING]
        ):
            Measure.objects.create(
                plan=plan,
                pillar=measure.pillar,
                title=measure.title,
                public_summary=measure.public_summary,
                confidential_detail=measure.confidential_detail,
                is_confidential=measure.is_confidential,
                owner=measure.owner,
                planned_start=measure.planned_start,
                planned_end=measure.planned_end,
                status=measure.status,
            )
    return plan


@transaction.atomic
def measure_save(*, measure: Measure | None = None, plan: Plan, **data) -> Measure:
    status = data.pop("status", None)
    measure = measure or Measure(plan=plan, status=status or MeasureStatus.PLANNED)
    for field, value in data.items():
        setattr(measure, field, value.strip() if isinstance(value, str) else value)
    if (
        measure.planned_start
        and measure.planned_end
        and measure.planned_end < measure.planned_start
    ):
        raise ApplicationError(
            _("The planned end lies before the planned start."), field="planned_end"
        )
    measure.full_clean()
    measure.save()
    return measure


@transaction.atomic
def measure_progress_add(
    *, measure: Measure, author: User, note: str, status: str
) -> MeasureProgress:
    """Record progress (and possibly a new status); a stopped measure needs a reason."""
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    note = note.strip()
    if status == MeasureStatus.STOPPED and not note:
        raise ApplicationError(_("Give the reason why the measure stops."), field="note")
    if not note:
        raise ApplicationError(_("Describe the progress."), field="note")
    progress = MeasureProgress.objects.create(
        measure=measure, note=note, status=status, author=author
    )
    if measure.status != status:
        measure.status = status
        measure.save(update_fields=["status"])
    return progress


@transaction.atomic
def activity_record(**data) -> PreventionActivity:
    activity = PreventionActivity(**data)
    activity.full_clean()
    activity.save()
    return activity
