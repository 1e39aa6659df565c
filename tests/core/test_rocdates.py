import datetime as dt

import pytest

from envoy.core.lib.rocdates import (
    DateFormatError,
    format_roc_long,
    format_roc_short,
    format_roc_span,
    parse_roc_date,
    parse_roc_span,
)

APRIL_26 = dt.date(2026, 4, 26)


@pytest.mark.parametrize(
    "text",
    [
        "115/4/26",
        "115 年 4 月 26 日（星期日）",
        "115 年 4 月 26 日 (星期日)",
        "民國115年4月26日",
        "中華民國 115 年 4 月 26 日",
        "115.4.26",
        "115-04-26",
        "１１５／４／２６",
        "2026-04-26",
    ],
)
def test_parse_roc_date_reads_the_forms_officers_write(text):
    assert parse_roc_date(text) == APRIL_26


def test_parse_roc_date_reads_zero_padded_dates_of_older_reports():
    assert parse_roc_date("106/07/19") == dt.date(2017, 7, 19)


def test_parse_roc_date_reads_the_weekday_in_half_width_brackets():
    assert parse_roc_date("115 年 4 月 28 日 (星期二)") == dt.date(2026, 4, 28)


@pytest.mark.parametrize("text", ["", "115/13/1", "115/2/30", "明天", "115 年 4 月", "26/4/2026"])
def test_parse_roc_date_refuses_what_is_not_a_date(text):
    with pytest.raises(DateFormatError):
        parse_roc_date(text)


def test_parse_roc_span_reads_a_span_within_one_month():
    assert parse_roc_span("106 年 7 月 19~20 日") == (dt.date(2017, 7, 19), dt.date(2017, 7, 20))


def test_parse_roc_span_reads_a_span_of_two_full_dates():
    assert parse_roc_span("115/4/26-115/4/30") == (APRIL_26, dt.date(2026, 4, 30))
    assert parse_roc_span("115 年 4 月 26 日至 115 年 4 月 30 日") == (
        APRIL_26,
        dt.date(2026, 4, 30),
    )


def test_parse_roc_span_refuses_a_span_that_ends_before_it_starts():
    with pytest.raises(DateFormatError):
        parse_roc_span("115/4/30-115/4/26")


def test_formats_follow_the_report_convention():
    assert format_roc_short(APRIL_26) == "115/4/26"
    assert format_roc_long(APRIL_26) == "115 年 4 月 26 日"
    assert format_roc_long(APRIL_26, weekday=True, era=True) == "民國 115 年 4 月 26 日（星期日）"
    assert (
        format_roc_span(APRIL_26, dt.date(2026, 4, 30)) == "115 年 4 月 26 日至 115 年 4 月 30 日"
    )


def test_a_year_reads_as_every_list_writes_it_in_each_language():
    from django.utils import translation

    from envoy.core.lib.rocdates import year_label

    with translation.override("zh-hant"):
        assert (year_label(2026), year_label(2011), year_label(None)) == (
            "民國 115 年（2026）",
            "民國 100 年（2011）",
            "",
        )
    with translation.override("en"):
        assert year_label(2026) == "2026"
