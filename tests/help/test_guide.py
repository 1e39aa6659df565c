"""The user guide: one page per language with the same sections, a "?" on every page that
leads to its own section, and the public parts for visitors who are not signed in."""

import re
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation

from envoy.core.enums import Language
from tests.conftest import client_for

TEMPLATES = Path(__file__).resolve().parents[2] / "envoy"
HELP_BLOCK = re.compile(r"{% block help_section %}([\w-]+){% endblock %}")
IDS = re.compile(r'\sid="([\w-]+)"')
TOC_LINKS = re.compile(r'<nav class="card guide-toc".*?</nav>', re.S)


def guide(client, language: str, url: str = "/help/") -> str:
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def section_ids(html: str) -> set[str]:
    """The ids of the guide's sections (headings' ids left out)."""
    article = re.search(r'<article class="guide">.*?</article>', html, re.S).group()
    return {i for i in IDS.findall(article) if not i.endswith("-title")}


def set_language(user, language):
    user.language = language
    user.save(update_fields=["language"])


@pytest.mark.django_db
def test_guide_has_the_same_sections_in_both_languages(cast):
    user = cast["owner"]
    pages = {}
    for language in (Language.ZH_HANT, Language.EN):
        set_language(user, language)
        pages[language] = client_for(user).get("/help/").content.decode()
    assert section_ids(pages[Language.ZH_HANT]) == section_ids(pages[Language.EN])
    assert section_ids(pages[Language.EN]) == {
        "contents",
        "start",
        "home",
        "roles",
        "missions",
        "plans",
        "writing",
        "importing",
        "workflow",
        "submitting",
        "reviewing",
        "publishing",
        "printing",
        "actions",
        "talent",
        "opportunities",
        "hosting",
        "relations",
        "suggestions",
        "briefing",
        "search",
        "notices",
        "archive",
    }


@pytest.mark.django_db
def test_every_contents_link_leads_to_a_section(cast):
    user = cast["viewer"]
    for language in (Language.ZH_HANT, Language.EN):
        set_language(user, language)
        html = client_for(user).get("/help/").content.decode()
        toc = TOC_LINKS.search(html).group()
        links = set(re.findall(r'href="#([\w-]+)"', toc))
        subsections = {"submitting", "reviewing", "publishing", "suggestions", "briefing"}
        assert links == section_ids(html) - {"contents", *subsections}


@pytest.mark.django_db
def test_each_page_question_mark_names_a_section_of_the_guide(cast):
    html = client_for(cast["owner"]).get("/help/").content.decode()
    ids = section_ids(html)
    named = {
        str(path.relative_to(TEMPLATES)): match
        for path in TEMPLATES.rglob("*.html")
        for match in HELP_BLOCK.findall(path.read_text(encoding="utf-8"))
    }
    assert len(named) >= 50
    assert {path: section for path, section in named.items() if section not in ids} == {}


@pytest.mark.django_db
def test_question_mark_in_the_header_leads_to_the_page_section(cast, mission_report):
    client = client_for(cast["owner"])
    pages = {
        "/": "home",
        "/missions/": "missions",
        f"/missions/{mission_report.mission_id}/": "missions",
        "/search/": "search",
        "/actions/": "actions",
        "/relations/people/": "relations",
        "/reports/import/": "importing",
    }
    found = {}
    for url in pages:
        html = client.get(url).content.decode()
        found[url] = re.search(r'class="help-link" href="/help/#([\w-]+)"', html).group(1)
    assert found == pages


@pytest.mark.django_db
def test_visitors_not_signed_in_read_the_public_parts():
    client = Client()
    html = guide(client, "zh-hant")
    assert section_ids(html) == {"contents", "search", "archive"}
    assert "角色與權限" not in html


@pytest.mark.django_db
def test_archive_has_the_public_parts_of_the_guide_in_its_own_frame():
    client = Client()
    assert 'href="/archive/help/#archive"' in client.get("/archive/").content.decode()
    html = guide(client, "en", "/archive/help/")
    assert section_ids(html) == {"contents", "search", "archive"}
    assert 'class="topbar archive-top"' in html


@pytest.mark.django_db
def test_guide_quotes_this_installation_numbers(cast, settings):
    settings.ENVOY_REVIEW_DAYS = 21
    user = cast["reviewer"]
    with translation.override("zh-hant"):
        html = client_for(user).get("/help/").content.decode()
    assert "超過審核期限（21 天）" in html


@pytest.fixture
def searched(cast, bureaus):
    """One report for each example of the guide's search table."""
    from tests.search.helpers import indexed, make_report

    for title, text in [
        ("甲", "本府考察東京防災公園。"),
        ("乙", "東京，都市更新。"),
        ("丙", "以 Green Movement 為題，介紹 G-NETS 網絡。"),
        ("丁", "拜會 Tokyo 與 G NETS 代表、Māris 市長。"),
        ("戊", "臺灣與日本 1150 年。"),
    ]:
        make_report(title, [text], bureau=bureaus["secretariat"])
    indexed()
    return cast["admin"]


@pytest.mark.django_db
def test_search_works_as_the_guide_says(searched):
    from envoy.search.services import search

    def reports(query: str) -> set[str]:
        return {hit.title for hit in search(searched, query).hits if hit.kind == "report"}

    assert reports("東京 防災") == {"甲"}
    assert reports('"Green Movement"') == {"丙"}
    assert reports('"Movement Green"') == set()
    assert reports("防災") == {"甲"}
    assert reports("市") == {"乙", "丁"}
    assert reports("東京都") == set()  # 東京，都: not across punctuation
    assert reports("台湾") == {"戊"}
    assert reports("tokyo") == {"丁"}
    assert reports("tok") == set()
    assert reports("115") == set()
    assert reports("Maris") == {"丁"}
    assert reports("G-NETS") == {"丙"}
    assert reports("-東京") == {"甲", "乙"}
    assert reports("tok*") == set()
    assert reports("東京 OR 大阪") == set()
