"""Dates in the Republic of China (民國) calendar, as Taiwanese officers write them.

ROC year = Gregorian year − 1911. Accepted forms (full-width digits and spaces allowed):
``115/4/26``, ``115.4.26``, ``115-04-26``, ``115 年 4 月 26 日（星期日）``,
``115 年 4 月 28 日 (星期二)``, ``民國115年4月26日``, ``中華民國 115 年 4 月 26 日``,
``106/07/19``, and ISO ``2026-04-26``. A span such as ``106 年 7 月 19~20 日`` or
``115/4/26-115/4/30`` is read by :func:`parse_roc_span`.
"""

import datetime as dt
import re
import unicodedata

ROC_OFFSET = 1911
WEEKDAYS = "一二三四五六日"

_WEEKDAY = r"\s*(?:[（(]\s*(?:星期|週|周|礼拜|禮拜)?\s*[一二三四五六日天]\s*[）)])?"
_PREFIX = r"(?:中華民國|中华民国|民國|民国)?\s*"
_NUMERIC = re.compile(
    r"^" + _PREFIX + r"(\d{2,3})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})" + _WEEKDAY + r"$"
)
_WORDS = re.compile(
    r"^" + _PREFIX + r"(\d{2,3})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号號]" + _WEEKDAY + r"$"
)
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_SPAN_WORDS = re.compile(
    r"^"
    + _PREFIX
    + r"(\d{2,3})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号號]?"
    + _WEEKDAY
    + r"\s*[~～至到\-–—]\s*"
    + r"(?:(?:(?:中華民國|民國)?\s*(\d{2,3})\s*年\s*)?(\d{1,2})\s*月\s*)?(\d{1,2})\s*[日号號]"
    + _WEEKDAY
    + r"$"
)


class DateFormatError(ValueError):
    """The text is not a date in a form Envoy reads."""


def normalise(text: str) -> str:
    """Full-width digits and punctuation to half-width, outer spaces removed."""
    return unicodedata.normalize("NFKC", text).strip()


def _make(year: int, month: int, day: int, roc: bool) -> dt.date:
    try:
        return dt.date(year + ROC_OFFSET if roc else year, month, day)
    except ValueError as error:
        raise DateFormatError(str(error)) from None


def parse_roc_date(text: str) -> dt.date:
    """Read one ROC or ISO date; raise :class:`DateFormatError` when it is not one."""
    value = normalise(text)
    if match := _ISO.match(value):
        return _make(*map(int, match.groups()), roc=False)
    for pattern in (_NUMERIC, _WORDS):
        if match := pattern.match(value):
            return _make(*map(int, match.groups()), roc=True)
    raise DateFormatError(text)


def parse_roc_span(text: str) -> tuple[dt.date, dt.date]:
    """Read a date or a span of dates: ``106 年 7 月 19~20 日``, ``115/4/26-115/4/30``."""
    value = normalise(text)
    if match := _SPAN_WORDS.match(value):
        year, month, day, end_year, end_month, end_day = match.groups()
        start = _make(int(year), int(month), int(day), roc=True)
        end = _make(int(end_year or year), int(end_month or month), int(end_day), roc=True)
    else:
        parts = re.split(
            r"\s*[~～至到]\s*|\s+[\-–—]\s+|(?<=\d)[\-–—](?=(?:民國)?\d{2,3}[/.])", value
        )
        if len(parts) == 1:
            start = end = parse_roc_date(value)
        elif len(parts) == 2:
            start, end = parse_roc_date(parts[0]), parse_roc_date(parts[1])
        else:
            raise DateFormatError(text)
    if end < start:
        raise DateFormatError(text)
    return start, end


def roc_year(date: dt.date) -> int:
    return date.year - ROC_OFFSET


def format_roc_short(date: dt.date) -> str:
    """115/4/26."""
    return f"{roc_year(date)}/{date.month}/{date.day}"


def format_roc_long(date: dt.date, *, weekday: bool = False, era: bool = False) -> str:
    """115 年 4 月 26 日, with （星期日） and 民國 when asked."""
    text = f"{roc_year(date)} 年 {date.month} 月 {date.day} 日"
    if era:
        text = "民國 " + text
    if weekday:
        text += f"（星期{WEEKDAYS[date.weekday()]}）"
    return text


def weekday_name(date: dt.date) -> str:
    """星期日."""
    return "星期" + WEEKDAYS[date.weekday()]


def format_roc_span(start: dt.date, end: dt.date) -> str:
    """出國期間 on a cover: 115 年 4 月 26 日至 115 年 4 月 30 日."""
    if start == end:
        return format_roc_long(start)
    return f"{format_roc_long(start)}至 {format_roc_long(end)}"


def add_months(date: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day when it has no such day."""
    import calendar

    month_index = date.month - 1 + months
    year, month = date.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(date.day, calendar.monthrange(year, month)[1]))
