from __future__ import annotations

from django import forms

from .constants import Delivery, Kind

# One choice per kind of notification, a field per kind (the kinds are fixed).
PreferencesForm = type(
    "PreferencesForm",
    (forms.Form,),
    {
        "__module__": __name__,
        "__doc__": "How the user wants to hear of each kind of notification.",
        **{
            kind.value: forms.ChoiceField(
                label=kind.label, choices=Delivery.choices, widget=forms.RadioSelect
            )
            for kind in Kind
        },
    },
)
