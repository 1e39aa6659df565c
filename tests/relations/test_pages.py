"""The relations pages: who may open them, what each role sees, search, timelines and the
number of queries a page takes."""

import datetime as dt

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from envoy.relations import services
from envoy.relations.models import (
    Agreement,
    City,
    Event,
    Interaction,
    Network,
    Organisation,
    Person,
    Presentation,
    SiteVisit,
)
from envoy.reports.services import create_mission_with_report
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

ROLES = ["officer", "owner", "colleague", "outsider", "reviewer", "viewer", "admin"]
WRITERS = ["officer", "owner", "colleague", "outsider", "admin"]
STAFF = ["officer", "owner", "colleague", "outsider", "reviewer", "admin"]
# The people and organisations below are held by the secretariat (their officer's bureau).
HOLDERS = ["officer", "owner", "colleague", "admin"]

# Koike's contact details and the notes of her meetings: staff only; her notes: her holders.
CONTACT = {
    "email": "koike@metro.tokyo.example.jp",
    "phone": "+81-3-5321-1111",
    "mobile": "+81-90-1234-5678",
    "address": "東京都新宿區西新宿二丁目8番1號",
    "website": "https://www.koike-office.example.jp/",
}
NOTES = "偏好以英語進行會談"
PRIVATE = {**CONTACT, "notes": NOTES}
MEETING_NOTES = "討論韌性城市與防災合作的後續交流"
ORGANISATION_NOTES = "窗口為國際部長室"


def outcome(response) -> int | str:
    """The status, or "sign-in" when an anonymous visitor is sent to sign in."""
    if response.status_code == 302 and response["Location"].startswith(reverse("login") + "?"):
        return "sign-in"
    return response.status_code


def texts(response, xpath: str) -> list[str]:
    """The text of each element ``xpath`` finds, white space squeezed."""
    tree = lxml.html.fromstring(response.content.decode())
    return [" ".join(element.text_content().split()) for element in tree.xpath(xpath)]


def values(response, xpath: str) -> list[str]:
    """The attribute values ``xpath`` finds."""
    return [str(value) for value in lxml.html.fromstring(response.content.decode()).xpath(xpath)]


def mission(owner, bureau, title: str, start: dt.date):
    return create_mission_with_report(
        user=owner,
        title=title,
        start_date=start,
        end_date=start + dt.timedelta(days=4),
        bureau=bureau,
    )


@pytest.fixture
def world(cast, bureaus):
    return build_world(cast, bureaus)


