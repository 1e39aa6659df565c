"""What the extractor proposes from a report: measured on the seed against its facts file, and
on a second report composed here (Seoul and Busan) so it is not tuned to the seed."""

import json

import pytest

from envoy.core.lib.chinese import fold
from envoy.core.lib.places import country_code
from envoy.core.lib.titles import title_without_organisation
from envoy.relations.suggesting import make_key, suggest
from envoy.relations.suggesting.gazetteer import gazetteer
from envoy.reports.document import load_report, report_document
from envoy.reports.importing import read_report
from tests.conftest import SEED


@pytest.fixture(scope="module")
def seed_document() -> dict:
    return read_report(SEED.name, SEED.read_bytes()).document


@pytest.fixture(scope="module")
def seed(seed_document):
    return suggest(seed_document)


def people_by_name(suggestions) -> dict:
    out = {}
    for person in suggestions.people:
        for name in (person.name, person.name_latin, person.name_zh):
            if name:
                out[fold(name)] = person
    return out


def is_right(person, fact) -> bool:
    """The title as written less what repeats the organisation found (國際關係處副處長 at
    巴黎國際關係處 is its 副處長), and the city (folded) — or, with no city, the country."""
    title = title_without_organisation(fact["title"], person.organisation)
    if person.title != title or person.country != country_code(fact["country"]):
        return False
    if "city" not in fact:
        return person.city == ""
    return fold(person.city) == fold(fact["city"])


# ----- the seed -----


def test_all_ten_people_of_the_seed_are_found_with_their_title_and_city(seed, facts):
    found = people_by_name(seed)
    right = [
        fact["name"]
        for fact in facts["people_mentioned"]
        if fold(fact["name"]) in found and is_right(found[fold(fact["name"])], fact)
    ]
    assert right == [fact["name"] for fact in facts["people_mentioned"]]


def test_no_one_outside_the_ten_is_proposed_as_a_person(seed, facts):
    names = {fold(fact["name"]) for fact in facts["people_mentioned"]}
    wrong = [p.name for p in seed.people if fold(p.name) not in names]
    assert wrong == []


def test_seed_people_keep_the_organisation_and_the_chinese_name_written_beside_them(seed, facts):
    found = people_by_name(seed)
    for fact in facts["people_mentioned"]:
        person = found[fold(fact["name"])]
        assert person.organisation == fact.get("organisation", person.organisation)
        assert person.name_zh == fact.get("name_zh", "")
    assert found[fold("Dinesh Vasu Dash")].name_latin == "Dinesh Vasu Dash"
    assert found[fold("小池百合子")].name_latin == ""


def test_only_the_delegation_head_is_on_our_side(seed):
    assert [p.name for p in seed.people if p.our_side] == ["祝惠美"]


def test_people_carry_the_dates_and_blocks_of_the_day_sections_they_appear_in(seed):
    found = people_by_name(seed)
    koike = found[fold("小池百合子")]
    assert koike.dates == ("2026-04-27", "2026-04-28")
    assert koike.blocks == (
        (2, 7), (2, 8), (2, 9), (2, 10), (2, 15), (2, 16), (2, 18), (2, 25), (3, 5),
    )  # fmt: skip
    # 祝處長 in two figure captions counts as a mention of 祝惠美.
    assert found[fold("祝惠美")].blocks == ((1, 1), (2, 19), (2, 22), (2, 29))
    hills = found[fold("Richard Brian Hills")]
    assert (hills.dates, hills.blocks) == (("2026-04-28",), ((2, 22),))
    assert hills.evidence == (
        "…過後本府代表團亦積極分享新北經驗，期間與紐西蘭奧克蘭市議員 Richard Brian Hills、"
        "拉脫維亞里加副市長 Māris Sprindžuks、愛沙…"
    )


def test_the_network_is_found_with_its_founding_and_our_membership(seed, facts):
    expected = facts["network"]
    [network] = seed.networks
    assert (
        network.name,
        network.name_en,
        network.abbreviation,
        network.founded,
        network.founder,
        network.member_since,
    ) == (
        expected["name"],
        expected["name_en"],
        expected["abbreviation"],
        expected["founded"],
        expected["founder"],
        expected["member_since"],
    )


