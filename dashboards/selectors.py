"""The panels of each role's start page.

Every panel is a count and at most ``PANEL_ROWS`` rows, read through the same
visibility selectors as the full pages it links to. Each panel runs a fixed
number of queries, whatever the size of the data (tests/dashboards asserts it
at 10 and 1,000 rows).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from auditlog.models import LogEntry
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.selectors import login_locked_pairs, login_slowed_usernames, open_access_reviews
from cases.constants import CaseStatus
from cases.models import Case, TimelineEntry
from cases.selectors import (
    cases_visible_to,
    overdue_deferrals,
    overdue_reviews,
    partner_timeline_rule,
)
from lelystad_radicalisering.paging import (
    COUNT_CAP,
    exact_counts,
    rows_and_counts,
    rows_and_counts_of_panels,
)
from meetings.constants import ActionStatus
from meetings.models import Action, Meeting
from meetings.selectors import action_list, meetings_visible_to
from network.models import ContactMoment, Organisation, Training
from network.plan import current_plan, progress_per_pillar
from network.selectors import communities_visible_to
from privacy.constants import RetentionKind
from privacy.models import DataSubjectRequest, DestructionRecord
from privacy.selectors import pending_extensions, restrictions_to_review, unusual_access
from privacy.services import cutoff_in_query, expired_cases, expired_signals
from reports.periods import quarter_of
from reports.selectors import reports_visible_to
from reports.suppression import primary_cells
from signals.constants import PARTNER_STATUS_LABELS, SignalStatus, Urgency
from signals.models import Signal
from signals.selectors import signals_of_organisation, signals_visible_to

PANEL_ROWS = 5
WAITING_FOR_TRIAGE = (SignalStatus.NEW, SignalStatus.IN_TRIAGE)


@dataclass
class Panel:
    """What one panel shows: a headline count and the first rows behind it."""

    count: int
    rows: list = field(default_factory=list)
    extra: dict = field(default_factory=dict)


def _start_of_today() -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time.min))


# --- partner professional -----------------------------------------------------


def partner_actions(user: User) -> Panel:
    """Open actions of the own organisation, overdue ones first."""
    actions = action_list(user, status=ActionStatus.OPEN)
    today = timezone.localdate()
    # Capped counts: the visibility check runs for at most 1,001 actions each.
    rows, counts = rows_and_counts(
        actions,
        PANEL_ROWS,
        {"total": actions, "overdue": actions.filter(due_on__lt=today)},
        cap=COUNT_CAP,
    )
    return Panel(
        count=counts["total"],
        rows=rows,
        extra={"overdue": counts["overdue"], "today": today},
    )


def upcoming_meetings(user: User) -> Panel:
    meetings = (
        meetings_visible_to(user)
        .filter(starts_at__gte=_start_of_today(), finalised_at__isnull=True)
        .order_by("starts_at")
    )
    rows = list(meetings[: PANEL_ROWS + 1])
    return Panel(count=len(rows), rows=rows[:PANEL_ROWS], extra={"more": len(rows) > PANEL_ROWS})


def cases_updated_since_last_visit(user: User, *, days: int = 60) -> Panel:
    """Cases of the organisation with a timeline entry by someone else after the
    user last opened the case page (the audit log's access entry), looking back
    ``days`` days at most."""
    content_type = ContentType.objects.get_for_model(Case)
    last_visit = (
        LogEntry.objects.filter(
            actor_id=user.pk,
            content_type_id=content_type.pk,
            object_id=OuterRef("case_id"),
            action=LogEntry.Action.ACCESS,
            additional_data__view="cases:case_detail",
        )
        .order_by("-timestamp")
        .values("timestamp")[:1]
    )
    entries = (
        TimelineEntry.objects.filter(
            partner_timeline_rule(user.organisation_id),
            case_id__in=cases_visible_to(user).values("pk"),
            created_at__gte=timezone.now() - datetime.timedelta(days=days),
        )
        .exclude(author_id=user.pk)
        .order_by()
        .values("case_id")
        .annotate(latest=Max("created_at"), visited=Subquery(last_visit))
        .filter(Q(visited__isnull=True) | Q(latest__gt=F("visited")))
        .order_by("-latest")
    )
    latest = {row["case_id"]: row["latest"] for row in entries[: PANEL_ROWS + 1]}
    cases = Case.objects.in_bulk(list(latest)[:PANEL_ROWS])
    rows = [(cases[pk], latest[pk]) for pk in list(latest)[:PANEL_ROWS] if pk in cases]
    return Panel(count=len(latest), rows=rows, extra={"more": len(latest) > PANEL_ROWS})


def recent_signals_of_organisation(user: User, *, days: int = 30) -> Panel:
    since = timezone.now() - datetime.timedelta(days=days)
    signals = signals_of_organisation(user).filter(created_at__gte=since)
    rows, counts = rows_and_counts(
        signals,
        PANEL_ROWS,
        {
            "total": signals,
            **{status: signals.filter(status=status) for status in SignalStatus.values},
        },
    )
    total = counts.pop("total")
    # The reporting organisation is told the status, never what lies behind it.
    statuses = [
        (PARTNER_STATUS_LABELS[status], number) for status, number in counts.items() if number
    ]
    for signal in rows:
        signal.partner_status = PARTNER_STATUS_LABELS[signal.status]
    return Panel(count=total, rows=rows, extra={"statuses": statuses, "days": days})


# --- coordinator ---------------------------------------------------------------


def signals_waiting(user: User) -> Panel:
    """New and acute signals waiting for triage, acute first, then the oldest."""
    waiting = signals_visible_to(user).filter(status__in=WAITING_FOR_TRIAGE)
    # The triage inbox's order: acute first, then the longest waiting;
    # signal_inbox_open_idx serves it: the first rows, no sort. Capped counts:
    # a region with a backlog reads 1,001 index entries, not all of it.
    rows, counts = rows_and_counts(
        waiting.select_related("organisation").order_by("urgency_rank", "created_at"),
        PANEL_ROWS,
        {
            "total": waiting,
            "acute": waiting.filter(urgency=Urgency.ACUTE),
            "new": waiting.filter(status=SignalStatus.NEW),
        },
        cap=COUNT_CAP,
    )
    return Panel(count=counts["total"], rows=rows, extra=counts)


def overdue_actions(user: User) -> Panel:
    actions = action_list(user, overdue=True)
    # Capped like the other headline counts: at scale tens of thousands are overdue.
    rows, counts = rows_and_counts(actions, PANEL_ROWS, {"total": actions}, cap=COUNT_CAP)
    return Panel(count=counts["total"], rows=rows)


def next_meeting(user: User) -> Panel:
    """The next meeting, its number of agenda items and whether it is ready: it
    has items and its invitations went out."""
    meeting = (
        meetings_visible_to(user)
        .filter(starts_at__gte=timezone.now(), finalised_at__isnull=True)
        .annotate(item_count=Count("items"))
        .order_by("starts_at")
        .first()
    )
    if meeting is None:
        return Panel(count=0)
    ready = meeting.item_count > 0 and meeting.invitations_sent_at is not None
    return Panel(count=1, rows=[meeting], extra={"ready": ready})


def case_panels(user: User) -> dict[str, Panel]:
    """The two panels of cases, read in one query:

    - ``stale``: open cases whose latest risk assessment (or opening, if there
      is none) is older than ``RISK_ASSESSMENT_STALE_MONTHS`` months;
    - ``reviews``: included cases whose periodic review (PGA law) is past its
      due date.
    """
    months = settings.RISK_ASSESSMENT_STALE_MONTHS
    cutoff = timezone.now() - relativedelta(months=months)
    # case_assessment_due_idx holds this expression for the open cases: the
    # rows and the (capped) count read a range of it.
    stale = (
        cases_visible_to(user)
        .exclude(status=CaseStatus.CLOSED)
        .alias(due_from=Coalesce("last_assessed_at", "created_at"))
        .filter(due_from__lt=cutoff)
    )
    reviews = overdue_reviews()
    found = rows_and_counts_of_panels(
        {
            "stale": (
                stale.order_by("due_from"),
                stale,
                COUNT_CAP,
                lambda case: case.last_assessed_at or case.created_at,
            ),
            "reviews": (
                reviews,
                reviews,
                None,
                lambda case: (case.review_due_on, case.reference),
            ),
        },
        PANEL_ROWS,
    )
    stale_rows, stale_count = found["stale"]
    review_rows, review_count = found["reviews"]
    return {
        "stale": Panel(
            count=min(stale_count, COUNT_CAP),
            rows=stale_rows,
            extra={"months": months, "more": stale_count > COUNT_CAP},
        ),
        "reviews": Panel(count=review_count, rows=review_rows),
    }


def retention_due(*, days: int = 30) -> Panel:
    """Cases and signals the destruction job will remove within ``days`` days."""

    later = timezone.now() + datetime.timedelta(days=days)
    signal_kinds = (RetentionKind.SIGNAL_CLOSED, RetentionKind.SIGNAL_FORWARDED)
    # The retention rules are read inside the count query (one query in all).
    counts = exact_counts(
        {
            RetentionKind.CASE_CLOSED: expired_cases(
                cutoff_in_query(RetentionKind.CASE_CLOSED, later), later
            ),
            **{
                kind: expired_signals(kind, cutoff_in_query(kind, later), later)
                for kind in signal_kinds
            },
        }
    )
    cases = counts[RetentionKind.CASE_CLOSED]
    signals = sum(counts[kind] for kind in signal_kinds)
    return Panel(count=cases + signals, extra={"cases": cases, "signals": signals, "days": days})


def community_follow_ups_due(user: User, *, days: int = 7) -> Panel:
    """Agreed follow-ups with communities that are overdue or due within ``days`` days."""
    horizon = timezone.localdate() + datetime.timedelta(days=days)
    moments = ContactMoment.objects.filter(
        community__in=communities_visible_to(user),
        follow_up_done=False,
        follow_up_due__lte=horizon,
    )
    rows, counts = rows_and_counts(
        moments.select_related("community").order_by("follow_up_due", "pk"), 5, {"total": moments}
    )
    return Panel(count=counts["total"], rows=rows, extra={"today": timezone.localdate()})


# --- management ------------------------------------------------------------------


def quarter_figures() -> Panel:
    """Key figures of the current quarter so far. A figure below the report's
    suppression threshold is shown as "<threshold", like in the report; these
    are separate totals, so no sum can give a suppressed figure away."""

    period = quarter_of(timezone.localdate())
    start, end = period.bounds()
    now = timezone.now()
    threshold = settings.REPORT_SUPPRESSION_THRESHOLD
    in_period = {"created_at__gte": start, "created_at__lt": end}
    held = {"starts_at__gte": start, "starts_at__lt": min(end, now)}
    figures = list(
        exact_counts(
            {
                "signals": Signal.objects.filter(**in_period),
                "cases_opened": Case.objects.filter(**in_period),
                "cases_active": Case.objects.exclude(status=CaseStatus.CLOSED),
                "meetings_held": Meeting.objects.filter(**held),
                "actions_agreed": Action.objects.filter(**in_period),
                "trainings_held": Training.objects.filter(**held),
            }
        ).items()
    )
    hidden = primary_cells(dict(figures), threshold)
    rows = [{"key": key, "value": None if key in hidden else value} for key, value in figures]
    return Panel(count=len(rows), rows=rows, extra={"period": period, "threshold": threshold})


def plan_progress() -> Panel:

    plan = current_plan()
    if plan is None:
        return Panel(count=0)
    rows = progress_per_pillar(plan)
    for row in rows:
        row["percent_done"] = round(100 * row["done"] / row["total"]) if row["total"] else 0
    return Panel(count=sum(row["total"] for row in rows), rows=rows, extra={"plan": plan})


def latest_reports(user: User) -> Panel:

    return Panel(count=0, rows=list(reports_visible_to(user)[:PANEL_ROWS]))


def deferrals_overdue() -> Panel:
    """Deferred informing whose review date has passed (coordinator and privacy
    officer; the officer sees the case reference, not the case)."""
    deferrals = overdue_deferrals()
    rows, counts = rows_and_counts(deferrals, PANEL_ROWS, {"total": deferrals})
    return Panel(count=counts["total"], rows=rows)


# --- privacy officer ---------------------------------------------------------------


def unusual_access_today() -> Panel:

    rows = unusual_access()
    return Panel(count=len(rows), rows=rows[:PANEL_ROWS])


def open_subject_requests() -> Panel:
    """Undecided data-subject requests, oldest first, with their statutory term
    (one month after receipt, GDPR art. 12(3))."""

    requests = DataSubjectRequest.objects.filter(decision="").order_by("received_on", "pk")
    first, counts = rows_and_counts(requests, PANEL_ROWS, {"total": requests})
    rows = [(request, request.received_on + relativedelta(months=1)) for request in first]
    return Panel(count=counts["total"], rows=rows, extra={"today": timezone.localdate()})


def restrictions_due() -> Panel:
    """Restrictions of a person's rights whose review date has come (art. 15 letter)."""
    restrictions = restrictions_to_review()
    rows, counts = rows_and_counts(restrictions, PANEL_ROWS, {"total": restrictions})
    return Panel(count=counts["total"], rows=rows)


def extension_requests() -> Panel:

    requests = pending_extensions()
    rows, counts = rows_and_counts(requests, PANEL_ROWS, {"total": requests})
    return Panel(count=counts["total"], rows=rows)


def recent_destructions() -> Panel:
    return Panel(count=0, rows=list(DestructionRecord.objects.order_by("-performed_at")[:5]))


# --- functional administrator ---------------------------------------------------------


def _administered_users() -> QuerySet[User]:
    return User.objects.filter(is_staff=False, is_superuser=False, is_active=True)


def users_without_two_factor() -> Panel:
    confirmed = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    users = _administered_users().exclude(Exists(confirmed)).select_related("organisation")
    rows, counts = rows_and_counts(users.order_by("date_joined"), PANEL_ROWS, {"total": users})
    return Panel(count=counts["total"], rows=rows)


def locked_logins() -> Panel:
    """Username and address pairs that django-axes blocks now (the lock-out is per pair)."""
    count, rows = login_locked_pairs(limit=PANEL_ROWS)
    return Panel(count=count, rows=rows)


def slowed_logins() -> Panel:
    """Usernames failing from several addresses: slowed down, not locked."""
    count, rows = login_slowed_usernames(limit=PANEL_ROWS)
    return Panel(count=count, rows=rows)


def dormant_accounts(*, days: int = 90) -> Panel:
    """Active accounts not used for ``days`` days (or never, if created that long ago)."""
    cutoff = timezone.now() - datetime.timedelta(days=days)
    users = _administered_users().filter(
        Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff)
    )
    rows, counts = rows_and_counts(
        users.select_related("organisation").order_by(F("last_login").asc(nulls_first=True), "pk"),
        PANEL_ROWS,
        {"total": users},
    )
    return Panel(count=counts["total"], rows=rows, extra={"days": days})


def expiring_covenants(*, days: int = 60) -> Panel:
    today = timezone.localdate()
    organisations = Organisation.objects.filter(
        is_active=True,
        covenant_ends_on__isnull=False,
        covenant_ends_on__lte=today + datetime.timedelta(days=days),
    ).order_by("covenant_ends_on", "name")
    rows, counts = rows_and_counts(organisations, PANEL_ROWS, {"total": organisations})
    return Panel(count=counts["total"], rows=rows, extra={"today": today, "days": days})


def access_reviews_due() -> Panel:
    """Open access reviews, the one due first on top (the scheduled job
    deactivates what is not confirmed when a review's period ends)."""
    reviews = open_access_reviews()
    rows, counts = rows_and_counts(reviews, PANEL_ROWS, {"total": reviews})
    return Panel(count=counts["total"], rows=rows, extra={"today": timezone.localdate()})