def build_world(cast, bureaus) -> dict:
    """Tokyo and the people the city met there.

    - the secretariat's 2026 summit mission (its meeting with Koike is hidden from editors of
      other bureaus) and public works' 2025 visit (hidden from the secretariat's editors);
    - Koike, Governor of Tokyo since 2016, with contact details, met three times: on each
      mission and once with no mission;
    - Māris Sprindžuks, Deputy Mayor of Riga;
    - G-NETS, founded by the Tokyo Metropolitan Government, Tokyo a member since 2022 and
      New Taipei since 2023, its 2026 summit in Tokyo attended by the secretariat's mission,
      its joint communiqué and the city's speech there.
    """
    officer = cast["officer"]
    summit = mission(
        cast["owner"],
        bureaus["secretariat"],
        "赴日本東京出席 2026 G-NETS 首長高峰會",
        dt.date(2026, 4, 26),
    )
    works = mission(
        cast["outsider"], bureaus["works"], "工務局赴東京考察下水道", dt.date(2025, 11, 1)
    )
    tokyo = City.objects.create(
        name="東京",
        name_en="Tokyo",
        country="JP",
        latitude=35.6895,
        longitude=139.69171,
        timezone="Asia/Tokyo",
        geonames_id=1850147,
    )
    tokyo.missions.add(summit)
    new_taipei = City.objects.create(name="新北", name_en="New Taipei", country="TW")
    riga = City.objects.create(name="里加", name_en="Riga", country="LV")
    metro = services.save_organisation(
        user=officer,
        organisation=Organisation(),
        data={
            "name": "東京都",
            "name_en": "Tokyo Metropolitan Government",
            "city": tokyo,
            "country": "JP",
            "kind": "city_government",
            "notes": ORGANISATION_NOTES,
        },
    )
    riga_council = services.get_or_create_organisation(user=officer, name="里加市政府", city=riga)
    koike = services.create_person(
        user=officer,
        data={
            "name": "小池百合子",
            "name_latin": "Yuriko Koike",
            "country": "JP",
            "city": tokyo,
            **PRIVATE,
        },
    )
    services.add_position(
        user=officer,
        person=koike,
        data={
            "title": "知事",
            "title_en": "Governor",
            "organisation": metro,
            "start_date": dt.date(2016, 7, 31),
        },
    )
    services.add_position(
        user=officer,
        person=koike,
        data={
            "title": "環境大臣",
            "start_date": dt.date(2005, 9, 21),
            "end_date": dt.date(2006, 9, 26),
        },
    )
    maris = services.create_person(
        user=officer, data={"name": "Māris Sprindžuks", "country": "LV", "city": riga}
    )
    services.add_position(
        user=officer, person=maris, data={"title": "副市長", "organisation": riga_council}
    )
    at_summit = services.record_interaction(
        user=officer,
        person=koike,
        data={
            "date": dt.date(2026, 4, 28),
            "mission": summit,
            "city": tokyo,
            "met_by": "祝惠美處長",
            "title_then": "東京都知事",
            "notes": MEETING_NOTES,
            "follow_up": "寄送新北市韌性城市簡報",
            "follow_up_owner": officer,
            "follow_up_due": dt.date(2026, 6, 30),
        },
    )
    on_works = services.record_interaction(
        user=officer,
        person=koike,
        data={
            "date": dt.date(2025, 11, 3),
            "mission": works,
            "city": tokyo,
            "met_by": "工務局局長",
        },
    )
    without_mission = services.record_interaction(
        user=officer, person=koike, data={"date": dt.date(2024, 1, 15), "met_by": "市長"}
    )
    gnets = services.get_or_create_network(
        user=officer,
        name="全球永續發展城市網絡",
        abbreviation="G-NETS",
        founded_year=2022,
        founder=metro,
    )
    services.join_network(user=officer, network=gnets, city=tokyo, since_year=2022)
    services.join_network(user=officer, network=gnets, city=new_taipei, since_year=2023)
    event = Event.objects.create(
        name="2026 G-NETS 首長高峰會",
        network=gnets,
        city=tokyo,
        theme="韌性城市",
        start_date=dt.date(2026, 4, 27),
        end_date=dt.date(2026, 4, 28),
    )
    event.missions.add(summit)
    communique = services.save_agreement(
        user=officer,
        agreement=Agreement(),
        data={
            "kind": "communique",
            "title": "2026 G-NETS 共同宣言",
            "date": dt.date(2026, 4, 28),
            "network": gnets,
            "event": event,
        },
        cities=[tokyo, new_taipei],
    )
    speaker = services.create_person(user=officer, data={"name": "祝惠美", "our_side": True})
    speech = Presentation.objects.create(
        title="綠動新北",
        title_en="Green Movement",
        speaker=speaker,
        event=event,
        mission=summit,
        date=dt.date(2026, 4, 28),
    )
    visit = SiteVisit.objects.create(
        mission=summit,
        name="東京臨海廣域防災公園",
        date=dt.date(2026, 4, 29),
        city=tokyo,
        lesson="防災體驗學習設施值得借鏡",
    )
    works_visit = SiteVisit.objects.create(
        mission=works, name="首都圈外郭放水路", date=dt.date(2025, 11, 2), city=tokyo
    )
    return {
        "summit": summit,
        "works": works,
        "tokyo": tokyo,
        "new_taipei": new_taipei,
        "riga": riga,
        "metro": metro,
        "koike": koike,
        "maris": maris,
        "speaker": speaker,
        "at_summit": at_summit,
        "on_works": on_works,
        "without_mission": without_mission,
        "gnets": gnets,
        "event": event,
        "communique": communique,
        "speech": speech,
        "visit": visit,
        "works_visit": works_visit,
    }


def pages(world) -> dict[str, str]:
    return {
        "people": reverse("relations:people"),
        "person": reverse("relations:person", args=[world["koike"].pk]),
        "organisations": reverse("relations:organisations"),
        "organisation": reverse("relations:organisation", args=[world["metro"].pk]),
        "cities": reverse("relations:cities"),
        "city": reverse("relations:city", args=[world["tokyo"].pk]),
        "networks": reverse("relations:networks"),
        "network": reverse("relations:network", args=[world["gnets"].pk]),
        "agreements": reverse("relations:agreements"),
        "agreement": reverse("relations:agreement", args=[world["communique"].pk]),
    }


