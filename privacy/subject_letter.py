"""The answer to a data-subject request (art. 15 GDPR): a letter to the person.

One structure feeds the page the privacy officer reviews, the PDF letter and
the JSON export, so all three say the same. Sections, in the letter's order:
what we record (signals, case, plan, decisions, meetings, actions), why
(purposes, legal basis), who received it (organisations and period), how long
it is kept, where it came from, the person's rights, and who looked at it
(per organisation and month). Free texts the officer marks (third parties) are
left out. No staff member is named: organisations only.

A restriction in force (privacy.models.SubjectRestriction) leaves the file out
of the letter and names the ground and the review date instead.

The decisions under the PGA law (to include the person, to continue after a
periodic review, to end) stand with the case consultation's decisions, and
whether the person was informed (or why that waits) has its own part.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field

from auditlog.models import LogEntry
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cases.models import Case, Involvement
from cases.selectors import decisions_of_person, informing_of_person
from meetings.models import Action, AgendaItem
from signals.models import Person, Signal

from .constants import RETENTION_DEFAULTS, RetentionKind
from .models import DataSubjectRequest, RetentionRule, SubjectRestriction
from .selectors import about_person, restriction_in_force


@dataclass
class FreeText:
    """A free text in the letter; the officer may leave it out (third parties)."""

    key: str
    label: str
    text: str


@dataclass
class Letter:
    person: Person
    date: datetime.date
    request_reference: str = ""
    restriction: dict | None = None
    signals: list[dict] = field(default_factory=list)
    cases: list[dict] = field(default_factory=list)
    plan: list[dict] = field(default_factory=list)
    decisions: list[dict] = field(default_factory=list)
    informing: list[dict] = field(default_factory=list)
    meetings: list[dict] = field(default_factory=list)
    actions: list[dict] = field(default_factory=list)
    purposes: list[str] = field(default_factory=list)
    legal_basis: list[str] = field(default_factory=list)
    recipients: list[dict] = field(default_factory=list)
    retention: list[dict] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    rights: list[dict] = field(default_factory=list)
    access_summary: list[dict] = field(default_factory=list)
    texts: list[FreeText] = field(default_factory=list)
    # The restriction in force itself, for the officer's page (not in the JSON).
    restriction_in_force: SubjectRestriction | None = None

    @property
    def restricted(self) -> bool:
        return self.restriction is not None

    def as_json(self) -> dict:
        """The letter's structure for the privacy officer's records."""
        data = asdict(self)
        data.pop("texts")
        data.pop("restriction_in_force")
        data["person"] = {
            "name": self.person.full_name,
            "date_of_birth": self.person.date_of_birth,
        }
        return data


def subject_letter(person: Person, *, exclude: set[str] = frozenset()) -> Letter:
    letter = Letter(person=person, date=timezone.localdate())
    request = (
        DataSubjectRequest.objects.filter(person=person, decision="")
        .order_by("-created_at")
        .first()
    )
    letter.request_reference = request.reference if request else ""
    restriction = restriction_in_force(person)
    letter.restriction_in_force = restriction
    pga_decisions = list(decisions_of_person(person))

    def text(key: str, label: str, value: str) -> str | None:
        if not value:
            return None
        letter.texts.append(FreeText(key, label, value))
        return None if key in exclude else value

    signals = list(
        Signal.objects.filter(persons__person=person)
        .distinct()
        .select_related("organisation")
        .prefetch_related("supplements")
        .order_by("created_at")
    )
    cases = list(
        Case.objects.filter(persons=person)
        .select_related("legal_basis")
        .prefetch_related("timeline", "assessments", "goals", "interventions__organisation")
        .order_by("created_at")
    )
    letter.purposes = _purposes()
    letter.legal_basis = _legal_basis(cases, pga_decisions)
    letter.retention = _retention()
    letter.rights = _rights()
    if restriction is not None:
        # Only what may be said: that data is processed, why, and the person's rights.
        letter.restriction = {
            "ground": restriction.get_ground_display(),
            "review_on": restriction.review_on,
        }
        # Texts stay listed for the officer's review, but nothing goes into the letter.
        _file(letter, signals, cases, pga_decisions, text)
        letter.signals = letter.cases = letter.plan = []
        letter.decisions = letter.informing = letter.meetings = letter.actions = []
        return letter
    _file(letter, signals, cases, pga_decisions, text)
    letter.recipients = _recipients(cases)
    letter.sources = sorted({signal.organisation.get_type_display() for signal in signals})
    letter.access_summary = access_summary(person)
    return letter


def _file(
    letter: Letter, signals: list[Signal], cases: list[Case], pga_decisions: list, text
) -> None:
    for signal in signals:
        letter.signals.append(
            {
                "reference": signal.reference,
                "date": timezone.localtime(signal.created_at).date(),
                "category": signal.get_category_display(),
                "status": signal.get_status_display(),
                # Which kind of organisation reported; never the reporter.
                "source": signal.organisation.get_type_display(),
                "observation": text(
                    f"signal:{signal.pk}:observation",
                    _("%(reference)s: observation") % {"reference": signal.reference},
                    signal.observation,
                ),
                "supplements": [
                    value
                    for value in (
                        text(
                            f"supplement:{s.pk}",
                            _("%(reference)s: supplement") % {"reference": signal.reference},
                            s.text,
                        )
                        for s in signal.supplements.all()
                    )
                    if value
                ],
            }
        )
    for case in cases:
        letter.cases.append(
            {
                "reference": case.reference,
                "status": case.get_status_display(),
                "opened_on": timezone.localtime(case.created_at).date(),
                "closed_on": timezone.localtime(case.closed_at).date() if case.closed_at else None,
                "assessments": [
                    {
                        "date": timezone.localtime(a.assessed_at).date(),
                        "level": a.get_level_display(),
                        "notes": text(
                            f"assessment:{a.pk}",
                            _("%(reference)s: risk notes") % {"reference": case.reference},
                            a.risk_notes,
                        ),
                    }
                    for a in case.assessments.all()
                ],
                "timeline": [
                    {
                        "date": timezone.localtime(entry.created_at).date(),
                        "kind": entry.get_kind_display(),
                        "text": value,
                    }
                    for entry, value in (
                        (
                            entry,
                            text(
                                f"timeline:{entry.pk}",
                                f"{case.reference}: {entry.get_kind_display()}",
                                entry.text,
                            ),
                        )
                        for entry in case.timeline.all()
                    )
                    if value
                ],
            }
        )
        goals = [
            value
            for value in (
                text(
                    f"goal:{g.pk}",
                    _("%(reference)s: goal") % {"reference": case.reference},
                    g.description,
                )
                for g in case.goals.all()
            )
            if value
        ]
        interventions = [
            {
                "text": value,
                "organisation": i.organisation.name if i.organisation else "",
                "status": i.get_status_display(),
            }
            for i, value in (
                (
                    i,
                    text(
                        f"intervention:{i.pk}",
                        _("%(reference)s: intervention") % {"reference": case.reference},
                        i.description,
                    ),
                )
                for i in case.interventions.all()
            )
            if value
        ]
        if goals or interventions:
            letter.plan.append(
                {"case": case.reference, "goals": goals, "interventions": interventions}
            )
    items = list(
        AgendaItem.objects.filter(case__in=cases)
        .select_related("meeting", "case")
        .order_by("meeting__starts_at", "pk")
    )
    for item in items:
        letter.meetings.append(
            {
                "date": timezone.localtime(item.meeting.starts_at).date(),
                "case": item.case.reference,
                "notes": text(
                    f"minutes:{item.pk}",
                    _("%(reference)s: minutes") % {"reference": item.case.reference},
                    item.notes,
                ),
            }
        )
    letter.decisions = sorted(
        _pga_decisions(pga_decisions, text) + _decisions(items, text),
        key=lambda decision: decision["date"],
    )
    # Informing is recorded for included persons only: no decision, nothing to read.
    letter.informing = _informing(letter.person) if pga_decisions else []
    actions = (
        Action.objects.filter(case__in=cases)
        .select_related("owner_organisation", "case")
        .order_by("due_on", "pk")
    )
    for action in actions:
        letter.actions.append(
            {
                "case": action.case.reference,
                "text": text(
                    f"action:{action.pk}",
                    _("%(reference)s: action") % {"reference": action.case.reference},
                    action.description,
                ),
                # The organisation that carries it out; the staff member is not named.
                "organisation": action.owner_organisation.name,
                "due_on": action.due_on,
                "status": action.get_status_display(),
            }
        )


def _pga_decisions(pga_decisions: list, text) -> list[dict]:
    """The decisions under the PGA law about this person, in the shape of the case
    consultation's decisions, with the criteria and the legal basis. The official
    who decided is not named: the mayor decides, or an official on the mayor's behalf."""
    decisions = []
    for decision in pga_decisions:
        reference = decision.case.reference
        parts = [
            text(
                f"pga:{decision.pk}:{name}",
                f"{reference}: {decision.get_kind_display()} ({label})",
                getattr(decision, name),
            )
            for name, label in (
                ("reasoning", _("reasoning")),
                ("proportionality", _("proportionality")),
                ("subsidiarity", _("subsidiarity")),
            )
        ]
        decisions.append(
            {
                "date": decision.decided_on,
                "case": reference,
                "by": _("The mayor (person-oriented approach)"),
                "kind": decision.get_kind_display(),
                "criteria": [criterion.name for criterion in decision.criteria.all()],
                "legal_basis": decision.legal_basis.name if decision.legal_basis else "",
                "text": "\n\n".join(part for part in parts if part),
            }
        )
    return decisions


