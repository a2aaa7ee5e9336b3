"""Every form of the project, found automatically, fuzzed through its real view.

Each form class in the project's apps must have an entry in FORM_VIEWS (a new
form without one fails ``test_every_form_is_fuzzed``). Per example: random and
adversarial values for every field (long strings, control characters, null
bytes, invalid dates, unicode edge cases, ids of other objects, odd files),
posted by the user who may use the form. Never a 500; a refused submission
changes nothing (nothing half-saved).

Examples per form: 10 in CI (``HYPOTHESIS_PROFILE=ci``), 1,000 with
``make fuzz`` (``HYPOTHESIS_PROFILE=fuzz``).
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.signals.conftest import PDF_BYTES

from .access_table import TABLE
from .harness import _client, _in_savepoint_with_changes

pytestmark = pytest.mark.django_db

PROJECT_APPS = (
    "accounts",
    "cases",
    "network",
    "signals",
    "meetings",
    "privacy",
    "reports",
    "notifications",
    "lelystad_radicalisering",
)
EXAMPLES = int(
    os.environ.get("FORM_FUZZ_EXAMPLES")
    or (1000 if os.environ.get("HYPOTHESIS_PROFILE") == "fuzz" else 10)
)


def project_forms() -> dict[str, type[forms.BaseForm]]:
    for app in PROJECT_APPS:
        package = importlib.import_module(app)
        for module in pkgutil.iter_modules(package.__path__):
            if module.name not in ("migrations", "management", "tests"):
                importlib.import_module(f"{app}.{module.name}")

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    return {
        f"{cls.__module__}.{cls.__name__}": cls
        for cls in subclasses(forms.BaseForm)
        if cls.__module__.split(".")[0] in PROJECT_APPS
    }


@dataclass(frozen=True)
class Target:
    view: str  # URL name in the access table
    who: str  # an actor, "anonymous", "password_only" or "no_device"
    method: str = "post"
    # Form prefix (formsets, per-object forms); a callable takes the world.
    prefix: str | Callable[[Any], str] = ""
    auth: bool = False  # failed attempts are counted on purpose (lockout, throttling)


FORM_VIEWS = {
    "accounts.forms.LoginForm": Target("accounts:login", "anonymous", auth=True),
    # The first step of the login: username or e-mail (single sign-on or password).
    "accounts.forms.IdentifierForm": Target("accounts:login", "anonymous", auth=True),
    "accounts.forms.IdentityProviderForm": Target(
        "administration:identity_provider_edit", "functional_admin"
    ),
    "cases.forms.InclusionForm": Target("cases:inclusion_decide", "coordinator"),
    "cases.forms.InclusionEndForm": Target("cases:inclusion_end", "coordinator"),
    "cases.forms.InformingForm": Target("cases:informing_record", "coordinator"),
    "cases.forms.HandoverForm": Target("cases:handover_create", "coordinator"),
    "cases.forms.HandoverAnswerForm": Target("cases:handover_answer", "coordinator"),
    "cases.forms.ReviewForm": Target("meetings:review_record", "coordinator"),
    "meetings.forms.ParticipantsForm": Target("meetings:participants", "coordinator"),
    "meetings.forms.StatementForm": Target("meetings:statement", "partner_involved"),
    "privacy.forms.RestrictionForm": Target("privacy:restriction_create", "privacy_officer"),
    "accounts.forms.TokenForm": Target("accounts:verify", "password_only", auth=True),
    "accounts.forms.EnrolmentForm": Target("accounts:setup", "no_device", auth=True),
    "accounts.forms.NewPasswordForm": Target("accounts:account_password", "partner_own"),
    "accounts.forms.UserInviteForm": Target("administration:user_create", "functional_admin"),
    "accounts.forms.InvitationAcceptForm": Target("accounts:invitation", "anonymous"),
    "accounts.forms.PasswordResetRequestForm": Target("accounts:password_reset", "anonymous"),
    "accounts.forms.BulkInviteUploadForm": Target(
        "administration:user_bulk_invite", "functional_admin"
    ),
    "accounts.forms.BulkInviteConfirmForm": Target(
        "administration:user_bulk_invite_confirm", "functional_admin"
    ),
    "accounts.forms.AccessReviewOpenForm": Target(
        "administration:access_review_open", "functional_admin"
    ),
    "accounts.forms.AccessReviewForm": Target(
        "administration:access_review_detail", "functional_admin"
    ),
    "accounts.forms.UserUpdateForm": Target("administration:user_detail", "functional_admin"),
    "accounts.forms.UserFilterForm": Target("administration:user_list", "functional_admin", "get"),
    "privacy.forms.AuditFilterForm": Target("audit:audit_log", "privacy_officer", "get"),
    "cases.forms.CaseForm": Target("cases:case_create", "coordinator"),
    "cases.forms.CaseEditForm": Target("cases:case_edit", "coordinator"),
    "cases.forms.CaseFilterForm": Target("cases:case_list", "partner_change", "get"),
    "cases.forms.LinkSignalForm": Target("cases:signal_link", "coordinator"),
    "cases.forms.InvolvementForm": Target("cases:involvement_add", "coordinator"),
    "cases.forms.UpdateForm": Target("cases:update_add", "partner_change"),
    "cases.forms.AssessmentForm": Target("cases:assessment_add", "coordinator"),
    "cases.forms.GoalForm": Target("cases:goal_add", "coordinator"),
    "cases.forms.InterventionForm": Target(
        "cases:intervention_add", "coordinator", prefix="interventie-"
    ),
    "cases.forms.InterventionStatusForm": Target("cases:intervention_status", "partner_change"),
    "cases.forms.CloseForm": Target("cases:case_close", "coordinator"),
    "cases.forms.ReopenForm": Target("cases:case_reopen", "coordinator"),
    "network.forms.DirectoryFilterForm": Target("network:directory", "partner_other", "get"),
    "network.forms.OrganisationForm": Target("network:organisation_create", "functional_admin"),
    "network.forms.CovenantForm": Target("network:covenant_edit", "coordinator"),
    "network.forms.ContactForm": Target("network:contact_add", "functional_admin"),
    "network.forms.CommunityForm": Target("network:community_create", "coordinator"),
    "network.forms.ContactMomentForm": Target("network:contact_moment_add", "partner_own"),
    "network.forms.TrainingForm": Target("network:training_create", "coordinator"),
    "network.forms.RegistrationForm": Target("network:training_register", "partner_own"),
    "network.forms.PlanForm": Target("network:plan_create", "coordinator"),
    "network.forms.MeasureForm": Target("network:measure_create", "coordinator"),
    "network.forms.ProgressForm": Target("network:progress_add", "coordinator"),
    "network.forms.ActivityForm": Target("network:activity_create", "coordinator"),
    "signals.forms.SignalForm": Target("signals:signal_create", "partner_own"),
    "signals.forms.PersonForm": Target("signals:signal_create", "partner_own", prefix="persons-0-"),
    "signals.forms.SupplementForm": Target("signals:signal_supplement", "partner_own"),
    "signals.forms.DecisionForm": Target("signals:triage_decide", "coordinator"),
    "signals.forms.PersonLinkForm": Target("signals:triage_person_link", "coordinator"),
    "signals.forms.InboxFilterForm": Target("signals:triage_inbox", "coordinator", "get"),
    "signals.views_neighbourhoods.NeighbourhoodForm": Target(
        "signals:neighbourhood_list", "functional_admin"
    ),
    "meetings.forms.MeetingForm": Target("meetings:meeting_edit", "coordinator"),
    "meetings.forms.MeetingCreateForm": Target("meetings:meeting_create", "coordinator"),
    "meetings.forms.AgendaItemForm": Target("meetings:item_add", "coordinator"),
    "meetings.forms.AgendaItemEditForm": Target(
        "meetings:item_edit", "coordinator", prefix=lambda w: f"item-{w.topic_item.pk}-"
    ),
    "meetings.forms.AgendaOrderForm": Target("meetings:agenda_order", "coordinator"),
    "meetings.forms.MinutesForm": Target(
        "meetings:minutes_save", "coordinator", prefix=lambda w: f"m{w.case_item.pk}-"
    ),
    "meetings.forms.DecisionForm": Target("meetings:decision_add", "coordinator"),
    "meetings.forms.ActionForm": Target("meetings:action_add", "coordinator"),
    "meetings.forms.ActionStatusForm": Target("meetings:action_update", "partner_involved"),
    "meetings.forms.AttendanceForm": Target("meetings:attendance", "coordinator"),
    "meetings.forms.AddendumForm": Target("meetings:addendum_add", "coordinator"),
    "meetings.forms.ActionFilterForm": Target("meetings:action_list", "partner_involved", "get"),
    "privacy.forms.RetentionRulesForm": Target("privacy:retention", "privacy_officer"),
    "privacy.forms.ExtensionForm": Target("privacy:extend", "coordinator"),
    "privacy.forms.PersonSearchForm": Target("privacy:subject_search", "privacy_officer", "get"),
    "privacy.forms.SubjectRequestForm": Target("privacy:request_create", "privacy_officer"),
    "privacy.forms.DecisionForm": Target("privacy:request_decide", "privacy_officer"),
    "reports.forms.ReportRequestForm": Target("reports:report_create", "management"),
    "notifications.forms.PreferencesForm": Target("notifications:preferences", "partner_own"),
}
# Every form answers a refused submission with its own page; success is a redirect
# (or, for the session-less steps of logging in, the next step's redirect).
SUCCESS = {302}

NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x1b[31m",
    "\u202e\u0000x",
    "\ufeff",
    "\ud7ff",
    "<script>alert(1)</script>",
    "'; DROP TABLE signals_signal;--",
    "%s%s%n",
    "../../etc/passwd",
    "😀" * 300,
    "a" * 10001,
    "9" * 40,
    "-1",
    "0",
    "1e309",
    "NaN",
    "true",
    "2026-02-30",
    "0000-00-00",
    "9999-12-31",
    "1899-12-31",
    "31-12-2025",
    "12:61",
    str(uuid.UUID(int=0)),
]
text = st.one_of(st.text(max_size=300), st.sampled_from(NASTY))
HUGE = b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024)


def _file():
    contents = st.one_of(
        st.binary(max_size=2048),
        st.sampled_from([b"", PDF_BYTES, b"MZ\x90\x00" + b"\x00" * 64, HUGE]),
    )
    names = st.one_of(
        st.sampled_from(["verslag.pdf", "../../x.pdf", "a\x00.pdf", "x.exe", "foto.jpg"]),
        st.text(min_size=1, max_size=40),
    )
    return st.builds(
        lambda name, content: SimpleUploadedFile(_uploadable_name(name), content),
        names,
        contents,
    )


def _choices(field: forms.Field) -> list[str]:
    if isinstance(field, forms.ModelChoiceField):
        if field.queryset is None:  # set per instance; ids of any kind then
            return [str(n) for n in range(1, 50)]
        return [
            str(pk) for pk in field.queryset.model._default_manager.values_list("pk", flat=True)
        ]
    if isinstance(field, forms.ChoiceField):
        return [
            str(value) for value, label in field.choices if not isinstance(label, (list, tuple))
        ]
    return []


def _strategy(field: forms.Field, baseline):
    """Values for one field: the working value, a real choice, or something nasty."""
    options = [text]
    if baseline is not None:
        options.append(st.just(baseline))
    choices = _choices(field)
    if choices:
        options.append(st.sampled_from(choices))
    if isinstance(field, forms.FileField):
        options = [st.none(), _file(), st.lists(_file(), max_size=3)]
    elif isinstance(field, (forms.MultipleChoiceField, forms.ModelMultipleChoiceField)):
        options.append(st.lists(st.one_of(*options), max_size=4))
    elif isinstance(field, forms.BooleanField):
        options.append(st.sampled_from(["on", "true", "false", ""]))
    elif isinstance(field, (forms.DateField, forms.DateTimeField)):
        options.append(st.dates().map(lambda d: d.isoformat()))
        options.append(st.datetimes().map(lambda d: d.isoformat()))
    elif isinstance(field, (forms.IntegerField, forms.DecimalField, forms.FloatField)):
        options.append(st.integers(min_value=-(2**70), max_value=2**70).map(str))
    return st.one_of(*options)


def _client_for(target: Target, world, logins) -> Client:
    if target.who == "anonymous":
        return Client()
    if target.who == "password_only":
        return _client(world.coordinator, verified=False, logins=logins)
    if target.who == "no_device":
        from lelystad_radicalisering.roles import Role
        from tests.factories import UserFactory

        return _client(
            UserFactory(organisation=world.partner_own.organisation, role=Role.PARTNER),
            verified=False,
        )
    return _client(world.actors[target.who], logins=logins)


def _uploadable_name(name: str) -> str:
    """A name a browser could send: Django refuses to build an upload whose last
    path part is empty, "." or ".." (a name like "/" or "a/..")."""
    name = name.replace("\x00", "")
    last = name.replace("\\", "/").rsplit("/", 1)[-1]
    return name if last not in ("", ".", "..") else "x"


FORMS = project_forms()


def test_every_form_is_fuzzed():
    assert sorted(FORMS) == sorted(FORM_VIEWS), "add the new form to FORM_VIEWS"
    assert len(FORMS) >= 56


@pytest.mark.parametrize("form_name", sorted(FORM_VIEWS))
def test_form_never_answers_500_and_never_half_saves(world, logins, form_name):
    """The world is the access table's, built once for the module (with its own
    private media root); each test and each example run in savepoints of it."""
    target = FORM_VIEWS[form_name]
    url, baseline = TABLE[target.view].request(world, target.view)
    if target.view == "signals:signal_create":
        from tests.signals.conftest import intake_data

        baseline = intake_data()
    client = _client_for(target, world, logins)
    form_class = FORMS[form_name]
    prefix = target.prefix(world) if callable(target.prefix) else target.prefix
    field_strategies = {
        prefix + name: _strategy(field, baseline.get(prefix + name))
        for name, field in form_class.base_fields.items()
    }
    fixed = {k: v for k, v in baseline.items() if k not in field_strategies}
    ignore = {"axes_accessattempt", "axes_accessfailurelog", "otp_totp_totpdevice"}

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=False,
    )
    @given(st.fixed_dictionaries(field_strategies))
    def run(values):
        data = {**fixed, **{k: v for k, v in values.items() if v is not None}}

        def request():
            if target.method == "get":
                return client.get(url, {k: v for k, v in data.items() if isinstance(v, str)})
            return client.post(url, data)

        response, changed = _in_savepoint_with_changes(request)
        changed = [t for t in changed if not target.auth or t not in ignore]
        assert response.status_code < 500, f"{form_name}: {response.status_code}"
        if target.method == "get" or response.status_code not in SUCCESS:
            assert changed == [], (
                f"{form_name} refused ({response.status_code}) yet changed {changed}"
            )

    run()
