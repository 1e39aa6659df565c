"""Editing a mission: its metadata, delegation and itinerary, with htmx and without."""

import datetime as dt

import pytest
from django.urls import reverse

from envoy.core.lib.locking import EditConflict
from envoy.core.models import AuditEntry
from envoy.missions import services
from envoy.missions.models import DelegationMember, ItineraryDay, ItineraryItem, Mission
from envoy.reports.models import Report
from tests.conftest import client_for

from .conftest import has_class, texts, tree

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name: str, mission: Mission, *args) -> str:
    return reverse(f"missions:{name}", args=[mission.pk, *args])


def metadata(mission: Mission, **changes) -> dict:
    """The metadata form as the page draws it for ``mission``, with ``changes``."""
    data = {
        "title": mission.title,
        "direction": mission.direction,
        "category": mission.category,
        "category_detail": mission.category_detail,
        "host_agency": mission.host_agency,
        "visited_agencies": mission.visited_agencies,
        "start_date": "115/4/26",
        "end_date": "115/4/30",
        "destination_countries": "、".join(mission.destination_countries),
        "destination_cities": "、".join(mission.destination_cities),
        "version": mission.version,
    }
    return data | changes


def errors(response, form: str = "metadata_form") -> dict:
    return response.context[form].errors if form in response.context else {}


# ----- Metadata -----


def test_saving_the_metadata_changes_the_mission_and_records_who_did_it(small_mission, cast):
    response = client_for(cast["owner"]).post(
        url("edit", small_mission),
        metadata(
            small_mission,
            title="赴日本東京出席 2026 G-NETS 首長高峰會",
            category="inspection",
            host_agency="新北市政府秘書處",
            destination_countries="日本, 韓國",
            destination_cities="東京、首爾",
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == url("edit", small_mission) + "#metadata"
    mission = Mission.objects.get(pk=small_mission.pk)
    assert (mission.title, mission.category, mission.host_agency, mission.version) == (
        "赴日本東京出席 2026 G-NETS 首長高峰會",
        "inspection",
        "新北市政府秘書處",
        2,
    )
    # Countries are kept as ISO codes, whatever names were typed.
    assert (mission.destination_countries, mission.destination_cities) == (
        ["JP", "KR"],
        ["東京", "首爾"],
    )
    entry = AuditEntry.objects.filter(action="mission.updated").get()
    assert (entry.user, entry.mission_id, entry.details) == (
        cast["owner"],
        mission.pk,
        {
            "changed": [
                "title",
                "category",
                "host_agency",
                "destination_countries",
                "destination_cities",
            ]
        },
    )


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("115/4/25", "115/4/30"),
        ("2026-04-25", "2026-04-30"),
        ("115 年 4 月 25 日", "民國115年4月30日"),
    ],
)
def test_dates_are_accepted_in_roc_and_iso_form(small_mission, cast, start, end):
    response = client_for(cast["owner"]).post(
        url("edit", small_mission), metadata(small_mission, start_date=start, end_date=end)
    )
    assert response.status_code == 302
    mission = Mission.objects.get(pk=small_mission.pk)
    assert (mission.start_date, mission.end_date) == (dt.date(2026, 4, 25), dt.date(2026, 4, 30))


def test_the_portals_required_fields_are_required(small_mission, cast):
    response = client_for(cast["owner"]).post(
        url("edit", small_mission),
        metadata(small_mission, title="", start_date="", end_date="", category=""),
    )
    assert response.status_code == 200
    required = ["這個欄位是必須的。"]
    assert errors(response) == {
        "title": required,
        "category": required,
        "start_date": required,
        "end_date": required,
    }


def test_a_date_that_cannot_be_read_is_refused_with_an_example(small_mission, cast):
    response = client_for(cast["owner"]).post(
        url("edit", small_mission), metadata(small_mission, start_date="4月26")
    )
    assert errors(response) == {
        "start_date": ["「4月26」沒有年份，請寫出完整日期，例如 115/4/26。"]
    }