def _informing(person: Person) -> list[dict]:
    """Whether the person was told of the inclusion, or why that waits and until when."""
    rows = []
    for informing in informing_of_person(person):
        rows.append(
            {
                "case": informing.case.reference,
                "state": informing.get_state_display(),
                "informed_on": informing.informed_on,
                "method": informing.get_method_display() if informing.method else "",
                "deferral_reason": (
                    informing.deferral_reason.name if informing.deferral_reason else ""
                ),
                "review_on": informing.review_on,
            }
        )
    return rows


def _decisions(items: list[AgendaItem], text) -> list[dict]:
    """Decisions about the person taken in the case consultation."""
    decisions = []
    for item in items:
        value = text(
            f"decisions:{item.pk}",
            _("%(reference)s: decisions") % {"reference": item.case.reference},
            item.decisions,
        )
        if value:
            decisions.append(
                {
                    "date": timezone.localtime(item.meeting.starts_at).date(),
                    "case": item.case.reference,
                    "by": _("Case consultation"),
                    "text": value,
                }
            )
    return decisions


def _purposes() -> list[str]:
    return [
        _(
            "To recognise signs of radicalisation, extremism and polarisation early and "
            "to decide together with partner organisations whether and how to help."
        ),
        _(
            "To agree on and carry out a person-oriented approach: a plan with goals, "
            "interventions and agreed actions, discussed in the case consultation."
        ),
        _(
            "To account for what was done, and to keep the data safe: every view and "
            "change is recorded."
        ),
    ]


