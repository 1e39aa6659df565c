"""The search page at /search/ for the cast."""

import datetime as dt

import pytest
from django.db import connection  # noqa: F401 (read by skipif)

from tests.conftest import client_for

from .helpers import indexed, make_report


@pytest.fixture
def records(cast, bureaus):
    from envoy.relations.models import Person

    make_report("秘書處赴東京", ["東京交流紀要 <b>粗體</b>。"], bureau=bureaus["secretariat"])
    make_report(
        "工務局赴東京", ["東京下水道。"], bureau=bureaus["works"], start=dt.date(2025, 1, 1)
    )
    Person.objects.create(name="東京都知事", country="JP")
    indexed()
    return cast


def hit_titles(response) -> list[str]:
    return [hit.title for hit in response.context["results"].hits]


def test_anonymous_visitors_are_sent_to_sign_in(records):
    response = client_for(None).get("/search/", {"q": "東京"})
    assert (response.status_code, response.url.split("?")[0]) == (302, "/accounts/login/")


@pytest.mark.parametrize(
    "who, expected",
    [
        # A mission and its report, both found, are one result: each title once.
        ("admin", ["工務局赴東京", "東京都知事", "秘書處赴東京"]),
        ("viewer", ["工務局赴東京", "東京都知事", "秘書處赴東京"]),
        ("owner", ["東京都知事", "秘書處赴東京"]),
        ("outsider", ["工務局赴東京", "東京都知事"]),
    ],
)
def test_the_page_shows_what_each_role_may_open(records, who, expected):
    response = client_for(records[who]).get("/search/", {"q": "東京"})
    assert (response.status_code, sorted(hit_titles(response))) == (200, expected)


def test_snippets_are_escaped_and_highlighted(records):
    response = client_for(records["admin"]).get("/search/", {"q": "交流紀要"})
    html = response.content.decode()
    assert "<mark>交流紀要</mark> &lt;b&gt;粗體&lt;/b&gt;。" in html
    assert "<b>粗體</b>" not in html


def test_facets_link_to_the_narrowed_search(records, bureaus):
    response = client_for(records["admin"]).get("/search/", {"q": "東京"})
    bureau_values = {v.label: v.toggle_url for v in response.context["results"].facets["bureau"]}
    assert bureau_values == {
        "秘書處": f"?q=%E6%9D%B1%E4%BA%AC&bureau={bureaus['secretariat'].pk}",
        "工務局": f"?q=%E6%9D%B1%E4%BA%AC&bureau={bureaus['works'].pk}",
    }
    narrowed = client_for(records["admin"]).get(
        "/search/", {"q": "東京", "bureau": bureaus["works"].pk}
    )
    assert hit_titles(narrowed) == ["工務局赴東京"]


def test_a_mission_and_its_report_show_as_one_result_with_the_reports_status(records, bureaus):
    from lxml import html as lxml_html

    from envoy.missions.models import Mission

    response = client_for(records["admin"]).get(
        "/search/", {"q": "東京", "bureau": bureaus["works"].pk}
    )
    page = lxml_html.fromstring(response.content.decode())
    hits = page.xpath("//article[@class='hit']")
    assert (response.context["results"].total, len(hits)) == (1, 1)
    hit = hits[0]
    assert hit.xpath("string(.//h2)") == "工務局赴東京"
    assert [t.text_content() for t in hit.xpath(".//p[@class='hit-kind']/span")] == [
        "出國報告",
        "草稿",
        "民國 114 年（2025）",
    ]
    # The report's matching text, then the mission's, linked to the mission.
    snippets = [p.text_content() for p in hit.xpath(".//p[contains(@class, 'snippet')]")]
    assert snippets == ["工務局赴東京 ⋯ 過程 ⋯ 東京下水道。", "任務 工務局赴東京"]
    mission = Mission.objects.get(title="工務局赴東京")
    assert hit.xpath(".//p[contains(@class, 'hit-part')]/a/@href") == [f"/missions/{mission.pk}/"]


def test_the_empty_page_has_the_box_and_no_results(records):
    response = client_for(records["viewer"]).get("/search/")
    assert (response.status_code, response.context["results"].total) == (200, 0)
    assert 'name="q"' in response.content.decode()


def test_a_search_without_hits_says_so(records):
    response = client_for(records["viewer"]).get("/search/", {"q": "不存在的詞"})
    assert "沒有符合的結果" in response.content.decode()


@pytest.mark.parametrize("page", ["abc", "-3", "0", "99999999999999999999"])
def test_a_bad_page_number_shows_a_page(records, page):
    response = client_for(records["viewer"]).get("/search/", {"q": "東京", "page": page})
    assert response.status_code == 200


def test_a_very_long_query_is_cut_not_refused(records):
    response = client_for(records["viewer"]).get("/search/", {"q": "東京" * 500})
    assert (response.status_code, len(response.context["results"].query)) == (200, 200)


def test_htmx_gets_only_the_results(records):
    response = client_for(records["viewer"]).get(
        "/search/", {"q": "東京"}, headers={"HX-Request": "true", "HX-Target": "search-results"}
    )
    html = response.content.decode()
    assert (html.lstrip().startswith('<div id="search-results"'), "<html" in html) == (True, False)


def test_pages_of_results_link_to_each_other(cast):
    for n in range(25):
        make_report(f"報告{n:02}", ["韌性城市。"])
    indexed()
    response = client_for(cast["admin"]).get("/search/", {"q": "韌性", "kind": "report", "page": 2})
    html = response.content.decode()
    assert (len(hit_titles(response)), response.context["page_range"]) == (5, [1, 2])
    assert "?q=%E9%9F%8C%E6%80%A7&amp;kind=report&amp;page=1" in html


def test_the_main_menu_links_to_search(records):
    html = client_for(records["viewer"]).get("/missions/").content.decode()
    assert 'href="/search/"' in html


@pytest.fixture
def many(cast, monkeypatch):
    from envoy.search import services

    monkeypatch.setattr(services, "RANK_LIMIT", 3)
    monkeypatch.setattr("envoy.search.views.pages.RANK_LIMIT", 3)
    for n in range(4):
        make_report(f"報告{n}", ["韌性城市。"])
    indexed()
    return cast


@pytest.mark.skipif("connection.vendor != 'sqlite'", reason="the newest plan is SQLite's")
def test_a_common_term_shows_the_newest_hits_and_loads_facets_afterwards(many):
    html = client_for(many["viewer"]).get("/search/", {"q": "韌性"}).content.decode()
    assert "找到超過 3 筆" in html
    assert 'hx-get="/search/facets/?q=%E9%9F%8C%E6%80%A7" hx-trigger="load"' in html
    assert 'href="?q=%E9%9F%8C%E6%80%A7&amp;all=1"' in html


def test_the_facets_request_brings_the_exact_count(many):
    response = client_for(many["viewer"]).get(
        "/search/facets/", {"q": "韌性"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert '<p class="result-count muted" id="result-count" hx-swap-oob="true">找到 4 筆' in html
    assert [(v.value, v.count) for v in response.context["results"].facets["kind"]] == [
        ("report", 4)
    ]


def test_without_javascript_the_whole_count_is_a_link_away(many):
    response = client_for(many["viewer"]).get("/search/", {"q": "韌性", "all": "1"})
    assert (response.context["results"].total, response.context["results"].total_exact) == (4, True)


def test_the_facets_request_is_for_signed_in_users_only(many):
    response = client_for(None).get("/search/facets/", {"q": "韌性"})
    assert response.status_code == 302
