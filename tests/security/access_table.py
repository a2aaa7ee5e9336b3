"""The one declarative access table: every URL of the project, who may do what.

Each row says, for one URL name, which HTTP method exercises it, how to build
its URL and form data from the shared world, and what each actor gets. An actor
who is not listed gets ``Row.default`` (403: a wrong role). Foreign objects
answer 404, the same as missing ones. ``tests/security/test_access_table.py``
walks every URL pattern from the resolver: a URL without a row fails.

Adding a namespace (e.g. ``meetings:``): write a ``MEETINGS = {...}`` dict of
rows below, add what its URLs need to ``World`` (``build_world``), and merge
it into ``TABLE``. Nothing else changes.

Actors and their relation to the world's objects:

- ``coordinator``: municipal coordinator.
- ``partner_own``: police partner. Reported the signal; its organisation holds
  the covenant, the contact person, the community access, the training place
  and the confidential measure. Not involved in the case.
- ``partner_involved``: welfare partner, organisation involved in the case with
  view right.
- ``partner_change``: education partner, involved with change right.
- ``partner_other``: youth-care partner, related to nothing.
- ``management``, ``functional_admin``, ``privacy_officer``.
Plus two columns that hold for every row: a user without a verified second
factor is sent to verification, an anonymous user to the login page (except
the ``OPEN`` views).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

ACTORS = [
    "coordinator",
    "partner_own",
    "partner_involved",
    "partner_change",
    "partner_other",
    "management",
    "functional_admin",
    "privacy_officer",
]
PARTNERS = ["partner_own", "partner_involved", "partner_change", "partner_other"]
NOT_OWN = ["partner_involved", "partner_change", "partner_other"]


def each(actors, status: int) -> dict[str, int]:
    return dict.fromkeys(actors, status)


@dataclass(frozen=True)
class Row:
    method: str
    expected: dict[str, int]
    # Builds (url, data) from the world; by default the URL takes no arguments.
    build: Callable[[Any, str], tuple[str, dict]] | None = None
    default: int = 403
    open: bool = False  # reachable without a verified second factor
    # A token API (the api app): it reads no session, so every session actor,
    # verified or not, and the anonymous visitor get 401; CSRF does not apply.
    token: bool = False

    def status_for(self, actor: str) -> int:
        return self.expected.get(actor, self.default)

    def request(self, world, name: str) -> tuple[str, dict]:
        if self.build is None:
            return reverse(name), {}
        return self.build(world, name)


def args(*keys: str, data: dict | Callable | None = None, query: str = ""):
    """Build the URL from world attributes, in order; optional form data."""

    def build(world, name: str) -> tuple[str, dict]:
        values = [getattr(world, key).pk for key in keys]
        payload = data(world) if callable(data) else dict(data or {})
        suffix = query(world) if callable(query) else query
        return reverse(name, args=values) + suffix, payload

    return build


EVERYONE = each(ACTORS, 200)


def query_only(query: str):
    return lambda w, n: (reverse(n) + query, {})


def data_only(data: dict):
    return lambda w, n: (reverse(n), dict(data))


# --- accounts, administration, shell ------------------------------------------
ACCOUNTS = {
    "dashboards:start": Row("get", EVERYONE),
    "accounts:account": Row("get", EVERYONE),
    "accounts:account_password": Row("get", EVERYONE),
    # New backup codes are shown once, on the answer to the POST.
    "accounts:account_backup_codes": Row("post", EVERYONE),
    "accounts:session_status": Row("get", EVERYONE),
    "accounts:session_keepalive": Row("post", each(ACTORS, 204)),
    # Open views: a verified user is sent on to the start page.
    "accounts:login": Row("get", each(ACTORS, 302), open=True),
    "accounts:verify": Row("get", each(ACTORS, 302), open=True),
    "accounts:setup": Row("get", each(ACTORS, 302), open=True),
    "accounts:logout": Row("post", each(ACTORS, 302), open=True),
    # Single sign-on: a verified user is sent on to the start page.
    "accounts:sso_start": Row(
        "get",
        each(ACTORS, 302),
        open=True,
        # An organisation of this world (the world is built once per worker: pks vary).
        build=lambda w, n: (reverse(n, args=[w.coordinator.organisation_id]), {}),
    ),
    "accounts:sso_callback": Row("get", each(ACTORS, 302), open=True),
    # The invitation link: anyone logged in is refused with a message (200, a
    # page, nothing changed); the anonymous visitor sees the password form.
    "accounts:invitation": Row(
        "get",
        EVERYONE,
        open=True,
        build=lambda w, n: (reverse(n, args=[w.invitation.pk, w.invitation_token]), {}),
    ),
    # Self-service password reset: the same answer for everyone.
    "accounts:password_reset": Row("get", EVERYONE, open=True),
    "accounts:password_reset_done": Row("get", EVERYONE, open=True),
    "accounts:password_reset_confirm": Row(
        "get",
        EVERYONE,
        open=True,
        build=lambda w, n: (reverse(n, args=["MQ", "onjuist-token"]), {}),
    ),
    "accounts:password_reset_complete": Row("get", EVERYONE, open=True),
    "health": Row("get", EVERYONE, open=True),
    "set_language": Row(
        "post",
        each(ACTORS, 302),
        open=True,
        build=lambda w, n: (reverse(n), {"language": "nl", "next": "/"}),
    ),
}
ADMINISTRATION = {
    "administration:identity_provider_list": Row("get", {"functional_admin": 200}),
    "administration:identity_provider_edit": Row(
        "get", {"functional_admin": 200}, args("organisation")
    ),
    "administration:user_list": Row("get", {"functional_admin": 200}),
    "administration:user_create": Row("get", {"functional_admin": 200}),
    "administration:user_detail": Row("get", {"functional_admin": 200}, args("partner_own")),
    "administration:user_reset_two_factor": Row(
        "post", {"functional_admin": 302}, args("partner_own", data={"confirm": "yes"})
    ),
    "administration:user_unlock": Row("post", {"functional_admin": 302}, args("partner_own")),
    "administration:user_mandate": Row(
        "post", {"functional_admin": 302}, args("coordinator", data={"mandate": "no"})
    ),
    "administration:user_resend_invitation": Row(
        "post", {"functional_admin": 302}, args("invited_user")
    ),
    "administration:user_bulk_invite": Row("get", {"functional_admin": 200}),
    # Without a valid signed preview the confirmation sends back to the upload.
    "administration:user_bulk_invite_confirm": Row(
        "post", {"functional_admin": 302}, data_only({"payload": "onjuist"})
    ),
    "administration:access_review_list": Row("get", {"functional_admin": 200}),
    "administration:access_review_open": Row(
        "post",
        {"functional_admin": 302},
        lambda w, n: (reverse(n), {"organisation": w.youth_care_organisation.pk}),
    ),
    "administration:access_review_detail": Row(
        "get", {"functional_admin": 200}, args("access_review")
    ),
    "audit:audit_log": Row("get", {"privacy_officer": 200}),
    "audit:audit_log_export": Row("get", {"privacy_officer": 200}),
    "audit:suggest": Row(
        "get", {"privacy_officer": 200}, lambda w, n: (reverse(n) + "?person=Bek", {})
    ),
}

# --- the API for partner systems (issue 23) -------------------------------------
# The token side (own organisation, other organisation, expired, revoked, scope,
# address) is tested per endpoint in tests/api/test_access.py.
TOKEN_ONLY = each(ACTORS, 401)
API = {
    "api:signal_list": Row("get", TOKEN_ONLY, default=401, token=True),
    "api:signal_detail": Row("get", TOKEN_ONLY, args("signal"), default=401, token=True),
    "api:categories": Row("get", TOKEN_ONLY, default=401, token=True),
    "api:urgencies": Row("get", TOKEN_ONLY, default=401, token=True),
    "api:sources": Row("get", TOKEN_ONLY, default=401, token=True),
    "api:neighbourhoods": Row("get", TOKEN_ONLY, default=401, token=True),
    "api:documentation": Row("get", {"functional_admin": 200}),
    "api:schema": Row("get", {"functional_admin": 200}),
    "api:system_account_list": Row("get", {"functional_admin": 200}),
    "api:system_account_create": Row("get", {"functional_admin": 200}),
    "api:system_account_detail": Row("get", {"functional_admin": 200}, args("system_account")),
    "api:system_account_revoke": Row("post", {"functional_admin": 302}, args("system_account")),
}

# --- signals and triage ----------------------------------------------------------
SIGNALS = {
    "signals:signal_list": Row("get", each(PARTNERS, 200)),
    "signals:signal_create": Row("get", {**each(PARTNERS, 200), "coordinator": 200}),
    "signals:signal_detail": Row(
        "get",
        {"partner_own": 200, **each(NOT_OWN, 404), "coordinator": 302},
        args("signal"),
    ),
    "signals:confirmation": Row(
        "get", {"partner_own": 200, **each(NOT_OWN, 404), "coordinator": 404}, args("signal")
    ),
    "signals:signal_supplement": Row(
        "post",
        {"partner_own": 302, **each(NOT_OWN, 404)},
        args("signal", data={"text": "Aanvulling"}),
    ),
    "signals:attachment_download": Row(
        "get",
        {"partner_own": 200, **each(NOT_OWN, 404), "coordinator": 200},
        args("signal", "attachment"),
    ),
    "signals:triage_inbox": Row("get", {"coordinator": 200}),
    "signals:triage_detail": Row("get", {"coordinator": 200}, args("signal")),
    "signals:triage_decide": Row(
        "post",
        {"coordinator": 302},
        args("signal", data={"decision": "closed", "reason": "Geen zorgen"}),
    ),
    "signals:triage_person_link": Row(
        "post", {"coordinator": 302}, args("signal", "signal_person", data={"person": "new"})
    ),
    "signals:triage_person_unlink": Row(
        "post", {"coordinator": 302}, args("signal", "signal_person")
    ),
    "signals:person_detail": Row("get", {"coordinator": 200}, args("person")),
    "signals:neighbourhood_list": Row("get", {"functional_admin": 200}),
    "signals:neighbourhood_toggle": Row("post", {"functional_admin": 302}, args("neighbourhood")),
}

# --- case files ----------------------------------------------------------------------
CASE_READERS = {"coordinator": 200, "partner_involved": 200, "partner_change": 200}
CASE_WRITERS = {
    "coordinator": 302,
    "partner_change": 302,
    "partner_involved": 404,
    "partner_own": 404,
    "partner_other": 404,
}
CASES = {
    "cases:case_list": Row("get", {"coordinator": 200, **each(PARTNERS, 200)}),
    "cases:case_create": Row(
        "get",
        {"coordinator": 200},
        lambda w, n: (reverse(n) + f"?signaal={w.new_signal.pk}", {}),
    ),
    "cases:signal_link": Row(
        "post",
        {"coordinator": 302},
        lambda w, n: (reverse(n), {"signaal": w.new_signal.pk, "case": w.case.reference}),
    ),
    "cases:case_detail": Row(
        "get", {**CASE_READERS, "partner_own": 404, "partner_other": 404}, args("case")
    ),
    "cases:case_edit": Row(
        "post",
        {"coordinator": 302},
        args(
            "case",
            data=lambda w: {
                "label": "Casus Test 2",
                "pillar": w.case.pillar,
                "category": w.case.category,
                "legal_basis": w.case.legal_basis_id,
                "status": w.case.status,
            },
        ),
    ),
    "cases:involvement_add": Row(
        "post",
        {"coordinator": 302},
        args("case", data=lambda w: {"organisation": w.partner_own.organisation_id}),
    ),
    "cases:involvement_revoke": Row("post", {"coordinator": 302}, args("case", "involvement")),
    "cases:update_add": Row(
        "post", CASE_WRITERS, args("case", data={"text": "Update", "visibility": "all"})
    ),
    "cases:assessment_add": Row("post", {"coordinator": 302}, args("case", data={"level": "low"})),
    "cases:goal_add": Row("post", {"coordinator": 302}, args("case", data={"description": "Doel"})),
    "cases:intervention_add": Row(
        "post",
        {"coordinator": 302},
        args(
            "case",
            data=lambda w: {
                "interventie-description": "Actie",
                "interventie-organisation": w.partner_change.organisation_id,
            },
        ),
    ),
    "cases:intervention_status": Row(
        "post", CASE_WRITERS, args("case", "intervention", data={"status": "done"})
    ),
    "cases:case_close": Row(
        "post",
        {"coordinator": 302},
        args("case", data={"outcome": "no_grounds", "reason": "Klaar"}),
    ),
    # The case is open: a Dutch form error, nothing changes.
    "cases:case_reopen": Row(
        "post", {"coordinator": 400}, args("case", data={"reason": "Opnieuw"})
    ),
    "cases:case_history": Row("get", {"coordinator": 200}, args("case")),
    # The PGA law: the world's coordinator holds the mandate (tests.cases.conftest.include).
    "cases:inclusion_decide": Row("get", {"coordinator": 200}, args("case")),
    "cases:inclusion_end": Row("get", {"coordinator": 200}, args("case")),
    "cases:informing_record": Row("get", {"coordinator": 200}, args("case", "case_person")),
    "cases:handover_create": Row("get", {"coordinator": 200}, args("case")),
    "cases:handover_pdf": Row("get", {"coordinator": 200}, args("case", "handover")),
    "cases:handover_json": Row("get", {"coordinator": 200}, args("case", "handover")),
    "cases:handover_answer": Row(
        "post",
        {"coordinator": 302},
        args(
            "case",
            "handover",
            data=lambda w: {"answer": "declined", "answered_on": _due(0)},
        ),
    ),
}

# --- network, trainings, plan of action ------------------------------------------------
DIRECTORY = {"coordinator": 200, **each(PARTNERS, 200), "functional_admin": 200}
MAINTAIN = {"coordinator": 302, "functional_admin": 302}
COMMUNITY_WRITE = {"coordinator": 302, "partner_own": 302, **each(NOT_OWN, 404)}
PLAN_READERS = {"coordinator": 200, "management": 200, **each(PARTNERS, 200)}
NETWORK = {
    "network:organisation_list": Row("get", {"functional_admin": 200}),
    "network:organisation_create": Row("get", {"functional_admin": 200}),
    "network:organisation_detail": Row("get", {"functional_admin": 200}, args("organisation")),
    "network:directory": Row("get", DIRECTORY),
    "network:organisation_suggestions": Row(
        "get",
        {**DIRECTORY, "management": 200},
        lambda w, n: (reverse(n) + "?organisation=Pol", {}),
    ),
    "network:organisation_page": Row("get", DIRECTORY, args("organisation")),
    "network:covenant_edit": Row(
        "post", MAINTAIN, args("organisation", data={"covenant_signed_on": "2024-01-01"})
    ),
    "network:covenant_download": Row(
        "get", {"coordinator": 200, "functional_admin": 200}, args("organisation")
    ),
    "network:contact_add": Row(
        "post", MAINTAIN, args("organisation", data={"name": "Nieuw contact"})
    ),
    "network:contact_remove": Row("post", MAINTAIN, args("organisation", "contact")),
    "network:community_list": Row("get", {"coordinator": 200, **each(PARTNERS, 200)}),
    "network:community_create": Row("get", {"coordinator": 200}),
    "network:community_detail": Row(
        "get", {"coordinator": 200, "partner_own": 200, **each(NOT_OWN, 404)}, args("community")
    ),
    "network:community_edit": Row("get", {"coordinator": 200}, args("community")),
    "network:community_contact_add": Row(
        "post", COMMUNITY_WRITE, args("community", data={"name": "Sleutelfiguur"})
    ),
    "network:contact_moment_add": Row(
        "post",
        COMMUNITY_WRITE,
        args(
            "community",
            data=lambda w: {
                "date": timezone.localdate().isoformat(),
                "spoke_with": "Imam",
                "topic": "Overleg",
                "tension": "low",
                "pillar": "prevention",
            },
        ),
    ),
    "network:follow_up_done": Row("post", COMMUNITY_WRITE, args("community", "moment")),
    "network:follow_ups": Row("get", {"coordinator": 200}),
    "signals:tension_overview": Row("get", {"coordinator": 200}),
    "network:training_list": Row("get", {"coordinator": 200, **each(PARTNERS, 200)}),
    "network:training_create": Row("get", {"coordinator": 200}),
    "network:training_overview": Row("get", {"coordinator": 200}),
    "network:training_detail": Row(
        "get", {"coordinator": 200, "partner_own": 200, **each(NOT_OWN, 404)}, args("training")
    ),
    "network:training_register": Row(
        "post",
        {"partner_own": 302, **each(NOT_OWN, 404)},
        args(
            "training",
            data={"participant_name": "Professional", "participant_email": "p@example.org"},
        ),
    ),
    "network:training_attendance": Row("post", {"coordinator": 302}, args("training")),
    "network:plan": Row("get", PLAN_READERS),
    "network:plan_create": Row("get", {"coordinator": 200}),
    "network:measure_create": Row("get", {"coordinator": 200}),
    # A confidential measure of the police: its own organisation and the municipality only.
    "network:measure_detail": Row(
        "get",
        {"coordinator": 200, "management": 200, "partner_own": 200, **each(NOT_OWN, 404)},
        args("secret_measure"),
    ),
    "network:measure_edit": Row("get", {"coordinator": 200}, args("public_measure")),
    "network:progress_add": Row(
        "post",
        {"coordinator": 302},
        args("public_measure", data={"status": "running", "note": "Voortgang"}),
    ),
    "network:plan_public": Row("get", PLAN_READERS),
    "network:plan_public_pdf": Row("get", PLAN_READERS),
    "network:activity_list": Row("get", {"coordinator": 200, "management": 200}),
    "network:activity_create": Row(
        "post",
        {"coordinator": 302},
        lambda w, n: (
            reverse(n),
            {
                "date": timezone.localdate().isoformat(),
                "kind": "dialogue",
                "pillar": "prevention",
                "organiser": w.partner_other.organisation_id,
                "target_group": "youth",
                "participants": 12,
            },
        ),
    ),
    "network:reach_overview": Row("get", {"coordinator": 200, "management": 200}),
}

# --- casusoverleg: meetings, minutes, actions ---------------------------------------
# Invited: the involved (welfare), contributing (education) and unrelated
# (youth care) partners; the police partner is not invited.
INVITED = {"partner_involved": 200, "partner_change": 200, "partner_other": 200, "partner_own": 404}


def _due(days: int = 7) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


MEETINGS = {
    "meetings:meeting_list": Row("get", {"coordinator": 200, **each(PARTNERS, 200)}),
    "meetings:meeting_create": Row("get", {"coordinator": 200}),
    "meetings:meeting_detail": Row("get", {"coordinator": 200, **INVITED}, args("meeting")),
    "meetings:meeting_edit": Row("get", {"coordinator": 200}, args("meeting")),
    "meetings:meeting_cancel": Row("post", {"coordinator": 302}, args("empty_meeting")),
    "meetings:invitations_send": Row("post", {"coordinator": 302}, args("meeting")),
    "meetings:item_add": Row(
        "post",
        {"coordinator": 302},
        args("meeting", data={"kind": "other", "topic": "Mededelingen", "minutes_planned": 5}),
    ),
    "meetings:chair_suggestions": Row("get", {"coordinator": 200}, query_only("?chair=co")),
    "meetings:action_owner_suggestions": Row(
        "get", {"coordinator": 200}, args("case", query="?afspraak-owner=a")
    ),
    "meetings:agenda_case_suggestions": Row(
        "get", {"coordinator": 200}, args("meeting", query="?case=C-")
    ),
    "meetings:agenda_order": Row(
        "post",
        {"coordinator": 302},
        args("meeting", data=lambda w: {"item": [w.topic_item.pk, w.case_item.pk]}),
    ),
    "meetings:item_edit": Row(
        "post",
        {"coordinator": 302},
        args(
            "meeting",
            "topic_item",
            data=lambda w: {
                f"item-{w.topic_item.pk}-kind": "other",
                f"item-{w.topic_item.pk}-topic": "Rondvraag",
                f"item-{w.topic_item.pk}-minutes_planned": 7,
            },
        ),
    ),
    "meetings:item_remove": Row("post", {"coordinator": 302}, args("meeting", "topic_item")),
    "meetings:item_move": Row(
        "post", {"coordinator": 302}, args("meeting", "case_item", data={"direction": "down"})
    ),
    "meetings:chair": Row("get", {"coordinator": 200}, args("meeting")),
    "meetings:current_item": Row("post", {"coordinator": 302}, args("meeting", "case_item")),
    "meetings:minutes_save": Row(
        "post",
        {"coordinator": 302},
        args(
            "meeting",
            "case_item",
            data=lambda w: {
                f"m{w.case_item.pk}-notes": "Notulen",
                f"m{w.case_item.pk}-decisions": "",
            },
        ),
    ),
    "meetings:decision_add": Row(
        "post", {"coordinator": 302}, args("meeting", "case_item", data={"text": "Besluit"})
    ),
    "meetings:action_add": Row(
        "post",
        {"coordinator": 302},
        args(
            "meeting",
            "case_item",
            data=lambda w: {
                "description": "Bellen",
                "owner_organisation": w.partner_involved.organisation_id,
                "due_on": _due(),
            },
        ),
    ),
    "meetings:attendance": Row("get", {"coordinator": 200}, args("meeting")),
    # The PGA law: the periodic review of an included case, named participants,
    # the confidentiality statement (every actor here has confirmed it).
    "meetings:review_record": Row(
        "post",
        {"coordinator": 302},
        args(
            "meeting",
            "review_item",
            data=lambda w: {
                f"toets{w.review_item.pk}-outcome": "continue",
                f"toets{w.review_item.pk}-reasoning": "Zorgen blijven; doorgaan.",
            },
        ),
    ),
    "meetings:participants": Row("get", {"coordinator": 200}, args("meeting")),
    "meetings:statement": Row("get", {"coordinator": 200, **each(PARTNERS, 200)}),
    "meetings:projection": Row("get", {"coordinator": 200}, args("meeting")),
    "meetings:finalise": Row(
        "post", {"coordinator": 302}, args("meeting", data={"confirm": "yes"})
    ),
    "meetings:minutes": Row("get", {"coordinator": 200, **INVITED}, args("final_meeting")),
    "meetings:minutes_pdf": Row("get", {"coordinator": 200, **INVITED}, args("final_meeting")),
    "meetings:addendum_add": Row(
        "post", {"coordinator": 302}, args("final_meeting", data={"text": "Correctie"})
    ),
    "meetings:action_list": Row("get", {"coordinator": 200, **each(PARTNERS, 200)}),
    "meetings:action_overdue": Row("get", {"coordinator": 200}),
    # Only the owning organisation (welfare) and the coordinator.
    "meetings:action_update": Row(
        "post",
        {
            "coordinator": 302,
            "partner_involved": 302,
            "partner_change": 404,
            "partner_own": 404,
            "partner_other": 404,
        },
        args("action", data={"status": "done", "note": "Gedaan"}),
    ),
    "meetings:case_action_add": Row(
        "post",
        {"coordinator": 302},
        args(
            "case",
            data=lambda w: {
                "afspraak-description": "Bellen",
                "afspraak-owner_organisation": w.partner_involved.organisation_id,
                "afspraak-due_on": _due(),
            },
        ),
    ),
}

# --- privacy --------------------------------------------------------------------------
OFFICER_AND_COORDINATOR = {"privacy_officer": 200, "coordinator": 200}
PRIVACY = {
    "privacy:retention": Row("get", {"privacy_officer": 200}),
    "privacy:chain_verify": Row("post", {"privacy_officer": 302}),
    "privacy:unusual_access": Row("get", {"privacy_officer": 200}),
    "privacy:subject_search": Row(
        "get", OFFICER_AND_COORDINATOR, lambda w, n: (reverse(n) + "?name=Bekende", {})
    ),
    "privacy:subject_detail": Row("get", OFFICER_AND_COORDINATOR, args("person")),
    "privacy:subject_export": Row(
        "post", OFFICER_AND_COORDINATOR, args("person", data={"format": "json"})
    ),
    "privacy:request_create": Row(
        "post",
        {"privacy_officer": 302, "coordinator": 302},
        args("person", data={"kind": "access", "received_on": "2026-11-01"}),
    ),
    "privacy:request_decide": Row("get", {"privacy_officer": 200}, args("subject_request")),
    "privacy:restriction_create": Row(
        "post",
        {"privacy_officer": 302},
        args(
            "person",
            data=lambda w: {
                "ground": "approach",
                "reason": "Lopend onderzoek",
                "review_on": _due(30),
            },
        ),
    ),
    "privacy:restriction_lift": Row("post", {"privacy_officer": 302}, args("restriction")),
    "privacy:expiring": Row("get", OFFICER_AND_COORDINATOR),
    "privacy:sharing_matrix": Row("get", {"privacy_officer": 200}),
    # A second extension of the same case awaits the privacy officer (PGA law).
    "privacy:extension_decide": Row(
        "post", {"privacy_officer": 302}, args("pending_extension", data={"decision": "approve"})
    ),
    "privacy:extend": Row(
        "post",
        {"coordinator": 302},
        lambda w, n: (
            reverse(n, args=["case", w.case.pk]),
            {"until": _due(30), "reason": "Lopend onderzoek"},
        ),
    ),
}

# --- reports --------------------------------------------------------------------------
REPORT_READERS = {"coordinator": 200, "management": 200}
REPORTS = {
    "reports:report_list": Row("get", REPORT_READERS),
    "reports:report_create": Row(
        "post",
        {"coordinator": 302, "management": 302},
        lambda w, n: (reverse(n), {"kind": "quarter", "quarter": w.quarter_key}),
    ),
    "reports:report_offer": Row(
        "get", REPORT_READERS, args(query=lambda w: f"?periode={w.quarter_key}")
    ),
    "reports:report_detail": Row("get", REPORT_READERS, args("report")),
    "reports:report_status": Row("get", REPORT_READERS, args("report")),
    "reports:report_retry": Row("post", {"coordinator": 302, "management": 302}, args("report")),
    "reports:report_download": Row("get", REPORT_READERS, args("report")),
    "reports:report_csv": Row("get", REPORT_READERS, args("report")),
}

# Notifications: everyone has a centre; a notification is its recipient's alone
# (partner_involved holds one about the case), everyone else gets 404.
NOTIFICATIONS = {
    "notifications:notification_list": Row("get", EVERYONE),
    "notifications:preferences": Row("get", EVERYONE),
    "notifications:notifications_read_all": Row("post", each(ACTORS, 302)),
    # POST marks read and leads on to the case; GET (an e-mail link) only leads on.
    "notifications:notification_open": Row(
        "post", {"partner_involved": 302}, args("notification"), default=404
    ),
    "notifications:notification_read": Row(
        "post", {"partner_involved": 302}, args("notification"), default=404
    ),
}

# The benchmark's floor page: partners and coordinators only, and switched off
# (404) unless BENCH_FLOOR is set.
BENCH = {"bench:floor": Row("get", {"coordinator": 404, **each(PARTNERS, 404)})}

TABLE: dict[str, Row] = {
    **BENCH,
    **ACCOUNTS,
    **ADMINISTRATION,
    **API,
    **SIGNALS,
    **CASES,
    **NETWORK,
    **MEETINGS,
    **PRIVACY,
    **REPORTS,
    **NOTIFICATIONS,
}

# Namespaces covered by one rule instead of a row per URL. The Django admin is
# for verified staff superusers only; none of the actors is staff.
NAMESPACE_RULES: dict[str, Row] = {"admin": Row("get", {})}

# GET requests that change state on purpose, each with the reason.
GET_STATE_CHANGES = {
    # Issue 4: opening a new signal in triage marks it "in triage" for colleagues.
    ("signals:triage_detail", "coordinator"): "opening a signal marks it in triage",
}


def row_for(view_name: str) -> Row | None:
    if view_name in TABLE:
        return TABLE[view_name]
    return NAMESPACE_RULES.get(view_name.split(":", 1)[0]) if ":" in view_name else None


@dataclass
class World:
    actors: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str):
        try:
            return self.actors[name]
        except KeyError:
            raise AttributeError(name) from None


def build_world() -> World:
    """The objects every row refers to, created through the services."""
    from cases import services as case_services
    from lelystad_radicalisering.roles import Role
    from network import plan as plan_services
    from network import services as network_services
    from network.constants import (
        CommunityKind,
        OrganisationType,
        PlanPillar,
        Tension,
        TrainingTopic,
    )
    from signals.models import Neighbourhood, Person
    from tests.cases.conftest import open_case
    from tests.factories import (
        OrganisationFactory,
        TOTPDeviceFactory,
        UserFactory,
        confirm_statement,
    )
    from tests.signals.conftest import PDF_BYTES, _pdf, make_signal

    def user(organisation, role, username):
        person = UserFactory(username=username, organisation=organisation, role=role)
        TOTPDeviceFactory(user=person)
        return confirm_statement(person)

    municipality = OrganisationFactory(name="Gemeente Teststad", type=OrganisationType.MUNICIPALITY)
    police = OrganisationFactory(name="Politie Teststad", type=OrganisationType.POLICE)
    welfare = OrganisationFactory(name="Welzijn Teststad")
    education = OrganisationFactory(name="School Teststad")
    youth_care = OrganisationFactory(name="Jeugdteam Teststad", type=OrganisationType.YOUTH_CARE)
    w = World()
    w.actors.update(
        coordinator=user(municipality, Role.COORDINATOR, "coordinator"),
        partner_own=user(police, Role.PARTNER, "partner.police"),
        partner_involved=user(welfare, Role.PARTNER, "partner.welfare"),
        partner_change=user(education, Role.PARTNER, "partner.education"),
        partner_other=user(youth_care, Role.PARTNER, "partner.youth"),
        management=user(municipality, Role.MANAGEMENT, "management"),
        functional_admin=user(municipality, Role.FUNCTIONAL_ADMIN, "admin.functional"),
        privacy_officer=user(municipality, Role.PRIVACY_OFFICER, "privacy"),
    )
    coordinator, partner = w.coordinator, w.partner_own

    from accounts import services as account_services

    invited = account_services.user_invite(
        actor=w.functional_admin,
        username="uitgenodigd",
        first_name="Nieuwe",
        last_name="Collega",
        email="uitgenodigd@example.org",
        organisation=police,
        role=Role.PARTNER,
    )
    invitation, token = account_services.invitation_issue(user=invited, actor=w.functional_admin)
    from api import services as api_services

    system_account, _api_token = api_services.system_account_create(
        actor=w.functional_admin,
        organisation=police,
        name="Registratiesysteem",
        scopes=["signals:read"],
        expires_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    w.actors.update(system_account=system_account)
    w.actors.update(
        invited_user=invited,
        invitation=invitation,
        invitation_token=token,
        youth_care_organisation=youth_care,
        access_review=account_services.access_review_open(organisation=police),
    )

    signal = make_signal(partner, attachments=[_pdf("verslag.pdf")])
    w.actors.update(
        signal=signal,
        attachment=signal.attachments.get(),
        signal_person=signal.persons.get(),
        new_signal=make_signal(partner),
        person=Person.objects.get_or_create(full_name="Bekende Persoon")[0],
        neighbourhood=Neighbourhood.objects.order_by("pk").first(),
        organisation=police,
    )

    case = open_case(coordinator, partner)
    case_services.involvement_add(
        coordinator=coordinator, case=case, organisation=welfare, can_change=False
    )
    involvement = case_services.involvement_add(
        coordinator=coordinator, case=case, organisation=education, can_change=True
    )
    intervention = case_services.intervention_add(
        coordinator=coordinator, case=case, description="Gesprek", organisation=education
    )
    w.actors.update(
        case=case,
        involvement=involvement,
        intervention=intervention,
        case_person=case.persons.first(),
        handover=case_services.handover_create(
            coordinator=coordinator,
            case=case,
            person=case.persons.first(),
            kind="moved",
            receiving_organisation="Gemeente Almere",
            legal_basis=case.legal_basis,
        ),
    )

    network_services.covenant_update(
        organisation=police,
        signed_on=datetime.date(2024, 1, 1),
        ends_on=None,
        document=SimpleUploadedFile("c.pdf", PDF_BYTES, content_type="application/pdf"),
    )
    community = network_services.community_save(
        name="Gemeenschap", kind=CommunityKind.FAITH_COMMUNITY, allowed_users=[partner]
    )
    w.actors.update(
        contact=network_services.contact_person_add(
            organisation=police, name="Contact", function="", phone="", email=""
        ),
        community=community,
        moment=network_services.contact_moment_record(
            community=community,
            recorded_by=coordinator,
            date=timezone.localdate(),
            spoke_with="Bestuur",
            topic="Kennismaking",
            tension=Tension.NONE,
            pillar=PlanPillar.PREVENTION,
        ),
        training=network_services.training_create(
            title="Training",
            topic=TrainingTopic.RECOGNISING,
            starts_at=timezone.now() + datetime.timedelta(days=7),
            location="Stadhuis",
            trainer="Trainer",
            capacity=10,
            target_organisations=[police],
        ),
    )

    plan = plan_services.plan_start(
        title="Plan 2026-2028",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2028, 12, 31),
    )
    measure = dict(plan=plan, planned_start=None, planned_end=None)
    w.actors.update(
        public_measure=plan_services.measure_save(
            pillar=PlanPillar.PREVENTION,
            title="Openbare maatregel",
            public_summary="Openbaar",
            confidential_detail="Detail",
            is_confidential=False,
            owner=youth_care,
            **measure,
        ),
        secret_measure=plan_services.measure_save(
            pillar=PlanPillar.SIGNALLING,
            title="Vertrouwelijke maatregel",
            public_summary="",
            confidential_detail="Geheim",
            is_confidential=True,
            owner=police,
            **measure,
        ),
    )

    from meetings import services as meeting_services
    from meetings.constants import ItemKind
    from privacy.constants import RequestKind
    from privacy.models import DataSubjectRequest, SubjectRestriction
    from reports.periods import quarter_of
    from reports.services import report_request

    def _finished(report):
        from reports.tasks import report_generate

        report_generate(report.pk)  # what the worker does after the commit
        report.refresh_from_db()
        return report

    def meeting(days: int):
        start = timezone.now() + datetime.timedelta(days=days)
        (planned,) = meeting_services.meeting_create(
            coordinator=coordinator,
            starts_at=start,
            duration_minutes=60,
            chair=coordinator,
            invited_organisations=[welfare, education, youth_care],
            location="Stadhuis",
        )
        return planned

    open_meeting = meeting(-1)
    case_item = meeting_services.agenda_item_add(
        coordinator=coordinator, meeting=open_meeting, kind=ItemKind.PROGRESS, case=case
    )
    topic_item = meeting_services.agenda_item_add(
        coordinator=coordinator, meeting=open_meeting, kind=ItemKind.OTHER, topic="Rondvraag"
    )
    from tests.cases.conftest import open_case as _open_case

    review_case = _open_case(coordinator, partner, label="Casus Toets 1")
    w.actors["review_item"] = meeting_services.agenda_item_add(
        coordinator=coordinator,
        meeting=open_meeting,
        kind=ItemKind.PERIODIC_REVIEW,
        case=review_case,
    )
    final = meeting(-2)
    final_item = meeting_services.agenda_item_add(
        coordinator=coordinator, meeting=final, kind=ItemKind.PROGRESS, case=case
    )
    meeting_services.minutes_save(
        author=coordinator, item=final_item, notes="Besproken.", decisions=""
    )
    meeting_services.meeting_finalise(coordinator=coordinator, meeting=final)
    last_quarter = quarter_of(timezone.localdate()).previous()
    w.actors.update(
        meeting=open_meeting,
        case_item=case_item,
        topic_item=topic_item,
        final_meeting=final,
        empty_meeting=meeting(3),
        action=meeting_services.action_create(
            coordinator=coordinator,
            case=case,
            agenda_item=case_item,
            description="Huisbezoek",
            owner_organisation=welfare,
            due_on=timezone.localdate() + datetime.timedelta(days=7),
        ),
        restriction=SubjectRestriction.objects.create(
            person=Person.objects.create(full_name="Beperkte Persoon"),
            ground="approach",
            reason="Lopend onderzoek",
            review_on=timezone.localdate() + datetime.timedelta(days=30),
        ),
        subject_request=DataSubjectRequest.objects.create(
            reference="AVG-TEST-1",
            kind=RequestKind.ACCESS,
            person=w.person,
            received_on=timezone.localdate(),
        ),
        report=_finished(report_request(user=w.management, period=last_quarter)),
        quarter_key=last_quarter.key,
    )
    from privacy.services import retention_extend

    for days in (30, 60):
        w.actors["pending_extension"] = retention_extend(
            coordinator=coordinator,
            target="case",
            object_id=case.pk,
            until=timezone.localdate() + datetime.timedelta(days=days),
            reason="Lopend onderzoek",
        )
    from cases.notices import INVOLVEMENT
    from notifications.models import Notification

    w.actors["notification"] = Notification.objects.create(
        recipient=w.partner_involved,
        kind=INVOLVEMENT,
        target_id=case.pk,
        reference=case.reference,
    )
    return w
