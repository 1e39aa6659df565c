"""A mission is found by its countries' names in both languages and every spelling, and by
their continent; the country facet names them."""

import pytest
from django.utils import translation

from envoy.search.services import search

from .helpers import found, indexed, make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def trips(cast, bureaus):
    make_report("首爾智慧城市考察", ["智慧交通。"], countries=["KR"], bureau=bureaus["works"])
    make_report("臺日防災交流", ["防災演練。"], countries=["JP", "TW"])
    make_report("里加訪問", ["港口合作。"], countries=["LV", "里加市"])
    indexed()
    return cast


@pytest.mark.parametrize(
    "query, expected",
    [
        ("韓國", {"首爾智慧城市考察"}),
        ("南韓", {"首爾智慧城市考察"}),
        ("韩国", {"首爾智慧城市考察"}),
        ("大韓民國", {"首爾智慧城市考察"}),
        ("Korea", {"首爾智慧城市考察"}),
        ("South Korea", {"首爾智慧城市考察"}),
        ("臺灣", {"臺日防災交流"}),
        ("台灣", {"臺日防災交流"}),
        ("Taiwan", {"臺日防災交流"}),
        ("Japan", {"臺日防災交流"}),
        ("亞洲", {"首爾智慧城市考察", "臺日防災交流"}),
        ("Europe", {"里加訪問"}),
        ("拉脫維亞", {"里加訪問"}),
        ("里加市", {"里加訪問"}),
    ],
)
def test_a_mission_is_found_by_every_name_of_its_countries(trips, query, expected):
    results = search(trips["admin"], query, filters={"kind": ["mission"]})
    assert {title for _kind, title in found(results)} == expected


def test_the_country_facet_names_each_country_in_the_users_language(trips):
    with translation.override("zh-hant"):
        labels = {v.value: v.label for v in search(trips["admin"], "亞洲").facets["country"]}
    assert labels == {"KR": "韓國", "JP": "日本", "TW": "臺灣"}
    with translation.override("en"):
        labels = {v.value: v.label for v in search(trips["admin"], "亞洲").facets["country"]}
    assert labels == {"KR": "South Korea", "JP": "Japan", "TW": "Taiwan"}
    # A value no country was found for is no facet value.
    assert [v.value for v in search(trips["admin"], "里加").facets["country"]] == ["LV"]
