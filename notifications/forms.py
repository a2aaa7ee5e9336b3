from __future__ import annotations

from django import forms

from lelystad_radicalisering import notices

from .constants import Delivery


class PreferencesForm(forms.Form):
    """How the user wants to hear of each kind of notification: one field per
    registered kind."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for kind in notices.kinds():
            self.fields[kind.code] = forms.ChoiceField(
                label=kind.label, choices=Delivery.choices, widget=forms.RadioSelect
            )