def test_a_return_before_the_departure_is_refused_and_what_was_typed_is_kept(small_mission, cast):
    response = client_for(cast["owner"]).post(
        url("edit", small_mission),
        metadata(small_mission, title="改過的名稱", start_date="115/4/26", end_date="115/4/20"),
    )
    assert response.status_code == 200
    assert errors(response) == {"end_date": ["返國日期不能早於出國日期。"]}
    page = tree(response)
    assert page.xpath("string(//input[@name='title']/@value)") == "改過的名稱"
    assert page.xpath("string(//input[@name='end_date']/@value)") == "115/4/20"
    assert Mission.objects.get(pk=small_mission.pk).title == "赴日本東京出席高峰會"


def test_a_period_that_leaves_out_a_day_of_the_itinerary_is_refused_naming_the_day(
    small_mission, cast
):
    services.add_day(user=cast["owner"], mission=small_mission, data={"date": dt.date(2026, 4, 30)})
    response = client_for(cast["owner"]).post(
        url("edit", small_mission),
        metadata(small_mission, start_date="115/4/27", end_date="115/4/29"),
    )
    assert response.status_code == 200
    message = "行程中有不在出國期間內的日子：115/4/26、115/4/30。請先修改或刪除這些行程日，再調整出國期間。"
    assert errors(response) == {"__all__": [message]}
    assert texts(response, "//div[" + has_class("form-errors") + "]") == [message]
    mission = Mission.objects.get(pk=small_mission.pk)
    assert (mission.start_date, mission.end_date, mission.version) == (
        dt.date(2026, 4, 26),
        dt.date(2026, 4, 30),
        1,
    )
    assert AuditEntry.objects.filter(action="mission.updated").count() == 0