def forms(world) -> dict[str, str]:
    koike = world["koike"]
    return {
        "person_create": reverse("relations:person_create"),
        "person_edit": reverse("relations:person_edit", args=[koike.pk]),
        "position_edit": reverse(
            "relations:position_edit", args=[koike.pk, koike.positions.first().pk]
        ),
        "meeting_create": reverse("relations:meeting_create"),
        "meeting_edit": reverse("relations:meeting_edit", args=[world["without_mission"].pk]),
        "organisation_create": reverse("relations:organisation_create"),
        "organisation_edit": reverse("relations:organisation_edit", args=[world["metro"].pk]),
        "city_create": reverse("relations:city_create"),
        "city_edit": reverse("relations:city_edit", args=[world["tokyo"].pk]),
        "network_create": reverse("relations:network_create"),
        "network_edit": reverse("relations:network_edit", args=[world["gnets"].pk]),
        "agreement_create": reverse("relations:agreement_create"),
        "agreement_edit": reverse("relations:agreement_edit", args=[world["communique"].pk]),
    }


# ----- Who may open what -----


def test_an_anonymous_visitor_is_sent_to_sign_in_from_every_page_and_form(world):
    client = client_for(None)
    urls = {
        **pages(world),
        **forms(world),
        "history": reverse("relations:person_history", args=[world["koike"].pk]),
        "duplicates": reverse("relations:duplicates"),
        "pick": reverse("relations:pick", args=["person"]) + "?q=小池",
    }
    assert {name: outcome(client.get(url)) for name, url in urls.items()} == {
        name: "sign-in" for name in urls
    }


@pytest.mark.parametrize("role", ROLES)
def test_every_signed_in_role_reads_every_page(world, cast, role):
    client = client_for(cast[role])
    assert {name: client.get(url).status_code for name, url in pages(world).items()} == {
        name: 200 for name in pages(world)
    }


# The forms of a person's or an organisation's record: for its holders.
HELD = {"person_edit", "position_edit", "organisation_edit"}


@pytest.mark.parametrize("role", ROLES)
def test_only_writers_open_the_forms_and_only_holders_those_of_held_records(world, cast, role):
    client = client_for(cast[role])
    expected = {
        name: 200 if role in (HOLDERS if name in HELD else WRITERS) else 403
        for name in forms(world)
    }
    assert {name: client.get(url).status_code for name, url in forms(world).items()} == expected


def test_the_pages_only_read_and_refuse_a_post(world, cast):
    client = client_for(cast["officer"])
    assert {name: client.post(url).status_code for name, url in pages(world).items()} == {
        name: 405 for name in pages(world)
    }


def test_a_record_that_does_not_exist_is_not_found(cast):
    client = client_for(cast["officer"])
    for name in ("person", "organisation", "city", "network", "agreement"):
        assert client.get(reverse(f"relations:{name}", args=[999])).status_code == 404


def test_the_main_menu_leads_to_the_relations_pages(cast):
    response = client_for(cast["viewer"]).get(reverse("missions:list"))
    assert texts(response, "//nav[@class='mainnav']/a") == [
        "任務與報告",
        "出國計畫",
        "國際關係",
        "建議事項追蹤",
        "人才庫",
        "國際參與機會",
        "搜尋",
    ]
    assert values(response, "//nav[@class='mainnav']/a[3]/@href") == [reverse("relations:people")]


# ----- Privacy -----


def test_a_viewer_sees_names_and_positions_but_never_contact_details_or_notes(world, cast):
    client = client_for(cast["viewer"])
    html = "".join(
        client.get(url).content.decode()
        for url in (pages(world)["person"], pages(world)["organisation"], pages(world)["people"])
    )
    assert "小池百合子" in html
    assert "知事" in html
    leaked = [
        value for value in (*PRIVATE.values(), MEETING_NOTES, ORGANISATION_NOTES) if value in html
    ]
    assert leaked == []
    assert "聯絡方式" not in html


