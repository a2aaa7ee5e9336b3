from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lelystad_radicalisering.forms import DateInput, reasonable_year

from .periods import Period, recent_quarters

QUARTER = "quarter"
CUSTOM = "custom"


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Period"),
        choices=[(QUARTER, _("A quarter")), (CUSTOM, _("Another period"))],
        initial=QUARTER,
        widget=forms.RadioSelect,
    )
    quarter = forms.ChoiceField(label=_("Quarter"), required=False)
    start = forms.DateField(
        label=_("From"), required=False, widget=DateInput, validators=[reasonable_year]
    )
    end = forms.DateField(
        label=_("Until"), required=False, widget=DateInput, validators=[reasonable_year]
    )
    # Set by the button "make version 2" on the page that offers the existing report.
    new_version = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.quarters = {q.key: q for q in recent_quarters(timezone.localdate())}
        self.fields["quarter"].choices = [
            (key, q.name() if q.has_ended() else _("%(name)s (not ended yet)") % {"name": q.name()})
            for key, q in self.quarters.items()
        ]
        # The last complete quarter is what management asks for most.
        self.fields["quarter"].initial = list(self.quarters)[1]

    def clean(self):
        data = super().clean()
        if data.get("kind") == QUARTER:
            quarter = self.quarters.get(data.get("quarter") or "")
            if quarter is None:
                self.add_error("quarter", _("Choose a quarter."))
            else:
                data["period"] = quarter
        elif data.get("kind") == CUSTOM:
            start, end = data.get("start"), data.get("end")
            if start is None and "start" not in self.errors:
                self.add_error("start", _("Fill in the start date."))
            if end is None and "end" not in self.errors:
                self.add_error("end", _("Fill in the end date."))
            if start and end:
                data["period"] = Period(start, end)
        return data