def test_with_htmx_a_refused_change_answers_422_with_the_section_alone(small_mission, cast):
    response = client_for(cast["owner"]).post(
        url("edit", small_mission), metadata(small_mission, end_date="115/4/20"), **HTMX
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="metadata"')
    assert "<html" not in html
    assert "返國日期不能早於出國日期。" in html


def test_with_htmx_a_saved_change_answers_with_the_section_and_its_new_version(small_mission, cast):
    response = client_for(cast["owner"]).post(
        url("edit", small_mission),
        metadata(small_mission, destination_countries="South Korea"),
        **HTMX,
    )
    assert response.status_code == 200
    page = tree(response)
    assert page.xpath("string(//input[@name='version']/@value)") == "2"
    # Shown again by its name in the user's language, never its code.
    assert page.xpath("string(//input[@name='destination_countries']/@value)") == "韓國"
    assert texts(response, "//p[" + has_class("saved") + "]") == ["已儲存任務資料。"]


def version_on_the_page(client, mission) -> str:
    page = tree(client.get(url("edit", mission)))
    return page.xpath("string(//section[@id='metadata']//input[@name='version']/@value)")


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_the_second_of_two_saves_from_the_same_version_is_refused_with_409(
    small_mission, cast, headers
):
    owner, colleague = client_for(cast["owner"]), client_for(cast["colleague"])
    loaded_by_owner = version_on_the_page(owner, small_mission)
    loaded_by_colleague = version_on_the_page(colleague, small_mission)
    assert loaded_by_owner == loaded_by_colleague == "1"

    first = owner.post(
        url("edit", small_mission),
        metadata(small_mission, title="甲的名稱", version=loaded_by_owner),
        **headers,
    )
    second = colleague.post(
        url("edit", small_mission),
        metadata(
            small_mission, title="乙的名稱", host_agency="乙打的字", version=loaded_by_colleague
        ),
        **headers,
    )
    assert first.status_code in (200, 302)
    assert second.status_code == 409
    page = tree(second)
    assert page.xpath("string(//input[@name='title']/@value)") == "乙的名稱"
    assert page.xpath("string(//input[@name='host_agency']/@value)") == "乙打的字"
    assert page.xpath("string(//input[@name='version']/@value)") == "1"
    assert texts(second, "//div[" + has_class("conflict") + "]") == [str(EditConflict.message)]
    mission = Mission.objects.get(pk=small_mission.pk)
    assert (mission.title, mission.host_agency, mission.version) == ("甲的名稱", "", 2)


def test_an_editor_cannot_give_the_mission_to_another_bureau(small_mission, cast, bureaus):
    client = client_for(cast["owner"])
    assert tree(client.get(url("edit", small_mission))).xpath("//select[@name='bureau']") == []
    client.post(url("edit", small_mission), metadata(small_mission, bureau=bureaus["works"].pk))
    assert Mission.objects.get(pk=small_mission.pk).bureau == bureaus["secretariat"]


def test_an_officer_may_give_the_mission_to_another_bureau(small_mission, cast, bureaus):
    response = client_for(cast["officer"]).post(
        url("edit", small_mission), metadata(small_mission, bureau=bureaus["works"].pk)
    )
    assert response.status_code == 302
    assert Mission.objects.get(pk=small_mission.pk).bureau == bureaus["works"]


# ----- A new mission -----


def test_a_new_mission_comes_with_a_blank_draft_report(cast, bureaus):
    response = client_for(cast["owner"]).post(
        reverse("missions:create"),
        {
            "title": "赴韓國首爾考察",
            "start_date": "115/10/14",
            "end_date": "115/10/18",
            "category": "inspection",
        },
    )
    mission = Mission.objects.get()
    assert response["Location"] == reverse("missions:edit", args=[mission.pk])
    report = Report.objects.get(mission=mission)
    assert (report.title, report.status) == ("赴韓國首爾考察", "draft")
    assert [(c.number, c.title, c.blocks.count()) for c in report.chapters.all()] == [
        (1, "目的", 0),
        (2, "過程", 0),
        (3, "心得", 0),
        (4, "建議", 0),
    ]
    assert [e.action for e in AuditEntry.objects.filter(mission_id=mission.pk)] == [
        "mission.created"
    ]


def test_a_new_mission_needs_the_portals_fields(cast):
    response = client_for(cast["owner"]).post(
        reverse("missions:create"),
        {"title": "", "start_date": "115/10/18", "end_date": "115/10/14"},
    )
    assert response.status_code == 200
    assert errors(response, "form") == {
        "title": ["這個欄位是必須的。"],
        "category": ["這個欄位是必須的。"],
        "end_date": ["返國日期不能早於出國日期。"],
    }
    assert Mission.objects.count() == 0


# ----- The delegation -----


def members(mission) -> list[tuple[str, bool]]:
    return [(m.name, m.is_head) for m in DelegationMember.objects.filter(mission=mission)]


def member_data(member, **changes) -> dict:
    prefix = f"member-{member.pk}-"
    data = {
        "name": member.name,
        "agency": member.agency,
        "unit": member.unit,
        "title": member.title,
        "rank": member.rank,
        "version": member.version,
    } | changes
    if member.is_head and "is_head" not in changes:
        data["is_head"] = "on"
    return {prefix + key: value for key, value in data.items() if value is not False}


def test_a_traveller_is_added_at_the_end(small_mission, cast):
    response = client_for(cast["owner"]).post(
        url("member_add", small_mission),
        {"member-new-name": "陳冠宇", "member-new-title": "專員", "member-new-rank": "薦任第7職等"},
    )
    assert response.status_code == 302
    assert response["Location"] == url("edit", small_mission) + "#delegation"
    assert members(small_mission) == [("祝惠美", True), ("林怡君", False), ("陳冠宇", False)]
    added = DelegationMember.objects.get(name="陳冠宇")
    assert (added.position, added.rank) == (2, "薦任第7職等")


def test_a_second_head_is_refused(small_mission, cast):
    response = client_for(cast["owner"]).post(
        url("member_add", small_mission),
        {"member-new-name": "陳冠宇", "member-new-is_head": "on"},
        **HTMX,
    )
    assert response.status_code == 422
    assert response.context["member_add_form"].errors == {
        "is_head": ["團長只能有一位，目前是「祝惠美」。請先取消其團長身分。"]
    }
    # The add form stays open with what was typed.
    page = tree(response)
    assert page.xpath("string(//input[@name='member-new-name']/@value)") == "陳冠宇"
    assert page.xpath("//section[@id='delegation']/details/@open") == [""]
    assert members(small_mission) == [("祝惠美", True), ("林怡君", False)]


def test_the_head_may_be_handed_over_once_the_first_is_no_longer_head(small_mission, cast):
    client = client_for(cast["owner"])
    head, other = DelegationMember.objects.filter(mission=small_mission)
    client.post(url("member_edit", small_mission, head.pk), member_data(head, is_head=False))
    client.post(url("member_edit", small_mission, other.pk), member_data(other, is_head="on"))
    assert members(small_mission) == [("祝惠美", False), ("林怡君", True)]


def test_editing_a_traveller_opens_their_row_as_a_form(small_mission, cast):
    member = DelegationMember.objects.get(name="林怡君")
    response = client_for(cast["owner"]).get(url("member_edit", small_mission, member.pk), **HTMX)
    assert response.status_code == 200
    page = tree(response)
    assert (
        page.xpath(
            f"string(//tr[@id='member-{member.pk}']//input[@name='member-{member.pk}-title']/@value)"
        )
        == "科長"
    )
    assert page.xpath(f"//tr[@id='member-{member.pk}']//form/@hx-post") == [
        url("member_edit", small_mission, member.pk)
    ]


def test_a_traveller_saved_from_a_stale_form_is_refused_with_409(small_mission, cast):
    member = DelegationMember.objects.get(name="林怡君")
    stale = member_data(member, title="科長（代理）")
    client_for(cast["colleague"]).post(
        url("member_edit", small_mission, member.pk), member_data(member, title="副處長")
    )
    response = client_for(cast["owner"]).post(
        url("member_edit", small_mission, member.pk), stale, **HTMX
    )
    assert response.status_code == 409
    page = tree(response)
    assert page.xpath(f"string(//input[@name='member-{member.pk}-title']/@value)") == "科長（代理）"
    assert texts(response, "//div[" + has_class("conflict") + "]") == [str(EditConflict.message)]
    assert DelegationMember.objects.get(pk=member.pk).title == "副處長"


def test_travellers_move_up_and_down(small_mission, cast):
    client = client_for(cast["owner"])
    third = services.add_member(user=cast["owner"], mission=small_mission, data={"name": "陳冠宇"})
    client.post(url("member_move", small_mission, third.pk), {"direction": "up"})
    assert [n for n, _ in members(small_mission)] == ["祝惠美", "陳冠宇", "林怡君"]
    client.post(url("member_move", small_mission, third.pk), {"direction": "up"})
    client.post(url("member_move", small_mission, third.pk), {"direction": "up"})
    assert [n for n, _ in members(small_mission)] == ["陳冠宇", "祝惠美", "林怡君"]
    response = client.post(
        url("member_move", small_mission, third.pk), {"direction": "down"}, **HTMX
    )
    assert texts(response, "//section[@id='delegation']//tbody/tr/td[2]") == [
        "祝惠美 團長",
        "陳冠宇",
        "林怡君",
    ]
    moves = AuditEntry.objects.filter(action="member.moved").count()
    assert moves == 3  # moving the first one further up changed nothing and is not recorded


def test_a_move_in_an_unknown_direction_is_a_bad_request(small_mission, cast):
    member = DelegationMember.objects.get(name="林怡君")
    response = client_for(cast["owner"]).post(
        url("member_move", small_mission, member.pk), {"direction": "sideways"}
    )
    assert response.status_code == 400


def test_a_traveller_is_removed_unless_changed_since(small_mission, cast):
    client = client_for(cast["owner"])
    member = DelegationMember.objects.get(name="林怡君")
    services.update_member(
        user=cast["colleague"], member=member, data={"title": "副處長"}, expected_version=1
    )
    refused = client.post(url("member_remove", small_mission, member.pk), {"version": 1}, **HTMX)
    assert refused.status_code == 409
    assert texts(refused, "//div[" + has_class("conflict") + "]") == [str(EditConflict.message)]
    assert members(small_mission) == [("祝惠美", True), ("林怡君", False)]
    removed = client.post(url("member_remove", small_mission, member.pk), {"version": 2})
    assert removed.status_code == 302
    assert members(small_mission) == [("祝惠美", True)]
    entry = AuditEntry.objects.filter(action="member.removed").get()
    assert (entry.object_id, entry.summary) == (member.pk, "林怡君")


# ----- The itinerary -----


def dates(mission) -> list[dt.date]:
    return list(ItineraryDay.objects.filter(mission=mission).values_list("date", flat=True))


def test_a_day_is_added_inside_the_period(small_mission, cast):
    response = client_for(cast["owner"]).post(
        url("day_add", small_mission),
        {
            "day-new-date": "115 年 4 月 27 日",
            "day-new-countries": "日本",
            "day-new-places": "東京",
        },
    )
    assert response["Location"] == url("edit", small_mission) + "#itinerary"
    assert dates(small_mission) == [dt.date(2026, 4, 26), dt.date(2026, 4, 27)]
    day = ItineraryDay.objects.get(date=dt.date(2026, 4, 27))
    assert (day.countries, day.places) == (["JP"], ["東京"])


def test_a_day_outside_the_period_is_refused_with_the_period_in_the_message(small_mission, cast):
    response = client_for(cast["owner"]).post(
        url("day_add", small_mission), {"day-new-date": "2026-05-01"}, **HTMX
    )
    assert response.status_code == 422
    assert response.context["day_add_form"].errors == {
        "date": ["115/5/1 不在出國期間（115/4/26 至 115/4/30）內。"]
    }
    assert tree(response).xpath("string(//input[@name='day-new-date']/@value)") == "2026-05-01"
    assert dates(small_mission) == [dt.date(2026, 4, 26)]


def test_a_second_day_on_the_same_date_is_refused(small_mission, cast):
    response = client_for(cast["owner"]).post(
        url("day_add", small_mission), {"day-new-date": "115/4/26"}
    )
    assert response.status_code == 200
    assert response.context["day_add_form"].errors == {
        "date": ["115/4/26 已有行程，一天只能有一筆。"]
    }


def test_moving_a_day_to_another_date_moves_its_items_instants(small_mission, cast):
    day = ItineraryDay.objects.get(mission=small_mission)
    response = client_for(cast["owner"]).post(
        url("day_edit", small_mission, day.pk),
        {
            f"day-{day.pk}-date": "115/4/27",
            f"day-{day.pk}-version": 1,
            f"day-{day.pk}-heading": "出發",
        },
    )
    assert response.status_code == 302
    flight = ItineraryItem.objects.get(flight_number="CI220")
    assert (flight.starts_at.isoformat(), flight.ends_at.isoformat()) == (
        "2026-04-27T01:00:00+00:00",
        "2026-04-27T03:55:00+00:00",
    )
    assert ItineraryDay.objects.get(pk=day.pk).heading == "出發"


def test_removing_a_day_removes_its_items(small_mission, cast):
    day = ItineraryDay.objects.get(mission=small_mission)
    response = client_for(cast["owner"]).post(
        url("day_remove", small_mission, day.pk), {"version": 1}
    )
    assert response.status_code == 302
    assert (dates(small_mission), ItineraryItem.objects.count()) == ([], 0)
    entry = AuditEntry.objects.filter(action="day.removed").get()
    assert entry.details == {
        "items": ["搭乘華航 CI220 班機啟程前往日本東京", "考察東京臨海廣域防災公園"]
    }


def item_data(prefix: str, **values) -> dict:
    return {f"{prefix}-{key}": value for key, value in values.items()}


def test_an_item_is_added_with_its_local_times_and_zones(small_mission, cast):
    day = ItineraryDay.objects.get(mission=small_mission)
    response = client_for(cast["owner"]).post(
        url("item_add", small_mission, day.pk),
        item_data(
            f"item-new-{day.pk}",
            kind="meeting",
            text="拜會東京都副知事",
            place="東京都廳",
            start_time="15:00",
            start_timezone="Asia/Tokyo",
            end_time="16:00",
        ),
    )
    assert response.status_code == 302
    item = ItineraryItem.objects.get(text="拜會東京都副知事")
    assert (item.position, item.place, item.end_timezone) == (2, "東京都廳", "")
    assert (item.starts_at.isoformat(), item.ends_at.isoformat()) == (
        "2026-04-26T06:00:00+00:00",
        "2026-04-26T07:00:00+00:00",
    )


def test_the_new_item_form_lists_cities_with_offsets_and_starts_from_the_places(
    small_mission, cast
):
    day = ItineraryDay.objects.get(mission=small_mission)
    client = client_for(cast["owner"])
    panel = tree(client.get(url("item_add", small_mission, day.pk), **HTMX))
    select = f"//select[@name='item-new-{day.pk}-start_timezone']"
    assert panel.xpath(f"string({select}/option[@selected]/@value)") == ""
    assert panel.xpath(f"string({select}/option[1])") == "依地點自動"
    assert [
        panel.xpath(f"string({select}/option[@value='{zone}'])")
        for zone in ("Asia/Taipei", "Asia/Seoul", "Asia/Tokyo", "Asia/Kolkata", "Europe/Riga")
    ] == ["臺北 UTC+8", "首爾 UTC+9", "東京 UTC+9", "加爾各答 UTC+5:30", "里加 UTC+3"]
    assert panel.xpath(f"count({select}/option[@value='ROC' or @value='Etc/GMT-8'])") == 0
    search = f"//input[@data-select-filter='id_item-new-{day.pk}-start_timezone'][@hidden]"
    assert panel.xpath(f"count({search})") == 1  # shown by envoy.js


def test_the_new_item_form_is_loaded_when_its_panel_is_opened(small_mission, cast):
    day = ItineraryDay.objects.get(mission=small_mission)
    client = client_for(cast["owner"])
    add = url("item_add", small_mission, day.pk)
    page = tree(client.get(url("edit", small_mission)))
    panel = page.xpath(f"//li[@id='day-{day.pk}']/details")[0]
    assert (panel.get("hx-get"), panel.get("hx-trigger"), panel.get("open")) == (
        add,
        "toggle once",
        None,
    )
    assert panel.xpath(".//form") == []
    # Opened, the panel comes back open with the form in it.
    response = client.get(add, **HTMX)
    assert response.status_code == 200
    opened = tree(response)
    assert (opened.tag, opened.get("open")) == ("details", "")
    assert opened.xpath("//form/@hx-post") == [add]
    assert opened.xpath("//textarea/@name") == [f"item-new-{day.pk}-text"]


@pytest.mark.parametrize(
    ("name", "section", "field"),
    [("member_add", "delegation", "member-new-name"), ("day_add", "itinerary", "day-new-date")],
)
def test_the_forms_for_a_new_traveller_or_day_are_loaded_when_opened(
    small_mission, cast, name, section, field
):
    client = client_for(cast["owner"])
    add = url(name, small_mission)
    page = tree(client.get(url("edit", small_mission)))
    panel = page.xpath(f"//section[@id='{section}']/details")[0]
    assert (panel.get("hx-get"), panel.get("hx-trigger"), panel.get("open")) == (
        add,
        "toggle once",
        None,
    )
    assert panel.xpath(".//form") == []
    assert panel.xpath(".//a/@href") == [f"{add}#{section}"]
    opened = tree(client.get(add, **HTMX))
    assert (opened.tag, opened.get("open")) == ("details", "")
    assert opened.xpath("//form/@hx-post") == [add]
    assert opened.xpath(f"//input[@name='{field}']/@name") == [field]
    # Without JavaScript: the page, with the panel open.
    page = tree(client.get(add))
    assert page.xpath(f"//section[@id='{section}']/details/@open") == [""]
    assert page.xpath(f"//section[@id='{section}']/details//form/@action") == [add]


def test_a_new_day_is_proposed_on_the_first_free_date_of_the_period(small_mission, cast):
    panel = tree(client_for(cast["owner"]).get(url("day_add", small_mission), **HTMX))
    # 115/4/26 has its day already.
    assert panel.xpath("string(//input[@name='day-new-date']/@value)") == "115/4/27"


def test_without_javascript_the_new_item_link_opens_the_page_with_the_form(small_mission, cast):
    day = ItineraryDay.objects.get(mission=small_mission)
    add = url("item_add", small_mission, day.pk)
    page = tree(client_for(cast["owner"]).get(url("edit", small_mission)))
    assert page.xpath(f"//li[@id='day-{day.pk}']/details//a/@href") == [f"{add}#day-{day.pk}"]
    response = client_for(cast["owner"]).get(add)
    assert response.status_code == 200
    page = tree(response)
    assert page.xpath(f"//li[@id='day-{day.pk}']/details/@open") == [""]
    assert page.xpath(f"//li[@id='day-{day.pk}']/details//form/@action") == [add]


def test_the_flight_of_the_seed_is_accepted_across_zones(small_mission, cast):
    flight = ItineraryItem.objects.get(flight_number="CI220")
    response = client_for(cast["owner"]).post(
        url("item_edit", small_mission, flight.pk),
        item_data(
            f"item-{flight.pk}",
            kind="flight",
            text=flight.text,
            start_time="09:00",
            start_timezone="Asia/Taipei",
            end_time="12:55",
            end_timezone="Asia/Tokyo",
            flight_number="CI220",
            origin="台北松山機場",
            destination="東京羽田機場",
            version=1,
        ),
    )
    assert response.status_code == 302
    assert ItineraryItem.objects.get(pk=flight.pk).version == 2


def test_an_arrival_earlier_in_utc_than_the_departure_is_refused(small_mission, cast):
    """10:00 in Taipei is 02:00 UTC; 10:30 in Tokyo is 01:30 UTC: it would land before it left."""
    day = ItineraryDay.objects.get(mission=small_mission)
    prefix = f"item-new-{day.pk}"
    values = {
        "kind": "flight",
        "text": "搭機",
        "start_time": "10:00",
        "start_timezone": "Asia/Taipei",
        "end_time": "10:30",
        "end_timezone": "Asia/Tokyo",
    }
    response = client_for(cast["owner"]).post(
        url("item_add", small_mission, day.pk), item_data(prefix, **values), **HTMX
    )
    assert response.status_code == 422
    assert response.context["days"][0].item_add_form.errors == {
        "end_time": [
            "結束時間必須晚於開始時間（換算為世界協調時間比較：開始 02:00 UTC，結束 01:30 UTC）。跨日的行程請填寫結束日期。"
        ]
    }
    assert tree(response).xpath(f"//li[@id='day-{day.pk}']/details/@open") == [""]
    # Ending on the next day, it is a long flight: accepted.
    accepted = client_for(cast["owner"]).post(
        url("item_add", small_mission, day.pk),
        item_data(prefix, **values, end_date="115/4/27"),
    )
    assert accepted.status_code == 302
    item = ItineraryItem.objects.get(text="搭機")
    assert item.ends_at - item.starts_at == dt.timedelta(hours=23, minutes=30)


def test_an_end_before_the_start_in_the_same_zone_is_refused(small_mission, cast):
    item = ItineraryItem.objects.get(flight_number="CI220")
    response = client_for(cast["owner"]).post(
        url("item_edit", small_mission, item.pk),
        item_data(
            f"item-{item.pk}",
            kind="flight",
            text=item.text,
            start_time="09:00",
            start_timezone="Asia/Taipei",
            end_time="08:00",
            version=1,
        ),
    )
    assert response.status_code == 200
    form = next(i.form for i in response.context["days"][0].items.all() if i.pk == item.pk)
    assert list(form.errors) == ["end_time"]
    assert (
        tree(response).xpath(f"string(//input[@name='item-{item.pk}-end_time']/@value)") == "08:00"
    )
    assert ItineraryItem.objects.get(pk=item.pk).end_time == dt.time(12, 55)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (
            {"start_time": "09:00", "start_timezone": "Tokyo"},
            {"start_timezone": ["「Tokyo」不是時區名稱，請從清單選擇，例如 Asia/Tokyo。"]},
        ),
        ({"start_time": "09:00"}, {"start_timezone": ["填寫開始時間時，請一併選擇時區。"]}),
        ({"end_time": "09:00"}, {"end_timezone": ["填寫結束時間時，請一併選擇時區。"]}),
        (
            {"end_date": "115/4/25"},
            {"end_date": ["結束日期不能早於這一天（115/4/26）。"]},
        ),
    ],
)
def test_times_need_a_real_zone_and_a_sensible_date(small_mission, cast, values, expected):
    day = ItineraryDay.objects.get(mission=small_mission)
    response = client_for(cast["owner"]).post(
        url("item_add", small_mission, day.pk),
        item_data(f"item-new-{day.pk}", kind="visit", text="參訪", **values),
    )
    assert response.context["days"][0].item_add_form.errors == expected
    assert ItineraryItem.objects.filter(text="參訪").count() == 0