@pytest.mark.parametrize("role", STAFF)
def test_staff_see_contact_details_and_holders_the_notes(world, cast, role):
    client = client_for(cast[role])
    person = client.get(pages(world)["person"]).content.decode()
    organisation = client.get(pages(world)["organisation"]).content.decode()
    assert [value for value in CONTACT.values() if value not in person] == []
    assert (NOTES in person, ORGANISATION_NOTES in organisation) == (role in HOLDERS,) * 2


def test_meetings_on_missions_a_user_may_not_open_are_absent(world, cast):
    def meetings(role: str) -> list[str]:
        response = client_for(cast[role]).get(pages(world)["person"])
        return values(response, "//li[contains(@class, 'meeting')]/@id")

    at_summit = f"meeting-{world['at_summit'].pk}"
    on_works = f"meeting-{world['on_works'].pk}"
    without = f"meeting-{world['without_mission'].pk}"
    assert meetings("officer") == [at_summit, on_works, without]
    assert meetings("viewer") == [at_summit, on_works, without]
    assert meetings("owner") == [at_summit, without]
    assert meetings("outsider") == [on_works, without]


def test_an_outsider_does_not_see_the_secretariats_meeting_or_mission_anywhere(world, cast):
    client = client_for(cast["outsider"])
    html = "".join(client.get(url).content.decode() for url in pages(world).values())
    assert MEETING_NOTES not in html
    assert "赴日本東京出席 2026 G-NETS 首長高峰會" not in html
    assert "東京臨海廣域防災公園" not in html
    assert "工務局赴東京考察下水道" in html
    response = client.get(reverse("relations:meeting_edit", args=[world["at_summit"].pk]))
    assert response.status_code == 404


def test_a_viewer_cannot_open_a_persons_history(world, cast):
    url = reverse("relations:person_history", args=[world["koike"].pk])
    assert client_for(cast["viewer"]).get(url).status_code == 403
    assert client_for(cast["reviewer"]).get(url).status_code == 200


# ----- The person page -----


def test_the_person_page_shows_names_positions_meetings_and_presentations(world, cast):
    response = client_for(cast["officer"]).get(pages(world)["person"])
    assert texts(response, "//h1") == ["小池百合子"]
    assert texts(response, "//ul[@class='positions']/li//span[@class='position-title']") == [
        "東京都知事",
        "環境大臣",
    ]
    assert texts(response, "//ul[@class='positions']/li//span[@class='period']") == [
        "105/7/31–",
        "94/9/21–95/9/26",
    ]
    assert texts(response, "//li[contains(@class, 'meeting')]/p[@class='moment-date']") == [
        "民國 115 年 4 月 28 日",
        "民國 114 年 11 月 3 日",
        "民國 113 年 1 月 15 日",
    ]
    # Due 115/6/30, not done: late.
    assert texts(
        response, "//dd[contains(@class, 'follow-up')]/span/span[contains(@class, 'badge')]"
    ) == ["逾期未完成"]
    summit_link = reverse("missions:detail", args=[world["summit"].pk])
    assert values(response, f"//li[@id='meeting-{world['at_summit'].pk}']//dd/a/@href") == [
        summit_link,
        reverse("relations:city", args=[world["tokyo"].pk]),
    ]

    speaker = client_for(cast["officer"]).get(
        reverse("relations:person", args=[world["speaker"].pk])
    )
    assert texts(speaker, "//section[@id='presentations']//li/strong") == ["綠動新北"]


# ----- Lists and search -----


def test_searching_people_folds_script_variants_and_diacritics(world, cast):
    client = client_for(cast["viewer"])

    def found(q: str) -> list[str]:
        response = client.get(reverse("relations:people"), {"q": q})
        return texts(response, "//table//td[@class='title-cell']/a")

    assert found("Maris") == ["Māris Sprindžuks"]
    assert found("sprindzuks maris") == ["Māris Sprindžuks"]
    assert found("koike") == ["小池百合子"]
    assert found("小池") == ["小池百合子"]
    assert found("nobody") == []


def test_searching_cities_finds_tai_written_either_way(world, cast):
    City.objects.create(name="臺北", name_en="Taipei", country="TW")
    response = client_for(cast["viewer"]).get(reverse("relations:cities"), {"q": "台北"})
    assert texts(response, "//table//td[@class='title-cell']/a") == ["臺北"]
    response = client_for(cast["viewer"]).get(reverse("relations:cities"), {"q": "tokyo"})
    assert texts(response, "//table//td[@class='title-cell']/a") == ["東京"]


