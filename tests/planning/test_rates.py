"""The per-diem rates table: read from CSV files as offices keep them, stored with its
history, and asked for the rate of a place on a day (the city's row, else its country's)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from envoy.planning import rates
from envoy.planning.models import PerDiemRate

TABLE = """country,city,usd_per_day,effective_from
JP,東京,284,2024-01-01
JP,,229,2024-01-01
日本,東京,300,2026-01-01
South Korea,首爾,259,115/1/1
KR,,207,
"""


def test_a_table_read_with_names_codes_and_both_calendars():
    rows, errors = rates.read_csv(TABLE.encode(), source="test")
    assert errors == []
    assert [(r.country, r.city, r.usd_per_day, r.effective_from) for r in rows] == [
        ("JP", "東京", Decimal("284.00"), dt.date(2024, 1, 1)),
        ("JP", "", Decimal("229.00"), dt.date(2024, 1, 1)),
        ("JP", "東京", Decimal("300.00"), dt.date(2026, 1, 1)),
        ("KR", "首爾", Decimal("259.00"), dt.date(2026, 1, 1)),
        ("KR", "", Decimal("207.00"), rates.ALWAYS),
    ]


def test_the_rate_in_force_on_the_day_the_city_else_its_country():
    table = rates.RateTable(rates.read_csv(TABLE.encode())[0])
    assert table.rate("JP", "東京都", dt.date(2025, 6, 1)).usd_per_day == 284
    assert (
        table.rate("JP", "Tokyo", dt.date(2026, 4, 26)).usd_per_day == 229
    )  # not listed by that name
    assert table.rate("JP", "東京", dt.date(2026, 4, 26)).usd_per_day == 300
    assert table.rate("JP", "大阪", dt.date(2026, 4, 26)).usd_per_day == 229
    assert table.rate("JP", "東京", dt.date(2023, 12, 31)) is None  # before any row
    assert table.rate("KR", "首爾市", dt.date(2026, 3, 1)).usd_per_day == 259
    assert table.rate("KR", "釜山", dt.date(2020, 1, 1)).usd_per_day == 207
    assert table.rate("FR", "巴黎", dt.date(2026, 1, 1)) is None


@pytest.mark.parametrize(
    "line, message",
    [
        ("Atlantis,,100,", "不認得國家"),
        ("JP,大阪,abc,", "不是美元金額"),
        ("JP,大阪,-5,", "不是美元金額"),
        ("JP,大阪,100,someday", "無法辨識"),
    ],
)
def test_a_bad_row_is_named_and_the_others_kept(line, message):
    rows, errors = rates.read_csv(
        f"country,city,usd_per_day,effective_from\n{line}\nJP,,229,\n".encode()
    )
    assert len(rows) == 1 and len(errors) == 1
    assert errors[0].startswith("第 2 列") and message in errors[0]


def test_a_file_that_is_no_rates_table_is_refused():
    with pytest.raises(rates.RatesFileError):
        rates.read_csv(b"name,amount\nx,1\n")
    with pytest.raises(rates.RatesFileError):
        rates.read_csv(b"\xff\xfe\x00\x81\x00")


def test_big5_files_from_windows_are_read():
    rows, errors = rates.read_csv("country,city,usd_per_day\n日本,東京,284\n".encode("cp950"))
    assert errors == [] and rows[0].city == "東京"


def test_loading_keeps_history_and_corrects_a_date_loaded_again(db, tmp_path):
    PerDiemRate.objects.all().delete()  # the official table the migrations load
    path = tmp_path / "rates.csv"
    path.write_text(TABLE, encoding="utf-8")
    call_command("load_per_diem_rates", str(path), "--source", "行政院 115 年表")
    assert PerDiemRate.objects.count() == 5
    path.write_text(
        "country,city,usd_per_day,effective_from\nJP,東京,310,2026-01-01\n", encoding="utf-8"
    )
    call_command("load_per_diem_rates", str(path))
    tokyo = PerDiemRate.objects.filter(country="JP", city="東京").order_by("effective_from")
    assert [r.usd_per_day for r in tokyo] == [284, 310]
    stored = rates.RateTable.stored()
    assert stored.rate("JP", "東京", dt.date(2025, 1, 1)).usd_per_day == 284
    assert stored.rate("JP", "東京", dt.date(2026, 5, 1)).usd_per_day == 310


def test_the_command_refuses_what_it_cannot_read(db, tmp_path):
    with pytest.raises(CommandError):
        call_command("load_per_diem_rates", str(tmp_path / "missing.csv"))
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(CommandError, match="country,city,usd_per_day"):
        call_command("load_per_diem_rates", str(bad))


@pytest.mark.parametrize(
    "country, city, day, usd",
    [
        ("JP", "東京", "2026-04-26", 299),
        ("JP", "Tokyo", "2026-04-26", 299),
        ("JP", "東京都", "2026-04-26", 299),
        ("JP", "大阪", "2026-05-01", 246),
        ("JP", "金澤", "2026-05-01", 209),  # not listed: 日本「其他」
        ("KR", "首爾", "2026-10-05", 290),
        ("SG", "新加坡", "2026-03-01", 452),
        ("US", "紐約市", "2026-08-31", 510),  # seasons
        ("US", "紐約市", "2026-09-01", 580),
        ("US", "Boise", "2026-09-01", 320),
        ("HK", "香港", "2026-02-01", 339),
        ("CN", "北京", "2026-02-01", 295),
    ],
)
def test_the_official_table_is_loaded_with_its_seasons(db, country, city, day, usd):
    rate = rates.RateTable.stored().rate(country, city, dt.date.fromisoformat(day))
    assert rate.usd_per_day == usd
    assert "115.1.1" in rate.source


def test_the_official_table_before_it_was_in_force_has_no_rate(db):
    assert rates.RateTable.stored().rate("JP", "東京", dt.date(2025, 12, 31)) is None
    assert PerDiemRate.objects.count() == 599


def test_exchange_rates_loaded_from_a_file_the_office_supplies(db, tmp_path, capsys):
    from envoy.planning.models import ExchangeRate

    path = tmp_path / "fx.csv"
    path.write_text(
        "date,twd_per_usd\n2026-04-24,32.15\n115/4/25,32.2\nsomeday,32\n2026-04-26,abc\n",
        encoding="utf-8",
    )
    call_command("load_exchange_rates", str(path), "--source", "臺灣銀行")
    captured = capsys.readouterr()
    assert "2 loaded, 2 skipped" in captured.out
    assert "第 4 列" in captured.err and "第 5 列" in captured.err
    assert {(r.date, r.twd_per_usd) for r in ExchangeRate.objects.all()} == {
        (dt.date(2026, 4, 24), Decimal("32.15")),
        (dt.date(2026, 4, 25), Decimal("32.2")),
    }
    # A day loaded again takes the new rate.
    path.write_text("date,twd_per_usd\n2026-04-25,32.25\n", encoding="utf-8")
    call_command("load_exchange_rates", str(path))
    assert ExchangeRate.objects.get(date=dt.date(2026, 4, 25)).twd_per_usd == Decimal("32.25")
    bad = tmp_path / "bad.csv"
    bad.write_text("day,rate\n", encoding="utf-8")
    with pytest.raises(CommandError, match="date,twd_per_usd"):
        call_command("load_exchange_rates", str(bad))


def test_an_excel_workbook_is_read_as_the_csv_would_be():
    """Offices keep the table in Excel: its first sheet, dates and whole numbers as typed."""
    import datetime as dt
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Country", "City", "USD_per_day", "Effective_from"])
    sheet.append(["日本", "東京", 299, dt.datetime(2026, 1, 1)])
    sheet.append(["JP", None, 229.5, "115/1/1"])
    sheet.append(["Atlantis", "", 100, None])
    out = io.BytesIO()
    book.save(out)
    rows, errors = rates.read_csv(out.getvalue())
    assert [
        (r.country, r.city, str(r.usd_per_day), r.effective_from.isoformat()) for r in rows
    ] == [
        ("JP", "東京", "299.00", "2026-01-01"),
        ("JP", "", "229.50", "2026-01-01"),
    ]
    assert len(errors) == 1 and errors[0].startswith("第 4 列")
    with pytest.raises(rates.RatesFileError):
        rates.read_csv(b"PK\x03\x04 not really a workbook")