def test_items_move_within_their_day(small_mission, cast):
    client = client_for(cast["owner"])
    visit = ItineraryItem.objects.get(kind="visit")
    response = client.post(url("item_move", small_mission, visit.pk), {"direction": "up"}, **HTMX)
    assert response.status_code == 200
    assert texts(
        response, "//ol[" + has_class("edit-items") + "]//span[" + has_class("item-text") + "]"
    ) == [
        "考察東京臨海廣域防災公園",
        "搭乘華航 CI220 班機啟程前往日本東京",
    ]


def test_an_item_is_removed_unless_changed_since(small_mission, cast):
    client = client_for(cast["owner"])
    visit = ItineraryItem.objects.get(kind="visit")
    stale = client.post(url("item_remove", small_mission, visit.pk), {"version": 5})
    assert stale.status_code == 409
    assert texts(stale, "//div[" + has_class("conflict") + "]") == [str(EditConflict.message)]
    assert (
        client.post(url("item_remove", small_mission, visit.pk), {"version": 1}).status_code == 302
    )
    assert list(ItineraryItem.objects.values_list("kind", flat=True)) == ["flight"]


def test_the_itinerary_section_alone_answers_htmx_to_cancel_an_edit(small_mission, cast):
    response = client_for(cast["owner"]).get(url("itinerary", small_mission), **HTMX)
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<section id="itinerary"')


