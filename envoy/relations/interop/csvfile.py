"""People as CSV, for Excel: import with a header row in Chinese or English, export as
UTF-8 with a BOM (without it Excel in Taiwan reads UTF-8 as CP950 and garbles every name).

Columns, in Chinese or English (case, spaces, ``_`` and ``-`` aside): 姓名/name,
英文姓名/name_latin, 中文譯名/name_zh, 職稱/title, 組織/organisation, 城市/city,
國家/country (a name in Chinese or English, or the ISO code), 電子郵件/email, 電話/phone,
手機/mobile, 地址/address, 網站/website, 備註/notes. Other columns are ignored (and
listed); the order does not matter; only the name column is required.

A cell that would run as a formula when Excel opens the file (a contact called
``=HYPERLINK(…)``) is exported with an apostrophe before it, which imports take away again
(``envoy/core/lib/csvcells.py``).
"""

import csv
import dataclasses
import io
from collections.abc import Iterable

from django.utils.translation import gettext as _

from envoy.core.lib.csvcells import formula_safe, unguarded
from envoy.core.lib.places import country_name

from ..models import Person
from . import UnreadableFile
from . import contacts as _contacts
from .contacts import Contact, Planned, check_contact, too_many
from .text import decode
from .vcard import current_position

COLUMNS = (
    "name",
    "name_latin",
    "name_zh",
    "title",
    "organisation",
    "city",
    "country",
    "email",
    "phone",
    "mobile",
    "address",
    "website",
    "notes",
)
# The headers Envoy writes for Chinese readers; the English ones are the column names.
CHINESE_HEADERS = {
    "name": "姓名",
    "name_latin": "英文姓名",
    "name_zh": "中文譯名",
    "title": "職稱",
    "organisation": "組織",
    "city": "城市",
    "country": "國家",
    "email": "電子郵件",
    "phone": "電話",
    "mobile": "手機",
    "address": "地址",
    "website": "網站",
    "notes": "備註",
}
# Headers of the download of rows that could not be imported.
ROW_HEADER = {"zh": "原列號", "en": "row"}
ERROR_HEADER = {"zh": "錯誤原因", "en": "error"}


def _header_key(text: str) -> str:
    return "".join(ch for ch in text.strip().strip("\ufeff").lower() if ch not in " _-\t")


_HEADERS = {
    **{_header_key(zh): column for column, zh in CHINESE_HEADERS.items()},
    **{_header_key(column): column for column in COLUMNS},
    _header_key("organization"): "organisation",
    _header_key("e-mail"): "email",
    _header_key("拉丁字母姓名"): "name_latin",
}


@dataclasses.dataclass
class CsvFile:
    """What was read from a CSV: its contacts, header row, the column each header stands
    for (None: ignored) and the encoding."""

    contacts: list[Contact]
    header: list[str]
    columns: list[str | None]
    encoding: str

    @property
    def ignored(self) -> list[str]:
        return [h for h, c in zip(self.header, self.columns, strict=True) if c is None and h]


def read_csv(data: bytes) -> CsvFile:
    """The contacts of a CSV file whose first non-empty row names the columns.

    Raises :class:`UnreadableFile` for a file that is not text, has no name column, is not
    well-formed CSV, or holds more than ``MAX_CONTACTS`` rows. A row that cannot be
    imported comes back with its problems; empty rows are skipped. Row numbers are those
    Excel shows (the header is usually row 1).
    """
    text, encoding = decode(data)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((",", "\t", ";"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] = []
    columns: list[str | None] = []
    contacts: list[Contact] = []
    try:
        for number, cells in enumerate(reader, start=1):
            if not any(cell.strip() for cell in cells):
                continue
            if not header:
                header = [cell.strip().strip("\ufeff") for cell in cells]
                columns = [_HEADERS.get(_header_key(cell)) for cell in header]
                if "name" not in columns:
                    raise UnreadableFile(
                        _("找不到姓名欄：第一列必須是欄位名稱，例如「姓名」或「name」。")
                    )
                continue
            values: dict[str, str] = {}
            for column, cell in zip(columns, cells, strict=False):
                if column and not values.get(column):
                    values[column] = unguarded(cell)
            contacts.append(check_contact(values, row=number, source=cells))
    except csv.Error:
        raise UnreadableFile(
            _("CSV 檔第 %(line)d 行格式有誤（可能是引號沒有成對）。") % {"line": reader.line_num}
        ) from None
    if not contacts:
        raise UnreadableFile(_("檔案中沒有任何聯絡人資料。"))
    if len(contacts) > _contacts.MAX_CONTACTS:
        raise too_many(len(contacts))
    return CsvFile(contacts=contacts, header=header, columns=columns, encoding=encoding)


def _language_key(language: str) -> str:
    return "en" if language.startswith("en") else "zh"


def _csv_bytes(rows: Iterable[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([formula_safe(str(cell)) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def export_columns(*, private: bool) -> list[str]:
    return [c for c in COLUMNS if private or c not in Person.PRIVATE_FIELDS]


def people_csv(people: Iterable[Person], *, private: bool, language: str = "zh-hant") -> bytes:
    """A CSV of ``people`` (prefetch their positions with organisations, and cities), in
    the import's columns; contact details and notes only with ``private``. Headers and
    country names in ``language``."""
    columns = export_columns(private=private)
    zh = _language_key(language) == "zh"

    def row(person: Person) -> list[str]:
        position = current_position(person)
        values = {
            "title": position.title if position else "",
            "organisation": position.organisation.name
            if position and position.organisation
            else "",
            "city": person.city.name if person.city else "",
            "country": country_name(person.country, language) if person.country else "",
        }
        return [values[c] if c in values else getattr(person, c) for c in columns]

    header = [CHINESE_HEADERS[c] if zh else c for c in columns]
    return _csv_bytes([header, *(row(p) for p in people)])


def errors_csv(rows: list[Planned], *, header: list[str], language: str = "zh-hant") -> bytes:
    """The rows that could not be imported, to be corrected and imported again: the
    original row number, the cells as uploaded (or, for vCards, the import's columns), and
    the reasons in ``language``'s words (call it with that language active)."""
    key = _language_key(language)
    separator = "；" if key == "zh" else "; "
    if header:
        out = [[ROW_HEADER[key], *header, ERROR_HEADER[key]]]
        for planned in rows:
            cells = list(planned.contact.source) + [""] * (
                len(header) - len(planned.contact.source)
            )
            out.append([planned.contact.row, *cells[: len(header)], separator.join(planned.errors)])
    else:
        columns = list(COLUMNS)
        names = [CHINESE_HEADERS[c] if key == "zh" else c for c in columns]
        out = [[ROW_HEADER[key], *names, ERROR_HEADER[key]]]
        for planned in rows:
            contact = planned.contact
            out.append(
                [
                    contact.row,
                    *(getattr(contact, c) for c in columns),
                    separator.join(planned.errors),
                ]
            )
    return _csv_bytes(out)
