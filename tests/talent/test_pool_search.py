"""Searching the pool: the query language, the filters, the reasons, the privacy."""

import datetime as dt

import pytest

from envoy.missions.models import Mission
from envoy.talent.enums import ExperienceKind, LanguageCode, Visibility
from envoy.talent.models import LanguageSkill, StaffProfile
from envoy.talent.pool import search_pool
from envoy.talent.services import record_experience


@pytest.fixture
def pool(cast, bureaus):
    mission = Mission.objects.create(
        title="2026 G-NETS 首長高峰會",
        start_date=dt.date(2026, 4, 26),
        end_date=dt.date(2026, 4, 30),
        destination_countries=["JP"],
        destination_cities=["東京"],
    )
    hanako = StaffProfile.objects.create(
        name="林花子",
        bureau=bureaus["secretariat"],
        expertise=["防災"],
        visibility=Visibility.STAFF,
    )
    LanguageSkill.objects.create(
        profile=hanako,
        language=LanguageCode.JA,
        test="jlpt",
        score="N2",
        tested_on=dt.date(2025, 7, 6),
    )
    record_experience(
        hanako,
        kind=ExperienceKind.MISSION,
        source=mission,
        date=mission.start_date,
        countries=["JP"],
        city="東京",
        title=mission.title,
        mission=mission,
    )
    alice = StaffProfile.objects.create(
        name="陳愛麗",
        name_en="Alice Chen",
        bureau=bureaus["works"],
        expertise=["net zero", "綠建築"],
        visibility=Visibility.PRIVATE,
    )
    LanguageSkill.objects.create(profile=alice, language=LanguageCode.EN, cefr="C1")
    LanguageSkill.objects.create(profile=alice, language=LanguageCode.JA, test="jlpt", score="N4")
    record_experience(
        alice,
        kind=ExperienceKind.PRESENTATION,
        source=alice,
        date=dt.date(2025, 10, 1),
        title="Green Movement",
    )
    return {"hanako": hanako, "alice": alice}


def names(result):
    return [hit.profile.name for hit in result.hits]


def test_japanese_and_disaster_prevention_finds_who_speaks_it_and_knows_it(cast, pool):
    result = search_pool(cast["officer"], "日語 防災")
    assert names(result) == ["林花子"]
    assert [r.text for r in result.hits[0].reasons] == ["日語 N2（2025）", "防災：專長標籤"]


def test_a_level_applies_to_the_language_before_it(cast, pool):
    assert names(search_pool(cast["officer"], "日語 N3")) == ["林花子"]
    assert names(search_pool(cast["officer"], "N5")) == ["林花子", "陳愛麗"]
    assert names(search_pool(cast["officer"], "English C1")) == ["陳愛麗"]
    assert names(search_pool(cast["officer"], "English C2")) == []


def test_english_c1_net_zero_has_presented(cast, pool):
    result = search_pool(cast["officer"], "English C1 + net zero + has presented")
    assert names(result) == ["陳愛麗"]
    assert [r.text for r in result.hits[0].reasons] == [
        "英語 C1",
        "net zero：專長標籤",
        "曾發表「Green Movement」（2025）",
    ]


def test_a_country_finds_experience_there_and_says_where(cast, pool):
    result = search_pool(cast["officer"], "日本")
    assert names(result) == ["林花子"]
    assert [r.text for r in result.hits[0].reasons] == ["曾赴日本東京（2026 G-NETS 首長高峰會）"]
    assert result.hits[0].countries == ["日本"]
    assert names(search_pool(cast["officer"], "Japan")) == ["林花子"]
    assert names(search_pool(cast["officer"], "", country="JP")) == ["林花子"]


def test_a_city_written_in_chinese_is_found_by_its_english_name(cast, pool):
    result = search_pool(cast["officer"], "Tokyo")
    assert names(result) == ["林花子"]
    assert [r.text for r in result.hits[0].reasons] == [
        "tokyo：曾赴日本東京（2026 G-NETS 首長高峰會）的城市"
    ]
    # A city's English name at the start or end of a Latin phrase is a criterion of its own.
    hanako = pool["hanako"]
    hanako.expertise = ["net zero"]
    hanako.save()
    assert names(search_pool(cast["officer"], "Tokyo net zero")) == ["林花子"]
    assert names(search_pool(cast["officer"], "net zero Tokyo")) == ["林花子"]
    # Without the city: both who know net zero; a city nobody went to: nobody.
    assert names(search_pool(cast["officer"], "net zero")) == ["林花子", "陳愛麗"]
    assert names(search_pool(cast["officer"], "Seoul net zero")) == []


def test_filters_by_bureau_language_and_level(cast, pool, bureaus):
    officer = cast["officer"]
    assert names(search_pool(officer, "", bureau=bureaus["works"].pk)) == ["陳愛麗"]
    assert names(search_pool(officer, "", language="ja", level="B2")) == ["林花子"]
    assert names(search_pool(officer, "", language="ja")) == ["林花子", "陳愛麗"]


def test_a_test_score_is_compared_as_a_number(cast, pool):
    LanguageSkill.objects.create(profile=pool["hanako"], language="en", test="toeic", score="790")
    assert names(search_pool(cast["officer"], "TOEIC 800")) == []
    assert names(search_pool(cast["officer"], "TOEIC 785")) == ["林花子"]


def test_others_find_only_those_who_consent(cast, pool):
    assert names(search_pool(cast["outsider"], "日語")) == ["林花子"]
    pool["alice"].user = cast["outsider"]
    pool["alice"].save()
    assert names(search_pool(cast["outsider"], "日語")) == ["林花子", "陳愛麗"]
    assert names(search_pool(cast["colleague"], "日語")) == ["林花子"]


def test_the_search_takes_four_queries_whatever_it_finds(cast, pool, django_assert_num_queries):
    with django_assert_num_queries(4):
        search_pool(cast["officer"], "日語 防災 日本")
