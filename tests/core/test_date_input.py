"""Dates as people type them in forms: one parser (rocdates.parse_date) behind every date
field (core.forms.RocDateField), tried on many inputs, right and wrong."""

import datetime as dt

import pytest
from django import forms
from django.utils import translation

from envoy.core.forms import RocDateField
from envoy.core.lib.rocdates import DateFormatError, parse_date

TRIP = (dt.date(2026, 10, 3), dt.date(2026, 10, 9))  # 115/10/3–115/10/9
NEW_YEAR_TRIP = (dt.date(2026, 12, 28), dt.date(2027, 1, 4))
LONG_TRIP = (dt.date(2026, 3, 1), dt.date(2027, 3, 31))  # a year's study abroad

READ = [
    # ROC, as officers write it
    ("115/9/15", None, dt.date(2026, 9, 15)),
    ("115.9.15", None, dt.date(2026, 9, 15)),
    ("115-9-15", None, dt.date(2026, 9, 15)),
    ("115/09/15", None, dt.date(2026, 9, 15)),
    ("115年9月15日", None, dt.date(2026, 9, 15)),
    ("115 年 9 月 15 日", None, dt.date(2026, 9, 15)),
    ("民國115年9月15日", None, dt.date(2026, 9, 15)),
    ("中華民國 115 年 9 月 15 日（星期二）", None, dt.date(2026, 9, 15)),
    ("１１５／９／１５", None, dt.date(2026, 9, 15)),
    ("一一五年九月十五日", None, dt.date(2026, 9, 15)),
    ("1150915", None, dt.date(2026, 9, 15)),
    ("99/1/1", None, dt.date(2010, 1, 1)),
    ("  115/9/15  ", None, dt.date(2026, 9, 15)),
    # Gregorian
    ("2026/10/05", None, dt.date(2026, 10, 5)),
    ("2026-10-05", None, dt.date(2026, 10, 5)),
    ("2026.10.05", None, dt.date(2026, 10, 5)),
    ("2026/10/5", None, dt.date(2026, 10, 5)),
    ("2026年10月5日", None, dt.date(2026, 10, 5)),
    ("2028/2/29", None, dt.date(2028, 2, 29)),
    # a day of the trip's own month, within the trip
    ("10/5", TRIP, dt.date(2026, 10, 5)),
    ("10.5", TRIP, dt.date(2026, 10, 5)),
    ("10-05", TRIP, dt.date(2026, 10, 5)),
    ("10月5日", TRIP, dt.date(2026, 10, 5)),
    ("10 月 5 日（星期一）", TRIP, dt.date(2026, 10, 5)),
    ("１０／５", TRIP, dt.date(2026, 10, 5)),
    ("1/2", NEW_YEAR_TRIP, dt.date(2027, 1, 2)),
    ("12/30", NEW_YEAR_TRIP, dt.date(2026, 12, 30)),
    # a full date is taken as written, in the trip or not (the services judge it)
    ("115/11/1", TRIP, dt.date(2026, 11, 1)),
]

REFUSED = [
    ("明年", None, "format"),
    ("115/9", None, "format"),
    ("9/15/2026", None, "format"),
    ("2026/10/05 10:00", None, "format"),
    ("abc", TRIP, "format"),
    ("115/2/30", None, "nonexistent"),
    ("2026-13-01", None, "nonexistent"),
    ("2027/2/29", None, "nonexistent"),
    ("115年9月31日", None, "nonexistent"),
    ("13/5", TRIP, "nonexistent"),
    ("10/32", TRIP, "nonexistent"),
    ("10/5", None, "needs_year"),
    ("10月5日", None, "needs_year"),
    ("11/5", TRIP, "outside"),
    ("10/2", TRIP, "outside"),
    ("10/10", TRIP, "outside"),
    ("2/29", NEW_YEAR_TRIP, "outside"),
    ("3/15", LONG_TRIP, "ambiguous"),
]


@pytest.mark.parametrize(("text", "period", "date"), READ)
def test_a_date_is_read_as_people_type_it(text, period, date):
    assert parse_date(text, period=period) == date


@pytest.mark.parametrize(("text", "period", "code"), REFUSED)
def test_a_date_that_cannot_be_read_says_why(text, period, code):
    with pytest.raises(DateFormatError) as refused:
        parse_date(text, period=period)
    assert refused.value.code == code


class TripDayForm(forms.Form):
    date = RocDateField(label="日期")

    def __init__(self, *args, period=None, **kwargs):
        super().__init__(*args, **kwargs)
        if period:
            self.fields["date"].set_period(*period)


@pytest.mark.parametrize(
    ("text", "period", "message"),
    [
        ("明年", None, "無法辨識「明年」，請輸入日期，例如 115/4/26 或 2026-04-26。"),
        ("115/2/30", None, "沒有「115/2/30」這一天，請檢查月份與日期。"),
        ("10/5", None, "「10/5」沒有年份，請寫出完整日期，例如 115/4/26。"),
        ("11/5", TRIP, "「11/5」不在行程期間（115/10/3 至 115/10/9）內；其他日期請寫出年份。"),
        ("3/15", LONG_TRIP, "「3/15」在行程期間內有兩個日期，請寫出年份。"),
    ],
)
def test_the_form_says_why(text, period, message):
    with translation.override("zh-hant"):
        assert TripDayForm({"date": text}, period=period).errors == {"date": [message]}


def test_the_trips_dates_in_a_message_are_written_as_the_reader_writes_dates():
    with translation.override("en"):
        [message] = TripDayForm({"date": "11/5"}, period=TRIP).errors["date"]
    assert "2026-10-03" in message and "2026-10-09" in message


def test_the_calendar_opens_on_the_trip():
    html = str(TripDayForm(period=TRIP)["date"])
    assert 'min="2026-10-03"' in html and 'max="2026-10-09"' in html
    assert 'type="date"' in html and "data-date-pick" in html
