"""The public archive's pages, as anyone sees them: home, the list and its facets, a report."""

import re

import pytest
from django.urls import reverse

from tests.conftest import client_for

from .corpus import PUBLISHED_TEXT, RESTRICTED_CHAPTER, RESTRICTED_TEXT, UNPUBLISHED

CAST = ["officer", "owner", "colleague", "outsider", "reviewer", "viewer", "admin", "anonymous"]
PUBLISHED_TITLES = [
    "赴日本東京出席 2026 全球城市永續網絡(G-Nets)首長高峰會出國報告",
    "首爾智慧城市考察報告",
    "柏林再生能源研習報告",
]


def row_titles(html: str) -> list[str]:
    return re.findall(r'<a class="row-title" href="/archive/reports/\d+/">([^<]*)</a>', html)


def facet(html: str, name: str) -> list[tuple[str, int]]:
    """(label, count) of each value of facet ``name`` on the page."""
    section = html.split(f'id="facet-{name}"', 1)[1].split("</section>", 1)[0]
    return [
        (label, int(count))
        for label, count in re.findall(
            r'<a href="[^"]*"(?: aria-current="true")?>([^<]*)</a> <span class="count">(\d+)</span>',
            section,
        )
    ]


@pytest.mark.parametrize("who", CAST)
def test_everyone_opens_the_home_page_without_signing_in(archive, cast, who):
    response = client_for(cast[who]).get("/archive/")
    assert response.status_code == 200
    html = response.content.decode()
    assert row_titles(html) == PUBLISHED_TITLES
    assert "目前公開 3 份出國報告" in html


@pytest.mark.parametrize("who", ["admin", "officer", "anonymous"])
def test_no_page_carries_the_staff_menu_or_a_form_that_posts(archive, cast, who):
    client = client_for(cast[who])
    for url in ["/archive/", "/archive/reports/", f"/archive/reports/{archive['seed'].pk}/"]:
        html = client.get(url).content.decode()
        assert "/missions/" not in html
        assert "csrfmiddlewaretoken" not in html
        assert 'method="post"' not in html
        assert "登出" not in html


def test_the_home_page_browses_by_each_facet_with_counts(archive):
    html = client_for(None).get("/archive/").content.decode()
    assert facet(html, "subject") == [("環境保護", 2), ("經濟發展", 1)]
    assert facet(html, "policy") == [("國際交流", 1), ("智慧城市", 1), ("能源", 1)]
    assert facet(html, "country") == [("德國", 1), ("日本", 1), ("韓國", 1)]
    assert facet(html, "year") == [
        ("民國 115 年（2026）", 1),
        ("民國 114 年（2025）", 1),
        ("民國 113 年（2024）", 1),
    ]
    assert facet(html, "agency") == [
        ("新北市政府環境保護局", 1),
        ("新北市政府秘書處", 1),
        ("新北市政府經濟發展局", 1),
    ]


def test_the_list_filters_by_a_facet_and_counts_the_others_among_what_is_left(archive):
    html = client_for(None).get("/archive/reports/", {"subject": "環境保護"}).content.decode()
    assert row_titles(html) == [PUBLISHED_TITLES[0], PUBLISHED_TITLES[2]]
    assert "共 2 份，由新到舊排列。" in html
    # The chosen facet keeps its other values; the others count what the choice leaves.
    assert facet(html, "subject") == [("環境保護", 2), ("經濟發展", 1)]
    assert facet(html, "year") == [("民國 115 年（2026）", 1), ("民國 113 年（2024）", 1)]
    assert (
        '<li class="selected"><a href="/archive/reports/" aria-current="true">環境保護</a>' in html
    )


def test_filters_combine(archive):
    query = {"subject": "環境保護", "year": "2024", "agency": "新北市政府環境保護局"}
    html = client_for(None).get("/archive/reports/", query).content.decode()
    assert row_titles(html) == [PUBLISHED_TITLES[2]]


def test_a_value_no_published_report_has_lists_nothing(archive):
    marker = UNPUBLISHED["approved"]
    html = client_for(None).get("/archive/reports/", {"subject": f"{marker}主題"})
    assert row_titles(html.content.decode()) == []
    assert "沒有符合條件的公開報告。" in html.content.decode()


