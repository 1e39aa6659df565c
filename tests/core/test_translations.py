"""The English catalogue: complete, faithful to its placeholders, and what English users see.

The interface is written in Traditional Chinese; ``locale/en/LC_MESSAGES/django.po`` gives
its English. ``tests/core/conftest.py`` compiles the catalogue when set-up did not.
"""

import importlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext, ngettext, override

from tests.conftest import client_for

ENGLISH_PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"

# Han characters, CJK punctuation and full-width forms: what English text should not hold.
CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
# %s, %d, %(name)s, %(size).1f, %%; {name}, {0}; HTML tags and entities.
PERCENT_PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")
BRACE_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
MARKUP = re.compile(r"<[^>]+>|&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);")

# Language names are written in their own language, whatever the interface's language.
ENDONYMS = {"繁體中文", "English"}


# ----- A tiny reader of .po files -----


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def is_header(self) -> bool:
        return self.msgid == ""

    def pairs(self) -> list[tuple[str, str]]:
        """(source, translation): the singular with msgstr[0], the plural with the others."""
        if self.msgid_plural is None:
            return [(self.msgid, self.msgstr.get(0, ""))]
        return [
            (self.msgid if index == 0 else self.msgid_plural, text)
            for index, text in sorted(self.msgstr.items())
        ]


ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+"(.*)"$')


def unescape(quoted: str) -> str:
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(1)), quoted)


def read_po(path: Path) -> list[Entry]:
    entries: list[Entry] = []
    entry, target = Entry(), None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            if target is not None:
                entries.append(entry)
            entry, target = Entry(), None
        elif line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif match := KEYWORD.match(line):
            keyword, index, text = match.groups()
            if target is None:
                entry.line = number
            if keyword == "msgstr":
                target = ("msgstr", int(index or 0))
                entry.msgstr[target[1]] = unescape(text)
            else:
                target = (keyword, None)
                setattr(entry, keyword, unescape(text))
        elif line.startswith('"') and target is not None:
            keyword, index = target
            if keyword == "msgstr":
                entry.msgstr[index] += unescape(line[1:-1])
            elif keyword != "msgctxt":
                setattr(entry, keyword, getattr(entry, keyword) + unescape(line[1:-1]))
        else:
            raise ValueError(f"{path}:{number}: cannot read {raw!r}")
    if target is not None:
        entries.append(entry)
    return entries


@pytest.fixture(scope="module")
def catalogue() -> list[Entry]:
    return read_po(ENGLISH_PO)


def messages_of(catalogue: list[Entry]) -> list[Entry]:
    return [entry for entry in catalogue if not entry.is_header]


def placeholders(text: str) -> list[str]:
    found = PERCENT_PLACEHOLDER.findall(text) + BRACE_PLACEHOLDER.findall(text)
    return sorted(found + MARKUP.findall(text))


# ----- The catalogue itself -----


def test_the_english_catalogue_is_declared_english_with_two_plural_forms(catalogue):
    header = next(entry for entry in catalogue if entry.is_header).msgstr[0]
    assert "Language: en\n" in header
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header


def test_the_english_catalogue_translates_every_message(catalogue):
    messages = messages_of(catalogue)
    assert len(messages) > 300
    fuzzy = [f"{e.line}: {e.msgid}" for e in catalogue if "fuzzy" in e.flags]
    untranslated = [
        f"{e.line}: {e.msgid}" for e in messages if not all(text for _, text in e.pairs())
    ]
    assert fuzzy == []
    assert untranslated == []


def test_every_plural_message_has_both_english_forms(catalogue):
    plurals = [entry for entry in messages_of(catalogue) if entry.msgid_plural is not None]
    assert plurals
    incomplete = [f"{e.line}: {e.msgid}" for e in plurals if sorted(e.msgstr) != [0, 1]]
    assert incomplete == []


def test_every_translation_keeps_the_placeholders_and_markup_of_its_message(catalogue):
    mismatched = [
        f"{entry.line}: {source!r} -> {text!r}"
        for entry in messages_of(catalogue)
        for source, text in entry.pairs()
        if placeholders(source) != placeholders(text)
    ]
    assert mismatched == []


def test_no_english_translation_is_left_in_chinese(catalogue):
    """Data examples (e.g. 日本、韓國 in a hint) may stay; a whole message may not."""
    still_chinese = [
        f"{entry.line}: {entry.msgid}"
        for entry in messages_of(catalogue)
        for source, text in entry.pairs()
        if CHINESE.search(source) and text == source and source not in ENDONYMS
    ]
    assert still_chinese == []


