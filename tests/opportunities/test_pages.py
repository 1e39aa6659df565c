"""The pages of opportunities as each role sees them: the list and its filters, one
opportunity, adding and editing it, its status and assignment — each page's queries fixed
however many opportunities there are."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from envoy.core.lib.rocdates import roc_short
from envoy.missions.models import Mission
from envoy.opportunities import services
from envoy.opportunities.enums import OpportunityStatus as S
from envoy.opportunities.models import Opportunity
from tests.conftest import client_for

from .conftest import profile, spot

pytestmark = pytest.mark.django_db


def queries_of(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("who", ["officer", "owner", "outsider", "reviewer", "viewer"])
def test_every_signed_in_user_sees_the_list_and_an_opportunity(cast, who):
    opportunity = spot(cast["owner"])
    client = client_for(cast[who])
    assert opportunity.title in client.get(reverse("opportunities:list")).content.decode()
    page = client.get(reverse("opportunities:detail", args=[opportunity.pk])).content.decode()
    # Its status and assignment forms only for those who may change it.
    changes = who in ("officer", "owner")
    assert (reverse("opportunities:status", args=[opportunity.pk]) in page) == changes


def test_the_list_asks_for_a_sign_in(cast):
    response = client_for(None).get(reverse("opportunities:list"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_list_filters_by_status_bureau_and_deadline_soon(cast, bureaus):
    today = timezone.localdate()
    soon = spot(cast["owner"], title="即將截止", registration_deadline=today + dt.timedelta(3))
    later = spot(cast["owner"], title="還早", abstract_deadline=today + dt.timedelta(60))
    theirs = spot(cast["outsider"], title="工務局的")
    services.change_status(user=cast["owner"], opportunity=later, status=S.CONSIDERING,
                           expected_version=1)  # fmt: skip
    client = client_for(cast["viewer"])

    def titles(**query):
        page = client.get(reverse("opportunities:list"), query)
        assert page.status_code == 200
        return sorted(row.title for row in page.context["rows"])

    assert titles() == sorted([soon.title, later.title, theirs.title])
    assert titles(deadline_soon="on") == [soon.title]
    assert titles(status=S.CONSIDERING) == [later.title]
    assert titles(bureau=bureaus["works"].pk) == [theirs.title]
    assert "即將截止" in client.get(reverse("opportunities:list")).content.decode()


def test_the_lists_and_an_opportunitys_queries_do_not_grow_with_their_rows(cast, tokyo, gnets):
    client = client_for(cast["owner"])
    profile(cast["officer"], "佐藤花子", languages=[("ja", "N2")], expertise=["防災"])
    first = spot(cast["owner"], city=tokyo, network=gnets)
    services.assign_opportunity(user=cast["owner"], opportunity=first, bureau=first.bureau,
                                assignee=cast["colleague"], expected_version=1)  # fmt: skip
    list_url, detail_url = (
        reverse("opportunities:list"),
        reverse("opportunities:detail", args=[first.pk]),
    )
    one = queries_of(client, list_url)
    detail = queries_of(client, detail_url)
    for n in range(12):
        other = spot(cast["owner"], title=f"論壇 {n}", city=tokyo, network=gnets)
        services.assign_opportunity(user=cast["owner"], opportunity=other, bureau=other.bureau,
                                    assignee=cast["owner"], expected_version=1)  # fmt: skip
        # More speakers to suggest, with more languages and experience.
        profile(cast["officer"], f"講者 {n}", languages=[("ja", "N1"), ("en", "C1")],
                expertise=["防災"])  # fmt: skip
    assert queries_of(client, list_url) == one
    assert queries_of(client, detail_url) == detail
    assert (one, detail) == (6, 9)


def test_an_editor_adds_an_opportunity_typed_as_people_type_dates(cast, bureaus, tokyo, gnets):
    response = client_for(cast["owner"]).post(
        reverse("opportunities:add"),
        {
            "title": "2026 亞洲城市防災論壇",
            "kind": "forum",
            "network": gnets.pk,
            "start_date": "115/10/5",
            "end_date": "2026-10-07",
            "start_time": "09:30",
            "timezone": "",
            "city": "",
            "city_q": "東京",
            "registration_deadline": "115/9/15",
            "topics": "防災、淨零",
            "languages": "ja",
            "source_url": "https://example.org/forum",
        },
    )
    opportunity = Opportunity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("opportunities:detail", args=[opportunity.pk])
    assert (opportunity.start_date, opportunity.registration_deadline, opportunity.city) == (
        dt.date(2026, 10, 5),
        dt.date(2026, 9, 15),
        tokyo,
    )
    assert (opportunity.topics, opportunity.timezone, opportunity.bureau) == (
        ["防災", "淨零"],
        "Asia/Tokyo",
        bureaus["secretariat"],
    )


def test_a_bad_date_is_named_and_nothing_is_saved(cast):
    response = client_for(cast["owner"]).post(
        reverse("opportunities:add"),
        {"title": "論壇", "kind": "forum", "start_date": "115/13/40", "end_time": "10:00"},
    )
    assert response.status_code == 422
    assert "沒有「115/13/40」這一天" in response.content.decode()
    assert Opportunity.objects.count() == 0


@pytest.mark.parametrize("who, status", [("viewer", 403), ("reviewer", 403), ("owner", 200)])
def test_the_add_page_is_for_those_who_add(cast, who, status):
    assert client_for(cast[who]).get(reverse("opportunities:add")).status_code == status


def test_the_edit_page_keeps_the_version_and_refuses_a_stale_save(cast):
    opportunity = spot(cast["owner"])
    url = reverse("opportunities:edit", args=[opportunity.pk])
    assert client_for(cast["outsider"]).get(url).status_code == 403
    data = {"title": "新名稱", "kind": "forum", "start_date": "2026-10-05", "version": 1}
    assert client_for(cast["owner"]).post(url, data).status_code == 302
    stale = client_for(cast["colleague"]).post(url, data | {"title": "另一個名稱"})
    assert stale.status_code == 409
    assert Opportunity.objects.get().title == "新名稱"


def test_accepting_from_the_page_makes_the_mission_and_links_it(cast, tokyo):
    opportunity = spot(cast["owner"], city=tokyo)
    client = client_for(cast["owner"])
    response = client.post(
        reverse("opportunities:status", args=[opportunity.pk]),
        {"status": S.ACCEPTED, "version": 1},
    )
    assert response.status_code == 302
    mission = Mission.objects.get()
    page = client.get(reverse("opportunities:detail", args=[opportunity.pk])).content.decode()
    assert reverse("missions:detail", args=[mission.pk]) in page


def test_a_status_change_that_cannot_be_made_is_said_on_the_page(cast):
    opportunity = spot(cast["owner"], start_date=None, end_date=None)
    response = client_for(cast["owner"]).post(
        reverse("opportunities:status", args=[opportunity.pk]),
        {"status": S.ACCEPTED, "version": 1},
    )
    assert response.status_code == 422
    assert "請先填寫日期" in response.content.decode()
    assert Opportunity.objects.get().status == S.SPOTTED


def test_the_page_assigns_a_person_and_an_editor_keeps_the_bureau(cast, bureaus):
    opportunity = spot(cast["owner"])
    response = client_for(cast["owner"]).post(
        reverse("opportunities:assign", args=[opportunity.pk]),
        # The bureau field is disabled for an editor: a bureau sent anyway is ignored.
        {"bureau": bureaus["works"].pk, "assignee": cast["colleague"].pk, "version": 1},
    )
    assert response.status_code == 302
    opportunity.refresh_from_db()
    assert (opportunity.bureau, opportunity.assignee) == (
        bureaus["secretariat"],
        cast["colleague"],
    )
    denied = client_for(cast["outsider"]).post(
        reverse("opportunities:assign", args=[opportunity.pk]),
        {"assignee": cast["outsider"].pk, "version": 2},
    )
    assert denied.status_code == 403


def test_the_home_page_lists_the_opportunities_assigned_to_one(cast, bureaus):
    today = timezone.localdate()
    mine = spot(cast["owner"], registration_deadline=today + dt.timedelta(days=5))
    spot(cast["owner"], title="別人的論壇")
    services.assign_opportunity(user=cast["owner"], opportunity=mine, bureau=mine.bureau,
                                assignee=cast["colleague"], expected_version=1)  # fmt: skip
    html = client_for(cast["colleague"]).get("/").content.decode()
    assert reverse("opportunities:detail", args=[mine.pk]) in html
    assert "別人的論壇" not in html
    assert f"{roc_short(today + dt.timedelta(days=5))} 截止" in html
    assert "我承辦的國際參與機會" not in client_for(cast["owner"]).get("/").content.decode()


# The page's three forms answer alike: a stale save 409 (with the page and what happened),
# a form that does not validate 422, a reader 403 — and nothing changes.
POSTS = {
    "status": {"status": S.CONSIDERING},
    "assign": {"assignee": ""},
    "speaker": {"profile": ""},
}


@pytest.mark.parametrize("name", POSTS)
def test_each_form_of_the_page_refuses_a_stale_save(cast, name):
    opportunity = spot(cast["owner"])
    services.update_opportunity(
        user=cast["officer"], opportunity=opportunity, data={"venue": "東京國際論壇"},
        expected_version=1,
    )  # fmt: skip
    response = client_for(cast["owner"]).post(
        reverse(f"opportunities:{name}", args=[opportunity.pk]), POSTS[name] | {"version": 1}
    )
    assert response.status_code == 409
    assert response.context["error"]
    stored = Opportunity.objects.get()
    assert (stored.version, stored.status) == (2, S.SPOTTED)


@pytest.mark.parametrize(
    "name, data, said",
    [
        ("status", {"status": S.DONE, "version": 1}, "status_form"),
        ("assign", {"assignee": "999999", "version": 1}, "assign_form"),
        ("speaker", {"profile": "999999", "version": 1}, "找不到這位講者，請重新選擇。"),
    ],
)
def test_each_form_of_the_page_shows_what_is_wrong(cast, name, data, said):
    opportunity = spot(cast["owner"])
    url = reverse(f"opportunities:{name}", args=[opportunity.pk])
    response = client_for(cast["owner"]).post(url, data)
    assert response.status_code == 422
    if said.endswith("_form"):
        assert response.context[said].errors
    else:
        assert response.context["error"] == said
    assert Opportunity.objects.get().version == 1
    assert client_for(cast["viewer"]).post(url, data).status_code == 403
