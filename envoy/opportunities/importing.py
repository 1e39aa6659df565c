"""Reading a spreadsheet of opportunities, as officers keep their lists of upcoming forums:
a CSV file (UTF-8, with or without its BOM, or Big5 as Excel saves it on Windows) or an
Excel workbook's first sheet, read by ``planning.rates.read_table``.

One opportunity a row. The columns, by their English or Chinese names (only ``title`` /
名稱 is required; others are left out or empty when unknown):

    title 名稱 · title_en 英文名稱 · kind 類型 (論壇, 國際會議, 講者徵求, 線上會議, 獎項, or
    forum, conference…) · organiser 主辦單位 (a network or an organisation) · start_date
    開始日期 · end_date 結束日期 · start_time 開始時間 · end_time 結束時間 (09:30) ·
    timezone 時區 (Asia/Tokyo, or a place: 東京, Brussels) · city 城市 · country 國家 ·
    online 線上 (是 / yes) · venue 地點 · registration_deadline 報名截止日 ·
    abstract_deadline 摘要投稿截止日 · topics 主題 (separated by 、 or ,) · languages
    使用語言 (日語、英語) · language_level 語言程度 (B2) · talk_title 發表題目 · bureau 局處
    (the bureau in charge, by its name or code; the importer's when left empty) ·
    source_url 網址 · notes 備註

Each row is checked by the add page's form (``OpportunityForm``: dates as people type them,
by ``rocdates.parse_date``; the address; an end before the start); what it names of the
city and the organiser is looked up here. Writing them is ``services.import_opportunities``.
"""

import csv
import re
from dataclasses import dataclass, field
from zoneinfo import available_timezones

from django.utils import translation
from django.utils.translation import gettext as _

from envoy.core.lib.zones import zone_for_place
from envoy.planning.rates import RatesFileError, country_of, read_table
from envoy.talent.enums import Cefr

from .enums import OpportunityKind
from .forms import OpportunityForm