# ----- The code's labels, as the compiled catalogue gives them -----


def text_choices() -> list[tuple[str, models.TextChoices]]:
    found = []
    for module_name in ("envoy.core.enums", "envoy.missions.enums", "envoy.reports.enums"):
        module = importlib.import_module(module_name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, models.TextChoices)
                and value.__module__ == module_name
            ):
                found.extend((f"{value.__name__}.{choice.name}", choice) for choice in value)
    return found


def verbose_names() -> list[tuple[str, object]]:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("envoy."):
            continue
        for model in config.get_models():
            meta = model._meta
            found.append((f"{meta.label} (verbose_name)", meta.verbose_name))
            found.append((f"{meta.label} (verbose_name_plural)", meta.verbose_name_plural))
            for model_field in meta.get_fields():
                if getattr(model_field, "verbose_name", None) is not None:
                    found.append((f"{meta.label}.{model_field.name}", model_field.verbose_name))
    return found


def assert_translated(where: str, chinese: str, english: str) -> None:
    assert english != chinese, f"{where}: {chinese!r} is not translated"
    assert not CHINESE.search(english), f"{where}: {english!r} is still partly Chinese"


@pytest.mark.parametrize(("where", "choice"), text_choices(), ids=lambda x: str(x))
def test_every_choice_label_written_in_chinese_reads_in_english(where, choice):
    with override("zh-hant"):
        chinese = str(choice.label)
    if not CHINESE.search(chinese) or chinese in ENDONYMS:
        return  # "PDF", "Word (.docx)", a language's own name: the same in every language.
    with override("en"):
        english = str(choice.label)
    assert_translated(where, chinese, english)


def test_every_verbose_name_of_envoy_models_reads_in_english():
    names = verbose_names()
    assert len(names) > 50
    for where, name in names:
        with override("zh-hant"):
            chinese = str(name)
        if not CHINESE.search(chinese):
            continue
        with override("en"):
            english = str(name)
        assert_translated(where, chinese, english)


# The glossary of the international-affairs office, as page headings, labels and buttons.
GLOSSARY = [
    ("任務與報告", "Missions and reports"),
    ("出國報告", "Trip report"),
    ("出訪", "Outbound mission"),
    ("來訪", "Inbound visit"),
    ("任務", "Mission"),
    ("新增任務", "New mission"),
    ("行程表", "Itinerary"),
    ("行程", "Itinerary"),
    ("出國人員", "Delegation members"),
    ("團長", "Head of delegation"),
    ("局處", "Bureau"),
    ("主責局處", "Lead bureau"),
    ("主辦機關", "Host agency"),
    ("參訪機關", "Agencies visited"),
    ("出國類別", "Trip category"),
    ("考察", "Inspection"),
    ("進修", "Study"),
    ("研究", "Research"),
    ("實習", "Internship"),
    ("其他", "Other"),
    ("關鍵詞", "Keywords"),
    ("主題分類", "Subject category"),
    ("施政分類", "Policy category"),
    ("摘要", "Summary"),
    ("報告日期", "Report date"),
    ("系統識別號", "Portal system ID"),
    ("圖次", "List of figures"),
    ("目次", "Table of contents"),
    ("送審", "Submit for review"),
    ("核定", "Approve"),
    ("公開", "Publish"),
    ("已核定", "Approved"),
    ("已公開", "Published"),
    ("審核人", "Reviewer"),
    ("檢視者", "Viewer"),
    ("國際事務承辦人", "International affairs officer"),
    ("基本資料", "Basic details"),
    ("報告流程", "Report workflow"),
    ("列印與下載", "Print and download"),
    ("編輯報告", "Edit report"),
    ("編輯任務", "Edit mission"),
    ("匯入出國報告", "Import a trip report"),
    ("報告內容", "Report content"),
    ("出國期間", "Trip dates"),
    ("報告期限", "Report due"),
]


@pytest.mark.parametrize(("chinese", "english"), GLOSSARY)
def test_the_interface_uses_the_offices_english_terms(chinese, english):
    with override("en"):
        assert gettext(chinese) == english


def test_plural_messages_agree_with_their_count():
    with override("en"):
        assert ngettext("還有 %(days)s 天", "還有 %(days)s 天", 1) % {"days": 1} == "1 day left"
        assert ngettext("還有 %(days)s 天", "還有 %(days)s 天", 5) % {"days": 5} == "5 days left"
        assert ngettext("逾期 %(days)s 天", "逾期 %(days)s 天", 2) % {"days": 2} == "2 days overdue"


