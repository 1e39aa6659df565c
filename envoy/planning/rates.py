"""The per-diem rates table: read from a CSV file or an Excel workbook (the official table as
offices keep it, or a file given to one calculation), stored with its history, and asked for
the rate of a place on a day.

The file (CSV, or an .xlsx workbook's first sheet) has the columns
``country,city,usd_per_day`` and optionally ``effective_from`` (ISO date or 民國 date). ``country`` is an ISO 3166 code (JP) or a country's name (日本,
Japan); an empty ``city`` is the country's row for its other cities (其他城市). A place not
in the table falls back to its country's row.
"""

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import openpyxl
from django.db import transaction
from django.utils.translation import gettext as _

from envoy.core.lib.chinese import fold
from envoy.core.lib.places import country_code
from envoy.core.lib.rocdates import DateFormatError, parse_roc_date

from .models import PerDiemRate

COLUMNS = ("country", "city", "usd_per_day")
# When a file gives no date: the rates are taken as in force since long before any trip.
ALWAYS = dt.date(1900, 1, 1)


class RatesFileError(Exception):
    """A rates file that cannot be read at all; ``message`` says why, in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Rate:
    country: str
    city: str
    usd_per_day: Decimal
    effective_from: dt.date
    source: str = ""
    season_from: str = ""  # MM-DD
    season_to: str = ""
    official_no: int | None = None

    @property
    def place(self) -> str:
        return self.city or _("其他城市")

    def in_season(self, day: dt.date) -> bool:
        if not self.season_from:
            return True
        md = day.strftime("%m-%d")
        if self.season_from <= self.season_to:
            return self.season_from <= md <= self.season_to
        return md >= self.season_from or md <= self.season_to  # wraps the year end


# The official table's bundled copy (data/README.md says where it comes from).
OFFICIAL_TABLE = Path(__file__).resolve().parent / "data" / "per-diem-rates-2026.csv"
OFFICIAL_SOURCE = (
    "中央政府各機關派赴國外各地區出差人員生活費日支數額表（114.10.31 修正，115.1.1 生效）"
)


def city_key(name: str) -> str:
    """A city's name as compared: folded (臺/台, Simplified), spaces and case off, and the
    administrative ending officers add or leave out (東京都 = 東京, 首爾市 = 首爾)."""
    key = re.sub(r"[\s\-‐'’.]", "", fold(name or "")).lower()
    return re.sub(r"(?<=..)[市都縣州]$", "", key)


def city_keys(label: str) -> set[str]:
    """Every name a table's city label gives: 東京(Tokyo) → 東京, tokyo; names joined with
    「/」 each count."""
    names = []
    for part in label.split("/"):
        names.append(re.sub(r"[（(].*?[)）]", "", part))
        names.extend(re.findall(r"[（(]([^)）]+)[)）]", part))
    return {city_key(name) for name in names if city_key(name)}


def country_of(value: str) -> str | None:
    """An ISO code (jp → JP) or a country's name (日本, Japan) as its ISO code; None if
    unknown."""
    value = (value or "").strip()
    if re.fullmatch(r"[A-Za-z]{2}", value):
        return value.upper()
    return country_code(value)


def _date(value: str) -> dt.date:
    value = value.strip()
    if not value:
        return ALWAYS
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return parse_roc_date(value)


def read_table(data: bytes, columns: tuple, missing_columns: str) -> Iterator[dict[str, str]]:
    """The rows of a table file by their lower-cased column names, as strings: a CSV file
    (UTF-8, with or without its BOM, or Big5 as Windows saves it) or an Excel workbook's
    first sheet (.xlsx, as offices keep the table); ``RatesFileError`` when it cannot be
    read or lacks ``columns``. Other apps' spreadsheets are read with it too (the
    opportunities' import)."""
    if data[:4] == b"PK\x03\x04":
        header, rows = _sheet(data)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp950")
            except UnicodeDecodeError:
                raise RatesFileError(_("無法讀取檔案的文字編碼，請存成 UTF-8 的 CSV。")) from None
        reader = csv.reader(io.StringIO(text))
        header, rows = next(reader, []), reader
    header = [(name or "").strip().lower() for name in header]
    if not set(columns) <= set(header):
        raise RatesFileError(missing_columns)
    return (dict(zip(header, row, strict=False)) for row in rows)


