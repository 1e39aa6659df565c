"""Flights read from an itinerary's text take the zones of the cities their airports are
named after (reports/importing/itinerary.py, core/lib/zones.py)."""

from envoy.reports.importing.itinerary import fill_flight


def test_an_imported_flight_to_a_city_of_a_country_of_many_zones_lands_in_the_citys():
    item = {"origin": "", "destination": "", "start_time": None, "end_time": None}
    item |= {"start_timezone": "", "end_timezone": "", "end_date": None}
    day = {"date": "2026-09-14", "countries": ["臺灣", "美國"], "places": ["臺北", "舊金山"]}
    fill_flight(item, "晚上 23 時 40 分自桃園機場起飛，當地時間 19 時 35 分抵達舊金山機場", day)
    assert (item["origin"], item["destination"]) == ("桃園機場", "舊金山機場")
    assert (item["start_timezone"], item["end_timezone"]) == ("Asia/Taipei", "America/Los_Angeles")
