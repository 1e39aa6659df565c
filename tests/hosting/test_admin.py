"""The hosting rows in the admin site: listed and opened by an administrator, changed with
their version bumped and the change audited, a gift held to the ethics rule."""

import datetime as dt

import pytest
from django.apps import apps
from django.urls import reverse

from envoy.core.models import AuditEntry
from envoy.hosting import services
from envoy.hosting.models import Gift, Host
from tests.conftest import client_for


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["hosting", "visitor", "host", "transportleg", "gift"])
def test_an_administrator_lists_and_opens_each_hosting_model(visit, cast, model):
    services.save_leg(
        user=cast["owner"], mission=visit, leg=None,
        data={"date": dt.date(2026, 10, 5), "origin": "飯店", "destination": "市政府"},
    )  # fmt: skip
    services.save_gift(
        user=cast["owner"], mission=visit, gift=None,
        data={"direction": "received", "date": dt.date(2026, 10, 5), "description": "酒杯",
              "counterpart": "山田太郎", "value_ntd": 800},
    )  # fmt: skip
    admin = client_for(cast["admin"])
    assert admin.get(reverse(f"admin:hosting_{model}_changelist")).status_code == 200
    first = apps.get_model("hosting", model).objects.first()
    assert admin.get(reverse(f"admin:hosting_{model}_change", args=[first.pk])).status_code == 200
    # Not for anyone else.
    assert (
        client_for(cast["officer"]).get(reverse(f"admin:hosting_{model}_changelist")).status_code
        == 302
    )


def admin_gift_data(visit, **extra) -> dict:
    return {
        "mission": visit.pk,
        "direction": "received",
        "date": "2026-10-05",
        "description": "酒杯",
        "counterpart": "山田太郎",
        "our_person": "",
        "recipient": "person",
        "handling": "kept",
        "value_ntd": "800",
        "reported_on": "",
        "notes": "",
    } | extra


@pytest.mark.django_db
def test_the_admin_holds_a_gift_to_the_ethics_rule(visit, cast):
    admin = client_for(cast["admin"])
    address = reverse("admin:hosting_gift_add")
    response = admin.post(address, admin_gift_data(visit))
    assert response.status_code == 200
    assert "不得逕行留存" in response.content.decode()
    assert not Gift.objects.exists()
    response = admin.post(address, admin_gift_data(visit, recipient="agency"))
    assert response.status_code == 302
    assert Gift.objects.get().handling == "kept"


@pytest.mark.django_db
def test_a_change_in_the_admin_bumps_the_version(visit, cast):
    host = Host.objects.get(name="祝惠美")
    version = host.version
    response = client_for(cast["admin"]).post(
        reverse("admin:hosting_host_change", args=[host.pk]),
        {"mission": visit.pk, "role": "host", "name": "祝惠美", "title": "副處長"},
    )
    assert response.status_code == 302
    host.refresh_from_db()
    assert (host.title, host.version) == ("副處長", version + 1)
    # Audited on the visit's history, as the admin's other changes are.
    entry = AuditEntry.objects.filter(action="admin.changed").latest("id")
    assert (entry.mission_id, entry.user_id) == (visit.pk, cast["admin"].pk)
