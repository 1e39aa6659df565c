"""The shared text parser: the lines of a report, from any format, into an ``envoy.report``
document (docs/json-export.md), with a list of what it could not understand.

It reads the layout Taiwanese trip reports share: header fields (類別：…, 主辦機關：…), the
title, 摘要, 目次 and 圖次 with page numbers, a 行程表 of one row per day, then chapters
(第一章 目的 …) holding day headings (115 年 4 月 26 日（星期日）), section headings,
paragraphs, numbered points (一、…) and figure captions (圖 1-3 …). Markers are matched in
Traditional or Simplified characters; the text itself is kept exactly as written.
"""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from envoy.core.lib.chinese import fold, variants_pattern
from envoy.core.lib.places import country_code, country_timezone
from envoy.core.lib.rocdates import DateFormatError, parse_roc_date, parse_roc_span

from .errors import UnreadableReport

FORMAT, VERSION = "envoy.report", 1

# A line this long or longer that does not end a sentence was cut by a page break; shorter
# lines without closing punctuation are headings.
HEADING_MAX = 40
SENTENCE_END = tuple('。！？!?；;」』）)…"”')

_NUMERALS = "〇一二三四五六七八九十"
_CN = r"[一二三四五六七八九十百]+"


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def width(text: str) -> float:
    """How wide a line reads: a Han character counts 1, a Latin letter or space ½."""
    wide = len(_NON_ASCII.findall(text))
    return wide + (len(text) - wide) / 2


def is_heading(line: str) -> bool:
    return (
        len(line) <= 2 * HEADING_MAX
        and not line.endswith(SENTENCE_END)
        and "。" not in line
        and width(line) <= HEADING_MAX
    )


def _v(word: str) -> str:
    return variants_pattern(word)


