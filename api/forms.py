from __future__ import annotations

import datetime
import ipaddress

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lelystad_radicalisering.forms import DateInput, no_control_characters
from network.forms import organisation_field

from .constants import MAX_VALID_DAYS, Scope

MAX_NETWORKS = 20


class SystemAccountForm(forms.Form):
    organisation = organisation_field(label=_("Organisation"))
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("Which system this is, e.g. “Police registration system”."),
        validators=[no_control_characters],
    )
    scopes = forms.MultipleChoiceField(
        label=_("May"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one scope.")},
    )
    expires_on = forms.DateField(
        label=_("Valid until"),
        widget=DateInput,
        help_text=_("At most two years ahead. After this date the token no longer works."),
    )
    allowed_networks = forms.CharField(
        label=_("Allowed source addresses"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Optional. One IP address or network per line (e.g. 192.0.2.10 or 198.51.100.0/24). "
            "Empty: any address."
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault(
            "initial",
            {
                "expires_on": timezone.localdate() + datetime.timedelta(days=365),
                "scopes": [Scope.SIGNALS_WRITE, Scope.SIGNALS_READ, Scope.REFERENCE_READ],
            },
        )
        super().__init__(*args, **kwargs)

    def clean_expires_on(self) -> datetime.date:
        value = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        if value < today:
            raise ValidationError(_("This date lies in the past."))
        if value > today + datetime.timedelta(days=MAX_VALID_DAYS):
            raise ValidationError(_("Choose a date at most two years ahead."))
        return value

    def clean_allowed_networks(self) -> str:
        lines = [line.strip() for line in self.cleaned_data["allowed_networks"].splitlines()]
        lines = [line for line in lines if line]
        if len(lines) > MAX_NETWORKS:
            raise ValidationError(
                _("Enter at most %(max)s addresses or networks.") % {"max": MAX_NETWORKS}
            )
        networks = []
        for line in lines:
            try:
                networks.append(str(ipaddress.ip_network(line, strict=False)))
            except ValueError as error:
                raise ValidationError(
                    _("“%(value)s” is not an IP address or network.") % {"value": line[:60]}
                ) from error
        return "\n".join(networks)


class SystemAccountFilterForm(forms.Form):
    organisation = organisation_field(
        everyone=True, label=_("Organisation"), required=False, help_text=_("Empty: all.")
    )