def test_a_year_that_is_not_a_year_is_explained_not_a_traceback(archive):
    response = client_for(None).get("/archive/reports/", {"year": "去年"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "年度「去年」不是年份，請以西元年表示，例如 2026。" in html
    assert row_titles(html) == PUBLISHED_TITLES


def test_the_list_is_paginated_newest_first(archive, monkeypatch):
    from envoy.portal.views import pages

    monkeypatch.setattr(pages, "PER_PAGE", 2)
    client = client_for(None)
    first = client.get("/archive/reports/").content.decode()
    second = client.get("/archive/reports/", {"page": 2}).content.decode()
    beyond = client.get("/archive/reports/", {"page": 99}).content.decode()
    assert (row_titles(first), row_titles(second), row_titles(beyond)) == (
        PUBLISHED_TITLES[:2],
        PUBLISHED_TITLES[2:],
        PUBLISHED_TITLES[2:],
    )
    assert 'href="?page=2" rel="next"' in first
    assert "第 1 頁，共 2 頁" in first


def test_a_filtered_page_keeps_its_filters_in_the_pager(archive, monkeypatch):
    from envoy.portal.views import pages

    monkeypatch.setattr(pages, "PER_PAGE", 1)
    html = client_for(None).get("/archive/reports/", {"subject": "環境保護"}).content.decode()
    assert 'href="?subject=%E7%92%B0%E5%A2%83%E4%BF%9D%E8%AD%B7&amp;page=2" rel="next"' in html


# ----- A report -----


def test_a_report_page_shows_the_metadata_as_the_national_portal_does(archive):
    seed = archive["seed"]
    html = client_for(None).get(f"/archive/reports/{seed.pk}/").content.decode()
    metadata = dict(re.findall(r"<dt>([^<]*)</dt><dd[^>]*>([^<]*)</dd>", html))
    assert metadata == {
        "系統識別號": "C11500123",
        "計畫名稱": seed.mission.title,
        "報告名稱": seed.title,
        "主辦機關": "新北市政府秘書處",
        "前往國家": "日本",
        "參訪機關": seed.mission.visited_agencies or "—",
        "出國類別": "其他(出席國際會議)",
        "出國期間": "民國 115 年 4 月 26 日 – 民國 115 年 4 月 30 日",
        "報告日期": "—",
        "關鍵詞": "、".join(seed.keywords) or "—",
        "頁數": "24",
        "主題分類": "環境保護",
        "施政分類": "國際交流",
    }
    assert f'href="/archive/reports/{seed.pk}.pdf"' in html


def test_a_report_page_lists_the_delegation_as_on_the_cover(archive):
    report = archive["published"][1]
    html = client_for(None).get(f"/archive/reports/{report.pk}/").content.decode()
    assert (
        "<tr><td>首爾智慧城市考察報告團員</td><td>新北市政府經濟發展局</td><td>國際科</td>"
        "<td>科長</td><td></td></tr>"
    ) in html
    assert "<dt>報告日期</dt><dd>民國 114 年 10 月 1 日</dd>" in html
    assert "<dt>關鍵詞</dt><dd>首爾智慧城市考察報告關鍵詞</dd>" in html


def test_a_report_page_shows_the_public_text_only(archive):
    html = client_for(None).get(f"/archive/reports/{archive['seed'].pk}/").content.decode()
    assert PUBLISHED_TEXT in html
    assert RESTRICTED_TEXT not in html
    assert RESTRICTED_CHAPTER not in html
    assert html.count("本章內容限閱，不予公開。") == 1
    chapter = html.split('<section class="chapter" id="chapter-3">', 1)[1].split("</section>")[0]
    assert " ".join(chapter.split()) == (
        '<h3>第三章 心得</h3> <p class="muted withheld">本章內容限閱，不予公開。</p>'
    )


@pytest.mark.parametrize("status", ["draft", "submitted", "returned", "approved"])
def test_a_report_not_published_answers_the_same_404_as_a_missing_one(archive, status):
    client = client_for(None)
    hidden = archive["hidden"][status]
    response = client.get(f"/archive/reports/{hidden.pk}/")
    missing = client.get("/archive/reports/999999/")
    assert (response.status_code, missing.status_code) == (404, 404)
    assert response.content.decode().replace(
        str(hidden.pk), "N"
    ) == missing.content.decode().replace("999999", "N")
    assert UNPUBLISHED[status] not in response.content.decode()


@pytest.mark.parametrize("who", CAST)
def test_a_report_not_published_is_not_in_the_archive_for_staff_either(archive, cast, who):
    hidden = archive["hidden"]["approved"]
    assert client_for(cast[who]).get(f"/archive/reports/{hidden.pk}/").status_code == 404


def test_a_report_taken_back_from_the_public_leaves_the_archive(archive):
    from envoy.reports.models import Report

    report = archive["published"][1]
    Report.objects.filter(pk=report.pk).update(status="approved")
    client = client_for(None)
    assert client.get(f"/archive/reports/{report.pk}/").status_code == 404
    assert row_titles(client.get("/archive/").content.decode()) == [
        PUBLISHED_TITLES[0],
        PUBLISHED_TITLES[2],
    ]


def test_the_archive_answers_without_a_session_cookie(archive):
    response = client_for(None).get("/archive/")
    assert set(response.cookies) == set()
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_the_home_of_the_site_still_sends_visitors_to_sign_in(archive):
    response = client_for(None).get("/")
    assert (response.status_code, response["Location"]) == (302, "/accounts/login/?next=/")
    assert reverse("portal:home") == "/archive/"


# ----- English -----


def test_the_language_switch_is_a_link_that_comes_back_to_the_page(archive):
    client = client_for(None)
    html = client.get("/archive/reports/", {"subject": "環境保護"}).content.decode()
    link = re.search(r'<a href="(/archive/language/[^"]*)" lang="en"', html).group(1)
    assert (
        link
        == "/archive/language/?lang=en&amp;next=%2Farchive%2Freports%2F%3Fsubject%3D%25E7%2592%25B0%25E5%25A2%2583%25E4%25BF%259D%25E8%25AD%25B7"
    )
    response = client.get(link.replace("&amp;", "&"))
    assert (response.status_code, response["Location"]) == (
        302,
        "/archive/reports/?subject=%E7%92%B0%E5%A2%83%E4%BF%9D%E8%AD%B7",
    )
    english = client.get(response["Location"]).content.decode()
    assert '<html lang="en">' in english
    assert '<a href="/archive/language/?lang=zh-hant&amp;next=' in english


def test_in_english_the_labels_years_and_regions_are_english(archive):
    client = client_for(None)
    client.get("/archive/language/", {"lang": "en", "next": "/archive/"})
    html = client.get("/archive/").content.decode()
    assert facet(html, "country") == [("Germany", 1), ("Japan", 1), ("South Korea", 1)]
    assert facet(html, "year") == [("2026", 1), ("2025", 1), ("2024", 1)]
    report = client.get(f"/archive/reports/{archive['seed'].pk}/").content.decode()
    assert "<dt>出國期間</dt>" not in report
    assert "26 April 2026 – 30 April 2026" in report


@pytest.mark.parametrize(
    "next_url", ["https://elsewhere.example/", "//elsewhere.example/", "/missions/", ""]
)
def test_the_language_switch_never_leaves_the_archive(archive, next_url):
    response = client_for(None).get("/archive/language/", {"lang": "en", "next": next_url})
    assert (response.status_code, response["Location"]) == (302, "/archive/")


def test_an_unknown_language_changes_nothing(archive):
    response = client_for(None).get("/archive/language/", {"lang": "xx", "next": "/archive/"})
    assert (response.status_code, response["Location"], set(response.cookies)) == (
        302,
        "/archive/",
        set(),
    )


def test_a_mission_to_several_countries_shows_and_counts_each(archive):
    from envoy.missions.models import Mission

    report = archive["published"][2]
    Mission.objects.filter(pk=report.mission_id).update(destination_countries=["DE", "AT"])
    client = client_for(None)
    html = client.get("/archive/reports/").content.decode()
    assert "<div><dt>前往國家</dt><dd>德國、奧地利</dd></div>" in html
    page = client.get(f"/archive/reports/{report.pk}/").content.decode()
    assert "<dt>前往國家</dt><dd>德國、奧地利</dd>" in page
    assert facet(html, "country") == [("奧地利", 1), ("德國", 1), ("日本", 1), ("韓國", 1)]


def test_a_bad_year_is_left_out_and_the_other_filters_kept(archive):
    response = client_for(None).get("/archive/reports/", {"year": "x", "subject": "經濟發展"})
    assert response.status_code == 400
    assert row_titles(response.content.decode()) == [PUBLISHED_TITLES[1]]


def test_in_english_list_rows_name_the_region_in_english(archive):
    client = client_for(None)
    client.get("/archive/language/", {"lang": "en"})
    html = client.get("/archive/reports/", {"region": "韓國"}).content.decode()
    assert "<dd>South Korea</dd>" in html
    assert "韓國" not in html.split('<ol class="report-rows">', 1)[1].split("</ol>")[0]


@pytest.mark.parametrize("query", [{"country": "KR"}, {"region": "南韓"}, {"country": "Korea"}])
def test_the_archive_is_browsed_by_country_code_or_any_name_of_it(archive, query):
    html = client_for(None).get("/archive/reports/", query).content.decode()
    assert row_titles(html) == ["首爾智慧城市考察報告"]
    assert ("韓國", 1) in facet(html, "country")