def test_the_summit_is_found_with_its_edition_theme_and_days(seed, facts):
    summit = facts["network"]["summit"]
    event = seed.events[0]
    assert (event.name, event.network, event.edition, event.year, event.theme, event.city) == (
        "G-NETS 首長高峰會",
        "G-NETS",
        summit["edition"],
        summit["year"],
        summit["theme"],
        facts["metadata"]["cities_visited"][0],
    )
    assert event.dates == ("2026-04-27", "2026-04-28", "2026-04-29")
    assert [(e.name, e.dates) for e in seed.events[1:]] == [
        ("SusHi Tech Tokyo 2026 永續高科技城市展", ("2026-04-27",))
    ]


def test_our_presentation_is_found_with_both_titles_its_speaker_date_and_session(seed, facts):
    expected = facts["our_presentation"]
    [talk] = seed.presentations
    assert (talk.title_zh, talk.title_en, talk.speaker, talk.date, talk.session) == (
        expected["title_zh"],
        expected["title_en"],
        expected["speaker"],
        expected["date"],
        expected["session"],
    )
    assert talk.event == "G-NETS 首長高峰會"


def test_the_four_site_visits_are_found_on_their_days(seed, facts):
    assert [(v.name, v.date) for v in seed.site_visits] == [
        (fact["name"], fact["date"]) for fact in facts["site_visits"]
    ]


def test_a_site_visit_keeps_its_other_name_and_the_lesson_drawn(seed, facts):
    park = seed.site_visits[0]
    assert (park.name, park.other_name, park.city) == (
        facts["site_visits"][0]["name"],
        facts["site_visits"][0]["also"],
        "東京",
    )
    assert park.lesson.startswith("本市可借鏡其將防災公園轉化為平時教育、災時指揮之多功能空間配置")
    sewer = seed.site_visits[3]
    # Named as the paragraphs name it; the heading's spelling kept beside.
    assert (sewer.name, sewer.other_name) == ("千代田下水幹線", "千代田下水道幹線")
    assert sewer.lesson.endswith("確實值得本府在推動韌性城市建設時借鏡學習。")


def test_the_communique_and_the_action_initiative_are_found(seed):
    assert [(a.title, a.title_en, a.kind, a.date) for a in seed.agreements] == [
        ("共同宣言", "Communiqué", "communique", "2026-04-28"),
        ("行動倡議", "", "initiative", "2026-04-28"),
    ]


def test_cities_come_with_geonames_when_the_gazetteer_knows_them(seed):
    assert [(c.name_zh, c.name_en, c.country, c.geonames_id) for c in seed.cities] == [
        ("東京", "Tokyo", "JP", 1850147),
        ("新加坡", "Singapore", "SG", 1880252),
        ("巴黎", "Paris", "FR", 2988507),
        ("奧克蘭", "Auckland", "NZ", 2193733),  # New Zealand's, not Oakland
        ("里加", "Riga", "LV", 456172),
        ("塔爾圖", "", "EE", None),  # absent from GeoNames' Chinese names
        ("杜林", "", "IT", None),  # GeoNames writes 都灵
    ]
    assert (seed.cities[0].latitude, seed.cities[0].timezone) == (35.6895, "Asia/Tokyo")


def test_organisations_named_in_the_seed(seed):
    assert [(o.name, o.kind, o.city, o.country, o.our_side) for o in seed.organisations] == [
        ("新北市政府秘書處", "agency", "新北", "TW", True),
        ("東京都廳", "city_government", "東京", "JP", False),
        ("環境部", "ministry", "", "TW", False),
        ("數發部", "ministry", "", "EE", False),
        ("經濟部", "ministry", "", "TW", False),
        ("國家發展委員會", "agency", "", "TW", False),
        ("新北市政府青年局", "agency", "新北", "TW", True),
        ("巴黎國際關係處", "agency", "巴黎", "FR", False),
        ("東京都保健醫療局", "agency", "東京", "JP", False),
        ("東京都港灣局", "agency", "東京", "JP", False),
        ("東京都環保局", "agency", "東京", "JP", False),
    ]
    assert seed.organisations[1].other_names == ("東京都", "東京都政府")


def test_keys_are_kind_and_folded_name_and_the_same_on_every_run(seed, seed_document):
    keys = [s.key for s in seed.all()]
    assert len(keys) == len(set(keys))
    assert [s.key for s in suggest(seed_document).all()] == keys
    assert people_by_name(seed)[fold("Māris Sprindžuks")].key == make_key(
        "person", "Maris Sprindzuks"
    )
    assert seed.cities[0].key == "city:東京"


def test_suggestions_are_plain_json(seed):
    data = seed.to_json()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert data["people"][0]["blocks"][0] == [1, 1]


