"""Zones from the names of places, and zones in words (core/lib/zones.py)."""

import datetime as dt

import pytest

from envoy.core.lib.zones import (
    canonical_zones,
    city_name,
    offset_label,
    zone_choices,
    zone_for_day,
    zone_for_place,
    zone_label,
)

CITIES = [
    # Traditional, Simplified, English, with 市/都/府/特別市/廣域市/-si/City and without
    ("東京", "Asia/Tokyo"),
    ("東京都", "Asia/Tokyo"),
    ("东京", "Asia/Tokyo"),
    ("Tokyo", "Asia/Tokyo"),
    ("tokyo", "Asia/Tokyo"),
    ("首爾", "Asia/Seoul"),
    ("首尔", "Asia/Seoul"),
    ("首爾特別市", "Asia/Seoul"),
    ("首尔特别市", "Asia/Seoul"),
    ("Seoul", "Asia/Seoul"),
    ("Seoul-si", "Asia/Seoul"),
    ("臺北", "Asia/Taipei"),
    ("台北", "Asia/Taipei"),
    ("臺北市", "Asia/Taipei"),
    ("台北市", "Asia/Taipei"),
    ("Taipei", "Asia/Taipei"),
    ("Taipei City", "Asia/Taipei"),
    ("新北市", "Asia/Taipei"),
    ("New Taipei City", "Asia/Taipei"),
    ("高雄市", "Asia/Taipei"),
    ("大阪府", "Asia/Tokyo"),
    ("京都市", "Asia/Tokyo"),
    ("橫濱", "Asia/Tokyo"),
    ("Yokohama", "Asia/Tokyo"),
    ("釜山廣域市", "Asia/Seoul"),
    ("仁川", "Asia/Seoul"),
    ("Incheon", "Asia/Seoul"),
    ("杜林", "Europe/Rome"),
    ("都灵", "Europe/Rome"),
    ("Turin", "Europe/Rome"),
    ("Torino", "Europe/Rome"),
    ("里加", "Europe/Riga"),
    ("Riga", "Europe/Riga"),
    ("塔爾圖", "Europe/Tallinn"),
    ("Tartu", "Europe/Tallinn"),
    ("奧克蘭", "Pacific/Auckland"),
    ("Auckland", "Pacific/Auckland"),
    ("巴黎", "Europe/Paris"),
    ("Paris", "Europe/Paris"),  # the French one, not the one in Texas
    ("倫敦", "Europe/London"),
    ("紐約", "America/New_York"),
    ("New York City", "America/New_York"),
    ("舊金山", "America/Los_Angeles"),
    ("洛杉磯", "America/Los_Angeles"),
    ("溫哥華", "America/Vancouver"),
    ("雪梨", "Australia/Sydney"),
    ("墨爾本", "Australia/Melbourne"),
    ("北京", "Asia/Shanghai"),
    ("上海市", "Asia/Shanghai"),
    ("香港", "Asia/Hong_Kong"),
    ("新加坡", "Asia/Singapore"),
    ("曼谷", "Asia/Bangkok"),
    ("吉隆坡", "Asia/Kuala_Lumpur"),
    ("馬尼拉", "Asia/Manila"),
    ("宿霧", "Asia/Manila"),
    ("孟買", "Asia/Kolkata"),
    ("杜拜", "Asia/Dubai"),
    ("柏林", "Europe/Berlin"),
    ("München", "Europe/Berlin"),
    ("Kraków", "Europe/Warsaw"),
    ("Krakow", "Europe/Warsaw"),
    ("維也納", "Europe/Vienna"),
    ("Wien", "Europe/Vienna"),
    ("布拉格", "Europe/Prague"),
    ("維爾紐斯", "Europe/Vilnius"),
    ("烏蘭巴托", "Asia/Ulaanbaatar"),
    ("檀香山", "Pacific/Honolulu"),
    # a place in a city: the city comes first
    ("臺北松山機場", "Asia/Taipei"),
    ("台北松山機場", "Asia/Taipei"),
    ("Taipei Songshan", "Asia/Taipei"),
    ("東京羽田機場", "Asia/Tokyo"),
    ("Tokyo Haneda", "Asia/Tokyo"),
    ("首爾仁川機場", "Asia/Seoul"),
    ("台北101", "Asia/Taipei"),
    ("Tokyo Big Sight", "Asia/Tokyo"),
    # a country of one zone
    ("日本", "Asia/Tokyo"),
    ("韓國", "Asia/Seoul"),
    ("臺灣", "Asia/Taipei"),
    # not known: the caller keeps what the user chose
    ("美國", None),  # several zones
    ("會議中心", None),
    ("Hotel Okura", None),
    ("某個不存在的地方", None),
    ("", None),
    ("   ", None),
]


