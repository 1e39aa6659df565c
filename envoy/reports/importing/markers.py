"""What a line of a report is, read from the line alone: a chapter heading in one of the
numbering styles, a numbered point, a cover field, a figure caption, a 目次 entry.

Reports are written in many templates (the national 附件一 style 壹、目的 / 貳、過程, 第一章
目的, 一、目的：, a bare 目的：…), so each line is offered to every style here and the parser
decides which style the document uses (:func:`chapter_style`). Markers are matched in
Traditional or Simplified characters; the text itself is kept as written.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from envoy.core.lib.chinese import fold, variants_pattern

from .. import numbering
from ..enums import HeadingStyle

# A line this long or longer that does not end a sentence was cut by a page break; shorter
# lines without closing punctuation are headings.
HEADING_MAX = 40
SENTENCE_END = tuple('。！？!?；;」』）)…"”')

_CN = r"[一二三四五六七八九十百]+"
_UPPER = r"[壹貳贰參叁参肆伍陸陆柒捌玖拾]+"
_NUMERALS = "〇一二三四五六七八九十"
_UPPER_VALUES = {
    "壹": 1,
    "貳": 2,
    "贰": 2,
    "參": 3,
    "叁": 3,
    "参": 3,
    "肆": 4,
    "伍": 5,
    "陸": 6,
    "陆": 6,
    "柒": 7,
    "捌": 8,
    "玖": 9,
    "拾": 10,
}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def width(text: str) -> float:
    """How wide a line reads: a Han character counts 1, a Latin letter or space ½."""
    narrow = len(text.encode("ascii", "ignore"))
    return len(text) - narrow + narrow / 2


def is_heading(line: str) -> bool:
    return (
        len(line) <= 2 * HEADING_MAX
        and not line.endswith(SENTENCE_END)
        and "。" not in line
        and width(line) <= HEADING_MAX
    )


def v(word: str) -> str:
    return variants_pattern(word)


def chinese_to_int(text: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20, 壹 → 1, 拾貳 → 12, 4 → 4."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in "百":
            total += (current or 1) * 100
            current = 0
        elif ch in "十拾":
            total += (current or 1) * 10
            current = 0
        elif ch in _UPPER_VALUES:
            current = _UPPER_VALUES[ch]
        else:
            current = _NUMERALS.index(ch)
    return total + current


# ----- Chapters -----

CHAPTER = re.compile(
    r"^" + v("第") + r"\s*(" + _CN + r"|\d+)\s*" + v("章") + r"\s*[、：:.．]?\s*(.*?)\s*$"
)
_UPPER_HEADING = re.compile(r"^(" + _UPPER + r")\s*[、，,.．]\s*(.+?)\s*$")
_LOWER_HEADING = re.compile(r"^(" + _CN + r")\s*[、.．]\s*(.+?)\s*$")
_TITLE_AND_TEXT = re.compile(r"^(.{1,14}?)\s*[：:]\s*(.*)$")

# What chapters are called: a bare line naming one of these is a chapter in reports that do
# not number their chapters; under 一、 it is what tells a chapter from a point.
_CHAPTER_ENDINGS = (
    "目的|緣起|緣由|前言|背景|過程|行程|內容|紀要|紀實|心得|建議|建議事項|結論|結語|附錄|附件"
    "|參考資料|感想|檢討|效益|成果|摘述|概述|概要|簡介|總結"
)
_CHAPTER_WORD = re.compile(r"^.{0,8}?(?:" + _CHAPTER_ENDINGS + r")$")
# Bare titles (no numbering): only the common ones, so that a section heading such as
# 參訪內容 inside 過程 is not taken for a chapter.
_PLAIN_CORES = "目的 緣起 背景 過程 內容 紀要 心得 感想 建議 建議事項 結論".split()
_PLAIN_PREFIXES = "計畫 計劃 考察 出國 參訪 研習 訪問 會議 行程 研究 實習 政策 具體 綜合".split()
_PLAIN_TITLES = {
    fold(title)
    for title in (
        "前言 緣起 背景 結語 附錄 附件 參考資料 行程及過程 過程及內容".split()
        + _PLAIN_CORES
        + [prefix + core for prefix in _PLAIN_PREFIXES for core in _PLAIN_CORES]
        + [
            a + joiner + b
            for a in _PLAIN_CORES
            for b in _PLAIN_CORES
            for joiner in "與及"
            if a != b
        ]
    )
}


@dataclass(frozen=True)
class Heading:
    """A line that may be a chapter heading: in which style, its number, its title, and the
    text that followed a colon on the same line (目的：本次…)."""

    style: str
    number: int
    title: str
    rest: str = ""


def _split_title(title: str) -> tuple[str, str]:
    """目的：本次考察… → (目的, 本次考察…); a title without a colon stays whole."""
    if m := _TITLE_AND_TEXT.match(title):
        head = m.group(1).strip()
        if is_chapter_word(head) or (m.group(2) and width(head) <= 10):
            return head, m.group(2).strip()
    return title.rstrip("：: ").strip(), ""


def is_chapter_word(title: str) -> bool:
    """考察目的, 心得與建議, 建議事項…: a title chapters are given."""
    folded = re.sub(r"\s+", "", fold(title)).rstrip("：:")
    return len(folded) <= 12 and bool(_CHAPTER_WORD.match(folded))


def chapter_candidate(line: str) -> Heading | None:
    """The chapter heading ``line`` would be in the style it is written in, if it can be one.

    A 一、 line is only a candidate when its title names a chapter (目的, 心得與建議…),
    since 一、 numbers the points of most reports.
    """
    if m := CHAPTER.match(line):
        title, rest = _split_title(m.group(2))
        return Heading(HeadingStyle.CHAPTER, chinese_to_int(m.group(1)), title, rest)
    if m := _UPPER_HEADING.match(line):
        title, rest = _split_title(m.group(2))
        if title and (rest or is_heading(title)):
            return Heading(HeadingStyle.UPPER, chinese_to_int(m.group(1)), title, rest)
        return None
    if m := _LOWER_HEADING.match(line):
        title, rest = _split_title(m.group(2))
        if is_chapter_word(title) and (rest or is_heading(title)):
            return Heading(HeadingStyle.LOWER, chinese_to_int(m.group(1)), title, rest)
        return None
    title, rest = _split_title(line)
    if re.sub(r"\s+", "", fold(title)) in _PLAIN_TITLES:
        return Heading(HeadingStyle.PLAIN, 0, re.sub(r"\s+", "", title), rest)
    return None


def chapter_style(lines: list[str]) -> str | None:
    """The style the document numbers its chapters in, from every candidate line that is not
    a 目次 entry: 第一章 wins at once, then 壹、, then 一、 with chapter titles, then bare
    titles; None when the text has no chapter headings at all."""
    counts = dict.fromkeys(HeadingStyle.values, 0)
    for line in lines:
        if line and not LEADER.search(line) and (heading := chapter_candidate(line)):
            counts[heading.style] += 1
    if counts[HeadingStyle.CHAPTER]:
        return HeadingStyle.CHAPTER
    for style in (HeadingStyle.UPPER, HeadingStyle.LOWER, HeadingStyle.PLAIN):
        if counts[style] >= 2:
            return style
    for style in (HeadingStyle.UPPER, HeadingStyle.LOWER, HeadingStyle.PLAIN):
        if counts[style]:
            return style
    return None


# ----- Numbered points -----

_POINTS = [
    (numbering.UPPER, re.compile(r"^(" + _UPPER + r")\s*[、，,.．]\s*(.+?)\s*$")),
    # Not 一，: a wrapped line may start with the end of 不一，
    (numbering.LOWER, re.compile(r"^(" + _CN + r")\s*[、.．]\s*(.+?)\s*$")),
    (numbering.PAREN, re.compile(r"^[（(]\s*(" + _CN + r")\s*[)）]\s*[、.．]?\s*(.+?)\s*$")),
    # 1. …, 1、…, 1) …; 1.6月19日… and 2、10月17日… (a date right after the number), never
    # 1.5 億.
    (
        numbering.ARABIC,
        re.compile(r"^(\d{1,2})\s*(?:[.．](?!\d)|、|[.．](?=\d{1,2}\s*月)|[)）])\s*(.+?)\s*$"),
    ),
    (numbering.PAREN_ARABIC, re.compile(r"^[（(]\s*(\d{1,2})\s*[)）]\s*(.+?)\s*$")),
    (numbering.CIRCLED, re.compile(r"^([" + _CIRCLED + r"])\s*(.+?)\s*$")),
]


@dataclass(frozen=True)
class Point:
    marker: int  # numbering.UPPER … numbering.CIRCLED
    number: int
    text: str


def point_at(line: str) -> Point | None:
    """一、…, （一）…, 1. …, （1）…, ①…: the marker's level, its number and the text."""
    for marker, pattern in _POINTS:
        if m := pattern.match(line):
            value = m.group(1)
            number = _CIRCLED.index(value) + 1 if value in _CIRCLED else chinese_to_int(value)
            return Point(marker, number, m.group(2))
    return None