@pytest.mark.django_db
def test_a_saved_report_gives_the_same_suggestions_as_its_file(seed_report, seed):
    document = report_document(load_report(seed_report.pk), photos="path")
    assert suggest(document) == seed


def test_the_country_written_before_a_city_decides_which_city_it_is():
    assert gazetteer().city("奧克蘭").name_en == "Oakland"
    assert gazetteer().city("奧克蘭", "NZ").name_en == "Auckland"
    assert gazetteer().city("東京都").geonames_id == gazetteer().city("东京").geonames_id


# ----- a report composed here: Seoul and Busan -----


def _block(kind: str, text: str, **extra) -> dict:
    return {"kind": kind, "text": text, **extra}


def _item(kind: str, text: str) -> dict:
    return {
        "kind": kind,
        "text": text,
        "place": "",
        "start_time": None,
        "start_timezone": "",
        "end_time": None,
        "end_timezone": "",
        "end_date": None,
        "flight_number": "",
        "origin": "",
        "destination": "",
    }


def _day(date: str, places: list[str], *items: dict) -> dict:
    countries = sorted({"臺灣" if p == "臺北" else "韓國" for p in places})
    return {
        "date": date,
        "countries": countries,
        "places": places,
        "heading": "",
        "remarks": "",
        "items": list(items),
    }


def _member(name: str, unit: str, title: str, head: bool) -> dict:
    return {
        "name": name,
        "agency": "新北市政府",
        "unit": unit,
        "title": title,
        "rank": "",
        "is_head": head,
    }


@pytest.fixture(scope="module")
def korea():
    document = {
        "format": "envoy.report",
        "version": 1,
        "mission": {
            "direction": "outbound",
            "title": "赴韓國首爾及釜山考察智慧交通與港灣再生",
            "category": "inspection",
            "category_detail": "",
            "region": "韓國",
            "host_agency": "新北市政府交通局",
            "visited_agencies": "",
            "start_date": "2026-09-14",
            "end_date": "2026-09-17",
            "destination_countries": ["韓國"],
            "destination_cities": ["首爾", "釜山"],
            "members": [
                _member("王明哲", "", "副市長", True),
                _member("林怡君", "交通局", "科長", False),
            ],
            "days": [
                _day(
                    "2026-09-14",
                    ["臺北", "首爾"],
                    _item("flight", "搭機前往韓國首爾"),
                    _item("visit", "參訪首爾市交通資訊中心（TOPIS）"),
                ),
                _day("2026-09-15", ["首爾"], _item("meeting", "拜會首爾市政府")),
                _day(
                    "2026-09-16",
                    ["釜山"],
                    _item("meeting", "簽署合作備忘錄"),
                    _item("visit", "參觀釜山北港再開發園區"),
                ),
                _day("2026-09-17", ["釜山", "臺北"], _item("flight", "搭機返抵臺灣")),
            ],
        },
        "report": {
            "title": "赴韓國首爾及釜山考察智慧交通與港灣再生出國報告",
            "keywords": [],
            "subject_category": "",
            "policy_category": "",
            "summary": "",
            "report_date": None,
            "page_count": None,
            "portal_id": "",
            "status": "draft",
            "source_toc": [],
            "chapters": [
                {
                    "number": 1,
                    "title": "目的",
                    "blocks": [
                        _block(
                            "paragraph",
                            "本府由王明哲副市長率團赴韓國首爾及釜山，考察智慧交通與港灣再生經驗，"
                            "並與釜山廣域市簽署合作備忘錄。世界智慧城市組織（World Smart Sustainable "
                            "Cities Organization，簡稱 WeGO）由首爾市政府於 2010 年發起成立，本市自 "
                            "2019 年加入以來積極參與其活動。",
                        )
                    ],
                },
                {
                    "number": 2,
                    "title": "過程",
                    "blocks": [
                        _block("day", "115 年 9 月 14 日（星期一）", date="2026-09-14"),
                        _block("section", "參訪首爾市交通資訊中心"),
                        _block(
                            "paragraph",
                            "代表團抵達首爾後參訪首爾市交通資訊中心（TOPIS），該中心整合公車、地鐵與"
                            "道路監視資料。本市可借鏡其即時交通資訊整合平台，規劃新北交通控制中心之升級。",
                        ),
                        _block("day", "115 年 9 月 15 日（星期二）", date="2026-09-15"),
                        _block("section", "拜會首爾市政府"),
                        _block(
                            "paragraph",
                            "代表團拜會首爾市政府，由首爾市國際關係局長金志英（Kim Ji-young）接待，"
                            "雙方就公共自行車與低碳運輸交換意見。",
                        ),
                        _block("section", "首爾智慧城市論壇：本府專題演講"),
                        _block(
                            "paragraph",
                            "王明哲副市長以「新北智慧交通的下一步（The Next Step for Smart Mobility "
                            "in New Taipei）」為題發表演說，介紹本市公車動態系統與自行車道路網。",
                        ),
                        _block("day", "115 年 9 月 16 日（星期三）", date="2026-09-16"),
                        _block("section", "簽署合作備忘錄"),
                        _block(
                            "paragraph",
                            "上午於釜山市政府舉行簽約儀式，韓國釜山市長朴亨埈與本府王明哲副市長共同簽署"
                            "「新北市與釜山廣域市智慧城市合作備忘錄」，雙方將在智慧港灣與無人機物流領域"
                            "交換經驗。",
                        ),
                        _block("section", "參觀釜山北港再開發園區"),
                        _block(
                            "paragraph",
                            "下午參觀釜山北港再開發園區，了解舊港區轉型為親水公園與會展設施的歷程，"
                            "值得本市推動淡水河岸再生時參考。",
                        ),
                        _block("day", "115 年 9 月 17 日（星期四）", date="2026-09-17"),
                        _block("paragraph", "代表團搭機返抵臺灣。"),
                    ],
                },
                {
                    "number": 3,
                    "title": "心得",
                    "blocks": [
                        _block("point", "智慧交通需要跨機關資料整合", number=1),
                        _block(
                            "paragraph",
                            "金志英局長說明首爾整合資料的經驗，朴亨埈市長則期待兩市在港灣再生上持續交流。",
                        ),
                    ],
                },
            ],
        },
    }
    return suggest(document)


