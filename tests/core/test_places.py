"""Countries as ISO codes, named in the reader's language by one function; regions derived."""

import pytest
from django.utils import translation

from envoy.core.lib.places import (
    country_code,
    country_name,
    normalise_countries,
    region_countries,
    regions,
    search_names,
    settle_places,
)


@pytest.mark.parametrize(
    "written, code",
    [
        ("南韓", "KR"),
        ("韓國", "KR"),
        ("大韓民國", "KR"),
        ("韩国", "KR"),
        ("South Korea", "KR"),
        ("Korea", "KR"),
        ("Republic of Korea", "KR"),
        ("Korea, Republic of", "KR"),
        ("  KR ", "KR"),
        ("日本", "JP"),
        ("Japan", "JP"),
        ("日本國", "JP"),
        ("臺灣", "TW"),
        ("台灣", "TW"),
        ("台湾", "TW"),
        ("中華民國", "TW"),
        ("Taiwan", "TW"),
        ("美國", "US"),
        ("USA", "US"),
        ("United States", "US"),
        ("英國", "GB"),
        ("UK", "GB"),
        ("義大利", "IT"),
        ("意大利", "IT"),
        ("紐西蘭", "NZ"),
        ("新西兰", "NZ"),
        ("越南", "VN"),
        ("Viet Nam", "VN"),
        ("捷克", "CZ"),
        ("Czechia", "CZ"),
        ("拉脫維亞", "LV"),
        ("Latvia", "LV"),
        ("香港", "HK"),
        ("ＪＡＰＡＮ", "JP"),
    ],
)
def test_a_country_is_known_by_every_way_it_is_written(written, code):
    assert country_code(written) == code


@pytest.mark.parametrize("written", ["首爾", "東京", "亞洲", "歐盟", "kr", "XX", "", "日韓"])
def test_what_names_no_country_has_no_code(written):
    assert country_code(written) is None


def test_names_follow_the_language_and_taiwans_official_spelling():
    assert [country_name(c, "zh-hant") for c in ("TW", "KR", "JP", "HK", "DE")] == [
        "臺灣",
        "韓國",
        "日本",
        "香港",
        "德國",
    ]
    assert [country_name(c, "en") for c in ("TW", "KR", "JP")] == ["Taiwan", "South Korea", "Japan"]
    with translation.override("en"):
        assert country_name("KR") == "South Korea"
    with translation.override("zh-hant"):
        assert country_name("KR") == "韓國"
    # A value that is no code is shown as written.
    assert country_name("首爾") == "首爾"


def test_stored_countries_are_codes_each_once_and_unknown_names_kept_as_written():
    assert normalise_countries(["南韓", "Korea", "日本、韓國", "首爾", " Japan "]) == [
        "KR",
        "JP",
        "首爾",
    ]
    assert normalise_countries(["日本/韓國；美國"]) == ["JP", "KR", "US"]
    assert normalise_countries([]) == []


@pytest.mark.parametrize(
    "countries, region, stored",
    [
        # A continent typed as 前往地區 goes: the region follows from the country.
        (["韓國"], "亞洲", ["KR"]),
        # A country typed only as 前往地區 is found.
        ([], "韓國", ["KR"]),
        ([], "日本、韓國", ["JP", "KR"]),
        (["日本"], "日本", ["JP"]),
        # Several countries, one region.
        (["法國", "德國"], "歐洲", ["FR", "DE"]),
        # A continent alone is all that says where: kept, shown flagged.
        ([], "歐洲", ["歐洲"]),
        # A sub-region CLDR does not name goes too when a country is known.
        (["KR"], "東北亞", ["KR"]),
        # A city or a typo is kept as written, to be corrected.
        (["日本"], "東京", ["JP", "東京"]),
        (["日夲"], "", ["日夲"]),
        ([], "", []),
    ],
)
def test_settling_a_typed_region_keeps_every_country_and_nothing_unknown_is_lost(
    countries, region, stored
):
    assert settle_places(countries, region) == stored


def test_regions_are_derived_from_the_countries():
    assert regions(["KR", "JP", "FR", "US", "首爾"], "zh-hant") == ["亞洲", "歐洲", "北美洲"]
    assert regions(["KR", "AU"], "en") == ["Asia", "Oceania"]
    assert regions([], "en") == []
    assert "KR" in region_countries("亞洲") and "FR" not in region_countries("亞洲")
    assert "FR" in region_countries("Europe")
    assert region_countries("首爾") == []


def test_search_knows_a_country_by_all_its_names():
    names = search_names("KR")
    assert {"韓國", "南韓", "大韓民國", "South Korea", "Korea", "韩国"} <= set(names)
    assert {"臺灣", "台灣", "Taiwan", "中華民國"} <= set(search_names("TW"))
    assert search_names("首爾") == ["首爾"]
