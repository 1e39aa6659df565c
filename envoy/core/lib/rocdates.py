"""Dates in the Republic of China (民國) calendar, as Taiwanese officers write them.

ROC year = Gregorian year − 1911. Accepted forms (full-width digits and spaces allowed):
``115/4/26``, ``115.4.26``, ``115-04-26``, ``115 年 4 月 26 日（星期日）``,
``115 年 4 月 28 日 (星期二)``, ``民國115年4月26日``, ``中華民國 115 年 4 月 26 日``,
``106/07/19``, compact ``1150426``, Chinese numerals ``一一五年四月二十六日``, and Gregorian
``2026-04-26``, ``2026/4/26``, ``2026 年 4 月 26 日``. A span such as ``106 年 7 月 19~20 日``,
``115/4/26-115/4/30``, ``1041104日至1109`` or ``九十年十二月一日起至三日止`` is read by
:func:`parse_roc_span`.
"""

import datetime as dt
import re
import unicodedata
from functools import lru_cache

from django.utils import translation
from django.utils.formats import date_format

ROC_OFFSET = 1911
WEEKDAYS = "一二三四五六日"

_WEEKDAY = (
    r"\s*(?:[（(]\s*(?:星期|週|周|礼拜|禮拜)?\s*[一二三四五六日天]\s*[）)]"
    r"|\s(?:星期|週|周|礼拜|禮拜)[一二三四五六日天])?"
)
_PREFIX = r"(?:中華民國|中华民国|民國|民国)?\s*"
_NUMERIC = re.compile(
    r"^" + _PREFIX + r"(\d{2,3})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})" + _WEEKDAY + r"$"
)
_WORDS = re.compile(
    r"^" + _PREFIX + r"(\d{2,3})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号號]?" + _WEEKDAY + r"$"
)
# 1041104: three digits of year (two before 民國 100), two of month, two of day.
_COMPACT = re.compile(r"^" + _PREFIX + r"(\d{2,3})(\d{2})(\d{2})\s*[日号號]?" + _WEEKDAY + r"$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_GREGORIAN = re.compile(
    r"^(\d{4})\s*(?:[/.]|年)\s*(\d{1,2})\s*(?:[/.]|月)\s*(\d{1,2})\s*[日号號]?" + _WEEKDAY + r"$"
)
# Chinese numerals in a date: 九十年十二月一日, 一一四年八月二十七日.
_HAN_NUMBER = re.compile(r"[〇○零一二三四五六七八九十百]+(?=\s*[年月日號号])")
_HAN_DIGITS = "〇一二三四五六七八九"
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
    """The text is not a date in a form Envoy reads.

    ``code`` says why, for a message in the reader's language: ``"format"`` (no date form
    Envoy reads), ``"nonexistent"`` (115/2/30: a date form, but no such day),
    ``"needs_year"`` (10/5 where no trip's dates tell the year), ``"outside"`` (10/5 is in
    no year of the trip's dates) or ``"ambiguous"`` (10/5 falls twice within them).
    """

    def __init__(self, text: str = "", code: str = "format"):
        super().__init__(text)
        self.code = code


@lru_cache(maxsize=4096)
def normalise(text: str) -> str:
    """Full-width digits and punctuation to half-width, Chinese numerals before 年, 月 and 日
    to digits, outer spaces removed."""
    text = unicodedata.normalize("NFKC", text).strip()
    return _HAN_NUMBER.sub(lambda m: str(_han_to_int(m.group())), text)


def _han_to_int(text: str) -> int:
    """九十 → 90, 一百零五 → 105, 二十七 → 27; digit by digit without 十 or 百: 一一四 → 114."""
    text = text.replace("○", "〇").replace("零", "〇")
    if "十" not in text and "百" not in text:
        return int("".join(str(_HAN_DIGITS.index(ch)) for ch in text))
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total, current = total + (current or 1) * 100, 0
        elif ch == "十":
            total, current = total + (current or 1) * 10, 0
        else:
            current = _HAN_DIGITS.index(ch)
    return total + current


def _make(year: int, month: int, day: int, roc: bool) -> dt.date:
    try:
        return dt.date(year + ROC_OFFSET if roc else year, month, day)
    except ValueError as error:
        raise DateFormatError(str(error), "nonexistent") from None


def parse_roc_date(text: str) -> dt.date:
    """Read one ROC or ISO date; raise :class:`DateFormatError` when it is not one."""
    value = normalise(text)
    for pattern in (_ISO, _GREGORIAN):
        if match := pattern.match(value):
            return _make(*map(int, match.groups()), roc=False)
    for pattern in (_NUMERIC, _WORDS, _COMPACT):
        if match := pattern.match(value):
            return _make(*map(int, match.groups()), roc=True)
    raise DateFormatError(text)


# A day of the month without its year: 10/5, 10.5, 10-5, 10 月 5 日.
_MONTH_DAY = re.compile(r"^(\d{1,2})\s*(?:[/.\-]|月)\s*(\d{1,2})\s*[日号號]?" + _WEEKDAY + r"$")


