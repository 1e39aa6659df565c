"""English screens are English: the main pages, drawn in English over the permission crawl's
small world, show no Chinese character and no Chinese punctuation (、，。：（）「」) of their own.

What users wrote is told apart by making it English first: every text of every Envoy record
that holds a CJK character (titles, names, chapters, the search index…) is replaced by a Latin
placeholder, so whatever Chinese is left on the page comes from Envoy itself — a template, a
label, an enum, a joiner. Left out of the check:

- Chinese quoted on purpose, marked with ``lang="zh-…"`` (the language switch, the guide's
  examples);
- the official report's own numbering, which is part of the document as it prints (第一章, 一、,
  （一）, （1）, ①, 圖 1-3), and the hints that name those markers;
- search hits' titles and snippets: the text the index stored for each record.
"""

import re
from html import unescape

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models

from envoy.core.enums import Language
from tests.conftest import client_for
from tests.test_permission_crawl import build_dataset

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
CJK_PUNCTUATION = "、，。：（）「」"
QUOTED_CHINESE = re.compile(r'<(\w+)\b[^>]*\blang="zh[^"]*"[^>]*>.*?</\1>', re.S)
NOT_SHOWN = re.compile(r"<(script|style)\b.*?</\1>", re.S)
SEARCH_HITS = re.compile(
    r'<p class="snippet[^"]*">.*?</p>|(?<=<article class="hit">).*?</h2>', re.S
)
NUMERALS = "一二三四五六七八九十壹貳參肆伍陸柒捌玖拾"
REPORT_NUMBERING = re.compile(
    rf"第[{NUMERALS}]+章|(?:[{NUMERALS}]+、)+[{NUMERALS}]*|（[{NUMERALS}\d]+）|[①-⑳]|圖 \d+(?:-\d+)?"
)


def latin(value, tag: str):
    """``value`` with every string holding a CJK character replaced by a Latin one."""
    if isinstance(value, str):
        return f"Text {tag}" if CJK.search(value) else value
    if isinstance(value, list):
        return [latin(item, f"{tag}.{i}") for i, item in enumerate(value)]
    if isinstance(value, dict):
        return {key: latin(item, f"{tag}.{key}") for key, item in value.items()}
    return value


def write_users_text_in_english() -> None:
    """Every CJK text of every Envoy record (and the search index) made Latin."""
    for model in apps.get_models():
        if not model.__module__.startswith("envoy.") or model._meta.proxy:
            continue
        fields = [
            f
            for f in model._meta.concrete_fields
            if isinstance(
                f, models.CharField | models.TextField | models.JSONField | models.FileField
            )
            and not f.primary_key
        ]
        if not fields:
            continue
        for row in model.objects.values("pk", *(f.attname for f in fields)):
            changes = {}
            for field in fields:
                value = row[field.attname]
                new = latin(value, f"{model._meta.model_name} {row['pk']}")
                if new != value:
                    if isinstance(new, str) and field.max_length:
                        new = new[: field.max_length]
                    changes[field.attname] = new
            if changes:
                model.objects.filter(pk=row["pk"]).update(**changes)
    call_command("rebuild_search_index", workers=0, verbosity=0)


def chinese_left(html: str) -> list[str]:
    """Each place where the page shows Chinese of its own, with a little context."""
    html = NOT_SHOWN.sub("", QUOTED_CHINESE.sub("", SEARCH_HITS.sub("", html)))
    text = REPORT_NUMBERING.sub("", unescape(html))
    return [
        text[max(0, m.start() - 40) : m.end() + 40].replace("\n", " ")
        for m in re.finditer(rf"{CJK.pattern}+|[{CJK_PUNCTUATION}]", text)
    ]


@pytest.fixture
def world(cast, bureaus):
    bureaus["secretariat"].name_en = "Secretariat"
    bureaus["secretariat"].save()
    bureaus["works"].name_en = "Public Works Department"
    bureaus["works"].save()
    values = build_dataset(cast, bureaus)
    write_users_text_in_english()
    return values


def pages(values: dict) -> list[str]:
    mission, report = values["mission"], values["report"]
    return [
        "/",
        "/missions/",
        f"/missions/{mission}/",
        f"/missions/{mission}/edit/",
        f"/reports/{report}/edit/",
        f"/reports/{report}/workflow/",
        f"/reports/{report}/print/",
        "/reports/import/",
        f"/actions/report/{report}/",
        "/actions/",
        f"/actions/{values['action']}/",
        "/relations/people/",
        f"/relations/people/{values['person']}/",
        "/relations/organisations/",
        f"/relations/organisations/{values['organisation']}/",
        "/relations/cities/",
        f"/relations/cities/{values['city']}/",
        "/relations/networks/",
        f"/relations/networks/{values['network']}/",
        "/relations/agreements/",
        f"/relations/agreements/{values['agreement']}/",
        "/relations/site-visits/",
        "/relations/followups/",
        "/relations/events/",
        f"/relations/events/{values['event']}/",
        f"/relations/briefing/{mission}/",
        f"/planning/missions/{mission}/handbook/",
        "/search/?q=Text",
        "/notices/",
        "/help/",
    ]


@pytest.mark.django_db
def test_main_pages_in_english_show_no_chinese_of_their_own(world, cast):
    officer = cast["officer"]
    officer.language = Language.EN
    officer.name_en = "Officer"
    officer.save()
    client = client_for(officer)
    found = {}
    for url in pages(world):
        response = client.get(url)
        assert response.status_code == 200, url
        left = chinese_left(response.content.decode())
        if left:
            found[url] = left
    assert found == {}, "\n".join(
        f"{url}: {place}" for url, left in found.items() for place in left
    )


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["owner", "reviewer", "viewer"])
def test_home_page_of_each_role_in_english_shows_no_chinese_of_its_own(world, cast, who):
    user = cast[who]
    user.language = Language.EN
    user.save()
    response = client_for(user).get("/")
    assert chinese_left(response.content.decode()) == []


@pytest.mark.django_db
def test_public_archive_in_english_shows_no_chinese_of_its_own(world, client):
    client.cookies["django_language"] = "en"
    found = {}
    for url in [
        "/archive/",
        "/archive/reports/",
        f"/archive/reports/{world['published']}/",
        "/archive/search/?q=Text",
        "/archive/help/",
        "/help/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        left = chinese_left(response.content.decode())
        if left:
            found[url] = left
    assert found == {}, "\n".join(
        f"{url}: {place}" for url, left in found.items() for place in left
    )