def _legal_basis(cases: list[Case], pga_decisions: list) -> list[str]:
    lines = [
        _(
            "The municipality processes these data to carry out a task in the public interest "
            "(article 6(1)(e) GDPR): its duty of care for public order and safety and for "
            "support to residents."
        ),
        _(
            "Data on health, religion or criminal matters are processed only where the law "
            "allows it (articles 9 and 10 GDPR; articles 22 to 33 of the UAVG)."
        ),
    ]
    for basis in sorted({case.legal_basis.name for case in cases}):
        lines.append(
            _("Sharing with partner organisations rests on: %(basis)s.") % {"basis": basis}
        )
    pga = {d.legal_basis.name for d in pga_decisions if d.legal_basis}
    for basis in sorted(pga):
        lines.append(
            _("The decisions about the person-oriented approach rest on: %(basis)s.")
            % {"basis": basis}
        )
    return lines


def _recipients(cases: list[Case]) -> list[dict]:
    involvements = (
        Involvement.objects.filter(case__in=cases)
        .select_related("organisation", "case")
        .order_by("organisation__name", "created_at")
    )
    rows = []
    for involvement in involvements:
        until = involvement.ends_on
        if involvement.revoked_at:
            revoked = timezone.localtime(involvement.revoked_at).date()
            until = min(until, revoked) if until else revoked
        rows.append(
            {
                "organisation": involvement.organisation.name,
                "kind": involvement.organisation.get_type_display(),
                "case": involvement.case.reference,
                "from": timezone.localtime(involvement.created_at).date(),
                "until": until,
            }
        )
    return rows