def parse_date(text: str, *, period: tuple[dt.date, dt.date] | None = None) -> dt.date:
    """A date as people type it in a form: every form :func:`parse_roc_date` reads
    (115/9/15, 115.9.15, 115年9月15日, 2026/10/05, 2026-10-05, 2026.10.05…) and, within a
    trip whose dates are ``period`` (start, end), a day of its month without the year
    (10/5, 10 月 5 日) — the one date of the period it can be.

    Raises :class:`DateFormatError` with its ``code`` saying why a text is refused.
    """
    try:
        return parse_roc_date(text)
    except DateFormatError as error:
        if error.code == "nonexistent":
            raise
    match = _MONTH_DAY.match(normalise(text))
    if not match:
        raise DateFormatError(text, "format")
    if period is None:
        raise DateFormatError(text, "needs_year")
    month, day = int(match.group(1)), int(match.group(2))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        raise DateFormatError(text, "nonexistent")
    start, end = period
    candidates = set()
    for year in range(start.year, end.year + 1):
        try:
            candidates.add(dt.date(year, month, day))
        except ValueError:  # 2/29 outside a leap year
            continue
    within = sorted(date for date in candidates if start <= date <= end)
    if len(within) > 1:
        raise DateFormatError(text, "ambiguous")
    if not within:
        raise DateFormatError(text, "outside")
    return within[0]


# Words around a span that say nothing of its dates: 自…起至…止, （共 5 天）.
_SPAN_NOISE = re.compile(r"^(?:自|從|从|由)\s*|\s*止\s*$|\s*起(?=\s*[~～至到\-–—])")
_SPAN_LENGTH = re.compile(r"\s*[，,、]?\s*[（(]?\s*(?:共|計|计)\s*\d+\s*[天日].*$")


def parse_roc_span(text: str) -> tuple[dt.date, dt.date]:
    """Read a date or a span of dates: ``106 年 7 月 19~20 日``, ``115/4/26-115/4/30``,
    ``114/07/20 至 114/07/31``, ``1041104日至1109``, ``2023-06-19~2023-07-24``; the end may
    leave out what it shares with the start (``115/4/26~4/30``, ``115/4/26~30``)."""
    value = _SPAN_LENGTH.sub("", normalise(text))
    value = _SPAN_NOISE.sub("", _SPAN_NOISE.sub("", value)).strip()
    if match := _SPAN_WORDS.match(value):
        year, month, day, end_year, end_month, end_day = match.groups()
        start = _make(int(year), int(month), int(day), roc=True)
        end = _make(int(end_year or year), int(end_month or month), int(end_day), roc=True)
    else:
        parts = re.split(
            r"\s*[~～至到]\s*|\s+[\-–—]\s+|(?<=\d)[\-–—](?=(?:民國)?\d{2,4}[/.])", value
        )
        if len(parts) == 1:
            start = end = parse_roc_date(value)
        elif len(parts) == 2:
            start = parse_roc_date(parts[0])
            end = _span_end(parts[1], start)
        else:
            raise DateFormatError(text)
    if end < start:
        raise DateFormatError(text)
    return start, end


def _span_end(text: str, start: dt.date) -> dt.date:
    """The end of a span, which may leave out the year (4/30, 0430, 4 月 30 日) or the month
    (30, 30 日) it shares with the start."""
    try:
        return parse_roc_date(text)
    except DateFormatError:
        pass
    value = normalise(text)
    if match := re.match(
        r"^(\d{1,2})\s*(?:[/.\-]|月)\s*(\d{1,2})\s*[日号號]?" + _WEEKDAY + "$", value
    ):
        return _make(start.year, int(match.group(1)), int(match.group(2)), roc=False)
    if match := re.match(r"^(\d{2})(\d{2})\s*[日号號]?$", value):
        return _make(start.year, int(match.group(1)), int(match.group(2)), roc=False)
    if match := re.match(r"^(\d{1,2})\s*[日号號]?" + _WEEKDAY + "$", value):
        return _make(start.year, start.month, int(match.group(1)), roc=False)
    raise DateFormatError(text)


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


# ----- In the reader's language (the pages' filters roc_date, roc_short, roc_weekday) -----


def _zh() -> bool:
    return (translation.get_language() or "").startswith("zh")


def _day(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def roc_date(value: dt.date | None) -> str:
    """民國 115 年 4 月 26 日 in Chinese; 26 April 2026 in English."""
    if not value:
        return ""
    value = _day(value)
    return format_roc_long(value, era=True) if _zh() else date_format(value, "j F Y")


def roc_short(value: dt.date | None) -> str:
    """115/4/26 in Chinese; 2026-04-26 in English."""
    if not value:
        return ""
    value = _day(value)
    return format_roc_short(value) if _zh() else value.isoformat()


def year_label(year: int | None) -> str:
    """A year as every list, facet and the archive shows it: 民國 115 年（2026） in Chinese, the
    western year alone (2026) in English."""
    if not year:
        return ""
    return f"民國 {year - ROC_OFFSET} 年（{year}）" if _zh() else str(year)


def roc_weekday(value: dt.date | None) -> str:
    """115 年 4 月 26 日（星期日） in Chinese; Sunday 26 April 2026 in English."""
    if not value:
        return ""
    return format_roc_long(value, weekday=True) if _zh() else date_format(value, "l j F Y")
