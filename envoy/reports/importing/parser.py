"""The shared text parser: the lines of a report, from any format, into an ``envoy.report``
document (docs/json-export.md), with a list of what it could not understand.

Reports come in many shapes (README, "Reading reports"): a cover of fields (出國類別：…,
出國人員⇥…, 報 告 日 期 …), the title, 摘要, 目次 and 圖次, a 行程表, then chapters in one of
the numbering styles (壹、目的 / 第一章 目的 / 一、目的： / 目的：…) holding day headings,
section headings, paragraphs, numbered points at several levels (一、（一）1.（1）①) and figure
captions (圖 1-3 …). Before any of that, page furniture and web chrome are removed and
hard-wrapped lines rejoined (cleanup.py). A document with a cover or a 摘要 but no chapters
imports with a warning; one without chapter headings imports its text as one chapter.
Markers are matched in Traditional or Simplified characters; the text is kept as written.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from envoy.core.lib.chinese import fold
from envoy.core.lib.places import country_code
from envoy.core.lib.rocdates import DateFormatError, parse_roc_date, parse_roc_span

from .. import numbering
from ..docformat import FORMAT, VERSION
from ..enums import HeadingStyle
from .cleanup import is_hard_wrapped, remove_furniture, starts_structure
from .errors import UnreadableReport
from .itinerary import (
    ITEM_SPLIT,
    fill_flight,
    new_item,
    pair_places,
    programme_text,
    split_list,
    split_programme,
)
from .markers import (
    COVER_HEADING,
    COVER_LABEL,
    FIGURE,
    HEADING_MAX,
    ITINERARY_TITLE,
    LEADER,
    MARKER_FIGURES,
    MARKER_SUMMARY,
    MARKER_TOC,
    RECORD_SECTION,
    SENTENCE_END,
    TABLE_ROW,
    Heading,
    chapter_candidate,
    chapter_style,
    chinese_to_int,
    clean,
    field_at,
    field_value,
    is_heading,
    nfkc,
    point_at,
    width,
)

CATEGORIES = {"考察": "inspection", "進修": "study", "研究": "research", "實習": "internship"}

# The one chapter a report without chapter headings is imported into.
WHOLE_TEXT_TITLE = "報告內容"

# A cover line naming the agency (臺中市政府消防局), not a field.
_AGENCY = re.compile(
    r"^[一-鿿（）()]{2,24}(?:政府|市府|縣府|局|處|部|會|署|院|所|館|中心|公所|學校|大學|國小|國中|高中|醫院|隊)$"
)
# Words in a title that say it is a trip report, for text with no other sign of being one.
_REPORT_WORDS = re.compile(
    "|".join(
        fold(word)
        for word in "出國 出訪 考察 參訪 訪問 研習 進修 實習 交流 論壇 研討 峰會 赴".split()
    )
)
_TRAVELLER_COLUMNS = {
    "name": ["姓名"],
    "agency": [
        "服務機關",
        "機關",
        "服務機關(單位)",
        "服務機關/單位",
        "機關/單位",
        "機關單位",
        "單位/機關",
    ],
    "unit": ["服務單位", "單位"],
    "title": ["職稱", "職稱(官職等)", "職稱/官職等"],
    "rank": ["官職等", "職等", "職務等級"],
}
_TRAVELLER_LOOKUP = {
    re.sub(r"\s", "", fold(label)): key
    for key, labels in _TRAVELLER_COLUMNS.items()
    for label in labels
}
_ITINERARY_COLUMNS = {
    "date": ["日期", "時間", "月日", "日期/時間", "日期(星期)"],
    "countries": ["國家", "國別", "國家/地區"],
    "places": ["地點", "城市", "地區", "停留地點", "行程地點", "地點/城市", "前往地點"],
    "programme": [
        "行程",
        "行程內容",
        "內容",
        "活動",
        "活動內容",
        "工作內容",
        "參訪行程",
        "行程摘要",
        "考察內容",
        "工作紀要",
        "行程概要",
        "參訪內容",
        "摘要",
        "行程及內容",
    ],
    "remarks": ["備註", "住宿", "說明"],
}
_ITINERARY_LOOKUP = {
    re.sub(r"\s", "", fold(label)): key
    for key, labels in _ITINERARY_COLUMNS.items()
    for label in labels
}
_TITLE_WORDS = re.compile(
    r"(?:長|員|師|主任|技正|技士|技佐|專員|秘書|委員|代表|議員|教授|學生|督導|參事|助理|主秘|校長|老師|教師|隊員|主席|院長|經理)$"
)
_RANK = re.compile(r"^(?:簡任|薦任|委任|特任|政務|約聘|約僱|聘任|派用|技術)")
_NOT_FILLED = re.compile(r"^[（(]?\s*(?:未填|未填寫|待補|待填|空白)\s*[)）]?$|^[—–\-]{1,3}$")
# A date without its year (11月4日（三）, 4/26（日）, 第一天), to be placed in the period.
_SHORT_DATE = re.compile(
    r"^(?:第\s*[一二三四五六七八九十\d]+\s*天\s*[（(:：]?\s*|Day\s*\d+\s*[（(:：]?\s*)?"
    r"(\d{1,2})\s*(?:月|/)\s*(\d{1,2})\s*[日號]?\s*[）)]?\s*"
    r"(?:[（(]\s*(?:星期|週|周|禮拜)?\s*[一二三四五六日天]\s*[）)])?\s*[:：]?\s*(.*)$",
    re.I,
)
_DAY_ORDINAL = re.compile(
    r"^(?:第\s*([一二三四五六七八九十\d]+)\s*天|Day\s*(\d+))\s*[:：]?\s*(.*)$", re.I
)
# A day heading with words after the date: 115年4月26日（星期日）：抵達東京.
_DATED_HEADING = re.compile(
    r"^((?:中華民國|民國)?\s*\d{2,4}\s*(?:年|[/.\-])\s*\d{1,2}\s*(?:月|[/.\-])\s*\d{1,2}\s*[日號]?"
    r"\s*(?:[（(][^）)]{1,4}[）)])?)\s*[:：、\s]\s*(.+)$"
)


@dataclass
class Recognised:
    """What the parser found and what it could not place — the import summary."""

    fields: list[str] = field(default_factory=list)
    rejoined: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Lines of page furniture and web chrome removed before reading.
    removed: int = 0


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
            "heading_style": HeadingStyle.UPPER.value,
            "source_toc": [],
            "chapters": [],
        },
    }


def parse_lines(raw_lines: list[str], *, visual_lines: bool = False) -> tuple[dict, Recognised]:
    """Parse the lines of a report into a document.

    A line holding a form feed (``\\f``) ends a printed page. ``visual_lines`` says each line
    is one printed line (PDF), not one paragraph, so lines of a paragraph are joined first;
    text whose lines were cut at a fixed width is found and joined the same way. Raises
    :class:`UnreadableReport` when the text has nothing usable or is plainly not a report.
    """
    pages: list[list[str]] = [[]]
    for line in raw_lines:
        parts = line.split("\f")
        pages[-1].append(parts[0])
        for part in parts[1:]:
            pages.append([part])
    lines, removed = remove_furniture(pages)
    if visual_lines or is_hard_wrapped(lines):
        lines = join_visual_lines(lines)
    else:
        lines = [clean(line) for line in lines]
    parser = _Parser(lines)
    parser.found.removed = removed
    parser.run()
    return parser.document, parser.found


def parse_body(
    text: str,
    *,
    style: str,
    start_date: dt.date | None,
    chapters: bool,
    known: dict[str, dict] | None = None,
) -> list[dict]:
    """Text typed or pasted into the editor into chapters of blocks, read as an import reads
    a report's body: day headings, section headings, numbered points, figure captions and
    paragraphs. Each line is one block: the writer's own paragraphs are not joined, unless
    the lines were cut at a fixed width (text copied from a PDF), which are joined first.

    With ``chapters``, a line that is a chapter heading in the report's ``style`` starts a
    chapter (the whole report pasted at once); the text before the first heading is the
    first item, titled None. Without, the text is one chapter's body (one item, titled None).
    ``known`` maps lines as the editor wrote them out (``reports.writing``; a block's text
    may hold line breaks) to the block each came from: such a line is that block again, of
    the same kind, so text saved unchanged changes nothing. A day's date without its year
    (4/26) is placed in the trip from ``start_date``.
    """
    known = known or {}
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = _known_lines_kept(raw, known)
    if not any(line in known for line in lines) and is_hard_wrapped(lines):
        lines = join_visual_lines(lines)
    parser = _Parser([line if line in known else clean(line) for line in lines])
    parser.editing = True
    parser.style = style if chapters else None
    parser.mission["start_date"] = start_date.isoformat() if start_date else None
    parser.body(known)
    return parser.report["chapters"]


def _known_lines_kept(raw: list[str], known: dict[str, dict]) -> list[str]:
    """The lines, with each run of lines that is one known block's text (written with line
    breaks inside) put back together as one."""
    multi: dict[str, list[str]] = {}
    for key in known:
        if "\n" in key:
            multi.setdefault(key.split("\n", 1)[0], []).append(key)
    out, i = [], 0
    while i < len(raw):
        for key in multi.get(raw[i], ()):
            n = key.count("\n") + 1
            if "\n".join(raw[i : i + n]) == key:
                out.append(key)
                i += n
                break
        else:
            out.append(raw[i])
            i += 1
    return out


class _Parser:
    # Text from the editor (parse_body): its lines are the writer's paragraphs.
    editing = False

    def __init__(self, lines: list[str]):
        self.lines = lines
        self.i = 0
        self.style = chapter_style(lines)
        self.document = empty_document()
        self.mission = self.document["mission"]
        self.report = self.document["report"]
        self.report["heading_style"] = (self.style or HeadingStyle.PLAIN).value
        self.found = Recognised()
        self.figure_list: list[dict] = []
        self.had_itinerary = False
        self.tabbed_rows = False  # the 行程表's rows are tab-separated (a copied table)
        self.open_row = False
        self.title_open = False
        self.preamble: list[str] = []
        self.last_cover_line: int | None = None  # found when first asked (cover_follows)
        # 服務機關, 職稱… on a cover: what the travellers it names have in common.
        self.traveller_defaults: dict[str, str] = {}

    # ----- the walk -----

    def run(self) -> None:
        if not any(re.search(r"\w", line) for line in self.lines):
            raise UnreadableReport(_("檔案中沒有可用的文字，無法匯入。"))
        self.front_matter()
        self.chapters()
        self.finish()

    def next_nonblank(self, start: int) -> int:
        j = start
        while j < len(self.lines) and not self.lines[j]:
            j += 1
        return j

    def chapter_at(self, line: str) -> Heading | None:
        """The chapter ``line`` opens, in the document's style (a 目次 entry opens none)."""
        if not self.style or LEADER.search(line):
            return None
        heading = chapter_candidate(line)
        if heading is None or heading.style != self.style:
            return None
        chapters = self.report["chapters"]
        if self.style == HeadingStyle.LOWER and heading.number != len(chapters) + 1:
            # 一、 also numbers points: a chapter only where the count goes on (or repeats a
            # chapter, as a running header does).
            if not self.known_chapter(heading):
                return None
        return heading

    def known_chapter(self, heading: Heading) -> int | None:
        """The index of the chapter ``heading`` repeats (a running header, a 目次 entry)."""
        title = fold(heading.title)
        for index, chapter in enumerate(self.report["chapters"]):
            if fold(chapter["title"]) == title and (
                self.style == HeadingStyle.PLAIN or chapter["number"] == heading.number
            ):
                return index
        return None

    def front_matter(self) -> None:
        while self.i < len(self.lines):
            line = self.lines[self.i]
            if not line:
                self.i += 1
                continue
            if self.chapter_at(line):
                return
            title_open, self.title_open = self.title_open, False
            found = field_at(line)
            if m := COVER_HEADING.match(line):
                self.i += 1
                self.category(m.group(1))
                self.found.fields.append("mission.category")
            elif COVER_LABEL.match(line) or RECORD_SECTION.match(line):
                self.i += 1
            elif MARKER_TOC.match(line):
                self.i += 1
                self.toc()
            elif MARKER_FIGURES.match(line):
                self.i += 1
                self.figures_list()
            elif (m := MARKER_SUMMARY.match(line)) and not found:
                self.i += 1
                # The portal's 報告內容摘要 may itself be laid out as 一、目的：… 二、過程：…
                self.summary(m.group(1), record=self.summary_laid_out(line, m.group(1)))
            elif self.traveller_table():
                continue
            elif self.itinerary_starts(line):
                self.itinerary()
            elif found:
                self.i += 1
                self.header_field(*found)
            elif self.cover_line(line):
                self.i += 1
            elif not self.report["title"] and _title_like(line):
                self.report["title"] = line
                self.found.fields.append(_("報告名稱"))
                self.title_open = True
                self.i += 1
            elif title_open and is_heading(line) and width(self.report["title"]) >= 15:
                # A long title printed over two lines.
                self.report["title"] = join_text(self.report["title"], line)
                self.title_open = True
                self.i += 1
            elif not is_heading(line) and (self.style or not self.cover_follows()):
                # Text before any chapter heading: the body of a report without headings, or
                # an opening paragraph; it is kept (finish() places it).
                if not self.style:
                    return
                self.i += 1
                self.preamble.append(self.paragraph(line))
            else:
                self.found.warnings.append(_("封面有一行無法辨識，未匯入：「%s」") % line[:60])
                self.i += 1

    def cover_follows(self) -> bool:
        """Whether cover fields or a 摘要 come further down: then a sentence here is the web
        page's own text (a form, a notice), not the body."""
        if self.last_cover_line is None:
            self.last_cover_line = max(
                (
                    n
                    for n, line in enumerate(self.lines)
                    if line and (field_at(line) or MARKER_SUMMARY.match(line))
                ),
                default=-1,
            )
        return self.i < self.last_cover_line

    def cover_line(self, line: str) -> bool:
        """A cover's lines without labels: the agency (臺中市政府消防局) and the date."""
        folded = fold(line)
        if (
            not self.mission["host_agency"]
            and _AGENCY.match(folded)
            and len(line) >= 5
            and not re.match(r"^(?:關於|有關|本)", folded)
            and not _REPORT_WORDS.search(folded)
            and not re.search(r"(?:研討|峰|大|年)會$", folded)
        ):
            self.mission["host_agency"] = line
            self.found.fields.append("mission.host_agency")
            return True
        if _as_date(line) and not self.report["report_date"]:
            self.report["report_date"] = _as_date(line).isoformat()
            self.found.fields.append("report.report_date")
            return True
        return False

    def header_field(self, key: str, value: str) -> None:
        if not value and key != "travellers":
            # The label on a line of its own, the value on the next (a table copied as text).
            j = self.next_nonblank(self.i)
            if (
                j < len(self.lines)
                and not self.block_end(self.lines[j])
                and not field_at(self.lines[j])
            ):
                value, self.i = field_value(self.lines[j]), j + 1
        continuation = []
        if key == "travellers":
            # A field whose value is on the following lines (出國人員：\n 姓名 …).
            j = self.i
            while j < len(self.lines) and self.lines[j]:
                if (
                    field_at(self.lines[j])
                    or self.block_end(self.lines[j])
                    or RECORD_SECTION.match(self.lines[j])
                    or self.traveller_columns(_row(self.lines[j]))
                ):
                    break
                continuation.append(self.lines[j])
                j += 1
            self.i = j
            if not value and not continuation:
                self.traveller_table()
                return
        if _NOT_FILLED.match(value):
            value = ""  # a draft's cover says a field is missing: Envoy's own prints do
        if not value and not continuation:
            return
        if key == "ignored":
            return
        if key.startswith("traveller."):
            self.traveller_defaults[key.removeprefix("traveller.")] = value
            self.found.fields.append(key)
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
            self.report["keywords"] = [k for k in re.split(r"\s*[、,，;；]\s*|\s+", value) if k]
        elif key == "report.page_count":
            digits = re.match(r"\D*(\d+)", nfkc(value))
            self.report["page_count"] = int(digits.group(1)) if digits else None
        elif key == "travellers":
            for entry in [value, *continuation]:
                self.traveller(entry)
        else:
            section, name = key.split(".")
            self.document[section][name] = value
        self.found.fields.append(key)

    def category(self, value: str) -> None:
        m = re.match(r"^(.+?)\s*[（(]([^）)]+)[）)]", value)
        base, detail = (m.group(1), m.group(2)) if m else (value, "")
        base_folded = fold(base)
        code = next((c for label, c in CATEGORIES.items() if fold(label) == base_folded), None)
        if code is None:
            code = "other"
            if fold("其他") != base_folded:
                detail = value
        self.mission["category"], self.mission["category_detail"] = code, detail

    # ----- travellers -----

    def traveller_columns(self, cells: list[str]) -> list[str | None] | None:
        """The keys of a traveller table's header row (姓名 服務機關 服務單位 職稱 官職等)."""
        keys = [_TRAVELLER_LOOKUP.get(re.sub(r"\s", "", fold(cell))) for cell in cells]
        if "name" in keys and sum(1 for key in keys if key) >= 2:
            return keys
        return None

    def traveller_table(self) -> bool:
        """A table of travellers under a header row, one row each; the header is no one."""
        keys = self.traveller_columns(_row(self.lines[self.i]))
        if not keys:
            return False
        self.i += 1
        self.found.fields.append("travellers")
        while self.i < len(self.lines):
            line = self.lines[self.i]
            if not line:
                j = self.next_nonblank(self.i)
                following = self.lines[j] if j < len(self.lines) else ""
                if len(_cells_of(following)) == len(keys) and not field_at(following):
                    self.i = j  # a row after a blank line (a table split by a page break)
                    continue
                break
            row = _row(line)
            if (
                field_at(line)
                or self.block_end(line)
                or RECORD_SECTION.match(line)
                or MARKER_SUMMARY.match(line)
                or self.traveller_columns(row)
            ):
                if self.traveller_columns(row):
                    self.i += 1  # the header repeated on the next page
                    continue
                break
            values = dict.fromkeys(("name", "agency", "unit", "title", "rank"), "")
            for key, value in zip(keys, row, strict=False):
                if key and value:
                    values[key] = value
            if (
                not values["rank"]
                and _RANK.match(values["title"])
                and _TITLE_WORDS.search(values["unit"])
            ):
                # A row without its 服務單位: the cells after it moved one column left.
                values["unit"], values["title"], values["rank"] = (
                    "",
                    values["unit"],
                    values["title"],
                )
            if values["agency"] and not values["unit"] and re.search(r"[/／]", values["agency"]):
                values["agency"], values["unit"] = (
                    part.strip() for part in re.split(r"[/／]", values["agency"], maxsplit=1)
                )
            if values["name"]:
                self.add_member(**values)
            self.i += 1
        return True

    def traveller(self, entry: str) -> None:
        """One line naming travellers: 姓名/服務機關/服務單位/職稱/官職等; 服務機關 職稱 姓名;
        職稱 姓名; 姓名（職稱）; several names separated by 、."""
        entry = clean(entry)
        if not entry:
            return
        parts = [p.strip() for p in re.split(r"\s*[/／|｜]\s*", entry)]
        if len(parts) >= 3:
            parts += [""] * (5 - len(parts))
            name, agency, unit, title, rank = parts[:5]
            self.add_member(name=name, agency=agency, unit=unit, title=title, rank=rank)
            return
        for person in re.split(r"\s*[、，,;；]\s*", entry):
            if person:
                self.person(person)

    def person(self, text: str) -> None:
        if m := re.match(r"^(.+?)\s*[（(](.+)[）)]$", text):
            name, detail = m.group(1).strip(), m.group(2).strip()
            words = detail.split()
            title = words[-1] if words else ""
            agency = " ".join(words[:-1])
            self.add_member(name=name, agency=agency, unit="", title=title, rank="")
            return
        words = text.split()
        latin = _latin_name(words)
        if latin:
            # Riga Deputy Mayor Māris Sprindžuks: a Latin name is the capitalised words at the
            # end that are not a title.
            rest = words[: -len(latin)]
            title_words = [w for w in rest if _LATIN_TITLE.match(w)]
            agency = " ".join(w for w in rest if not _LATIN_TITLE.match(w))
            self.add_member(
                name=" ".join(latin), agency=agency, unit="", title=" ".join(title_words), rank=""
            )
            return
        if len(words) >= 2 and _TITLE_WORDS.search(words[-1]) and not _TITLE_WORDS.search(words[0]):
            words = words[1:] + words[:1] if len(words) == 2 else words
            if _TITLE_WORDS.search(words[-1]):
                # 王小明 臺中市政府 科長: the name first.
                name, title, agency = words[0], words[-1], " ".join(words[1:-1])
                self.add_member(name=name, agency=agency, unit="", title=title, rank="")
                return
        name = words[-1]
        title = words[-2] if len(words) >= 2 else ""
        agency = " ".join(words[:-2])
        if agency and re.search(r"[/／]", agency):
            agency, unit = (p.strip() for p in re.split(r"[/／]", agency, maxsplit=1))
        else:
            unit = ""
        self.add_member(name=name, agency=agency, unit=unit, title=title, rank="")

    def add_member(self, *, name, agency, unit, title, rank) -> None:
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

    # ----- 目次, 圖次, 摘要 -----

    def block_end(self, line: str) -> bool:
        return bool(
            MARKER_TOC.match(line)
            or MARKER_FIGURES.match(line)
            or (MARKER_SUMMARY.match(line) and not field_at(line))
            or (ITINERARY_TITLE.search(line) and len(line) <= HEADING_MAX and not field_at(line))
            or self.chapter_at(line)
        )

    def toc(self) -> None:
        while self.i < len(self.lines):
            line = self.lines[self.i]
            if not line:
                self.i += 1
                continue
            m = LEADER.search(line)
            if not m or MARKER_FIGURES.match(line):
                return
            title = clean(line[: m.start()]).rstrip(".…·-")
            page = int(m.group(1)) if m.group(1).isdigit() else None  # i, ii: front matter
            self.report["source_toc"].append({"title": clean(title), "page": page})
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
                if leader and re.match(r"^" + "表", line):
                    self.i += 1  # a 表次 entry
                    continue
                return
            first, last, caption = m.groups()
            self.figure_list.append(
                {
                    "first": int(first),
                    "last": int(last or first),
                    "caption": clean(caption).rstrip(".…·"),
                    "page": int(leader.group(1)) if leader and leader.group(1).isdigit() else None,
                }
            )
            self.i += 1

    def summary_laid_out(self, line: str, inline: str) -> bool:
        """Whether a portal record's 報告內容摘要 starts with its own 一、目的：…: its
        numbered parts are then the summary's, not chapters of a body."""
        if not fold(re.sub(r"\s", "", line)).startswith(fold("報告內容")):
            return False
        first = inline
        if not first:
            j = self.next_nonblank(self.i)
            first = self.lines[j] if j < len(self.lines) else ""
        heading = chapter_candidate(first) if first else None
        return heading is not None and heading.style == HeadingStyle.LOWER

    def summary(self, inline: str, record: bool = False) -> None:
        parts = [inline] if inline else []
        while self.i < len(self.lines):
            line = self.lines[self.i]
            ends = self.block_end(line) and not (
                record and self.style == HeadingStyle.LOWER and self.chapter_at(line)
            )
            if line and (
                ends or RECORD_SECTION.match(line) or field_at(line) or self.starts_itinerary(line)
            ):
                break
            parts.append(line)
            self.i += 1
        self.report["summary"] = "\n".join(paragraphs_of(parts))
        self.found.fields.append(_("摘要"))

    # ----- 行程表 -----

    def starts_itinerary(self, line: str) -> bool:
        cells = _cells_of(line) or line.split()
        return bool(cells) and self.itinerary_columns(cells) is not None

    def itinerary_starts(self, line: str) -> bool:
        """A 行程表 title (with its table after it) or the table's header row itself."""
        if self.starts_itinerary(line):
            return True
        if ITINERARY_TITLE.search(line) and len(line) <= HEADING_MAX and not field_at(line):
            self.i += 1
            j = self.next_nonblank(self.i)
            following = self.lines[j] if j < len(self.lines) else ""
            if self.starts_itinerary(following) or self.row_date(
                _cells_of(following) or [following]
            ):
                self.i = j
                return True
            self.had_itinerary = True
            self.i -= 1
            return False
        return False

    def itinerary_columns(self, cells: list[str]) -> list[str | None] | None:
        keys = [_ITINERARY_LOOKUP.get(re.sub(r"\s", "", fold(cell))) for cell in cells]
        if keys and keys[0] == "date" and sum(1 for key in keys if key) >= 2:
            return keys
        return None

    def itinerary(self) -> None:
        """Rows of a 行程表 after a header row (日期 ⇥ 國家 ⇥ 地點 ⇥ 行程 ⇥ 備註 or another order
        and naming); without one, date ⇥ countries ⇥ places ⇥ programme ⇥ remarks."""
        keys: list[str | None] = ["date", "countries", "places", "programme", "remarks"]
        self.had_itinerary = True
        while self.i < len(self.lines):
            line = self.lines[self.i]
            if not line:
                j = self.next_nonblank(self.i)
                following = self.lines[j] if j < len(self.lines) else ""
                if following and self.row_date(_cells_of(following) or following.split()):
                    self.i = j
                    continue
                break
            cells = _cells_of(line)
            printed = not cells
            if printed:
                # A printed table (PDF): cells one space apart.
                cells = line.split()
            if header := self.itinerary_columns(cells):
                keys = header
                self.i += 1
                continue
            date = self.row_date(cells)
            if date is None:
                if not self.visual_row(line, cells):
                    break
                self.i += 1
                continue
            self.tabbed_rows = "\t" in line
            # A row with fewer cells than the header was cut inside a cell (a copied table):
            # the next line goes on with it.
            self.open_row = self.tabbed_rows and len(cells) < len(keys)
            if printed and keys[:4] == ["date", "countries", "places", "programme"]:
                # Date, countries, places, then the programme's first words.
                cells = cells[:3] + [" ".join(cells[3:]), ""]
            values = dict.fromkeys(("countries", "places", "programme", "remarks"), "")
            for key, cell in zip(keys, cells, strict=False):
                if key in values:
                    values[key] = join_text(values[key], cell) if values[key] else cell
            self.itinerary_day(date, **values)
            self.i += 1
        self.split_visual_rows()

    def row_date(self, cells: list[str]) -> dt.date | None:
        if not cells:
            return None
        first = cells[0]
        try:
            return parse_roc_date(first)
        except DateFormatError:
            pass
        return self.short_date(first) if len(first) <= 20 else None

    def short_date(self, text: str) -> dt.date | None:
        """11月4日（三）, 4/26（日）, 第一天: a day of the trip, placed in its period."""
        start = self.mission["start_date"]
        if not start:
            return None
        start_date = dt.date.fromisoformat(start)
        if m := _SHORT_DATE.match(nfkc(text)):
            if m.group(3) and not is_heading(m.group(3)):
                return None
            try:
                day = dt.date(start_date.year, int(m.group(1)), int(m.group(2)))
            except ValueError:
                return None
            if day < start_date - dt.timedelta(days=31):
                day = day.replace(year=day.year + 1)
            return day
        if m := _DAY_ORDINAL.match(nfkc(text)):
            if m.group(3) and not is_heading(m.group(3)):
                return None
            n = chinese_to_int(m.group(1) or m.group(2))
            return start_date + dt.timedelta(days=n - 1) if 0 < n < 400 else None
        return None

    def visual_row(self, line: str, cells: list[str]) -> bool:
        """A line after a row's first is more of it: a printed table's wrapped programme, or
        a row whose date cell is empty (a cell that went on over two lines)."""
        days = self.mission["days"]
        point = point_at(line)
        if (
            not days
            or self.block_end(line)
            or field_at(line)
            or ("\t" not in line and self.tabbed_rows and not self.open_row)
            or (point is not None and point.marker < numbering.ARABIC)
            or (line.endswith("。") and width(line) > 30)
        ):
            # A table of tab-separated rows ends at a line without tabs; a printed one at a
            # point of the text (一、, （一）) or a sentence.
            return False
        day = days[-1]
        joined = day.setdefault("_programme", programme_text(day))
        if "\t" in line:
            if cells and cells[0] and not self.open_row:
                return False
            more = " ".join(cell for cell in cells if cell)
            self.open_row = False
        else:
            more = clean(line)
            self.open_row = False
        day["_programme"] = (
            joined + " " + more if ITEM_SPLIT.match(more) or not joined else join_text(joined, more)
        )
        return True

    def split_visual_rows(self) -> None:
        for day in self.mission["days"]:
            if "_programme" in day:
                programme = day.pop("_programme")
                day["heading"], items = split_programme(programme)
                day["items"] = [new_item(text, day["heading"]) for text in items]

    def itinerary_day(self, date, countries, places, programme, remarks) -> None:
        days = self.mission["days"]
        if days and days[-1]["date"] == date.isoformat():
            # A date cell merged over several rows: one day.
            day = days[-1]
            day["_programme"] = join_text(
                day.get("_programme", programme_text(day)), " " + programme
            )
            return
        heading, items = split_programme(programme)
        days.append(
            {
                "date": date.isoformat(),
                "countries": split_list(countries, r"[/／、,，]"),
                "places": split_list(places, r"[-－–—→/／、,，]"),
                "heading": heading,
                "remarks": remarks,
                "items": [new_item(text, heading) for text in items],
            }
        )

    # ----- chapters -----

    def chapters(self) -> None:
        chapter = None
        while self.i < len(self.lines):
            line = self.lines[self.i]
            self.i += 1
            if not line:
                continue
            if heading := self.chapter_at(line):
                chapter = self.open_chapter(heading, chapter)
                continue
            if chapter is None:
                chapter = self.new_chapter(WHOLE_TEXT_TITLE, "")
                self.found.warnings.append(
                    _("找不到章節標題（如「壹、目的」「第一章 目的」），全文匯入為一章，請再分章。")
                )
            if LEADER.search(line) and len(line) < 80 and not chapter["blocks"]:
                continue  # a 目次 entry after the first heading
            if not self.mission["days"] and self.starts_itinerary(line):
                self.i -= 1
                self.itinerary()
                continue
            self.body_line(chapter["blocks"], line)

    def body(self, known: dict[str, dict]) -> None:
        """The editor's text (``parse_body``): chapters and their blocks, nothing else."""
        chapters = self.report["chapters"]
        chapter = {"number": None, "title": None, "blocks": []}
        chapters.append(chapter)
        while self.i < len(self.lines):
            line = self.lines[self.i]
            self.i += 1
            if not line:
                continue
            blocks = chapter["blocks"]
            count = len(blocks)
            if known.get(line, {}).get("kind") == "chapter":
                chapter = {"number": None, "blocks": [], **known[line]}
                chapters.append(chapter)
            elif line in known:
                blocks.append(dict(known[line]))
            elif heading := self.chapter_at(line):
                title = heading.title or WHOLE_TEXT_TITLE
                chapter = {"number": None, "title": title, "blocks": []}
                chapters.append(chapter)
                if heading.rest:
                    self.body_line(chapter["blocks"], heading.rest)
            else:
                self.body_line(blocks, line)
            for block in blocks[count:]:
                block["line"] = line  # as written, for the writer to have it read otherwise
        if len(chapters) > 1 and not chapters[0]["blocks"]:
            del chapters[0]

    def new_chapter(self, title: str, rest: str, number: int | None = None) -> dict:
        chapters = self.report["chapters"]
        chapter = {"number": number or len(chapters) + 1, "title": title, "blocks": []}
        chapters.append(chapter)
        if rest:
            self.body_line(chapter["blocks"], rest)
        return chapter

    def open_chapter(self, heading: Heading, current: dict | None) -> dict:
        """A new chapter, or the one a repeated heading names: when every chapter from it on
        is still empty, the first were a 目次 without page numbers (they are dropped); else it
        is a running header (skipped)."""
        chapters = self.report["chapters"]
        known = self.known_chapter(heading)
        if known is not None:
            if all(not c["blocks"] for c in chapters[known:]):
                del chapters[known:]
            else:
                return current
        title = heading.title
        if not title:
            # 第一章 on a line of its own, its title on the next.
            j = self.next_nonblank(self.i)
            if (
                j < len(self.lines)
                and is_heading(self.lines[j])
                and not starts_structure(self.lines[j])
            ):
                title, self.i = self.lines[j], j + 1
        number = heading.number if self.style != HeadingStyle.PLAIN else None
        return self.new_chapter(title, heading.rest, number)

    def body_line(self, blocks: list[dict], line: str) -> None:
        if day := _as_date(line):
            blocks.append({"kind": "day", "date": day.isoformat(), "text": line})
        elif (m := _DATED_HEADING.match(line)) and is_heading(m.group(2)) and _as_date(m.group(1)):
            blocks.append({"kind": "day", "date": _as_date(m.group(1)).isoformat(), "text": line})
        elif (short := self.short_date(line)) and is_heading(line):
            blocks.append({"kind": "day", "date": short.isoformat(), "text": line})
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
        elif point := point_at(line):
            text = point.text if is_heading(point.text) else self.paragraph(point.text)
            blocks.append(self.point(point.marker, point.number, text))
        elif is_heading(line):
            blocks.append({"kind": "section", "text": line})
        else:
            # （一）…（二）… inside a paragraph stays the paragraph it was written as.
            blocks.append({"kind": "paragraph", "text": self.paragraph(line)})

    def point(self, marker: int, number: int, text: str) -> dict:
        return {"kind": "point", "number": number, "marker": marker, "text": text}

    def paragraph(self, text: str) -> str:
        """A paragraph, with the rest of it rejoined when a page break cut it in two."""
        if self.editing:
            return text
        while not text.endswith(SENTENCE_END):
            j = self.next_nonblank(self.i)
            if j >= len(self.lines):
                break
            following = self.lines[j]
            if (
                starts_structure(following)
                or _as_date(following)
                or is_heading(following)
                or self.block_end(following)
            ):
                break
            self.found.rejoined.append(text[-12:] + "⏎" + following[:12])
            text = join_text(text, following)
            self.i = j + 1
        return text

    # ----- afterwards -----

    def finish(self) -> None:
        report, mission, warnings = self.report, self.mission, self.found.warnings
        if self.preamble:
            if report["chapters"]:
                first = report["chapters"][0]
                first["blocks"][:0] = [{"kind": "paragraph", "text": p} for p in self.preamble]
                warnings.append(
                    _("第一個章節標題之前的 %d 段文字已放在第一章開頭。") % len(self.preamble)
                )
            else:
                chapter = self.new_chapter(WHOLE_TEXT_TITLE, "")
                chapter["blocks"] = [{"kind": "paragraph", "text": p} for p in self.preamble]
        if not self.looks_like_report():
            raise UnreadableReport(
                _(
                    "找不到出國報告的內容（封面欄位、摘要、章節或行程表），這個檔案似乎不是出國報告。"
                )
            )
        if not report["chapters"]:
            warnings.append(_("沒有報告本文（章節），只匯入了封面資料、摘要與行程表；請補上本文。"))
        self.number_chapters()
        self.fill_travellers()
        self.category_from_title()
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

    def category_from_title(self) -> None:
        """A report that states no 出國類別 but calls itself a 考察報告 (進修, 研究, 實習) is
        of that category."""
        if "mission.category" in self.found.fields:
            return
        title = fold(self.report["title"] or self.mission["title"])
        named = [code for label, code in CATEGORIES.items() if fold(label) in title]
        if len(named) == 1:
            self.mission["category"] = named[0]

    def fill_travellers(self) -> None:
        """The cover's 服務機關, 單位, 職稱 for the travellers it names without them (one
        traveller: all of them); 服務機關 is the host agency when no 主辦機關 is given."""
        defaults, members = self.traveller_defaults, self.mission["members"]
        for member in members:
            agency = defaults.get("agency")
            if (
                agency
                and member["agency"]
                and not member["unit"]
                and not agency.startswith(member["agency"])
                and not _AGENCY.match(member["agency"])
            ):
                # 作物組 助理研究員 鄭惠如 under 服務機關：農業試驗所: the first word is the unit.
                member["unit"], member["agency"] = member["agency"], agency
            for key in ("agency", "unit"):
                if not member[key] and defaults.get(key):
                    member[key] = defaults[key]
            if len(members) == 1:
                for key in ("title", "rank"):
                    if not member[key] and defaults.get(key):
                        member[key] = defaults[key]
        if not self.mission["host_agency"] and defaults.get("agency"):
            self.mission["host_agency"] = defaults["agency"]

    def looks_like_report(self) -> bool:
        """A cover field or two, a 摘要, a 行程表 or chapter headings; failing those, a title
        that speaks of a trip (出國, 考察, 參訪…)."""
        report = self.report
        headed = any(c["title"] != WHOLE_TEXT_TITLE for c in report["chapters"])
        fields = {f for f in self.found.fields if f != _("報告名稱")}
        if headed or self.mission["days"] or report["summary"] or len(fields) >= 2:
            return True
        title = fold(report["title"] or self.mission["title"])
        about_a_trip = bool(fields) or bool(title and _REPORT_WORDS.search(title))
        return about_a_trip and bool(report["chapters"])

    def number_chapters(self) -> None:
        """Chapters numbered as written when the numbers rise; 1..n otherwise (no numbers,
        a skipped or repeated number)."""
        chapters = self.report["chapters"]
        numbers = [c["number"] for c in chapters]
        if any(b <= a for a, b in zip(numbers, numbers[1:], strict=False)) or (
            numbers and numbers[0] < 1
        ):
            for n, chapter in enumerate(chapters, 1):
                chapter["number"] = n

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
        home = settings.ENVOY_HOME_COUNTRY
        countries, cities = [], []
        for day in self.mission["days"]:
            paired = pair_places(day)
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
            headings.add(_squashed(chapter["title"]))
            for block in chapter["blocks"]:
                if block["kind"] in ("day", "section", "point"):
                    headings.add(_squashed(block["text"]))
        for entry in self.report["source_toc"]:
            if ITINERARY_TITLE.search(entry["title"]):
                if not self.mission["days"]:
                    self.found.warnings.append(_("目次列出行程表，但內文中找不到。"))
                continue
            title = entry["title"]
            if heading := chapter_candidate(title):
                title = heading.title
            elif point := point_at(title):
                title = point.text
            if _squashed(title) not in headings:
                self.found.warnings.append(_("目次列出的「%s」在內文中找不到。") % entry["title"])