def _period(days: int) -> str:
    years, rest = divmod(days, 365)
    if years and rest <= 2:
        return ngettext("%(count)s year", "%(count)s years", years) % {"count": years}
    if days >= 60:
        months = round(days / 30.4)
        return ngettext("%(count)s month", "%(count)s months", months) % {"count": months}
    return ngettext("%(count)s day", "%(count)s days", days) % {"count": days}


_RETENTION_SHOWN = (
    (RetentionKind.SIGNAL_CLOSED, gettext_lazy("Signals closed without follow-up")),
    (RetentionKind.SIGNAL_FORWARDED, gettext_lazy("Signals forwarded to another organisation")),
    (RetentionKind.CASE_CLOSED, gettext_lazy("Case files, from the day the case was closed")),
    (RetentionKind.MINUTES, gettext_lazy("Minutes of case consultations")),
    (RetentionKind.ATTACHMENTS, gettext_lazy("Attachments to signals")),
    (RetentionKind.AUDIT, gettext_lazy("Records of who viewed or changed your data")),
)


def _retention() -> list[dict]:
    rules = dict(RetentionRule.objects.values_list("kind", "days"))
    return [
        {"kind": str(label), "period": _period(rules.get(kind, RETENTION_DEFAULTS[kind]))}
        for kind, label in _RETENTION_SHOWN
    ]


def _rights() -> list[dict]:
    return [
        {
            "title": _("Rectification (article 16 GDPR)"),
            "text": _("If data about you are wrong or incomplete, you can ask us to correct them."),
        },
        {
            "title": _("Erasure (article 17 GDPR)"),
            "text": _(
                "You can ask us to delete data about you. We do so unless we still need them "
                "for our task or the law requires us to keep them."
            ),
        },
        {
            "title": _("Restriction (article 18 GDPR)"),
            "text": _(
                "You can ask us to use data about you for nothing but keeping them, for "
                "example while we check whether they are correct."
            ),
        },
        {
            "title": _("Objection (article 21 GDPR)"),
            "text": _(
                "Because we process these data for a task in the public interest, you can object "
                "on grounds that concern your own situation. We then stop unless we have "
                "compelling reasons to go on."
            ),
        },
        {
            "title": _("Complaint to the Autoriteit Persoonsgegevens"),
            "text": _(
                "If you do not agree with how we handle your data or this answer, you can "
                "complain to our data protection officer and to the Autoriteit "
                "Persoonsgegevens (autoriteitpersoonsgegevens.nl)."
            ),
        },
    ]


def access_summary(person: Person) -> list[dict]:
    """Who looked at data about the person: pages opened per organisation and
    month. The individual entries stay in the privacy officer's audit log."""
    rows = (
        LogEntry.objects.filter(about_person(person))
        .filter(Q(action=LogEntry.Action.ACCESS))
        .annotate(month=TruncMonth("timestamp"))
        .values("month", "actor__organisation__name")
        .annotate(count=Count("pk"))
        .order_by("-month", "actor__organisation__name")
    )
    return [
        {
            "month": row["month"].date()
            if isinstance(row["month"], datetime.datetime)
            else row["month"],
            "organisation": row["actor__organisation__name"] or _("System"),
            "count": row["count"],
        }
        for row in rows
    ]