def test_in_seoul_and_busan_the_mayor_the_director_general_and_our_delegation_are_found(korea):
    assert [
        (p.name, p.name_latin, p.title, p.organisation, p.city, p.country, p.our_side, p.dates)
        for p in korea.people
    ] == [
        ("金志英", "Kim Ji-young", "局長", "首爾市國際關係局", "首爾", "KR", False,
         ("2026-09-15",)),
        ("朴亨埈", "", "市長", "", "釜山", "KR", False, ("2026-09-16",)),
        ("王明哲", "", "副市長", "新北市政府", "新北", "TW", True, ("2026-09-15", "2026-09-16")),
        ("林怡君", "", "科長", "新北市政府交通局", "新北", "TW", True, ()),
    ]  # fmt: skip


def test_in_seoul_and_busan_the_mou_is_found_with_the_other_city(korea):
    [mou] = korea.agreements
    assert (mou.title, mou.kind, mou.parties, mou.date) == (
        "新北市與釜山廣域市智慧城市合作備忘錄",
        "mou",
        ("釜山",),
        "2026-09-16",
    )


def test_in_seoul_and_busan_cities_organisations_and_the_network_are_found(korea):
    assert [(c.name_zh, c.name_en, c.geonames_id) for c in korea.cities] == [
        ("首爾", "Seoul", 1835848),
        ("釜山", "Busan", 1838524),
    ]
    assert [(o.name, o.kind, o.city) for o in korea.organisations] == [
        ("新北市政府交通局", "agency", "新北"),
        ("首爾市政府", "city_government", "首爾"),
        ("釜山市政府", "city_government", "釜山"),
        ("首爾市國際關係局", "agency", "首爾"),
    ]
    [network] = korea.networks
    assert (network.abbreviation, network.founded, network.founder, network.member_since) == (
        "WeGO",
        2010,
        "首爾市政府",
        2019,
    )


def test_in_seoul_and_busan_the_talk_and_the_visits_are_found(korea):
    [talk] = korea.presentations
    assert (talk.title_zh, talk.title_en, talk.speaker, talk.date, talk.session) == (
        "新北智慧交通的下一步",
        "The Next Step for Smart Mobility in New Taipei",
        "王明哲",
        "2026-09-15",
        "首爾智慧城市論壇",
    )
    assert [(v.name, v.other_name, v.date, v.city) for v in korea.site_visits] == [
        ("首爾市交通資訊中心", "TOPIS", "2026-09-14", "首爾"),
        ("釜山北港再開發園區", "", "2026-09-16", "釜山"),
    ]
    assert (
        korea.site_visits[0].lesson
        == "本市可借鏡其即時交通資訊整合平台，規劃新北交通控制中心之升級。"
    )
    assert korea.events == ()