def _title_like(line: str) -> bool:
    """A report's title: no sentence in it, longer than a menu item, shorter than prose
    (titles run long: 赴日本東京出席 2026 全球城市永續網絡(G-Nets)首長高峰會出國報告)."""
    return 6 <= width(line) <= 70 and "。" not in line and not line.endswith(("。", "！", "？"))


def _squashed(text: str) -> str:
    return fold(re.sub(r"\s+", "", text)).rstrip("：:")


_LATIN_TITLE = re.compile(
    r"^(?:Mayor|Deputy|Vice|Governor|Director|Minister|Councillor|Councilor|Chief|Officer|"
    r"President|Secretary|Head|General|Manager|Chair|Chairman|Chairperson|Commissioner|"
    r"Senior|Dr\.?|Prof\.?|Mr\.?|Ms\.?|Mrs\.?)$"
)


_LATIN_WORD = re.compile(r"^[A-Z\u00c0-\u00de\u0100-\u024f][A-Za-z\u00c0-\u024f'’.\-]*$")


def _latin_name(words: list[str]) -> list[str]:
    """The capitalised Latin words at the end of ``words`` that are not a title (a name of
    two words or more), or []."""
    name: list[str] = []
    for word in reversed(words):
        if _LATIN_TITLE.match(word) or not _LATIN_WORD.match(word):
            break
        name.insert(0, word)
    return name if len(name) >= 2 else []


