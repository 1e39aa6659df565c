"""Dates typed as people type them, and zones picked by city, in real Chromium: a day added
as 115/9/15 and another as 9/16 (a day of the trip), a date picked from the calendar, an
item's zone found by typing 首爾 in the picker's search box, and a flight whose zones come
from its origin and destination, shown as UTC+8 and UTC+9."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from envoy.missions import services
from envoy.missions.models import ItineraryDay
from tests.browser.signing import sign_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.one_pass("sqlite")]


@pytest.fixture
def seoul_trip(cast):
    mission = services.create_mission(
        user=cast["owner"],
        title="赴韓國首爾參加城市論壇",
        start_date=dt.date(2026, 9, 14),
        end_date=dt.date(2026, 9, 20),
    )
    services.add_day(
        user=cast["owner"],
        mission=mission,
        data={
            "date": dt.date(2026, 9, 14),
            "places": ["臺北", "首爾"],
            "countries": ["臺灣", "韓國"],
        },
    )
    return mission


def add_day(page, typed: str, place: str):
    panel = page.locator("#itinerary > details.add-panel")
    panel.locator("summary").click()
    date = page.locator("input[name='day-new-date']")
    expect(date).to_be_visible()
    date.fill(typed)
    page.locator("input[name='day-new-places']").fill(place)
    page.locator("#itinerary details[open] form").get_by_role("button", name="新增").click()


def test_dates_typed_and_zones_picked_by_city(seoul_trip, cast, chromium_page):
    page = chromium_page.page
    sign_in(page, cast["owner"], f"/missions/{seoul_trip.pk}/edit/")

    add_day(page, "115/9/15", "首爾")
    expect(page.locator("#itinerary")).to_contain_text("115 年 9 月 15 日")
    add_day(page, "9/16", "首爾")  # a day of the trip: its year is the trip's
    expect(page.locator("#itinerary")).to_contain_text("115 年 9 月 16 日")

    # The calendar beside the date box writes the date picked as people write it.
    page.locator("#itinerary > details.add-panel summary").click()
    entry = page.locator("#itinerary details[open] .date-entry")
    expect(entry.locator("[data-date-pick]")).to_be_visible()
    entry.locator("input[type=date]").fill("2026-09-17")
    expect(page.locator("input[name='day-new-date']")).to_have_value("115/9/17")
    chromium_page.screenshot("date-picked-from-calendar", entry)
    # A day without its year outside the trip is refused, saying why.
    page.locator("input[name='day-new-date']").fill("10/1")
    page.locator("#itinerary details[open] form").get_by_role("button", name="新增").click()
    expect(page.locator("#itinerary")).to_contain_text(
        "「10/1」不在行程期間（115/9/14 至 115/9/20）內；其他日期請寫出年份。"
    )
    assert sorted(
        ItineraryDay.objects.filter(mission=seoul_trip).values_list("date", flat=True)
    ) == [dt.date(2026, 9, 14), dt.date(2026, 9, 15), dt.date(2026, 9, 16)]

    # A session in Seoul: its zone found by typing 首爾 in the picker's search box.
    day = ItineraryDay.objects.get(mission=seoul_trip, date=dt.date(2026, 9, 15))
    page.goto(f"/missions/{seoul_trip.pk}/edit/")
    page.locator(f"#day-{day.pk} details.add-panel summary").click()
    prefix = f"item-new-{day.pk}"
    search = page.locator(f"[data-select-filter='id_{prefix}-start_timezone']")
    expect(search).to_be_visible()
    search.fill("首爾")
    zone = page.locator(f"select[name='{prefix}-start_timezone']")
    expect(zone).to_have_value("Asia/Seoul")
    assert zone.locator("option:checked").inner_text() == "首爾 UTC+9"
    search.fill("Taipei")
    expect(zone).to_have_value("Asia/Taipei")
    search.fill("首爾")
    chromium_page.screenshot("zone-found-by-city", page.locator(f"#day-{day.pk} fieldset").first)
    page.locator(f"textarea[name='{prefix}-text']").fill("城市論壇開幕式")
    page.locator(f"input[name='{prefix}-place']").fill("大會會場")
    page.locator(f"input[name='{prefix}-start_time']").fill("10:00")
    page.locator(f"#day-{day.pk} form").get_by_role("button", name="新增").click()
    expect(page.locator(f"#day-{day.pk}")).to_contain_text("10:00 UTC+9")

    # A flight on the first day: zones from its origin and destination, none picked.
    first = ItineraryDay.objects.get(mission=seoul_trip, date=dt.date(2026, 9, 14))
    page.locator(f"#day-{first.pk} details.add-panel summary").click()
    prefix = f"item-new-{first.pk}"
    page.locator(f"select[name='{prefix}-kind']").select_option("flight")
    page.locator(f"textarea[name='{prefix}-text']").fill("搭機前往首爾")
    page.locator(f"input[name='{prefix}-start_time']").fill("08:00")
    page.locator(f"input[name='{prefix}-end_time']").fill("11:30")
    page.locator(f"input[name='{prefix}-origin']").fill("臺北桃園機場")
    page.locator(f"input[name='{prefix}-destination']").fill("首爾仁川機場")
    page.locator(f"#day-{first.pk} form").get_by_role("button", name="新增").click()
    line = page.locator(f"#day-{first.pk} li", has_text="搭機前往首爾")
    expect(line).to_contain_text("08:00 UTC+8 → 11:30 UTC+9")
    expect(line.locator("abbr.zone").first).to_have_attribute("title", "臺北 (Asia/Taipei)")
    chromium_page.screenshot("flight-zones-from-places", line)
    # The browser logs the refused day (422) itself; nothing else went wrong.
    assert [p for p in chromium_page.problems if "422" not in p] == []