# ----- Other lines -----

FIGURE = re.compile(
    r"^" + v("圖") + r"\s*(\d+)(?:\s*[-–~～至]\s*(\d+))?\s*[\t 　:：、.．]\s*(.+?)\s*$"
)
# Dot leaders and/or a tab before a page number, as 目次 and 圖次 print them.
LEADER = re.compile(
    r"(?:\s*(?:(?:\s*[.．‧・·•])(?:\s*[.．‧・·•])+|…+|(?:\s*-){3,})\s*\t?|\t)"
    r"\s*(\d{1,4}|[ivxlc]{1,6})\s*$",
    re.I,
)
TABLE_ROW = re.compile(r"^\d{2,4}[/.]\d{1,2}[/.]\d{1,2}\s")


def _spaced(word: str) -> str:
    """目次 → 目\\s*次: cover pages space their labels out (目　　次)."""
    return r"\s*".join(v(ch) for ch in word)


MARKER_TOC = re.compile(r"^(?:" + _spaced("目次") + "|" + _spaced("目錄") + r")$")
MARKER_FIGURES = re.compile(
    r"^(?:" + _spaced("圖次") + "|" + _spaced("圖目錄") + "|" + _spaced("表次") + r")$"
)
COVER_HEADING = re.compile(
    r"^(?:"
    + v("公務")
    + r")?"
    + v("出國報告")
    + r"\s*[（(]\s*"
    + v("出國類別")
    + r"\s*[：:]\s*(.+?)\s*[）)]$"
)
# A cover's own label, saying nothing: 出國報告, 公務出國報告（出國類別：…） is COVER_HEADING.
COVER_LABEL = re.compile(r"^(?:" + v("公務") + r")?" + v("出國報告") + r"(?:書)?$")
MARKER_SUMMARY = re.compile(
    r"^(?:"
    + "|".join(_spaced(w) for w in ("報告內容", "內容", "中文"))
    + r")?\s*"
    + _spaced("摘要")
    + r"\s*[：:]?\s*(.*)$"
)
ITINERARY_TITLE = re.compile(
    v("行程表") + "|" + v("日程表") + r"|" + v("行程") + r"(?:" + v("概要") + r")?\s*$"
)


