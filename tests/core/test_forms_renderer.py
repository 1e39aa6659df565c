"""The form renderer draws the commonest widgets in Python (a select of 20 choices costs 2 ms
through Django's templates, and an editing page has dozens of forms). It is kept only while
it draws exactly what Django's own widget templates draw: every widget it handles, with
values that need escaping, and the real editing pages, compared with Django's renderer."""

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.test import override_settings
from django.urls import reverse

from envoy.core.forms_renderer import FastFormRenderer
from tests.conftest import client_for

HOSTILE = "<b>\"x\" & 'y'</b>"
CHOICES = [("", "—"), ("a", HOSTILE), ("b", "乙"), ("群組", [("c", "丙"), ("d", "丁")])]


class Every(forms.Form):
    text = forms.CharField(initial=HOSTILE, max_length=20, help_text="h")
    optional = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"placeholder": HOSTILE})
    )
    number = forms.IntegerField(initial=3, min_value=0)
    hidden = forms.CharField(widget=forms.HiddenInput, initial="v")
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), required=False)
    time = forms.TimeField(widget=forms.TimeInput(format="%H:%M"), initial="09:30")
    email = forms.EmailField(required=False)
    url = forms.URLField(required=False)
    password = forms.CharField(widget=forms.PasswordInput(render_value=True), initial="s")
    search = forms.CharField(widget=forms.TextInput(attrs={"type": "search"}), required=False)
    disabled = forms.CharField(disabled=True, initial="fixed")
    select = forms.ChoiceField(choices=CHOICES, initial="c")
    multiple = forms.MultipleChoiceField(choices=CHOICES, initial=["a", "d"], required=False)
    boolean_select = forms.NullBooleanField()
    textarea = forms.CharField(widget=forms.Textarea, initial=f"first line\n{HOSTILE}")
    empty_textarea = forms.CharField(widget=forms.Textarea, required=False)


def normalised(html: str) -> str:
    """White space between tags and the csrf token aside."""
    html = re.sub(r"\b[A-Za-z0-9]{64}\b", "csrf", html)
    return re.sub(r">\s+<", "><", html).strip()


@pytest.mark.parametrize("bound", [False, True])
def test_every_widget_is_drawn_as_djangos_templates_draw_it(bound):
    data = {"text": HOSTILE, "select": "b", "multiple": ["c"], "textarea": "x\n<y>"}
    fast = Every(data if bound else None, renderer=FastFormRenderer())
    django = Every(data if bound else None, renderer=DjangoTemplates())
    for name in Every.base_fields:
        assert normalised(str(fast[name])) == normalised(str(django[name])), name


@pytest.mark.django_db
def test_the_editing_pages_are_the_same_with_djangos_renderer(mission_report, cast):
    mission = mission_report.mission
    client = client_for(cast["owner"])
    pages = [
        reverse("missions:edit", args=[mission.pk]),
        reverse("reports:edit", args=[mission_report.pk]),
        reverse("missions:list"),
        reverse("missions:create"),
    ]
    assert type(get_default_renderer()) is FastFormRenderer
    for url in pages:
        fast = client.get(url)
        with override_settings(FORM_RENDERER="django.forms.renderers.DjangoTemplates"):
            assert type(get_default_renderer()) is DjangoTemplates
            django = client.get(url)
        assert fast.status_code == django.status_code == 200, url
        assert normalised(fast.content.decode()) == normalised(django.content.decode()), url