def _row(line: str) -> list[str]:
    """A table row's cells, or the words of a row printed one space apart."""
    return _cells_of(line) or line.split()


def _cells_of(line: str) -> list[str]:
    """A table row's cells, split at tabs, else at bars, else at runs of two spaces or more;
    [] for a line that is not a row."""
    line = line.strip(" \u3000")
    for separator in (r"\t", r"\s*[|｜]\s*", r"\s{2,}"):
        if re.search(separator, line):
            if separator != r"\t":
                line = line.strip("|｜ ")
            return [clean(cell) for cell in re.split(separator, line)]
    return []


def _range_label(first: int, last: int) -> str:
    return f"{first}-{last}" if last != first else str(first)


def _as_date(line: str) -> dt.date | None:
    if len(line) > 30 or not re.match(r"^(?:中華民國|民國|民国)?\s*\d", nfkc(line)):
        return None
    try:
        return parse_roc_date(line)
    except DateFormatError:
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


_HAN = "\u4e00-\u9fff"
_HAN_SPACE_LATIN = re.compile(f"[{_HAN}] [A-Za-z0-9]|[A-Za-z0-9] [{_HAN}]")
_HAN_LATIN = re.compile(f"[{_HAN}][A-Za-z0-9]|[A-Za-z0-9][{_HAN}]")


