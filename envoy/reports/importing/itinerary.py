"""The 行程表: items of a day's programme (flights, sessions, visits, meals) and the times and
airports of flights, read from the itinerary's cells and the 過程 narrative."""

import datetime as dt
import re

from envoy.core.lib.chinese import fold
from envoy.core.lib.places import country_code, country_timezone
from envoy.core.lib.zones import zone_for_place

from .markers import clean
from .markers import v as _v

FLIGHT_NUMBER = re.compile(r"(?<![A-Za-z0-9])([A-Z]{2}|[A-Z]\d|\d[A-Z])\s?(\d{2,4})(?![0-9])")
TIME = re.compile(
    r"(上午|下午|中午|晚上|晚間|凌晨|早上|清晨|傍晚)?\s*(\d{1,2})\s*(?:[時时点點]|:|：)\s*(?:(\d{1,2})\s*分?)?"
)
AIRPORT = re.compile(
    r"(?:由|從|从|自|於|于|在|前往|飛往|飞往|抵達|抵达|至|到)\s*([一-鿿]{2,8}?(?:國際)?"
    + _v("機場")
    + r")"
)
ITEM_SPLIT = re.compile(r"(?:^|\s)(\d{1,2})[.．、]\s*")


# An itinerary item with every key of the document format, nothing known yet.
EMPTY_ITEM = {
    "kind": "other",
    "text": "",
    "place": "",
    "start_time": None,
    "start_timezone": "",
    "end_time": None,
    "end_timezone": "",
    "end_date": None,
    "flight_number": "",
    "origin": "",
    "destination": "",
}


def pair_places(day: dict) -> list[tuple[str, str | None]]:
    countries, places = day["countries"], day["places"]
    if len(countries) == len(places):
        return list(zip(places, countries, strict=True))
    if len(countries) == 1:
        return [(p, countries[0]) for p in places]
    return [(p, None) for p in places]


def programme_text(day: dict) -> str:
    lead = day["heading"] + "：" if day["heading"] else ""
    return " ".join([lead, *(item["text"] for item in day["items"])]).strip()


def split_list(text: str, separators: str) -> list[str]:
    return [clean(part) for part in re.split(separators, text) if clean(part)]


def split_programme(text: str) -> tuple[str, list[str]]:
    """'出席高峰會： 1. 開幕式 2. 參觀' → ('出席高峰會', ['開幕式', '參觀']).

    Words before the first number that end with a colon are the day's heading; without a
    colon they are an item of their own (搭乘華航 CI220 班機… 1. 考察…).
    """
    parts = ITEM_SPLIT.split(text)
    lead = clean(parts[0])
    items = [clean(parts[k]) for k in range(2, len(parts), 2) if clean(parts[k])]
    heading = ""
    if lead.endswith(("：", ":")):
        heading = lead.rstrip("：:").strip()
    elif lead:
        items.insert(0, lead)
    return heading, items


def new_item(text: str, heading: str = "") -> dict:
    flight = FLIGHT_NUMBER.search(text)
    is_flight = bool(flight) and bool(
        re.search(_v("班機") + "|" + _v("航班") + "|" + _v("搭乘") + "|flight", text, re.I)
    )
    if is_flight:
        kind = "flight"
    elif re.search(_v("晚宴") + "|" + _v("午宴") + "|" + _v("餐") + "|" + _v("酒會"), text):
        kind = "meal"
    elif re.search(
        _v("考察") + "|" + _v("參觀") + "|" + _v("參訪") + "|" + _v("拜會"), text
    ) or re.search(_v("考察") + "|" + _v("參訪"), heading):
        kind = "visit"
    elif re.search(_v("會晤") + "|" + _v("拜會") + "|" + _v("會談"), text):
        kind = "meeting"
    else:
        kind = "session"
    return {
        **EMPTY_ITEM,
        "kind": kind,
        "text": text,
        "flight_number": "".join(flight.groups()) if is_flight else "",
    }


def _clock(period: str | None, hour: int, minute: int) -> str:
    if period in ("下午", "晚上", "晚間", "傍晚") and hour < 12:
        hour += 12
    elif period == "中午" and hour < 11:
        hour += 12
    elif period in ("凌晨",) and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}"


def fill_flight(item: dict, narrative: str, day: dict) -> None:
    """Airports in order of mention are origin then destination; times likewise."""
    airports = [m.group(1) for m in AIRPORT.finditer(narrative)]
    times = [
        _clock(m.group(1), int(m.group(2)), int(m.group(3) or 0))
        for m in TIME.finditer(narrative)
        if int(m.group(2)) <= 24
    ]
    if airports:
        item["origin"] = airports[0]
    if len(airports) > 1:
        item["destination"] = airports[1]
    if times:
        item["start_time"] = times[0]
        item["start_timezone"] = _zone_of(item["origin"], day) or ""
    if len(times) > 1:
        item["end_time"] = times[1]
        item["end_timezone"] = _zone_of(item["destination"], day) or ""
        if item["end_time"] < item["start_time"] and item["end_timezone"] == item["start_timezone"]:
            item["end_date"] = (
                dt.date.fromisoformat(day["date"]) + dt.timedelta(days=1)
            ).isoformat()


def _zone_of(airport: str, day: dict) -> str | None:
    """The zone of the city an airport is named after (東京羽田機場 → Asia/Tokyo:
    ``zones.zone_for_place``), else of the country of the day's place it begins with
    (台北松山機場 → 臺北 → 臺灣)."""
    if not airport:
        return None
    if zone := zone_for_place(airport):
        return zone
    for place, country in pair_places(day):
        if country and fold(airport).startswith(fold(place)):
            code = country_code(country)
            return country_timezone(code) if code else None
    return None
