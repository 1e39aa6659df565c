"""The admin pages of opportunities: looked up and corrected there, never moved along their
statuses nor linked by hand; every save and deletion audited."""

import pytest
from django.urls import reverse

from envoy.core.models import AuditEntry
from envoy.opportunities.enums import OpportunityStatus as S
from envoy.opportunities.models import Opportunity
from tests.conftest import client_for

from .conftest import spot

pytestmark = pytest.mark.django_db


def posted(form, **changes) -> dict:
    """What the change page posts back, as the browser would, with ``changes``."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = str(value)
        if field.show_hidden_initial:  # a field with a callable default (topics=list)
            data[f"initial-{name}"] = data.get(name, "")
    return data | changes


def test_the_admin_lists_and_finds_opportunities(cast):
    spot(cast["owner"])
    spot(cast["owner"], title="世界城市高峰會")
    client = client_for(cast["admin"])
    page = client.get(reverse("admin:opportunities_opportunity_changelist"), {"q": "高峰會"})
    assert page.status_code == 200
    assert [row.title for row in page.context["cl"].result_list] == ["世界城市高峰會"]


def test_a_correction_is_audited_and_leaves_the_status_and_links_alone(cast, tokyo):
    opportunity = spot(cast["owner"], city=tokyo)
    client = client_for(cast["admin"])
    url = reverse("admin:opportunities_opportunity_change", args=[opportunity.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert not {"status", "mission", "event", "version", "created_by"} & set(form.fields)
    response = client.post(
        url, posted(form, venue="東京國際論壇", status=S.DONE, mission="1", version="9")
    )
    assert response.status_code == 302
    stored = Opportunity.objects.get()
    assert (stored.venue, stored.status, stored.mission_id, stored.version) == (
        "東京國際論壇",
        S.SPOTTED,
        None,
        2,
    )
    entry = AuditEntry.objects.get(action="admin.changed")
    assert (entry.object_type, entry.object_id, entry.details) == (
        "opportunities.opportunity",
        opportunity.pk,
        {"fields": ["venue"]},
    )


def test_no_opportunity_is_added_there_and_a_deletion_is_audited(cast):
    opportunity = spot(cast["owner"])
    client = client_for(cast["admin"])
    assert client.get(reverse("admin:opportunities_opportunity_add")).status_code == 403
    url = reverse("admin:opportunities_opportunity_delete", args=[opportunity.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Opportunity.objects.exists()
    entry = AuditEntry.objects.get(action="admin.deleted")
    assert (entry.object_id, entry.summary) == (opportunity.pk, "2026 亞洲城市防災論壇")


def test_the_admin_is_for_administrators_only(cast):
    url = reverse("admin:opportunities_opportunity_changelist")
    response = client_for(cast["officer"]).get(url)
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]