class ImportFileError(Exception):
    """A file that is not a table of opportunities at all; ``message`` says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# Each field and the names its column may have (compared in lower case): its English
# name and its Chinese one first (the import page lists them), then others people use.
COLUMNS = {
    "title": ("title", "名稱", "機會名稱", "活動名稱"),
    "title_en": ("title_en", "英文名稱"),
    "kind": ("kind", "類型"),
    "organiser": ("organiser", "主辦單位", "organizer", "主辦", "主辦組織"),
    "start_date": ("start_date", "開始日期", "start"),
    "end_date": ("end_date", "結束日期", "end"),
    "start_time": ("start_time", "開始時間"),
    "end_time": ("end_time", "結束時間"),
    "timezone": ("timezone", "時區", "time zone"),
    "city": ("city", "城市", "舉辦城市"),
    "country": ("country", "國家"),
    "online": ("online", "線上", "線上參與"),
    "venue": ("venue", "地點"),
    "registration_deadline": ("registration_deadline", "報名截止日", "報名截止"),
    "abstract_deadline": ("abstract_deadline", "摘要投稿截止日", "摘要截止日", "摘要截止"),
    "topics": ("topics", "主題", "議題"),
    "languages": ("languages", "使用語言", "語言", "language"),
    "language_level": ("language_level", "語言程度", "最低語言程度"),
    "talk_title": ("talk_title", "發表題目", "講題"),
    "bureau": ("bureau", "局處", "主責局處"),
    "source_url": ("source_url", "網址", "url", "資訊來源網址"),
    "notes": ("notes", "備註"),
}
# A CSV file can still be refused as it is read (a NUL byte, a field too long).
CSV_ERRORS = (ValueError, csv.Error)
FIELD_OF = {name.lower(): field for field, names in COLUMNS.items() for name in names}
# What the form checks as it is typed (the others are read here first).
FORM_FIELDS = (
    "title",
    "title_en",
    "start_date",
    "end_date",
    "start_time",
    "end_time",
    "venue",
    "registration_deadline",
    "abstract_deadline",
    "topics",
    "languages",
    "talk_title",
    "source_url",
    "notes",
)
YES = {"是", "y", "yes", "true", "1", "v", "✓", "✔", "o", "線上", "online"}
NO = {"", "否", "n", "no", "false", "0", "x", "實體", "現場"}
# A city cell that says the opportunity is online rather than where it is.
ONLINE_PLACES = {"線上", "online", "視訊", "網路"}


@dataclass
class Row:
    """One row read: the form's checked values (``data``, as ``services.FIELDS``) and the
    names of its organiser and city, still to be found; or why it is refused."""

    line: int
    title: str = ""
    data: dict = field(default_factory=dict)
    organiser: str = ""
    city: str = ""
    country: str = ""
    bureau: str = ""
    problems: list[str] = field(default_factory=list)


def _kind(text: str) -> str | None:
    word = re.sub(r"[\s_-]+", " ", text).strip().lower()
    if not word:
        return OpportunityKind.FORUM
    for kind in OpportunityKind:
        names = {kind.value.replace("_", " "), str(kind.label).lower()}
        # Its Chinese and English names, whatever the reader's language.
        for language in ("zh-hant", "en"):
            with translation.override(language):
                names.add(str(kind.label).lower())
        if word in names:
            return kind.value
    return None


def _zone(text: str) -> str | None:
    """The time zone a cell names: an IANA name, or a place's zone (東京, Brussels); ""
    for an empty cell, None for one not understood."""
    text = text.strip()
    if not text or text in available_timezones():
        return text
    return zone_for_place(text)


def read_rows(data: bytes) -> tuple[list[Row], list[str]]:
    """The rows of the file (blank ones left out), and the columns it has that are not
    read. Raises ``ImportFileError`` for a file that cannot be read or has no title
    column."""
    missing = _("第一列須有欄位名稱，至少要有「名稱」（title）。")
    unreadable = _("無法讀取這個檔案，請另存為 .xlsx 或 UTF-8 的 CSV。")
    try:
        table = read_table(data, (), missing)
        first = next(table, None)
    except RatesFileError as error:
        raise ImportFileError(error.message) from None
    except CSV_ERRORS:
        raise ImportFileError(unreadable) from None
    if first is None:
        raise ImportFileError(_("檔案在欄位名稱之後沒有任何資料列。"))
    if not any(FIELD_OF.get(name) == "title" for name in first):
        raise ImportFileError(missing)
    ignored = [name for name in first if name and name not in FIELD_OF]
    try:
        table = [first, *table]
    except CSV_ERRORS:
        raise ImportFileError(unreadable) from None
    rows = []
    for line, cells in enumerate(table, start=2):
        values: dict[str, str] = {}
        for name, value in cells.items():
            if (key := FIELD_OF.get(name)) and not values.get(key):
                values[key] = (value or "").strip()
        if any(values.values()):
            rows.append(_row(line, values))
    return rows, ignored


def _row(line: int, values: dict[str, str]) -> Row:
    row = Row(
        line,
        title=values.get("title", ""),
        organiser=values.get("organiser", ""),
        bureau=values.get("bureau", ""),
    )
    kind = _kind(values.get("kind", ""))
    if kind is None:
        row.problems.append(
            _("類型「%(value)s」不認得，請填論壇、國際會議、講者徵求、線上會議或獎項。")
            % {"value": values["kind"]}
        )
    online = values.get("online", "").lower()
    if online not in YES | NO:
        row.problems.append(
            _("「線上」欄的「%(value)s」看不懂，線上參與請填「是」，否則留空。")
            % {"value": values["online"]}
        )
    city = values.get("city", "")
    if city.lower() in ONLINE_PLACES:
        city, online = "", "yes"
    row.city = city
    if country := values.get("country", ""):
        row.country = country_of(country) or ""
        if not row.country:
            row.problems.append(_("不認得國家「%(value)s」。") % {"value": country})
    level = values.get("language_level", "").upper()
    if level not in {"", *Cefr.values}:
        row.problems.append(
            _("語言程度「%(value)s」不認得，請填 A1、A2、B1、B2、C1 或 C2。")
            % {"value": values["language_level"]}
        )
        level = ""
    zone = _zone(values.get("timezone", ""))
    if zone is None:
        row.problems.append(
            _("時區「%(value)s」不認得，請填例如 Asia/Tokyo 或城市名稱（東京）。")
            % {"value": values["timezone"]}
        )
    form = OpportunityForm(
        {name: values.get(name, "") for name in FORM_FIELDS}
        | {
            "kind": kind or OpportunityKind.FORUM,
            "online": "on" if online in YES else "",
            "timezone": zone or "",
            "language_level": level,
        }
    )
    if form.is_valid():
        row.data = form.values()
        for name in ("network", "organisation", "city"):
            row.data.pop(name, None)
    for name, messages in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for message in messages:
            row.problems.append(f"{label}：{message}" if label else message)
    return row
