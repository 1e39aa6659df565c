"""Working days and deadlines as the official calendar and the Civil Code count them."""

import datetime as dt

import pytest

from envoy.core import workdays
from envoy.core.models import CalendarDay

pytestmark = pytest.mark.django_db
D = dt.date


def test_the_official_calendar_is_seeded_for_this_year_and_the_next():
    days = CalendarDay.objects.filter(date__year__in=[2026, 2027], off=True)
    assert days.filter(name="春節").count() == 6
    assert not workdays.is_working_day(D(2026, 2, 20))  # 補假, a Friday
    assert workdays.is_working_day(D(2026, 2, 23))


@pytest.mark.parametrize(
    ("first", "months", "last"),
    [
        (D(2026, 5, 1), 3, D(2026, 7, 31)),
        (D(2026, 5, 4), 3, D(2026, 8, 3)),
        (D(2025, 11, 30), 3, D(2026, 2, 28)),  # February has no 30th: its last day
        (D(2027, 11, 29), 3, D(2028, 2, 28)),  # 2028 is a leap year: the 29th is the day
        (D(2026, 12, 1), 1, D(2026, 12, 31)),
    ],
)
def test_a_period_of_months_ends_the_day_before_the_same_day_number(first, months, last):
    assert workdays.months_end(first, months) == last


@pytest.mark.parametrize(
    ("event", "due"),
    [
        # Back on Thursday 30 April 2026: 1 May (Labour Day) and the weekend are skipped.
        (D(2026, 4, 30), D(2026, 8, 3)),
        # Back on Saturday 14 February 2026: the new-year holidays run to the 22nd.
        (D(2026, 2, 14), D(2026, 5, 22)),
        # Back on Thursday 9 July 2026: the last day, Friday 9 October, is a 補假, and the
        # National Day weekend follows, so Monday 12 October takes its place.
        (D(2026, 7, 9), D(2026, 10, 12)),
        # Back on a Friday: counting starts on the Monday after.
        (D(2026, 7, 31), D(2026, 11, 2)),
        # Back on a Monday: from Tuesday to the day before the 4th, three months on.
        (D(2026, 8, 3), D(2026, 11, 3)),
    ],
)
def test_a_deadline_starts_and_ends_on_working_days(event, due):
    assert workdays.deadline(event, 3) == due


def test_a_day_the_administrator_adds_counts_at_once():
    assert workdays.is_working_day(D(2026, 7, 15))
    CalendarDay.objects.create(date=D(2026, 7, 15), off=True, name="颱風假")
    assert not workdays.is_working_day(D(2026, 7, 15))
    CalendarDay.objects.create(date=D(2026, 7, 18), off=False, name="補行上班")
    assert workdays.is_working_day(D(2026, 7, 18))  # a Saturday


@pytest.mark.parametrize("today", [D(2026, 8, 3), D(2026, 8, 4), D(2026, 10, 12), D(2027, 2, 11)])
def test_the_latest_event_past_due_is_where_deadlines_cross_today(today):
    event = workdays.latest_event_past_due(today, 3)
    assert workdays.deadline(event, 3) < today
    assert workdays.deadline(event + dt.timedelta(days=1), 3) >= today


# ----- Loading a year of the official calendar -----


def official_csv(rows, encoding="cp950") -> bytes:
    lines = ["西元日期,星期,是否放假,備註", *(",".join(row) for row in rows)]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


YEAR_2028 = [
    ("20280101", "六", "2", "開國紀念日"),
    ("20280102", "日", "2", ""),
    ("20280103", "一", "0", ""),
    ("20280124", "一", "2", "農曆除夕"),
    ("20280129", "六", "0", "補行上班"),
]


@pytest.mark.parametrize("encoding", ["cp950", "utf-8-sig"])
def test_a_year_of_the_official_calendar_loads_its_days_off_and_working_saturdays(
    encoding, tmp_path
):
    from django.core.management import call_command

    path = tmp_path / "calendar.csv"
    path.write_bytes(official_csv(YEAR_2028, encoding))
    call_command("load_calendar", str(path))
    kept = dict(CalendarDay.objects.filter(date__year=2028).values_list("date", "name"))
    assert kept == {
        D(2028, 1, 1): "開國紀念日",
        D(2028, 1, 24): "農曆除夕",
        D(2028, 1, 29): "補行上班",
    }
    assert not workdays.is_working_day(D(2028, 1, 24))
    assert workdays.is_working_day(D(2028, 1, 29))  # a Saturday
    call_command("load_calendar", str(path))  # again: nothing changes
    assert CalendarDay.objects.filter(date__year=2028).count() == 3


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"date,off\n20280101,2\n", "缺少欄位"),
        (official_csv([("2028/1/1", "六", "2", "")]), "不是 20270101 這樣的西元日期"),
        (official_csv([("20280101", "六", "1", "")]), "應為 0（上班）或 2（放假）"),
        (bytes([0xFF, 0xFE, 0x81, 0x39]), "UTF-8 或 Big5"),
    ],
)
def test_a_file_that_is_not_the_calendar_is_refused_with_a_clear_message(data, message, tmp_path):
    from django.core.management import CommandError, call_command

    path = tmp_path / "calendar.csv"
    path.write_bytes(data)
    with pytest.raises(CommandError, match=message):
        call_command("load_calendar", str(path))
    assert not CalendarDay.objects.filter(date__year=2028).exists()
