"""The hosting page of a visit, its forms, who may see and change what, and its queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from lxml import html

from envoy.core.models import AuditEntry
from envoy.hosting import services
from envoy.hosting.models import Gift, Host, TransportLeg, Visitor
from envoy.missions import services as missions
from envoy.relations import services as relations
from envoy.relations.models import Interaction, Network, Person
from tests.conftest import client_for


def texts(response, xpath: str) -> list[str]:
    tree = html.fromstring(response.content.decode())
    return [" ".join(node.text_content().split()) for node in tree.xpath(xpath)]


def url(visit, name: str = "visit", *args) -> str:
    return reverse(f"hosting:{name}", args=[visit.pk, *args])


@pytest.mark.django_db
def test_the_page_lists_visitors_by_precedence_with_their_needs_and_the_seating(visit, cast):
    response = client_for(cast["owner"]).get(url(visit))
    assert response.status_code == 200
    assert texts(response, "//section[@id='visitors']//td[contains(@class,'member-name')]") == [
        "山田太郎 Taro Yamada 團長",
        "Ahmad Rahman",
        "김민준 Minjun Kim",
    ]
    assert texts(response, "//section[@id='visitors']//td[@data-label='飲食需求']") == [
        "",
        "清真",
        "蛋奶素",
    ]
    assert texts(response, "//section[@id='seating']//li") == [
        "左 2 祝惠美",
        "左 1 Ahmad Rahman",
        "主位 林市長",
        "右 1 山田太郎",
        "右 2 김민준",
    ]
    assert texts(response, "//section[@id='catering']//li/strong") == [
        "115/10/5 午宴",
        "115/10/6 歡送晚宴",
    ]
    assert texts(response, "//section[@id='catering']/ul/li[1]/ul/li") == [
        "Ahmad Rahman：清真、對堅果過敏",
        "김민준：蛋奶素",
    ]


@pytest.mark.django_db
def test_a_viewer_reads_the_visit_without_its_visitors_dietary_needs(visit, cast):
    response = client_for(cast["viewer"]).get(url(visit))
    assert response.status_code == 200
    assert texts(response, "//section[@id='catering']") == []
    assert "清真" not in response.content.decode()
    assert texts(response, "//section[@id='print']//a") == [
        "接待行程（PDF）",
        "名牌（PDF）",
        "桌牌（PDF）",
        "座位表（PDF）",
        "歡迎手冊（PDF）",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who, status",
    [("officer", 200), ("owner", 200), ("colleague", 200), ("outsider", 404), ("reviewer", 200),
     ("viewer", 200), ("admin", 200), ("anonymous", 302)],
)  # fmt: skip
def test_who_may_open_the_visit(visit, cast, who, status):
    assert client_for(cast[who]).get(url(visit)).status_code == status


@pytest.mark.django_db
def test_a_trip_abroad_has_no_hosting_page(cast, bureaus):
    trip = missions.create_mission(
        user=cast["owner"],
        title="赴東京",
        start_date=dt.date(2026, 4, 26),
        end_date=dt.date(2026, 4, 30),
        bureau=bureaus["secretariat"],
    )
    assert (
        client_for(cast["owner"]).get(reverse("hosting:visit", args=[trip.pk])).status_code == 404
    )


@pytest.mark.django_db
def test_the_mission_page_of_a_visit_links_to_its_hosting(visit, cast):
    response = client_for(cast["owner"]).get(reverse("missions:detail", args=[visit.pk]))
    assert texts(response, f"//a[@href='{url(visit)}']") == ["來訪接待"]


@pytest.mark.django_db
@pytest.mark.parametrize("who, status", [("viewer", 403), ("reviewer", 403), ("outsider", 404)])
def test_only_those_who_may_change_the_visit_change_its_hosting(visit, cast, who, status):
    client = client_for(cast[who])
    assert client.get(url(visit, "host_add")).status_code == status
    response = client.post(url(visit, "host_add"), {"role": "host", "name": "某人"})
    assert response.status_code == status
    assert Host.objects.filter(name="某人").count() == 0


@pytest.mark.django_db
def test_a_visitor_s_needs_are_kept_from_the_form(visit, cast):
    member = visit.members.get(name="김민준")
    client = client_for(cast["owner"])
    assert client.get(url(visit, "visitor", member.pk)).status_code == 200
    response = client.post(
        url(visit, "visitor", member.pk),
        {
            "name_native": "김민준",
            "name_en": "Minjun Kim",
            "precedence": "3",
            "diets": ["vegan", "gluten_free"],
            "allergies": "花生",
            "version": Visitor.objects.get(member=member).version,
        },
    )
    assert response.status_code == 302
    visitor = Visitor.objects.get(member=member)
    assert (visitor.diets, visitor.allergies) == (["vegan", "gluten_free"], "花生")
    assert AuditEntry.objects.filter(action="visitor.updated", mission_id=visit.pk).count() == 4


@pytest.mark.django_db
def test_a_bad_precedence_is_refused_with_a_message_and_nothing_saved(visit, cast):
    member = visit.members.get(name="김민준")
    response = client_for(cast["owner"]).post(
        url(visit, "visitor", member.pk), {"precedence": "first", "diets": ["nothing"]}
    )
    assert response.status_code == 422
    assert len(texts(response, "//ul[@class='errorlist']")) == 2
    assert Visitor.objects.get(member=member).diets == ["vegetarian"]


@pytest.mark.django_db
def test_hosts_transport_and_gifts_are_added_changed_and_removed(visit, cast):
    client = client_for(cast["owner"])
    response = client.post(
        url(visit, "transport_add"),
        {"date": "115/10/5", "departs_at": "09:30", "origin": "圓山飯店", "destination": "市政府",
         "kind": "coach", "vehicle": "KAA-1234"},
    )  # fmt: skip
    assert response.status_code == 302
    leg = TransportLeg.objects.get(mission=visit)
    assert (leg.date, leg.vehicle) == (dt.date(2026, 10, 5), "KAA-1234")
    response = client.post(
        url(visit, "transport_edit", leg.pk),
        {"date": "2026-10-06", "origin": "圓山飯店", "destination": "機場", "kind": "car",
         "version": leg.version},
    )  # fmt: skip
    assert response.status_code == 302
    leg.refresh_from_db()
    assert (leg.date, leg.destination) == (dt.date(2026, 10, 6), "機場")
    assert client.get(url(visit, "transport_delete", leg.pk)).status_code == 405
    removal = {"version": leg.version}
    assert client.post(url(visit, "transport_delete", leg.pk), removal).status_code == 302
    assert not TransportLeg.objects.filter(mission=visit).exists()
    host = Host.objects.get(name="陳譯員")
    removal = {"version": host.version}
    assert client.post(url(visit, "host_delete", host.pk), removal).status_code == 302
    assert list(Host.objects.filter(mission=visit).values_list("name", flat=True)) == [
        "林市長",
        "祝惠美",
    ]


@pytest.mark.django_db
def test_a_removal_asked_from_an_older_page_is_refused(visit, cast):
    host = Host.objects.get(name="陳譯員")
    seen = host.version
    services.save_host(
        user=cast["owner"], mission=visit, host=host,
        data={"role": host.role, "name": host.name, "title": "口譯"},
    )  # fmt: skip
    client = client_for(cast["owner"])
    # Someone changed the host after the page was drawn: nothing is removed, and said why.
    response = client.post(url(visit, "host_delete", host.pk), {"version": seen})
    assert response.status_code == 409
    assert "已被其他人修改或刪除" in response.content.decode()
    assert Host.objects.filter(pk=host.pk).exists()
    # No version (an old page, a hand-made request) removes nothing either.
    assert client.post(url(visit, "host_delete", host.pk)).status_code == 409
    host.refresh_from_db()
    assert (
        client.post(url(visit, "host_delete", host.pk), {"version": host.version}).status_code
        == 302
    )
    # Removed already (a second click, another tab): said, not a 404.
    response = client.post(url(visit, "host_delete", host.pk), {"version": host.version})
    assert response.status_code == 409
    assert not Host.objects.filter(pk=host.pk).exists()


@pytest.mark.django_db
def test_a_row_of_another_visit_is_not_found(visit, cast, bureaus):
    other = missions.create_mission(
        user=cast["owner"],
        title="首爾訪問團",
        start_date=dt.date(2026, 11, 1),
        end_date=dt.date(2026, 11, 2),
        bureau=bureaus["secretariat"],
        direction="inbound",
    )
    host = Host.objects.get(name="林市長")
    client = client_for(cast["owner"])
    assert client.get(reverse("hosting:host_edit", args=[other.pk, host.pk])).status_code == 404
    assert client.post(reverse("hosting:host_delete", args=[other.pk, host.pk])).status_code == 404
    assert Host.objects.filter(pk=host.pk).exists()


# ----- the gift register and the ethics rule -----


def gift_data(**extra) -> dict:
    return {
        "direction": "received",
        "date": "115/10/5",
        "description": "江戶切子酒杯",
        "counterpart": "山田太郎局長",
        "our_person": "林市長",
    } | extra


@pytest.mark.django_db
def test_a_gift_over_500_dollars_is_flagged_until_reported(visit, cast):
    client = client_for(cast["owner"])
    assert client.post(url(visit, "gift_add"), gift_data(value_ntd="3000")).status_code == 302
    gift = Gift.objects.get(mission=visit)
    assert (gift.needs_report, gift.report_due, gift.report_missing) == (
        True,
        dt.date(2026, 10, 8),
        True,
    )
    response = client.get(url(visit))
    assert texts(
        response, "//section[@id='gifts']//tr[@class='overdue']//span[@class='badge overdue']"
    ) == ["須於 115/10/8 前知會政風單位"]
    client.post(
        url(visit, "gift_edit", gift.pk),
        gift_data(
            value_ntd="3000", handling="public", reported_on="115/10/6", version=gift.version
        ),
    )
    gift.refresh_from_db()
    assert (gift.handling, gift.report_missing) == ("public", False)


@pytest.mark.django_db
def test_a_gift_over_the_limit_or_unvalued_may_not_simply_be_kept(visit, cast):
    client = client_for(cast["owner"])
    for value in ("501", ""):
        response = client.post(url(visit, "gift_add"), gift_data(value_ntd=value, handling="kept"))
        assert response.status_code == 422
        assert "不得逕行留存" in texts(response, "//ul[@class='errorlist']")[0]
    assert not Gift.objects.exists()
    assert (
        client.post(url(visit, "gift_add"), gift_data(value_ntd="500", handling="kept")).status_code
        == 302
    )
    assert Gift.objects.get().needs_report is False


@pytest.mark.django_db
def test_a_gift_given_needs_no_report_and_no_handling(visit, cast):
    gift = services.save_gift(
        user=cast["owner"],
        mission=visit,
        gift=None,
        data={"direction": "given", "date": dt.date(2026, 10, 5), "description": "新北燈籠",
              "counterpart": "山田太郎", "value_ntd": 2500, "handling": "returned"},
    )  # fmt: skip
    assert (gift.needs_report, gift.handling) == (False, "pending")


@pytest.mark.django_db
def test_a_report_before_the_gift_is_refused(visit, cast):
    response = client_for(cast["owner"]).post(
        url(visit, "gift_add"), gift_data(value_ntd="800", reported_on="115/10/1")
    )
    assert response.status_code == 422
    assert texts(response, "//ul[@class='errorlist']") == ["知會日期不可早於受贈日期。"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "recipient, value, may_keep",
    [
        ("person", "500", True),
        ("person", "501", False),
        ("person", "1000", False),
        ("person", "", False),
        ("agency", "500", True),
        ("agency", "501", True),
        ("agency", "1000", True),
        ("agency", "1001", False),
        ("agency", "", False),
    ],
)
def test_a_gift_to_many_of_the_office_may_be_kept_up_to_1000_dollars_in_all(
    visit, cast, recipient, value, may_keep
):
    client = client_for(cast["owner"])
    data = gift_data(value_ntd=value, recipient=recipient, handling="kept")
    response = client.post(url(visit, "gift_add"), data)
    if may_keep:
        assert response.status_code == 302
        gift = Gift.objects.get(mission=visit)
        assert (gift.recipient, gift.handling, gift.needs_report) == (recipient, "kept", False)
        return
    assert response.status_code == 422
    limit = "1,000" if recipient == "agency" else "500"
    assert texts(response, "//ul[@class='errorlist']")[0].startswith(
        f"市價超過新臺幣 {limit} 元（或尚未估價）的受贈禮品不得逕行留存"
    )
    assert not Gift.objects.exists()
    # Recorded as pending, it is flagged for a report within three days.
    data["handling"] = ""
    assert client.post(url(visit, "gift_add"), data).status_code == 302
    gift = Gift.objects.get(mission=visit)
    assert (gift.needs_report, gift.report_due) == (True, dt.date(2026, 10, 8))


@pytest.mark.django_db
def test_the_register_says_when_a_gift_went_to_many_of_the_office(visit, cast):
    client = client_for(cast["owner"])
    client.post(url(visit, "gift_add"), gift_data(value_ntd="900", recipient="agency"))
    client.post(url(visit, "gift_add"), gift_data(value_ntd="400", description="書籤"))
    response = client.get(url(visit))
    cells = "//section[@id='gifts']//td[@data-label='致贈或受贈']"
    assert texts(response, cells) == ["受贈機關內多數人", "受贈"]
    assert texts(response, cells + "/span[@class='muted']") == ["機關內多數人"]
    assert not texts(response, "//section[@id='gifts']//span[@class='badge overdue']")


@pytest.mark.django_db
def test_a_gift_given_has_no_recipient_of_ours(visit, cast):
    gift = services.save_gift(
        user=cast["owner"],
        mission=visit,
        gift=None,
        data={"direction": "given", "date": dt.date(2026, 10, 5), "description": "新北燈籠",
              "counterpart": "山田太郎", "value_ntd": 900, "recipient": "agency"},
    )  # fmt: skip
    assert (gift.recipient, gift.needs_report) == ("person", False)


# ----- relations: people, follow-ups, the city's and network's pages -----


@pytest.mark.django_db
def test_a_visitor_is_linked_to_the_person_already_recorded_or_a_new_one(visit, cast):
    koike = relations.create_person(user=cast["owner"], data={"name": "山田太郎", "country": "JP"})
    client = client_for(cast["owner"])
    head, halal = visit.members.get(name="山田太郎"), visit.members.get(name="Ahmad Rahman")
    assert client.post(url(visit, "visitor_person", head.pk)).status_code == 302
    assert client.post(url(visit, "visitor_person", halal.pk)).status_code == 302
    assert Visitor.objects.get(member=head).person == koike
    ahmad = Visitor.objects.get(member=halal).person
    assert (ahmad.name, ahmad.name_latin, ahmad.country, ahmad.city.name) == (
        "Ahmad Rahman",
        "Ahmad Rahman",
        "JP",
        "東京",
    )
    assert Person.objects.count() == 2


@pytest.mark.django_db
def test_a_follow_up_after_the_visit_is_a_meeting_in_the_city_s_relations(visit, cast):
    head = visit.members.get(name="山田太郎")
    response = client_for(cast["owner"]).post(
        url(visit, "follow_up_add"),
        {"fu-member": head.pk, "fu-follow_up": "寄送防災公園簡報", "fu-owner": cast["owner"].pk,
         "fu-due": "115/11/30"},
    )  # fmt: skip
    assert response.status_code == 302
    meeting = Interaction.objects.get()
    assert (meeting.person.name, meeting.mission, meeting.follow_up_due, meeting.met_by) == (
        "山田太郎",
        visit,
        dt.date(2026, 11, 30),
        "市長林市長、處長祝惠美",
    )
    page = client_for(cast["owner"]).get(url(visit))
    assert texts(page, "//section[@id='follow-ups']//li/a") == ["山田太郎"]


@pytest.mark.django_db
def test_an_empty_follow_up_is_refused(visit, cast):
    head = visit.members.get(name="山田太郎")
    response = client_for(cast["owner"]).post(
        url(visit, "follow_up_add"), {"fu-member": head.pk, "fu-follow_up": " "}
    )
    assert response.status_code == 422
    assert not Interaction.objects.exists()


@pytest.mark.django_db
def test_the_visit_shows_on_the_page_of_the_visitors_city_and_of_its_network(visit, cast):
    tokyo = visit.hosting.visitor_city
    gnets = Network.objects.create(name="全球永續發展城市網絡", abbreviation="G-NETS")
    relations.join_network(user=cast["owner"], network=gnets, city=tokyo, since_year=2022)
    for page in (
        reverse("relations:city", args=[tokyo.pk]),
        reverse("relations:network", args=[gnets.pk]),
    ):
        response = client_for(cast["owner"]).get(page)
        assert texts(response, "//section[@aria-label='來訪接待']//tbody/tr/td") == [
            "東京都環境局訪問團",
            "115/10/5–115/10/6",
            "東京都環境局",
            "秘書處",
            "市長林市長、處長祝惠美",
        ]
        # Not to someone who may not open the visit.
        response = client_for(cast["outsider"]).get(page)
        assert texts(response, "//section[@aria-label='來訪接待']") == []


# ----- queries -----


def count_queries(client, address: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


def grow(visit, owner, n: int) -> None:
    """``n`` more of everything the page lists."""
    for i in range(n):
        member = missions.add_member(user=owner, mission=visit, data={"name": f"來賓{i}"})
        services.save_visitor(user=owner, member=member, data={"diets": ["halal"]})
        services.link_visitor_person(user=owner, member=member)
        services.add_follow_up(user=owner, member=member, follow_up=f"回覆 {i}")
        services.save_host(
            user=owner, mission=visit, host=None, data={"name": f"陪同{i}", "precedence": 3 + i}
        )
        services.save_leg(
            user=owner,
            mission=visit,
            leg=None,
            data={"date": dt.date(2026, 10, 5), "origin": "A", "destination": "B"},
        )
        services.save_gift(
            user=owner,
            mission=visit,
            gift=None,
            data={
                "direction": "received",
                "date": dt.date(2026, 10, 5),
                "description": f"禮 {i}",
                "counterpart": "X",
                "value_ntd": 900,
            },
        )
        day = visit.days.first()
        missions.add_item(user=owner, day=day, data={"text": f"餐 {i}", "kind": "meal"})  # fmt: skip


@pytest.mark.django_db
def test_the_page_takes_the_same_number_of_queries_whatever_the_visit_holds(visit, cast):
    client = client_for(cast["owner"])
    client.get(url(visit))
    before = count_queries(client, url(visit))
    grow(visit, cast["owner"], 4)
    assert count_queries(client, url(visit)) == before
    assert before == 13


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["visitor", "host_add", "gift_add", "transport_add", "edit"])
def test_each_form_page_takes_a_fixed_number_of_queries(visit, cast, page):
    client = client_for(cast["owner"])
    args = [visit.members.first().pk] if page == "visitor" else []
    client.get(url(visit, page, *args))
    before = count_queries(client, url(visit, page, *args))
    grow(visit, cast["owner"], 3)
    assert count_queries(client, url(visit, page, *args)) == before


@pytest.mark.django_db
def test_the_hosting_facts_take_the_city_by_its_name_and_the_seating_layout(visit, cast):
    seoul = relations.get_or_create_city(user=cast["owner"], name="首爾", country="KR")
    client = client_for(cast["owner"])
    assert client.get(url(visit, "edit")).status_code == 200
    response = client.post(
        url(visit, "edit"),
        {
            "visitor_city_q": "首爾",
            "seating_layout": "meeting",
            "welcome_note": "歡迎蒞臨",
            "version": visit.hosting.version,
        },
    )
    assert response.status_code == 302
    visit.hosting.refresh_from_db()
    assert (visit.hosting.visitor_city, visit.hosting.seating_layout) == (seoul, "meeting")
    response = client.post(
        url(visit, "edit"), {"visitor_city_q": "不存在市", "seating_layout": "x"}
    )
    assert response.status_code == 422
    assert len(texts(response, "//ul[@class='errorlist']")) == 2
    page = client.get(url(visit))
    assert texts(page, "//section[@id='seating']/h3") == ["本府", "來賓"]


@pytest.mark.django_db
def test_the_table_size_chosen_on_the_form_seats_the_banquet_at_several_tables(visit, cast):
    client = client_for(cast["owner"])
    data = {"seating_layout": "banquet", "version": visit.hosting.version}
    for bad in ("3", "25", "ten"):
        response = client.post(url(visit, "edit"), data | {"table_size": bad})
        assert response.status_code == 422
        assert texts(response, "//div[contains(@class,'has-error')]//label") == ["每桌人數"]
    assert client.post(url(visit, "edit"), data | {"table_size": "4"}).status_code == 302
    visit.hosting.refresh_from_db()
    assert visit.hosting.table_size == 4
    page = client.get(url(visit))
    assert texts(page, "//section[@id='seating']/h3") == ["主桌", "第 2 桌"]
    assert texts(page, "//section[@id='seating']/ol[2]/li") == ["主位 祝惠美", "右 1 김민준"]
    assert "每桌 4 人以內分桌" in " ".join(texts(page, "//section[@id='seating']/p"))
    # Cleared, everyone sits at one table again.
    data["version"] = visit.hosting.version
    assert client.post(url(visit, "edit"), data | {"table_size": ""}).status_code == 302
    page = client.get(url(visit))
    assert texts(page, "//section[@id='seating']/h3") == ["主桌"]