def _mixed_boundary(left: str, right: str) -> bool:
    return bool(_HAN_LATIN.fullmatch(left + right))


def join_visual_lines(raw_lines: list[str]) -> list[str]:
    """Printed lines (PDF, or text cut at a fixed width) into one line per paragraph.

    A paragraph starts at an indented line (two ideographic spaces, see ``importing.pdf``, or
    two spaces) and ends at a line much shorter than a full one; a heading is a short line on
    its own. Structural lines — chapters, dates, figure captions, numbered points, 目次
    entries, header fields, table rows — always stand alone.
    """
    lines = [clean(line) for line in raw_lines]
    widths = sorted(width(line) for line in lines if line)
    full = widths[int(len(widths) * 0.9)] if widths else 0
    # A space at the end of a printed line is lost in extraction: where the text spaces Han
    # characters from Latin letters and digits (以 2030 年), a line break between them did too.
    text = "".join(lines)
    spaced = len(_HAN_SPACE_LATIN.findall(text)) > len(_HAN_LATIN.findall(text))
    out: list[str] = []
    current, current_raw_end_space = "", False
    in_table = False  # after a 行程表 row: each printed line stays a line
    for raw, line in zip(raw_lines, lines, strict=True):
        if TABLE_ROW.match(line):
            in_table = True
        elif not line or chapter_candidate(line):
            in_table = False
        if in_table:
            if current:
                out += [current, ""]
                current = ""
            out.append(line)
            continue
        structural = (
            not line
            or "\t" in line
            or starts_structure(line)
            or _as_date(line)
            or COVER_HEADING.match(line)
            or MARKER_SUMMARY.match(line)
            or MARKER_TOC.match(line)
            or MARKER_FIGURES.match(line)
        )
        # A short line without an ending after a finished sentence: a heading or a caption.
        heading_after_sentence = (
            current.endswith(SENTENCE_END) and is_heading(line) and width(line) < 0.85 * full
        )
        if current and (structural or heading_after_sentence or raw.startswith(("\u3000", "  "))):
            out += [current, ""]
            current = ""
        if structural and line and field_at(line) and width(line) >= 0.85 * full:
            # A cover field cut at the page's width: its value goes on on the next line.
            current, current_raw_end_space = line, raw[-1:].isspace()
            continue
        if structural:
            out.append(line)
            continue
        if not current:
            current = line
        elif current_raw_end_space or (spaced and _mixed_boundary(current[-1], line[0])):
            current = current + " " + line
        else:
            current = join_text(current, line)
        current_raw_end_space = raw[-1:].isspace()
        if width(line) < 0.85 * full:
            if out[-2:-1] and _wrapped_heading_end(out[-2], current):
                out[-2] = join_text(out[-2], current)  # a heading printed over two lines
            else:
                out += [current, ""]
            current = ""
    if current:
        out.append(current)
    return out


def _wrapped_heading_end(previous: str, line: str) -> bool:
    """The last word or two of a heading the printed page wrapped (…首長高峰會開幕 / 式)."""
    return (
        width(line) <= 3
        and is_heading(line)
        and is_heading(previous)
        and not previous.endswith(SENTENCE_END)
        and not starts_structure(previous)
        and not starts_structure(line)
    )