@pytest.mark.parametrize(("name", "zone"), CITIES)
def test_a_place_leads_to_its_zone(name, zone):
    assert zone_for_place(name) == zone


@pytest.mark.parametrize(
    ("places", "countries", "zone"),
    [
        (["東京"], ["日本"], "Asia/Tokyo"),
        (["東京", "橫濱"], ["日本"], "Asia/Tokyo"),
        (["臺北", "東京"], ["臺灣", "日本"], None),  # a travel day: no one zone
        (["某會場"], ["韓國"], "Asia/Seoul"),
        ([], ["日本", "美國"], None),
        ([], [], None),
    ],
)
def test_a_day_has_a_zone_when_its_places_or_countries_share_one(places, countries, zone):
    assert zone_for_day(places, countries) == zone


@pytest.mark.parametrize(
    ("zone", "on", "label"),
    [
        ("Asia/Taipei", dt.date(2026, 4, 26), "UTC+8"),
        ("Asia/Seoul", dt.date(2026, 4, 26), "UTC+9"),
        ("Asia/Kolkata", dt.date(2026, 4, 26), "UTC+5:30"),
        ("Asia/Kathmandu", dt.date(2026, 4, 26), "UTC+5:45"),
        ("America/St_Johns", dt.date(2026, 1, 15), "UTC-3:30"),
        ("America/New_York", dt.date(2026, 1, 15), "UTC-5"),
        ("America/New_York", dt.date(2026, 7, 15), "UTC-4"),  # daylight saving time
        ("Europe/London", dt.date(2026, 1, 15), "UTC+0"),
        ("UTC", dt.date(2026, 1, 15), "UTC+0"),
    ],
)
def test_a_zone_is_labelled_by_its_offset_on_the_day(zone, on, label):
    assert offset_label(zone, on) == label


def test_labels_name_the_city_in_the_readers_language_and_taiwans_spelling():
    april = dt.date(2026, 4, 26)
    assert [zone_label(z, april) for z in ("Asia/Taipei", "Asia/Seoul", "Europe/Riga")] == [
        "臺北 UTC+8",
        "首爾 UTC+9",
        "里加 UTC+3",
    ]
    assert [zone_label(z, april, "en") for z in ("Asia/Taipei", "Asia/Seoul")] == [
        "Taipei UTC+8",
        "Seoul UTC+9",
    ]
    assert city_name("Asia/Calcutta") == "加爾各答"  # an alias CLDR knows


def test_the_choices_are_the_worlds_cities_west_to_east_without_aliases():
    choices = zone_choices(dt.date(2026, 4, 26), "zh-hant")
    zones = [c.zone for c in choices]
    assert set(zones) == set(canonical_zones())
    assert "ROC" not in zones and "Asia/Calcutta" not in zones and "Etc/GMT-8" not in zones
    assert [c.minutes for c in choices] == sorted(c.minutes for c in choices)
    seoul = next(c for c in choices if c.zone == "Asia/Seoul")
    assert (seoul.label, set(seoul.search.split())) == (
        "首爾 UTC+9",
        {"首尔", "Seoul", "Asia/Seoul", "南韓時間"},
    )