def test_every_change_is_recorded_in_the_audit_trail(small_mission, cast):
    assert list(
        AuditEntry.objects.filter(mission_id=small_mission.pk)
        .order_by("id")
        .values_list("action", flat=True)
    ) == [
        "mission.created",
        "member.added",
        "member.added",
        "day.added",
        "item.added",
        "item.added",
    ]


def queries_for_edit_page(user, mission) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(user)
    client.get(url("edit", mission))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url("edit", mission)).status_code == 200
    return len(queries)


def test_the_editing_page_takes_as_many_queries_for_the_seed_as_for_a_small_mission(
    mission_report, small_mission, cast
):
    seed = mission_report.mission
    services.add_member(user=cast["officer"], mission=seed, data={"name": "祝惠美"})
    services.add_member(user=cast["officer"], mission=seed, data={"name": "林怡君"})
    services.add_member(user=cast["officer"], mission=seed, data={"name": "陳冠宇"})
    small = queries_for_edit_page(cast["officer"], small_mission)
    assert queries_for_edit_page(cast["officer"], seed) == small


def test_in_english_the_removal_questions_keep_their_quotes_inside_the_attribute(
    small_mission, cast
):
    """The English questions quote what is removed (Remove "…"?): each is escaped whole,
    so that its quotes do not end the hx-confirm attribute."""
    owner = cast["owner"]
    owner.language = "en"
    owner.save(update_fields=["language"])
    page = tree(client_for(owner).get(url("edit", small_mission)))
    questions = page.xpath("//*[@hx-confirm]/@hx-confirm")
    assert questions == [
        'Remove "祝惠美"?',
        'Remove "林怡君"?',
        "Delete 2026-04-26 and its 2 itinerary items?",
        'Delete "搭乘華航 CI220 班機啟程前往日本東京"?',
        'Delete "考察東京臨海廣域防災公園"?',
    ]