def test_lists_are_paged_25_to_a_page(cast):
    Person.objects.bulk_create([Person(name=f"Person {n:02d}") for n in range(30)])
    client = client_for(cast["viewer"])
    first = client.get(reverse("relations:people"))
    second = client.get(reverse("relations:people"), {"page": 2})
    assert len(texts(first, "//table//td[@class='title-cell']")) == 25
    assert texts(second, "//table//td[@class='title-cell']") == [
        f"Person {n:02d}" for n in range(25, 30)
    ]
    assert texts(first, "//p[contains(@class, 'result-count')]") == ["共 30 筆，第 1 / 2 頁"]


def test_every_list_finds_its_records_by_name(world, cast):
    client = client_for(cast["viewer"])

    def found(name: str, q: str) -> list[str]:
        response = client.get(reverse(f"relations:{name}"), {"q": q})
        return texts(response, "//table//td[@class='title-cell']/a")

    assert found("organisations", "tokyo metropolitan") == ["東京都"]
    assert found("networks", "g-nets") == ["全球永續發展城市網絡（G-NETS）"]
    assert found("agreements", "共同宣言") == ["2026 G-NETS 共同宣言"]
    response = client.get(reverse("relations:agreements"), {"kind": "mou"})
    assert texts(response, "//table//td[@class='title-cell']/a") == []


# ----- Cities and networks -----


def test_the_city_page_shows_everything_that_touched_the_city_newest_first(world, cast):
    response = client_for(cast["officer"]).get(pages(world)["city"])
    today = world["koike"].created_at.astimezone(dt.timezone(dt.timedelta(hours=8))).date()
    roc_today = f"{today.year - 1911}/{today.month}/{today.day}"
    rows = list(
        zip(
            texts(response, "//ol[contains(@class, 'moments')]/li/p[@class='moment-date']"),
            texts(response, "//ol[contains(@class, 'moments')]/li/p[@class='moment-title']"),
            strict=True,
        )
    )
    # 小池百合子, met here, is dated by her meetings, not by when her record was made.
    assert rows == [
        ("115/4/29 參訪", "東京臨海廣域防災公園"),
        ("115/4/28 會面", "小池百合子"),
        ("115/4/28 共同宣言", "2026 G-NETS 共同宣言"),
        ("115/4/27 活動", "2026 G-NETS 首長高峰會"),
        ("115/4/26 任務", "赴日本東京出席 2026 G-NETS 首長高峰會"),
        ("114/11/3 會面", "小池百合子"),
        ("114/11/2 參訪", "首都圈外郭放水路"),
        ("114/11/1 任務", "工務局赴東京考察下水道"),
        # A founder (through 東京都) and a member: said once, as founder.
        ("2022 年 發起城市網絡", "全球永續發展城市網絡（G-NETS）"),
    ]
    assert roc_today  # (no record-dated line: everyone here has been met here)
    assert texts(response, "//span[@class='coordinates']") == ["35.6895, 139.6917"]


def test_a_city_that_founded_a_network_counts_it_and_records_sort_after_what_happened(world, cast):
    """Tokyo (through 東京都) founded a network it never joined; a Tokyo architect was
    recorded today and never met."""
    officer = cast["officer"]
    founded = services.get_or_create_network(
        user=officer, name="東京灣岸城市聯盟", founded_year=2019, founder=world["metro"]
    )
    kuma = services.create_person(
        user=officer, data={"name": "隈研吾", "country": "JP", "city": world["tokyo"]}
    )
    response = client_for(officer).get(pages(world)["city"])
    assert texts(response, "//ul[contains(@class, 'networks')]/li") == [
        "東京灣岸城市聯盟 2019 年發起",
        "全球永續發展城市網絡（G-NETS） 2022 年發起",
    ]
    rows = list(
        zip(
            texts(response, "//ol[contains(@class, 'moments')]/li/p[@class='moment-date']"),
            texts(response, "//ol[contains(@class, 'moments')]/li/p[@class='moment-title']"),
            strict=True,
        )
    )
    made = kuma.created_at.astimezone(dt.timezone(dt.timedelta(hours=8))).date()
    assert rows[-3:] == [
        ("2022 年 發起城市網絡", "全球永續發展城市網絡（G-NETS）"),
        ("2019 年 發起城市網絡", str(founded)),
        (f"建檔 {made.year - 1911}/{made.month}/{made.day} 建立聯絡人", "隈研吾"),
    ]


