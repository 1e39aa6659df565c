"""Searching the public archive: published reports (and their recommendations) only, linked
to the archive's own pages, never a classified word."""

import re

import pytest

from tests.conftest import client_for

from .corpus import PUBLISHED_TEXT, RESTRICTED_CHAPTER, RESTRICTED_TEXT, UNPUBLISHED

CAST = ["officer", "owner", "colleague", "outsider", "reviewer", "viewer", "admin", "anonymous"]


def hits(html: str) -> list[tuple[str, str]]:
    """(link, title without highlighting) of each hit."""
    return [
        (url, re.sub(r"</?mark>", "", title))
        for url, title in re.findall(r'<a class="row-title" href="([^"]*)">(.*?)</a>', html)
    ]


@pytest.mark.parametrize("who", CAST)
def test_anyone_searching_finds_published_reports_only(archive, cast, who):
    html = client_for(cast[who]).get("/archive/search/", {"q": "東京"}).content.decode()
    seed, seoul = archive["published"][0], archive["published"][1]
    assert hits(html) == [
        (f"/archive/reports/{seed.pk}/", seed.title),
        (f"/archive/reports/{seoul.pk}/", seoul.title),
    ]
    assert "找到 2 筆。" in html
    for marker in UNPUBLISHED.values():
        assert marker not in html


@pytest.mark.parametrize("marker", [*UNPUBLISHED.values(), RESTRICTED_TEXT, RESTRICTED_CHAPTER])
def test_words_the_public_may_not_read_find_nothing(archive, marker):
    html = client_for(None).get("/archive/search/", {"q": marker}).content.decode()
    assert (hits(html), "找到 0 筆。" in html) == ([], True)
    # Only the query echoed: in the page title, the search box and the language link.
    assert html.count(marker) == 3


def test_a_hit_is_highlighted(archive):
    html = client_for(None).get("/archive/search/", {"q": PUBLISHED_TEXT}).content.decode()
    assert hits(html) == [(f"/archive/reports/{archive['seed'].pk}/", archive["seed"].title)]
    assert f"<mark>{PUBLISHED_TEXT}</mark>" in html


def test_a_recommendation_links_to_its_point_on_the_report_page(archive):
    from envoy.reports.models import Block

    point = Block.objects.filter(
        chapter__report=archive["seed"], chapter__title__contains="建議", kind="point"
    ).first()
    html = client_for(None).get("/archive/search/", {"q": point.text}).content.decode()
    assert (f"/archive/reports/{archive['seed'].pk}/#block-{point.pk}", point.text) in hits(html)
    page = client_for(None).get(f"/archive/reports/{archive['seed'].pk}/").content.decode()
    assert f'id="block-{point.pk}"' in page


def test_the_year_facet_narrows_the_search(archive):
    client = client_for(None)
    html = client.get("/archive/search/", {"q": "東京"}).content.decode()
    assert re.findall(r'<a href="(/archive/search/\?[^"]*)">([^<]*)</a>', html) == [
        ("/archive/search/?q=%E6%9D%B1%E4%BA%AC&amp;year=2026", "民國 115 年（2026）"),
        ("/archive/search/?q=%E6%9D%B1%E4%BA%AC&amp;year=2025", "民國 114 年（2025）"),
    ]
    narrowed = client.get("/archive/search/", {"q": "東京", "year": "2025"}).content.decode()
    assert hits(narrowed) == [
        (f"/archive/reports/{archive['published'][1].pk}/", archive["published"][1].title)
    ]


def test_an_empty_or_odd_query_finds_nothing_and_says_how_to_search(archive):
    client = client_for(None)
    empty = client.get("/archive/search/").content.decode()
    assert "輸入關鍵字，搜尋公開報告的名稱、摘要、關鍵詞與內文。" in empty
    odd = client.get("/archive/search/", {"q": "！！！", "year": "x", "page": "-3"})
    assert odd.status_code == 200
    assert hits(odd.content.decode()) == []


def test_a_report_unpublished_after_indexing_is_not_shown(archive):
    from envoy.reports.models import Report

    seoul = archive["published"][1]
    # The index has not caught up yet: the page checks the report itself.
    Report.objects.filter(pk=seoul.pk).update(status="approved")
    html = client_for(None).get("/archive/search/", {"q": "首爾"}).content.decode()
    assert hits(html) == []