# ----- The pages an English-speaking user sees -----


@pytest.fixture
def english_owner(cast):
    owner = cast["owner"]
    owner.language = "en"
    owner.save(update_fields=["language"])
    return owner


def page_for(user, url: str) -> str:
    response = client_for(user).get(url)
    assert response.status_code == 200, url
    assert response["Content-Language"] == "en"
    html = response.content.decode()
    assert '<html lang="en">' in html
    return html


def assert_english(html: str, *, shows: list[str], hides: list[str]) -> None:
    for english in shows:
        assert english in html, f"{english!r} is missing"
    for chinese in hides:
        assert chinese not in html, f"{chinese!r} is still shown"


# Interface words of the page frame (header and navigation), on every page.
FRAME_CHINESE = ["任務與報告", "變更密碼", "登出", "局處編輯"]
FRAME_ENGLISH = ["Missions and reports", "Change password", "Sign out", "Bureau editor"]


@pytest.mark.django_db
def test_a_user_who_chose_english_sees_the_missions_list_in_english(english_owner, mission_report):
    assert mission_report.status == "draft"
    html = page_for(english_owner, reverse("missions:list"))
    assert_english(
        html,
        shows=[
            *FRAME_ENGLISH,
            "Outbound missions and inbound visits",
            "Mission title",
            "Period",  # the list holds trips and visits: its header names neither
            "Lead bureau",
            "Report status",
            "Report due",
            "1 mission",
            "Filter",
            "Draft",
        ],
        hides=[*FRAME_CHINESE, "計畫名稱", "出國期間", "報告狀態", "報告期限", "篩選", "草稿"],
    )
    # The mission itself is the report's own words, in Chinese.
    assert mission_report.mission.title in html


@pytest.mark.django_db
def test_a_user_who_chose_english_sees_the_mission_page_in_english(english_owner, mission_report):
    mission = mission_report.mission
    html = page_for(english_owner, reverse("missions:detail", args=[mission.pk]))
    assert_english(
        html,
        shows=[
            *FRAME_ENGLISH,
            "Basic details",
            "Report title",
            "Trip category",
            "Host agency",
            "Keywords",
            "Delegation members",
            "Itinerary",
            "Report content",
            "List of figures",
            "Report workflow",
            "Print and download",
            "On this page",
        ],
        hides=[
            *FRAME_CHINESE,
            "基本資料",
            "報告名稱",
            "出國類別",
            "主辦機關",
            "關鍵詞",
            "報告流程",
            "審核紀錄",
            "列印與下載",
            "本頁段落",
        ],
    )
    # What the report says stays as written.
    assert mission.title in html
    assert mission_report.chapters.first().title in html


@pytest.mark.django_db
def test_a_user_who_chose_english_edits_the_report_in_english(english_owner, mission_report):
    html = page_for(english_owner, reverse("reports:edit", args=[mission_report.pk]))
    assert_english(
        html,
        shows=[
            *FRAME_ENGLISH,
            "Edit report",
            "Report details (official trip report portal)",
            "Save report details",
            "Table of contents",
            "Rename chapter",
            "Delete chapter",
            "Add chapter",
            "Submit for review",
        ],
        hides=[*FRAME_CHINESE, "編輯報告", "儲存報告資料", "章節導覽", "改章名", "刪除章", "送審"],
    )
    assert mission_report.title in html


@pytest.mark.django_db
def test_a_user_who_chose_english_prints_the_report_in_english(english_owner, mission_report):
    html = page_for(english_owner, reverse("reports:print", args=[mission_report.pk]))
    assert_english(
        html,
        shows=[
            *FRAME_ENGLISH,
            "Print and download",
            "PDF preview",
            "Download PDF",
            "Downloads",
            "for internal review only",
            "Word document, editable",
        ],
        hides=[*FRAME_CHINESE, "列印與下載", "PDF 預覽", "下載 PDF", "僅供內部檢閱", "可再編輯"],
    )
    assert mission_report.title in html


@pytest.mark.django_db
def test_a_user_who_did_not_choose_still_sees_traditional_chinese(cast, mission_report):
    response = client_for(cast["owner"]).get(reverse("missions:list"))
    assert response["Content-Language"] == "zh-hant"
    html = response.content.decode()
    assert "任務與報告" in html
    assert "Missions and reports" not in html
