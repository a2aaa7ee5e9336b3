from __future__ import annotations

from auditlog.models import LogEntry
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from lelystad_radicalisering.forms import DateInput, no_control_characters, reasonable_year
from network.models import Organisation

from .constants import (
    MINIMUM_RETENTION_DAYS,
    RETENTION_DEFAULTS,
    RequestDecision,
    RequestKind,
    RetentionKind,
)


class RetentionRulesForm(forms.Form):
    def __init__(self, *args, current: dict[str, int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for kind in RETENTION_DEFAULTS:
            self.fields[kind] = forms.IntegerField(
                label=RetentionKind(kind).label,
                min_value=MINIMUM_RETENTION_DAYS,
                max_value=36500,
                initial=current.get(kind, RETENTION_DEFAULTS[kind]),
                help_text=_("Days. Default: %(days)s.") % {"days": RETENTION_DEFAULTS[kind]},
            )


class ExtensionForm(forms.Form):
    until = forms.DateField(label=_("Keep until"), widget=DateInput, validators=[reasonable_year])
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[no_control_characters],
    )


class PersonSearchForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=200, min_length=2, validators=[no_control_characters]
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"), required=False, widget=DateInput, validators=[reasonable_year]
    )


class SubjectRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of request"), choices=RequestKind.choices)
    received_on = forms.DateField(
        label=_("Received on"), widget=DateInput, validators=[reasonable_year]
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=RequestDecision.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[no_control_characters],
    )


# django-auditlog ships no Dutch labels; the same words as templates/audit/_action.html.
ACTION_CHOICES = [
    ("", gettext_lazy("All")),
    (LogEntry.Action.CREATE, pgettext_lazy("audit action", "created")),
    (LogEntry.Action.UPDATE, pgettext_lazy("audit action", "changed")),
    (LogEntry.Action.DELETE, pgettext_lazy("audit action", "deleted")),
    (LogEntry.Action.ACCESS, pgettext_lazy("audit action", "viewed")),
]


class AuditFilterForm(forms.Form):
    actor = forms.ModelChoiceField(
        label=gettext_lazy("User"),
        required=False,
        queryset=User.objects.order_by("username"),
        empty_label=gettext_lazy("All"),
    )
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"),
        required=False,
        queryset=Organisation.objects.all(),
        empty_label=gettext_lazy("All"),
    )
    content_type = forms.ModelChoiceField(
        label=gettext_lazy("Kind of object"),
        required=False,
        queryset=ContentType.objects.none(),
        empty_label=gettext_lazy("All"),
    )
    object = forms.CharField(
        label=gettext_lazy("Object"),
        required=False,
        max_length=50,
        help_text=gettext_lazy("A reference such as S-2026-0042, or a number."),
    )
    action = forms.TypedChoiceField(
        label=gettext_lazy("Action"),
        required=False,
        choices=ACTION_CHOICES,
        coerce=int,
        empty_value=None,
    )
    date_from = forms.DateField(label=gettext_lazy("From"), required=False, widget=DateInput)
    date_to = forms.DateField(label=gettext_lazy("To"), required=False, widget=DateInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        used = LogEntry.objects.values_list("content_type", flat=True).distinct()
        self.fields["content_type"].queryset = ContentType.objects.filter(pk__in=used).order_by(
            "model"
        )
        self.fields["content_type"].label_from_instance = lambda ct: (
            str(ct.model_class()._meta.verbose_name) if ct.model_class() else ct.model
        )