# ----- Cover fields -----

# The label as written (any of these) → the document key it fills; "ignored" for labels
# whose value Envoy does not keep (the portal's file name).
FIELDS = {
    "mission.category": ["類別", "出國類別"],
    "mission.region": [
        "地區",
        "前往地區",
        "出國地區",
        "考察地點",
        "考察地區",
        "派赴國家",
        "派赴國家地區",
        "派赴國家/地區",
        "出國國家",
        "前往國家",
        "訪問地區",
        "參訪地點",
        "前往國家地區",
        "出國地點",
    ],
    "mission.host_agency": ["主辦機關", "計畫主辦機關"],
    # On a cover, who wrote the report: the defaults of the travellers listed by name.
    "traveller.agency": ["服務機關", "服務機關名稱"],
    "traveller.unit": ["服務單位", "單位"],
    "traveller.title": ["職稱"],
    "traveller.rank": ["官職等", "職等"],
    "mission.title": ["計畫名稱"],
    "mission.visited_agencies": ["參訪機關", "考察機關", "參訪單位", "拜會機關"],
    "report.title": ["報告名稱", "報告題目"],
    "period": [
        "出國期間",
        "出國日期",
        "出國期程",
        "考察日期",
        "考察期間",
        "參訪期間",
        "參訪日期",
        "訪問期間",
        "研習期間",
        "實習期程",
        "實習期間",
        "會議期間",
        "期間",
    ],
    "report.report_date": ["報告日期", "報告完成日期", "報告繳交日期", "繳交日期"],
    "report.keywords": ["關鍵詞", "關鍵字"],
    "report.subject_category": ["主題分類"],
    "report.policy_category": ["施政分類"],
    "report.portal_id": ["系統識別號"],
    "report.page_count": ["頁數", "報告書頁數", "報告頁數", "本文頁數"],
    "travellers": [
        "出國人員",
        "考察人員",
        "參訪人員",
        "姓名職稱",
        "職稱姓名",
        "出國人員姓名",
        "出國人",
        "報告人",
        "實習人員",
        "研習人員",
        "出國人員名單",
        "姓名",
    ],
    "ignored": [
        "電子全文檔",
        "附件檔",
        "出版日期",
        "限閱與否",
        "專責人員姓名",
        "專責人員電話",
        "聯絡人",
        "聯絡電話",
        "報告書經費",
        "相關專案",
    ],
}
_FIELD_LOOKUP = {
    re.sub(r"[\s/／]", "", fold(label)): key for key, labels in FIELDS.items() for label in labels
}
_COLON_FIELD = re.compile(r"^([^：:\t]{2,16}?)\s*[：:]\s*(.*)$")


