"""Who may open the editing pages and make each change: the whole cast, every endpoint."""

import pytest
from django.urls import reverse

from envoy.core.models import AuditEntry
from envoy.missions.models import Mission
from tests.conftest import client_for

from .conftest import outcome

pytestmark = pytest.mark.django_db

# Editors of the secretariat's mission change it; readers get 403; the outsider, who may
# not even see it, 404; an anonymous visitor is sent to sign in.
WRITE = {
    "officer": "ok",
    "owner": "ok",
    "colleague": "ok",
    "outsider": 404,
    "reviewer": 403,
    "viewer": 403,
    "admin": "ok",
    "anonymous": "sign-in",
}


def requests_for(mission: Mission) -> dict[str, tuple[str, str, dict | None]]:
    """Every page and change of the editing page: (method, url, data)."""
    member = mission.members.first()
    day = mission.days.first()
    item = day.items.first()
    pk = mission.pk

    def url(name, *args):
        return reverse(f"missions:{name}", args=[pk, *args])

    return {
        "edit page": ("get", url("edit"), None),
        "save metadata": (
            "post",
            url("edit"),
            {
                "title": "新的計畫名稱",
                "direction": "outbound",
                "category": "other",
                "start_date": "115/4/26",
                "end_date": "115/4/30",
                "version": mission.version,
            },
        ),
        "delegation section": ("get", url("delegation"), None),
        "add member": ("post", url("member_add"), {"member-new-name": "王小明"}),
        "member form": ("get", url("member_edit", member.pk), None),
        "save member": (
            "post",
            url("member_edit", member.pk),
            {
                f"member-{member.pk}-name": "祝惠美",
                f"member-{member.pk}-title": "處長",
                f"member-{member.pk}-version": member.version,
            },
        ),
        "remove member": ("post", url("member_remove", member.pk), {"version": member.version}),
        "move member": ("post", url("member_move", member.pk), {"direction": "down"}),
        "itinerary section": ("get", url("itinerary"), None),
        "add day": ("post", url("day_add"), {"day-new-date": "115/4/27"}),
        "day form": ("get", url("day_edit", day.pk), None),
        "save day": (
            "post",
            url("day_edit", day.pk),
            {f"day-{day.pk}-date": "115/4/26", f"day-{day.pk}-version": day.version},
        ),
        "remove day": ("post", url("day_remove", day.pk), {"version": day.version}),
        "add item": (
            "post",
            url("item_add", day.pk),
            {f"item-new-{day.pk}-kind": "visit", f"item-new-{day.pk}-text": "參訪"},
        ),
        "item form": ("get", url("item_edit", item.pk), None),
        "save item": (
            "post",
            url("item_edit", item.pk),
            {
                f"item-{item.pk}-kind": "visit",
                f"item-{item.pk}-text": "參訪",
                f"item-{item.pk}-version": item.version,
            },
        ),
        "remove item": ("post", url("item_remove", item.pk), {"version": item.version}),
        "move item": ("post", url("item_move", item.pk), {"direction": "down"}),
    }


ENDPOINTS = [
    "edit page",
    "save metadata",
    "delegation section",
    "add member",
    "member form",
    "save member",
    "remove member",
    "move member",
    "itinerary section",
    "add day",
    "day form",
    "save day",
    "remove day",
    "add item",
    "item form",
    "save item",
    "remove item",
    "move item",
]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize(("who", "expected"), WRITE.items())
def test_who_may_edit_a_mission(small_mission, cast, endpoint, who, expected):
    method, url, data = requests_for(small_mission)[endpoint]
    audit_before = AuditEntry.objects.count()
    response = getattr(client_for(cast[who]), method)(url, data)
    if expected != "ok":
        assert outcome(response) == expected
        assert AuditEntry.objects.count() == audit_before
    elif method == "get" and endpoint.endswith("section"):
        # Without htmx a section alone is not a page: back to the editing page.
        assert response.status_code == 302
        assert response["Location"] == reverse("missions:edit", args=[small_mission.pk]) + (
            "#delegation" if endpoint.startswith("delegation") else "#itinerary"
        )
    elif method == "get":
        assert response.status_code == 200
    else:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert response["Location"].startswith(reverse("missions:edit", args=[small_mission.pk]))
        assert AuditEntry.objects.count() == audit_before + 1


def test_changes_refuse_the_get_method(small_mission, cast):
    member = small_mission.members.first()
    url = reverse("missions:member_remove", args=[small_mission.pk, member.pk])
    assert client_for(cast["owner"]).get(url).status_code == 405


def test_a_member_of_another_mission_is_not_found_through_this_one(small_mission, cast):
    from envoy.missions.services import add_member
    from envoy.reports.services import create_mission_with_report as create_mission

    other = create_mission(
        user=cast["owner"],
        title="other",
        start_date=small_mission.start_date,
        end_date=small_mission.end_date,
    )
    stranger = add_member(user=cast["owner"], mission=other, data={"name": "外人"})
    url = reverse("missions:member_edit", args=[small_mission.pk, stranger.pk])
    assert client_for(cast["owner"]).get(url).status_code == 404


CREATE = {
    "officer": 200,
    "owner": 200,
    "colleague": 200,
    "outsider": 200,
    "reviewer": 403,
    "viewer": 403,
    "admin": 200,
    "anonymous": "sign-in",
}


@pytest.mark.parametrize(("who", "expected"), CREATE.items())
def test_who_may_open_the_new_mission_page(cast, who, expected):
    assert outcome(client_for(cast[who]).get(reverse("missions:create"))) == expected


NEW = {
    "title": "赴韓國首爾考察",
    "start_date": "115/10/14",
    "end_date": "2026-10-18",
    "category": "inspection",
}


@pytest.mark.parametrize(
    ("who", "expected"),
    [("reviewer", 403), ("viewer", 403), ("anonymous", "sign-in")],
)
def test_readers_may_not_create_a_mission(cast, who, expected):
    assert outcome(client_for(cast[who]).post(reverse("missions:create"), NEW)) == expected
    assert Mission.objects.count() == 0


@pytest.mark.parametrize(
    ("who", "bureau"),
    [("owner", "secretariat"), ("outsider", "works"), ("officer", "secretariat")],
)
def test_a_new_mission_belongs_to_its_creators_bureau(cast, bureaus, who, bureau):
    response = client_for(cast[who]).post(reverse("missions:create"), NEW)
    mission = Mission.objects.get()
    assert response["Location"] == reverse("missions:edit", args=[mission.pk])
    assert mission.bureau == bureaus[bureau]
