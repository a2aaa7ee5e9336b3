"""The API's shapes. Types and lengths only: the rules live in the browser's
forms (``signals.forms``), which the views run after these."""

from __future__ import annotations

from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.validators import ProhibitSurrogateCharactersValidator

from lelystad_radicalisering.forms import no_control_characters
from signals.constants import PARTNER_STATUS_LABELS, Category, SignalStatus, Source, Urgency

MAX_ID = 2**63 - 1


class TextField(serializers.CharField):
    """Free text with the browser forms' character check (in Dutch) instead of
    DRF's own null and surrogate checks, whose messages have no translation."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.validators = [
            validator
            for validator in self.validators
            if not isinstance(
                validator, ProhibitNullCharactersValidator | ProhibitSurrogateCharactersValidator
            )
        ] + [no_control_characters]

    def to_internal_value(self, data):
        # DRF would turn 5 or true into "5" or "True"; the schema says string.
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    """An integer as JSON has it: not "5", 5.0 or true."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


def _text(max_length: int, **kwargs) -> serializers.CharField:
    return TextField(max_length=max_length, **kwargs)


def _optional_text(max_length: int, help_text: str) -> serializers.CharField:
    return _text(max_length, required=False, allow_blank=True, default="", help_text=help_text)


def _neighbourhood() -> serializers.IntegerField:
    return StrictIntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        max_value=MAX_ID,
        help_text=_("Id from /api/v1/reference/neighbourhoods/."),
    )


class ReportedPersonSerializer(serializers.Serializer):
    full_name = _text(200, help_text=_("Name of the person the signal is about."))
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)
    neighbourhood = _neighbourhood()


class SignalSubmitSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=Category.choices)
    urgency = serializers.ChoiceField(choices=Urgency.choices)
    source = serializers.ChoiceField(
        choices=Source.choices, help_text=_("How the organisation knows.")
    )
    observation = _text(10000, help_text=_("What was observed: facts first."))
    observed_on = serializers.DateField(help_text=_("When it was observed (not in the future)."))
    observed_where = _optional_text(300, _("Street, school, online platform…"))
    neighbourhood = _neighbourhood()
    group_description = _optional_text(2000, _("A group the signal is about."))
    place_description = _optional_text(2000, _("A place or incident the signal is about."))
    persons = serializers.ListField(
        child=ReportedPersonSerializer(),
        required=False,
        default=list,
        max_length=10,
        help_text=_("At least one person, a group or a place or incident."),
    )


class SignalStatusSerializer(serializers.Serializer):
    """What the reporting organisation sees of its signal: the status, nothing behind it."""

    id = serializers.IntegerField(read_only=True)
    reference = serializers.CharField(read_only=True)
    category = serializers.ChoiceField(choices=Category.choices, read_only=True)
    urgency = serializers.ChoiceField(choices=Urgency.choices, read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    status = serializers.ChoiceField(choices=SignalStatus.choices, read_only=True)
    status_label = serializers.SerializerMethodField()

    def get_status_label(self, signal) -> str:
        return str(PARTNER_STATUS_LABELS[signal.status])


class SignalPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = SignalStatusSerializer(many=True)


class ChoiceItemSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()


class NeighbourhoodSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ProblemErrorSerializer(serializers.Serializer):
    pointer = serializers.CharField(help_text=_("JSON pointer to the field, e.g. #/observation."))
    detail = serializers.CharField()


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    instance = serializers.CharField()
    errors = ProblemErrorSerializer(many=True, required=False)
