"""A change made in the admin site bumps the versions of the rows it changes — the row of
the page and the rows of its inlines — so a page opened before it refuses a save over it,
as after any other save."""

import pytest
from django.urls import reverse

from envoy.missions.models import DelegationMember
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def field_values(form) -> dict:
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[form.add_prefix(name)] = "on"
        elif isinstance(value, list):
            data[form.add_prefix(name)] = value
        elif value is not None:
            data[form.add_prefix(name)] = str(value)
        if field.show_hidden_initial:
            data[form.add_prefix(f"initial-{name}")] = data.get(form.add_prefix(name), "")
    return data


def posted(page) -> dict:
    """What the change page posts back unchanged, its inlines' rows included."""
    data = field_values(page.context["adminform"].form)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        data |= field_values(formset.management_form)
        for form in formset.initial_forms:
            data |= field_values(form)
    return data


def test_a_change_with_an_inline_row_bumps_both_versions(mission_report, cast):
    mission = mission_report.mission
    member = DelegationMember.objects.create(mission=mission, name="林花子", title="科員")
    mission.refresh_from_db()
    versions = (mission.version, member.version)
    client = client_for(cast["admin"])
    url = reverse("admin:missions_mission_change", args=[mission.pk])
    data = posted(client.get(url))
    prefix = next(k for k, v in data.items() if k.endswith("-id") and v == str(member.pk))[:-3]
    data[f"{prefix}-title"] = "專員"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    mission.refresh_from_db()
    member.refresh_from_db()
    assert member.title == "專員"
    assert (mission.version, member.version) == (versions[0] + 1, versions[1] + 1)


def test_an_inline_row_left_alone_keeps_its_version(mission_report, cast):
    mission = mission_report.mission
    member = DelegationMember.objects.create(mission=mission, name="林花子", title="科員")
    client = client_for(cast["admin"])
    url = reverse("admin:missions_mission_change", args=[mission.pk])
    data = posted(client.get(url))
    data["title"] = mission.title + "（更正）"
    assert client.post(url, data).status_code == 302
    member.refresh_from_db()
    assert member.version == 1
