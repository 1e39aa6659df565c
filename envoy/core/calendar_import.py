"""Loading a year of the official calendar (政府行政機關辦公日曆表) as data.gov.tw publishes it
(dataset 14718): a CSV, in Big5 or UTF-8, with the columns 西元日期 (20270101), 星期,
是否放假 (2 for a day off, 0 for a working day) and 備註 (the holiday's name).

Only the days that differ from their weekday, or have a name, are kept in ``CalendarDay``
(see ``workdays``); a file loaded twice changes nothing the second time.
"""

import csv
import datetime as dt
import io
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from .models import CalendarDay

COLUMNS = ("西元日期", "是否放假", "備註")


class UnreadableCalendar(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Loaded:
    days: int
    added: int
    changed: int
    years: list[int]


def _text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp950"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableCalendar(_("無法讀取這個檔案的文字：請提供 UTF-8 或 Big5 編碼的 CSV 檔。"))


def read_official_calendar(data: bytes) -> list[tuple[dt.date, bool, str]]:
    """(date, day off, name) of every day in the file, checked line by line."""
    reader = csv.DictReader(io.StringIO(_text(data)))
    fields = [name.strip() for name in reader.fieldnames or []]
    missing = [name for name in COLUMNS if name not in fields]
    if missing:
        raise UnreadableCalendar(
            _("這不是辦公日曆表：缺少欄位「%(columns)s」。") % {"columns": "、".join(missing)}
        )
    days = []
    for line, row in enumerate(reader, start=2):
        row = {(key or "").strip(): (value or "").strip() for key, value in row.items()}
        try:
            date = dt.datetime.strptime(row["西元日期"], "%Y%m%d").date()
        except ValueError:
            raise UnreadableCalendar(
                _("第 %(line)d 行的日期「%(value)s」不是 20270101 這樣的西元日期。")
                % {"line": line, "value": row["西元日期"]}
            ) from None
        if row["是否放假"] not in ("0", "2"):
            raise UnreadableCalendar(
                _("第 %(line)d 行的「是否放假」應為 0（上班）或 2（放假），而不是「%(value)s」。")
                % {"line": line, "value": row["是否放假"]}
            )
        days.append((date, row["是否放假"] == "2", row["備註"][:50]))
    if not days:
        raise UnreadableCalendar(_("檔案中沒有任何日期。"))
    return days


@transaction.atomic
def load_calendar(days: list[tuple[dt.date, bool, str]]) -> Loaded:
    """Keep the days that differ from their weekday or have a name; a kept day that the file
    now treats as an ordinary one is removed."""
    kept = {day.date: day for day in CalendarDay.objects.filter(date__in=[d for d, _, _ in days])}
    added = changed = 0
    for date, off, name in days:
        ordinary = off == (date.weekday() >= 5) and not name
        day = kept.get(date)
        if ordinary:
            if day is not None:
                day.delete()
                changed += 1
            continue
        if day is None:
            CalendarDay.objects.create(date=date, off=off, name=name)
            added += 1
        elif (day.off, day.name) != (off, name):
            day.off, day.name = off, name
            day.save()
            changed += 1
    return Loaded(len(days), added, changed, sorted({date.year for date, _, _ in days}))