def _cell(value) -> str:
    """A spreadsheet cell as the CSV would have it: dates in ISO form, whole numbers
    without a decimal point."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _sheet(data: bytes) -> tuple[list[str], Iterator[list[str]]]:
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = [_cell(value) for value in next(rows, ())]
    except (zipfile.BadZipFile, KeyError, IndexError, OSError, ValueError):
        raise RatesFileError(
            _("無法讀取這個 Excel 檔案，請另存為 .xlsx 或 UTF-8 的 CSV。")
        ) from None
    return header, ([_cell(value) for value in row] for row in rows)


def read_csv(data: bytes, *, source: str = "") -> tuple[list[Rate], list[str]]:
    """The rows of a rates file and, for each row that could not be read, why (with its line
    number): a bad row never stops the others. Raises ``RatesFileError`` for a file that
    is not a rates table at all."""
    reader = read_table(
        data,
        COLUMNS,
        _("CSV 的第一列必須有欄位 country,city,usd_per_day（可另加 effective_from）。"),
    )
    rates, errors = [], []
    for line, row in enumerate(reader, start=2):
        row = {key: (value or "").strip() for key, value in row.items() if key}
        code = country_of(row["country"])
        if code is None:
            errors.append(
                _("第 %(line)d 列：不認得國家「%(value)s」。")
                % {"line": line, "value": row["country"]}
            )
            continue
        try:
            usd = Decimal(row["usd_per_day"].replace(",", ""))
            if usd < 0 or usd > 100_000:
                raise InvalidOperation
        except InvalidOperation:
            errors.append(
                _("第 %(line)d 列：日支數額「%(value)s」不是美元金額。")
                % {"line": line, "value": row["usd_per_day"]}
            )
            continue
        try:
            since = _date(row.get("effective_from", ""))
        except DateFormatError:
            errors.append(
                _("第 %(line)d 列：生效日期「%(value)s」無法辨識。")
                % {"line": line, "value": row.get("effective_from", "")}
            )
            continue
        season = (row.get("season_from", ""), row.get("season_to", ""))
        if any(season) and not all(re.fullmatch(r"\d\d-\d\d", value) for value in season):
            errors.append(_("第 %(line)d 列：季節起迄應寫成 MM-DD。") % {"line": line})
            continue
        number = row.get("official_no", "")
        rates.append(
            Rate(
                code,
                row["city"],
                usd.quantize(Decimal("0.01")),
                since,
                source,
                *season,
                int(number) if number.isdigit() else None,
            )
        )
    return rates, errors


@transaction.atomic
def store(rates: list[Rate]) -> tuple[int, int]:
    """Keep ``rates`` in the table: (added, changed). A row for a place and date already
    there takes the new amount (a correction); other dates are new rows (the history)."""
    added = changed = 0
    for rate in rates:
        _row, created = PerDiemRate.objects.update_or_create(
            country=rate.country,
            city=rate.city,
            effective_from=rate.effective_from,
            season_from=rate.season_from,
            defaults={
                "usd_per_day": rate.usd_per_day,
                "source": rate.source,
                "season_to": rate.season_to,
                "official_no": rate.official_no,
            },
        )
        added += created
        changed += not created
    return added, changed


class RateTable:
    """The rates in force on a day, for a place: the city's own row, else its country's
    「其他」 row (the table's rule for cities it does not list)."""

    def __init__(self, rates: list[Rate]):
        self._rows: dict[tuple[str, str], list[Rate]] = {}
        for rate in sorted(rates, key=lambda r: r.effective_from, reverse=True):
            for key in city_keys(rate.city) or {""}:
                self._rows.setdefault((rate.country, key), []).append(rate)

    @classmethod
    def stored(cls) -> "RateTable":
        return cls(
            [
                Rate(
                    r.country,
                    r.city,
                    r.usd_per_day,
                    r.effective_from,
                    r.source,
                    r.season_from,
                    r.season_to,
                    r.official_no,
                )
                for r in PerDiemRate.objects.all()
            ]
        )

    def _in_force(self, key, day: dt.date) -> Rate | None:
        rows = [r for r in self._rows.get(key, ()) if r.effective_from <= day]
        if not rows:
            return None
        latest = rows[0].effective_from  # the table in force; its seasons
        return next((r for r in rows if r.effective_from == latest and r.in_season(day)), None)

    def rate(self, country: str, city: str, day: dt.date) -> Rate | None:
        """The row for ``city`` in ``country`` in force on ``day`` (in season), else the
        country's row for its other cities; None when the table has neither."""
        if city and (found := self._in_force((country, city_key(city)), day)):
            return found
        return self._in_force((country, ""), day)


FX_COLUMNS = ("date", "twd_per_usd")


def read_exchange_csv(data: bytes) -> tuple[list[tuple[dt.date, Decimal]], list[str]]:
    """The rows of an exchange-rate file (``date,twd_per_usd``: the Bank of Taiwan's US
    dollar cash selling rate of each day, as an office downloads it), and why each row that
    could not be read was left out."""
    reader = read_table(data, FX_COLUMNS, _("CSV 的第一列必須有欄位 date,twd_per_usd。"))
    rows, errors = [], []
    for line, row in enumerate(reader, start=2):
        try:
            day = _date(row.get("date") or "")
            if day == ALWAYS:
                raise DateFormatError(row.get("date") or "")
        except DateFormatError:
            errors.append(
                _("第 %(line)d 列：日期「%(value)s」無法辨識。")
                % {"line": line, "value": row.get("date", "")}
            )
            continue
        try:
            rate = Decimal((row.get("twd_per_usd") or "").strip())
            if not 1 <= rate <= 1000:
                raise InvalidOperation
        except InvalidOperation:
            errors.append(
                _("第 %(line)d 列：匯率「%(value)s」不是新臺幣對美元的匯率。")
                % {"line": line, "value": row.get("twd_per_usd", "")}
            )
            continue
        rows.append((day, rate))
    return rows, errors