def test_the_network_page_shows_members_events_missions_agreements_and_presentations(world, cast):
    response = client_for(cast["officer"]).get(pages(world)["network"])
    assert texts(response, "//ul[contains(@class, 'members')]/li") == [
        "東京 2022 年加入",
        "新北 2023 年加入",
    ]
    assert texts(response, "//section[@id='events']//p[@class='moment-title']") == [
        "2026 G-NETS 首長高峰會"
    ]
    assert texts(response, "//section[@id='events']//li/p[last()]/a") == [
        "赴日本東京出席 2026 G-NETS 首長高峰會"
    ]
    assert texts(response, "//section[@id='agreements']//li/a") == ["2026 G-NETS 共同宣言"]
    assert texts(response, "//section[@id='presentations']//li/strong") == ["綠動新北"]


# ----- Queries -----


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def add_meetings(world, officer, how_many: int) -> None:
    for n in range(how_many):
        services.record_interaction(
            user=officer,
            person=world["koike"],
            data={
                "date": dt.date(2023, 1, 1 + n),
                "mission": world["summit"],
                "city": world["tokyo"],
                "follow_up": "回覆",
                "follow_up_owner": officer,
            },
        )
        Presentation.objects.create(
            title=f"簡報 {n}", event=world["event"], mission=world["summit"]
        )
        world["event"].missions.add(mission(officer, None, f"任務 {n}", dt.date(2023, 2, 1 + n)))


@pytest.mark.parametrize("page", ["person", "city", "network"])
def test_a_page_takes_the_same_number_of_queries_whatever_the_number_of_meetings(world, cast, page):
    client = client_for(cast["officer"])
    url = pages(world)[page]
    client.get(url)  # sessions and caches warmed
    before = count_queries(client, url)
    add_meetings(world, cast["officer"], 6)
    assert Interaction.objects.filter(person=world["koike"]).count() == 9
    assert count_queries(client, url) == before
    # The city's and the network's include one for the visits hosted from there (hosting).
    assert before == {"person": 7, "city": 16, "network": 11}[page]


def test_the_organisation_page_lists_its_people_agreements_and_their_meetings(world, cast):
    response = client_for(cast["owner"]).get(pages(world)["organisation"])
    assert texts(response, "//section[@id='people']/table[1]//td[1]") == ["小池百合子"]
    assert texts(response, "//section[@id='meetings']//p[@class='meeting-person']/a") == [
        "小池百合子",
        "小池百合子",
    ]


def test_a_network_without_events_or_members_says_so(cast):
    network = Network.objects.create(name="ICLEI")
    response = client_for(cast["viewer"]).get(reverse("relations:network", args=[network.pk]))
    assert texts(response, "//p[contains(@class, 'empty')]") == [
        "尚無活動紀錄。",
        "尚無協定與宣言。",
        "尚無發表紀錄。",
    ]


def test_the_people_list_links_holders_to_the_exports_and_writers_to_the_import(world, cast):
    def tools(role: str) -> list[str]:
        response = client_for(cast[role]).get(reverse("relations:people"), {"q": "小池"})
        return values(response, "//p[@class='list-tools']/a/@href")

    exports = [
        reverse("relations:people_vcf") + "?q=%E5%B0%8F%E6%B1%A0",
        reverse("relations:people_csv") + "?q=%E5%B0%8F%E6%B1%A0",
    ]
    assert tools("viewer") == [reverse("relations:followups")]
    assert tools("reviewer") == [reverse("relations:followups")]
    assert tools("outsider") == [
        *exports,
        reverse("relations:people_import"),
        reverse("relations:followups"),
    ]


def test_the_pages_read_in_english(world, cast):
    viewer = cast["viewer"]
    viewer.language = "en"
    viewer.save()
    response = client_for(viewer).get(pages(world)["person"])
    assert response.status_code == 200
    assert texts(response, "//aside//dl[@class='facts']/dd[position() > last() - 2]") == [
        "Japan",
        "秘書處",
    ]
