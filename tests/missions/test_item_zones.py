"""An item's zones come from its places (missions.services._fill_zones)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from envoy.missions import services
from envoy.missions.models import ItineraryDay
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _day(mission, owner, date, places, countries):
    return services.add_day(
        user=owner,
        mission=mission,
        data={"date": date, "places": places, "countries": countries},
    )


def _item(owner, day, **data):
    return services.add_item(user=owner, day=day, data={"kind": "session", "text": "t"} | data)


@pytest.fixture
def seoul_day(small_mission, cast):
    return _day(small_mission, cast["owner"], dt.date(2026, 4, 28), ["首爾"], ["韓國"])


def test_a_flight_from_taipei_to_seoul_departs_in_taipei_and_lands_in_seoul(seoul_day, cast):
    flight = _item(
        cast["owner"],
        seoul_day,
        kind="flight",
        start_time=dt.time(8, 0),
        end_time=dt.time(11, 30),
        origin="臺北桃園機場",
        destination="首爾仁川機場",
    )
    assert (flight.start_timezone, flight.end_timezone) == ("Asia/Taipei", "Asia/Seoul")
    assert (flight.starts_at.isoformat(), flight.ends_at.isoformat()) == (
        "2026-04-28T00:00:00+00:00",
        "2026-04-28T02:30:00+00:00",
    )


def test_an_item_in_tokyo_takes_tokyos_zone_over_the_one_chosen(small_mission, cast):
    day = ItineraryDay.objects.get(mission=small_mission)
    item = _item(
        cast["owner"], day, place="Tokyo", start_time=dt.time(15), start_timezone="Asia/Taipei"
    )
    assert (item.start_timezone, item.end_timezone) == ("Asia/Tokyo", "")


def test_a_place_not_known_keeps_the_zone_chosen(seoul_day, cast):
    item = _item(
        cast["owner"],
        seoul_day,
        place="大會會場",
        start_time=dt.time(9),
        start_timezone="Asia/Tokyo",
    )
    assert item.start_timezone == "Asia/Tokyo"


def test_a_place_not_known_and_no_zone_chosen_takes_the_days(seoul_day, cast):
    item = _item(cast["owner"], seoul_day, place="大會會場", start_time=dt.time(9))
    assert item.start_timezone == "Asia/Seoul"


def test_a_travel_day_gives_no_zone_so_the_time_still_needs_one(small_mission, cast):
    day = ItineraryDay.objects.get(mission=small_mission)  # 臺北 → 東京
    with pytest.raises(ValidationError) as refused:
        _item(cast["owner"], day, place="大會會場", start_time=dt.time(9))
    assert refused.value.message_dict == {"start_timezone": ["填寫開始時間時，請一併選擇時區。"]}


def test_without_times_no_zone_is_filled(seoul_day, cast):
    item = _item(cast["owner"], seoul_day, place="首爾市政府")
    assert (item.start_timezone, item.end_timezone) == ("", "")


def test_changing_the_destination_moves_the_landing_zone(seoul_day, cast):
    flight = _item(
        cast["owner"],
        seoul_day,
        kind="flight",
        start_time=dt.time(8, 0),
        end_time=dt.time(11, 30),
        origin="Taipei",
        destination="Seoul",
    )
    services.update_item(
        user=cast["owner"],
        item=flight,
        data={"destination": "Tokyo Haneda", "end_time": dt.time(12, 30)},
        expected_version=flight.version,
    )
    flight.refresh_from_db()
    assert (flight.start_timezone, flight.end_timezone) == ("Asia/Taipei", "Asia/Tokyo")


# ----- Dates typed in the itinerary's forms: a day of the trip needs no year -----


def _post(client, path, data):
    return client.post(path, data, HTTP_HX_REQUEST="true")


@pytest.mark.parametrize(
    ("typed", "date"),
    [
        ("4/28", dt.date(2026, 4, 28)),
        ("4月29日", dt.date(2026, 4, 29)),
        ("115.4.30", dt.date(2026, 4, 30)),
    ],
)
def test_a_day_typed_without_its_year_is_the_trips(small_mission, cast, typed, date):
    response = _post(
        client_for(cast["owner"]),
        reverse("missions:day_add", args=[small_mission.pk]),
        {"day-new-date": typed, "day-new-places": "東京"},
    )
    assert response.status_code == 200
    assert list(small_mission.days.values_list("date", flat=True)) == [dt.date(2026, 4, 26), date]


def test_a_day_typed_without_its_year_outside_the_trip_says_so(small_mission, cast):
    response = _post(
        client_for(cast["owner"]),
        reverse("missions:day_add", args=[small_mission.pk]),
        {"day-new-date": "5/3"},
    )
    assert response.status_code == 422
    assert response.context["day_add_form"].errors == {
        "date": ["「5/3」不在行程期間（115/4/26 至 115/4/30）內；其他日期請寫出年份。"]
    }


def test_a_night_flights_end_date_may_be_typed_as_a_day_of_the_trip(small_mission, cast):
    day = ItineraryDay.objects.get(mission=small_mission)
    prefix = f"item-new-{day.pk}"
    response = _post(
        client_for(cast["owner"]),
        reverse("missions:item_add", args=[small_mission.pk, day.pk]),
        {
            f"{prefix}-kind": "flight",
            f"{prefix}-text": "夜間航班",
            f"{prefix}-start_time": "23:30",
            f"{prefix}-end_time": "04:10",
            f"{prefix}-end_date": "4/27",
            f"{prefix}-origin": "東京羽田機場",
            f"{prefix}-destination": "臺北松山機場",
        },
    )
    assert response.status_code == 200
    flight = day.items.get(text="夜間航班")
    assert (flight.end_date, flight.start_timezone, flight.end_timezone) == (
        dt.date(2026, 4, 27),
        "Asia/Tokyo",
        "Asia/Taipei",
    )


def test_the_zone_picker_reads_in_the_readers_language_with_the_days_offsets(seoul_day):
    from django.utils import translation

    from envoy.missions.forms import ItemForm

    def label(form, zone):
        return dict(form.fields["start_timezone"].choices)[zone]

    with translation.override("en"):
        form = ItemForm(day=seoul_day, new=True)
        assert [label(form, z) for z in ("Asia/Seoul", "America/New_York")] == [
            "Seoul UTC+9",
            "New York UTC-4",  # daylight saving time on 2026-04-28
        ]
    winter = ItineraryDay(mission=seoul_day.mission, date=dt.date(2026, 12, 1))
    form = ItemForm(day=winter, new=True)
    assert label(form, "America/New_York") == "紐約 UTC-5"