def _label_key(label: str) -> str | None:
    return _FIELD_LOOKUP.get(re.sub(r"[\s/／]", "", fold(label)))


# A section label of a portal record page (基本資料, 其他資料…): a heading of the page, not
# of the report.
RECORD_SECTION = re.compile(
    r"^(?:"
    + "|".join(
        v(w) for w in ("基本資料", "計畫主辦機關資訊", "其他資料", "出國人員資訊", "報告資訊")
    )
    + r")$"
)
_URL = re.compile(r"\s*(?:https?://|www\.)\S+")


def field_value(text: str) -> str:
    """A field's value without table bars and the web addresses portal pages add."""
    value = _URL.sub("", text).strip(" \t|｜")
    return re.sub(r"^\d{1,2}[.．、]\s*(?=\D)", "", value)  # 1. 日本: a list of one


def field_at(line: str) -> tuple[str, str] | None:
    """(document key, value) of a cover field: 出國期間：…, 出國期間⇥…, 出國期間 …, 報 告 日 期
    …, or the label alone (its value on the next line: value ``""``)."""
    if "\t" in line:
        label, _tab, value = line.partition("\t")
        if key := _label_key(label.rstrip("：: ")):
            return key, field_value(value)
    if m := _COLON_FIELD.match(line):
        if key := _label_key(m.group(1).strip(" |｜")):
            return key, field_value(m.group(2))
        return None
    words = line.split()
    # A label spaced out (報 告 日 期) or followed by a space: the longest that is one.
    for n in range(min(len(words), 8), 0, -1):
        if n > 1 and any(len(word) > 1 for word in words[:n]):
            continue
        if key := _label_key("".join(words[:n])):
            rest = line.split(None, n)[n] if len(words) > n else ""
            return key, field_value(rest)
    return None


@lru_cache(maxsize=8192)
def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def clean(line: str) -> str:
    """Outer white space off; NBSP and ideographic spaces count as white space."""
    return line.replace("\u00a0", " ").replace("\u3000", " ").strip()