def chinese_to_int(text: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20, 4 → 4."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _NUMERALS.index(ch)
    return total + current


CHAPTER = re.compile(r"^第\s*(" + _CN + r"|\d+)\s*章\s*(.+?)\s*$")
POINT = re.compile(r"^(" + _CN + r")\s*[、，,.．]\s*(.+?)\s*$")
FIGURE = re.compile(r"^" + _v("圖") + r"\s*(\d+)(?:\s*[-–~～至]\s*(\d+))?\s*[\t 　:：]\s*(.+?)\s*$")
# Dot leaders and/or a tab before a page number, as 目次 and 圖次 print them.
LEADER = re.compile(r"(?:\s*(?:(?:\s*\.){2,}|…+|(?:\s*·){2,})\s*\t?|\t)\s*(\d{1,4})\s*$")
FIELD = re.compile(r"^([^：:\t]{2,12})\s*[：:]\s*(.*)$")
FLIGHT_NUMBER = re.compile(r"(?<![A-Za-z0-9])([A-Z]{2}|[A-Z]\d|\d[A-Z])\s?(\d{2,4})(?![0-9])")
TIME = re.compile(
    r"(上午|下午|中午|晚上|晚間|凌晨|早上|清晨|傍晚)?\s*(\d{1,2})\s*(?:[時时点點]|:|：)\s*(?:(\d{1,2})\s*分?)?"
)
AIRPORT = re.compile(
    r"(?:由|從|从|自|於|于|在|前往|飛往|飞往|抵達|抵达|至|到)\s*([一-鿿]{2,8}?(?:國際)?"
    + _v("機場")
    + r")"
)
ITEM_SPLIT = re.compile(r"(?:^|\s)(\d{1,2})[.．、]\s*")

MARKER_TOC = re.compile(r"^" + _v("目次") + r"$|^" + _v("目錄") + r"$")
MARKER_FIGURES = re.compile(r"^" + _v("圖次") + r"$|^" + _v("圖目錄") + r"$")
COVER_HEADING = re.compile(
    r"^" + _v("出國報告") + r"\s*[（(]\s*" + _v("出國類別") + r"\s*[：:]\s*(.+?)\s*[）)]$"
)
MARKER_SUMMARY = re.compile(r"^" + _v("摘要") + r"\s*[：:]?\s*(.*)$")
ITINERARY_TITLE = re.compile(_v("行程表") + r"\s*$")

# Header fields: the label as written (any of these) → the document key it fills.
FIELDS = {
    "mission.category": ["類別", "出國類別"],
    "mission.region": ["地區", "前往地區", "派赴國家", "派赴國家地區", "派赴國家/地區"],
    "mission.host_agency": ["主辦機關", "服務機關"],
    "mission.title": ["計畫名稱"],
    "mission.visited_agencies": ["參訪機關"],
    "report.title": ["報告名稱"],
    "period": ["出國期間"],
    "report.report_date": ["報告日期"],
    "report.keywords": ["關鍵詞", "關鍵字"],
    "report.subject_category": ["主題分類"],
    "report.policy_category": ["施政分類"],
    "report.portal_id": ["系統識別號"],
    "report.page_count": ["頁數"],
    "travellers": ["出國人員", "姓名職稱", "職稱姓名", "出國人員姓名"],
}
_FIELD_LOOKUP = {fold(label): key for key, labels in FIELDS.items() for label in labels}

CATEGORIES = {"考察": "inspection", "進修": "study", "研究": "research", "實習": "internship"}

DAY_LABEL = re.compile(r"^(?:" + _v("第") + _CN + r"天|Day\s*\d+)\s*[:：]?\s*", re.I)


@dataclass
class Recognised:
    """What the parser found and what it could not place — the import summary."""

    fields: list[str] = field(default_factory=list)
    rejoined: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# An itinerary item with every key of the document format, nothing known yet.
EMPTY_ITEM = {
    "kind": "other",
    "text": "",
    "place": "",
    "start_time": None,
    "start_timezone": "",
    "end_time": None,
    "end_timezone": "",
    "end_date": None,
    "flight_number": "",
    "origin": "",
    "destination": "",
}


def empty_document() -> dict:
    return {
        "format": FORMAT,
        "version": VERSION,
        "mission": {
            "direction": "outbound",
            "title": "",
            "category": "other",
            "category_detail": "",
            "region": "",
            "host_agency": "",
            "visited_agencies": "",
            "start_date": None,
            "end_date": None,
            "destination_countries": [],
            "destination_cities": [],
            "members": [],
            "days": [],
        },
        "report": {
            "title": "",
            "keywords": [],
            "subject_category": "",
            "policy_category": "",
            "summary": "",
            "report_date": None,
            "page_count": None,
            "portal_id": "",
            "status": "draft",
            "source_toc": [],
            "chapters": [],
        },
    }


def clean(line: str) -> str:
    """Outer white space off; NBSP and ideographic spaces count as white space."""
    return line.replace("\u00a0", " ").replace("\u3000", " ").strip()


def parse_lines(raw_lines: list[str], *, visual_lines: bool = False) -> tuple[dict, Recognised]:
    """Parse the lines of a report into a document.

    ``visual_lines`` says each line is one printed line (PDF), not one paragraph, so lines of
    a paragraph are joined first. Raises :class:`UnreadableReport` when neither a title nor a
    chapter can be found — the file is then not a trip report Envoy can read.
    """
    lines = join_visual_lines(raw_lines) if visual_lines else [clean(line) for line in raw_lines]
    parser = _Parser(lines)
    parser.run()
    return parser.document, parser.found


class _Parser:
    def __init__(self, lines: list[str]):
        self.lines = lines
        self.i = 0
        self.document = empty_document()
        self.mission = self.document["mission"]
        self.report = self.document["report"]
        self.found = Recognised()
        self.figure_list: list[dict] = []
        self.summary_lines: list[str] = []
        self.had_itinerary = False
        self.title_open = False

    # ----- the walk -----

    def run(self) -> None:
        self.front_matter()
        self.chapters()
        self.finish()

    def peek(self) -> str | None:
        return self.lines[self.i] if self.i < len(self.lines) else None

    def next_nonblank(self, start: int) -> int:
        j = start
        while j < len(self.lines) and not self.lines[j]:
            j += 1
        return j

    def front_matter(self) -> None:
        while self.i < len(self.lines):
            line = self.lines[self.i]
            if not line:
                self.i += 1
                continue
            if CHAPTER.match(line) and not LEADER.search(line):
                return
            title_open, self.title_open = self.title_open, False
            if m := COVER_HEADING.match(line):
                self.i += 1
                self.category(m.group(1))
                self.found.fields.append("mission.category")
            elif MARKER_TOC.match(line):
                self.i += 1
                self.toc()
            elif MARKER_FIGURES.match(line):
                self.i += 1
                self.figures_list()
            elif m := MARKER_SUMMARY.match(line):
                self.i += 1
                self.summary(m.group(1))
            elif ITINERARY_TITLE.search(line) and len(line) <= HEADING_MAX:
                self.i += 1
                self.itinerary()
            elif (m := FIELD.match(line)) and fold(m.group(1).strip()) in _FIELD_LOOKUP:
                self.i += 1
                self.header_field(_FIELD_LOOKUP[fold(m.group(1).strip())], m.group(2).strip())
            elif not self.report["title"]:
                self.report["title"] = line
                self.found.fields.append(_("報告名稱"))
                self.title_open = True
                self.i += 1
                continue
            elif title_open and not FIELD.match(line):
                # A long title printed over two lines.
                self.report["title"] = join_text(self.report["title"], line)
                self.title_open = True
                self.i += 1
                continue
            else:
                self.found.warnings.append(_("封面有一行無法辨識，未匯入：「%s」") % line[:60])
                self.i += 1

    def header_field(self, key: str, value: str) -> None:
        # A field whose value is on the following lines (出國人員：\n 姓名 …).
        continuation = []
        j = self.i
        while key == "travellers" and j < len(self.lines) and self.lines[j]:
            if FIELD.match(self.lines[j]) or MARKER_TOC.match(self.lines[j]):
                break
            continuation.append(self.lines[j])
            j += 1
        if continuation:
            self.i = j
        if not value and not continuation:
            return
        if key == "mission.category":
            self.category(value)
        elif key == "period":
            try:
                start, end = parse_roc_span(value)
            except DateFormatError:
                self.found.warnings.append(_("出國期間無法辨識：「%s」") % value)
                return
            self.mission["start_date"], self.mission["end_date"] = (
                start.isoformat(),
                end.isoformat(),
            )
        elif key == "report.report_date":
            try:
                self.report["report_date"] = parse_roc_date(value).isoformat()
            except DateFormatError:
                self.found.warnings.append(_("報告日期無法辨識：「%s」") % value)
                return
        elif key == "report.keywords":
            self.report["keywords"] = [k for k in re.split(r"\s*[、,，;；]\s*", value) if k]
        elif key == "report.page_count":
            digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", value))
            self.report["page_count"] = int(digits) if digits else None
        elif key == "travellers":
            for entry in [value, *continuation]:
                self.traveller(entry)
        else:
            section, name = key.split(".")
            self.document[section][name] = value
        self.found.fields.append(key)

    def category(self, value: str) -> None:
        m = re.match(r"^(.+?)\s*[（(](.+)[）)]\s*$", value)
        base, detail = (m.group(1), m.group(2)) if m else (value, "")
        base_folded = fold(base)
        code = next((c for label, c in CATEGORIES.items() if fold(label) == base_folded), None)
        if code is None:
            code = "other"
            if fold("其他") != base_folded:
                detail = value
        self.mission["category"], self.mission["category_detail"] = code, detail

    def traveller(self, entry: str) -> None:
        """姓名/服務機關/服務單位/職稱/官職等, or 服務機關 職稱 姓名 separated by spaces."""
        if not entry:
            return
        parts = [p.strip() for p in re.split(r"\s*[/／|]\s*", entry)]
        if len(parts) >= 2:
            parts += [""] * (5 - len(parts))
            name, agency, unit, title, rank = parts[:5]
        else:
            words = entry.split()
            name = words[-1]
            title = words[-2] if len(words) >= 2 else ""
            agency = " ".join(words[:-2])
            unit = rank = ""
        self.mission["members"].append(
            {
                "name": name,
                "agency": agency,
                "unit": unit,
                "title": title,
                "rank": rank,
                "is_head": not self.mission["members"],
            }
        )

    def block_end(self, line: str) -> bool:
        return bool(
            MARKER_TOC.match(line)
            or MARKER_FIGURES.match(line)
            or MARKER_SUMMARY.match(line)
            or (ITINERARY_TITLE.search(line) and len(line) <= HEADING_MAX)
            or (CHAPTER.match(line) and not LEADER.search(line))
        )

    def toc(self) -> None:
        while self.i < len(self.lines):
            line = self.lines[self.i]
            if not line:
                self.i += 1
                continue
            m = LEADER.search(line)
            if not m or self.block_end(line):
                return
            title = clean(line[: m.start()]).rstrip(".…·")
            self.report["source_toc"].append({"title": clean(title), "page": int(m.group(1))})
            self.i += 1

    def figures_list(self) -> None:
        while self.i < len(self.lines):
            line = self.lines[self.i]
            if not line:
                self.i += 1
                continue
            leader = LEADER.search(line)
            m = FIGURE.match(line[: leader.start()] if leader else line)
            if not m:
                return
            first, last, caption = m.groups()
            self.figure_list.append(
                {
                    "first": int(first),
                    "last": int(last or first),
                    "caption": clean(caption).rstrip(".…·"),
                    "page": int(leader.group(1)) if leader else None,
                }
            )
            self.i += 1

    def summary(self, inline: str) -> None:
        parts = [inline] if inline else []
        while self.i < len(self.lines):
            line = self.lines[self.i]
            if line and (
                self.block_end(line)
                or FIELD.match(line)
                and fold(FIELD.match(line).group(1)) in _FIELD_LOOKUP
            ):
                break
            parts.append(line)
            self.i += 1
        self.report["summary"] = "\n".join(paragraphs_of(parts))
        self.found.fields.append(_("摘要"))

    def itinerary(self) -> None:
        """Rows: 日期 ⇥ 國家 ⇥ 地點 ⇥ 行程 ⇥ 備註, after a header row."""
        self.itinerary_rows()
        self.split_visual_rows()

    def itinerary_rows(self) -> None:
        columns = ["日期", "國家", "地點", "行程", "備註"]
        order = list(range(5))
        self.had_itinerary = True
        while self.i < len(self.lines):
            line = self.lines[self.i]
            if not line:
                self.i += 1
                continue
            cells = [clean(c) for c in (line.split("\t") if "\t" in line else line.split())]
            if fold(cells[0]) == fold("日期"):
                folded = [fold(c) for c in cells]
                order = [folded.index(fold(c)) if fold(c) in folded else -1 for c in columns]
                self.i += 1
                continue
            try:
                date = parse_roc_date(cells[0])
            except DateFormatError:
                if not self.visual_row(line):
                    return
                self.i += 1
                continue
            if "\t" not in line:
                # A printed table: date, countries, places, then the programme's first words.
                cells = cells[:3] + [" ".join(cells[3:]), ""]
            picked = [cells[k] if 0 <= k < len(cells) else "" for k in order]
            self.itinerary_day(date, *picked[1:])
            self.i += 1

    def visual_row(self, line: str) -> bool:
        """In a printed table, a line after a row's first is more of its programme."""
        days = self.mission["days"]
        field = FIELD.match(line)
        if (
            not days
            or "\t" in line
            or self.block_end(line)
            or (field and fold(field.group(1).strip()) in _FIELD_LOOKUP)
        ):
            return False
        day = days[-1]
        joined = day.setdefault("_programme", _programme_text(day))
        day["_programme"] = (
            joined + " " + line if ITEM_SPLIT.match(line) or not joined else join_text(joined, line)
        )
        return True

    def split_visual_rows(self) -> None:
        for day in self.mission["days"]:
            if "_programme" in day:
                programme = day.pop("_programme")
                day["heading"], items = split_programme(programme)
                day["items"] = [new_item(text, day["heading"]) for text in items]

    def itinerary_day(self, date, countries, places, programme, remarks) -> None:
        heading, items = split_programme(programme)
        day = {
            "date": date.isoformat(),
            "countries": split_list(countries, r"[/／、,，]"),
            "places": split_list(places, r"[-－–—→/／、,，]"),
            "heading": heading,
            "remarks": remarks,
            "items": [new_item(text, heading) for text in items],
        }
        self.mission["days"].append(day)

    # ----- chapters -----

    def chapters(self) -> None:
        chapter = None
        while self.i < len(self.lines):
            line = self.lines[self.i]
            self.i += 1
            if not line:
                continue
            if (m := CHAPTER.match(line)) and not LEADER.search(line):
                chapter = {"number": chinese_to_int(m.group(1)), "title": m.group(2), "blocks": []}
                self.report["chapters"].append(chapter)
                continue
            blocks = chapter["blocks"]
            if day := _as_date(line):
                blocks.append({"kind": "day", "date": day.isoformat(), "text": line})
            elif m := FIGURE.match(line):
                first, last, caption = m.groups()
                if blocks and blocks[-1]["kind"] == "section" and blocks[-1]["text"] == caption:
                    blocks.pop()  # the framed placeholder printed where a photo will go
                blocks.append(
                    {
                        "kind": "figures",
                        "text": caption,
                        "figure_first": int(first),
                        "figure_last": int(last or first),
                        "source_page": None,
                        "photos": [],
                    }
                )
            elif m := POINT.match(line):
                blocks.append(
                    {"kind": "point", "number": chinese_to_int(m.group(1)), "text": m.group(2)}
                )
            elif is_heading(line):
                blocks.append({"kind": "section", "text": line})
            else:
                blocks.append({"kind": "paragraph", "text": self.paragraph(line)})

    def paragraph(self, text: str) -> str:
        """A paragraph, with the rest of it rejoined when a page break cut it in two."""
        while not text.endswith(SENTENCE_END):
            j = self.next_nonblank(self.i)
            if j >= len(self.lines):
                break
            following = self.lines[j]
            if (
                CHAPTER.match(following)
                or FIGURE.match(following)
                or POINT.match(following)
                or _as_date(following)
                or is_heading(following)
            ):
                break
            self.found.rejoined.append(text[-12:] + "⏎" + following[:12])
            text = join_text(text, following)
            self.i = j + 1
        return text

    # ----- afterwards -----

    def finish(self) -> None:
        report, mission, warnings = self.report, self.mission, self.found.warnings
        if not report["chapters"] and not mission["days"]:
            raise UnreadableReport(
                _("找不到出國報告的結構（「第一章」等章節或行程表），這個檔案似乎不是出國報告。")
            )
        if not report["chapters"]:
            warnings.append(_("找不到任何章節（第一章、第二章……），只匯入了封面資料與行程表。"))
        mission["title"] = mission["title"] or report["title"]
        report["title"] = report["title"] or mission["title"]
        self.place_figures()
        self.dates()
        self.destinations()
        self.flights()
        self.check_toc()
        if not report["summary"]:
            warnings.append(_("找不到摘要，請於報告中補上（200–300 字）。"))
        elif not 200 <= len(report["summary"]) <= 300:
            warnings.append(_("摘要長度為 %d 字，建議 200–300 字。") % len(report["summary"]))
        if not mission["members"]:
            warnings.append(_("找不到出國人員，請於任務中補上。"))
        if not report["report_date"]:
            warnings.append(_("找不到報告日期。"))
        last = next((b for c in reversed(report["chapters"]) for b in reversed(c["blocks"])), None)
        if last and last["kind"] == "paragraph" and not last["text"].endswith(SENTENCE_END):
            warnings.append(
                _("報告最後一段沒有結束（「…%s」），檔案可能不完整。") % last["text"][-20:]
            )

    def place_figures(self) -> None:
        """Match the 圖次 list with the captions in the text: their source pages."""
        listed = {(f["first"], f["last"]): f for f in self.figure_list}
        seen = set()
        for chapter in self.report["chapters"]:
            for block in chapter["blocks"]:
                if block["kind"] != "figures":
                    continue
                key = (block["figure_first"], block["figure_last"])
                seen.add(key)
                if key in listed:
                    block["source_page"] = listed[key]["page"]
                elif self.figure_list:
                    self.found.warnings.append(_("圖 %s 不在圖次中。") % _range_label(*key))
        for key, entry in listed.items():
            if key not in seen:
                self.found.warnings.append(
                    _("圖次列出的「圖 %(label)s %(caption)s」在內文中找不到。")
                    % {"label": _range_label(*key), "caption": entry["caption"]}
                )

    def dates(self) -> None:
        mission = self.mission
        dates = [d["date"] for d in mission["days"]] or [
            b["date"] for c in self.report["chapters"] for b in c["blocks"] if b["kind"] == "day"
        ]
        if dates and not mission["start_date"]:
            mission["start_date"], mission["end_date"] = min(dates), max(dates)
        if not mission["start_date"]:
            self.found.warnings.append(_("找不到出國期間（行程表或出國期間欄位）。"))
        elif not mission["days"] and not self.had_itinerary:
            self.found.warnings.append(_("找不到行程表。"))
        for day in mission["days"]:
            if (
                mission["start_date"]
                and not mission["start_date"] <= day["date"] <= mission["end_date"]
            ):
                self.found.warnings.append(_("行程 %s 不在出國期間內。") % day["date"])

    def destinations(self) -> None:
        """Countries and cities other than home, pairing each place with its country."""
        from django.conf import settings

        home = settings.ENVOY_HOME_COUNTRY
        countries, cities = [], []
        for day in self.mission["days"]:
            paired = _pair_places(day)
            for country in day["countries"]:
                if country_code(country) != home and country not in countries:
                    countries.append(country)
            for place, country in paired:
                if country and country_code(country) != home and place not in cities:
                    cities.append(place)
        self.mission["destination_countries"] = countries
        self.mission["destination_cities"] = cities
        if not self.mission["region"]:
            self.mission["region"] = "、".join(countries)

    def flights(self) -> None:
        """Fill each flight item's airports and times from the 過程 narrative of its day."""
        paragraphs_by_day: dict[str, list[str]] = {}
        for chapter in self.report["chapters"]:
            current = None
            for block in chapter["blocks"]:
                if block["kind"] == "day":
                    current = block["date"]
                elif block["kind"] == "paragraph" and current:
                    paragraphs_by_day.setdefault(current, []).append(block["text"])
        for day in self.mission["days"]:
            for item in day["items"]:
                if item["kind"] != "flight" or not item["flight_number"]:
                    continue
                narrative = next(
                    (
                        p
                        for p in paragraphs_by_day.get(day["date"], [])
                        if item["flight_number"] in p.replace(" ", "")
                    ),
                    None,
                )
                if narrative is None:
                    self.found.warnings.append(
                        _("航班 %s 的起降時間與機場未在內文中找到。") % item["flight_number"]
                    )
                    continue
                fill_flight(item, narrative, day)

    def check_toc(self) -> None:
        """Every 目次 entry should be a heading of the text: a chapter, a day, a section or
        a numbered point (printed reports list those too)."""
        headings = set()
        for chapter in self.report["chapters"]:
            headings.add(fold(chapter["title"]))
            for block in chapter["blocks"]:
                if block["kind"] in ("day", "section"):
                    headings.add(fold(block["text"].replace(" ", "")))
                elif block["kind"] == "point":
                    headings.add(fold(block["text"].replace(" ", "")))
        for entry in self.report["source_toc"]:
            if ITINERARY_TITLE.search(entry["title"]):
                if not self.mission["days"]:
                    self.found.warnings.append(_("目次列出行程表，但內文中找不到。"))
                continue
            title = entry["title"]
            if m := CHAPTER.match(title):
                title = m.group(2)
            elif m := POINT.match(title):
                title = m.group(2)
            if fold(title.replace(" ", "")) not in headings:
                self.found.warnings.append(_("目次列出的「%s」在內文中找不到。") % entry["title"])


def _range_label(first: int, last: int) -> str:
    return f"{first}-{last}" if last != first else str(first)


def _as_date(line: str) -> dt.date | None:
    if len(line) > 30 or not re.match(
        r"^(?:中華民國|民國|民国)?\s*\d", unicodedata.normalize("NFKC", line)
    ):
        return None
    try:
        return parse_roc_date(line)
    except DateFormatError:
        return None


def _pair_places(day: dict) -> list[tuple[str, str | None]]:
    countries, places = day["countries"], day["places"]
    if len(countries) == len(places):
        return list(zip(places, countries, strict=True))
    if len(countries) == 1:
        return [(p, countries[0]) for p in places]
    return [(p, None) for p in places]


def _programme_text(day: dict) -> str:
    lead = day["heading"] + "：" if day["heading"] else ""
    return " ".join([lead, *(item["text"] for item in day["items"])]).strip()


def split_list(text: str, separators: str) -> list[str]:
    return [clean(part) for part in re.split(separators, text) if clean(part)]


def split_programme(text: str) -> tuple[str, list[str]]:
    """'出席高峰會： 1. 開幕式 2. 參觀' → ('出席高峰會', ['開幕式', '參觀']).

    Words before the first number that end with a colon are the day's heading; without a
    colon they are an item of their own (搭乘華航 CI220 班機… 1. 考察…).
    """
    parts = ITEM_SPLIT.split(text)
    lead = clean(parts[0])
    items = [clean(parts[k]) for k in range(2, len(parts), 2) if clean(parts[k])]
    heading = ""
    if lead.endswith(("：", ":")):
        heading = lead.rstrip("：:").strip()
    elif lead:
        items.insert(0, lead)
    return heading, items


def new_item(text: str, heading: str = "") -> dict:
    flight = FLIGHT_NUMBER.search(text)
    is_flight = bool(flight) and bool(
        re.search(_v("班機") + "|" + _v("航班") + "|" + _v("搭乘") + "|flight", text, re.I)
    )
    if is_flight:
        kind = "flight"
    elif re.search(_v("晚宴") + "|" + _v("午宴") + "|" + _v("餐") + "|" + _v("酒會"), text):
        kind = "meal"
    elif re.search(
        _v("考察") + "|" + _v("參觀") + "|" + _v("參訪") + "|" + _v("拜會"), text
    ) or re.search(_v("考察") + "|" + _v("參訪"), heading):
        kind = "visit"
    elif re.search(_v("會晤") + "|" + _v("拜會") + "|" + _v("會談"), text):
        kind = "meeting"
    else:
        kind = "session"
    return {
        **EMPTY_ITEM,
        "kind": kind,
        "text": text,
        "flight_number": "".join(flight.groups()) if is_flight else "",
    }


def _clock(period: str | None, hour: int, minute: int) -> str:
    if period in ("下午", "晚上", "晚間", "傍晚") and hour < 12:
        hour += 12
    elif period == "中午" and hour < 11:
        hour += 12
    elif period in ("凌晨",) and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}"


