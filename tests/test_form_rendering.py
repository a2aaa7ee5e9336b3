"""The form renderer draws selects, inputs and text areas in Python: the HTML
must be Django's own, byte for byte, whatever the values, labels and attributes."""

from __future__ import annotations

import datetime

from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils.safestring import mark_safe
from hypothesis import given
from hypothesis import strategies as st

from lelystad_radicalisering.form_rendering import FormRenderer

DJANGO = DjangoTemplates()
OURS = FormRenderer()

text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
attribute_names = st.sampled_from(["class", "placeholder", "aria-describedby", "data-x", "title"])
attribute_values = st.one_of(st.booleans(), text, st.integers(-5, 5))
attrs = st.dictionaries(attribute_names, attribute_values, max_size=4)
choice = st.tuples(text, text)
choices = st.lists(
    st.one_of(choice, st.tuples(text.filter(bool), st.lists(choice, max_size=3))), max_size=5
)


def _both(widget: forms.Widget, name: str, value, extra: dict) -> tuple[str, str]:
    return (
        widget.render(name, value, attrs=dict(extra), renderer=DJANGO),
        widget.render(name, value, attrs=dict(extra), renderer=OURS),
    )


@given(choices=choices, name=text, value=st.one_of(st.none(), text), extra=attrs)
def test_a_select_is_drawn_as_django_draws_it(choices, name, value, extra):
    django_html, ours = _both(forms.Select(choices=choices), name, value, extra)
    assert ours == django_html


@given(choices=choices, name=text, values=st.lists(text, max_size=3), extra=attrs)
def test_a_multiple_select_is_drawn_as_django_draws_it(choices, name, values, extra):
    django_html, ours = _both(forms.SelectMultiple(choices=choices), name, values, extra)
    assert ours == django_html


@given(name=text, value=st.one_of(st.none(), text, st.integers()), extra=attrs)
def test_inputs_and_text_areas_are_drawn_as_django_draws_them(name, value, extra):
    widgets = [
        forms.TextInput(),
        forms.EmailInput(),
        forms.NumberInput(),
        forms.PasswordInput(render_value=True),
        forms.HiddenInput(),
        forms.DateInput(),
        forms.Textarea(),
        forms.CheckboxInput(),
    ]
    for widget in widgets:
        django_html, ours = _both(widget, name, value, extra)
        assert ours == django_html, type(widget).__name__


def test_safe_labels_stay_unescaped_and_others_are_escaped():
    select = forms.Select(choices=[("a", mark_safe("<b>A</b>")), ("b", "<b>B</b>")])
    django_html, ours = _both(select, "x", "a", {"id": "id_x"})
    assert ours == django_html
    assert "<b>A</b>" in ours and "&lt;b&gt;B&lt;/b&gt;" in ours


def test_a_date_and_a_null_boolean_select_are_drawn_as_django_draws_them():
    django_html, ours = _both(forms.DateInput(), "d", datetime.date(2026, 12, 2), {})
    assert ours == django_html
    django_html, ours = _both(forms.NullBooleanSelect(), "b", True, {})
    assert ours == django_html


def test_other_widgets_are_left_to_django():
    radio = forms.RadioSelect(choices=[("a", "A"), ("b", "B")])
    django_html, ours = _both(radio, "r", "a", {"id": "id_r"})
    assert ours == django_html
    assert "radio" in ours


def test_the_project_uses_it():
    assert settings.FORM_RENDERER == "lelystad_radicalisering.form_rendering.FormRenderer"
    assert isinstance(get_default_renderer(), FormRenderer)