def fill_flight(item: dict, narrative: str, day: dict) -> None:
    """Airports in order of mention are origin then destination; times likewise."""
    airports = [m.group(1) for m in AIRPORT.finditer(narrative)]
    times = [
        _clock(m.group(1), int(m.group(2)), int(m.group(3) or 0))
        for m in TIME.finditer(narrative)
        if int(m.group(2)) <= 24
    ]
    if airports:
        item["origin"] = airports[0]
    if len(airports) > 1:
        item["destination"] = airports[1]
    if times:
        item["start_time"] = times[0]
        item["start_timezone"] = _zone_of(item["origin"], day) or ""
    if len(times) > 1:
        item["end_time"] = times[1]
        item["end_timezone"] = _zone_of(item["destination"], day) or ""
        if item["end_time"] < item["start_time"] and item["end_timezone"] == item["start_timezone"]:
            item["end_date"] = (
                dt.date.fromisoformat(day["date"]) + dt.timedelta(days=1)
            ).isoformat()


def _zone_of(airport: str, day: dict) -> str | None:
    """The zone of the place an airport is named after (台北松山機場 → 臺北 → 臺灣)."""
    if not airport:
        return None
    for place, country in _pair_places(day):
        if country and fold(airport).startswith(fold(place)):
            code = country_code(country)
            return country_timezone(code) if code else None
    return None


def paragraphs_of(lines: list[str]) -> list[str]:
    """Blank-line separated lines into paragraphs (joining lines within one)."""
    out, current = [], ""
    for line in lines:
        if not line:
            if current:
                out.append(current)
            current = ""
        else:
            current = join_text(current, line) if current else line
    if current:
        out.append(current)
    return out


def join_text(left: str, right: str) -> str:
    """Join two pieces of one sentence: no space between CJK, one between Latin words."""
    if (
        left
        and right
        and left[-1].isascii()
        and left[-1].isalnum()
        and right[0].isascii()
        and right[0].isalnum()
    ):
        return left + " " + right
    return left + right


TABLE_ROW = re.compile(r"^\d{2,3}/\d{1,2}/\d{1,2}\s")


def join_visual_lines(raw_lines: list[str]) -> list[str]:
    """Printed lines (PDF) into one line per paragraph.

    A paragraph starts at an indented line (two ideographic spaces, see ``importing.pdf``)
    and ends at a line much shorter than a full one; a heading is a short line on its own.
    Structural lines — chapters, dates, figure captions, numbered points, 目次 entries,
    header fields, table rows — always stand alone.
    """
    lines = [clean(line) for line in raw_lines]
    widths = sorted(width(line) for line in lines if line)
    full = widths[int(len(widths) * 0.9)] if widths else 0
    out: list[str] = []
    current, current_raw_end_space = "", False
    for raw, line in zip(raw_lines, lines, strict=True):
        field = FIELD.match(line)
        structural = (
            not line
            or "\t" in line
            or CHAPTER.match(line)
            or FIGURE.match(line)
            or POINT.match(line)
            or TABLE_ROW.match(line)
            or _as_date(line)
            or (LEADER.search(line) and len(line) < 120)
            or (field and fold(field.group(1).strip()) in _FIELD_LOOKUP)
            or COVER_HEADING.match(line)
        )
        if current and (structural or raw.startswith("\u3000")):
            out += [current, ""]
            current = ""
        if structural:
            out.append(line)
            continue
        if not current:
            current = line
        elif current_raw_end_space:
            current = current + " " + line
        else:
            current = join_text(current, line)
        current_raw_end_space = raw[-1:].isspace()
        if width(line) < 0.85 * full:
            out += [current, ""]
            current = ""
    if current:
        out.append(current)
    return out
