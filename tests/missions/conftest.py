"""A small mission made with the services, and helpers to read the pages."""

import datetime as dt

import lxml.html
import pytest
from django.urls import reverse

from envoy.missions import services
from envoy.reports.services import create_mission_with_report


@pytest.fixture
def small_mission(cast, bureaus):
    """The secretariat's trip to Tokyo, 115/4/26–115/4/30: two travellers (the first the
    head), one day with a flight and a visit."""
    owner = cast["owner"]
    mission = create_mission_with_report(
        user=owner,
        title="赴日本東京出席高峰會",
        start_date=dt.date(2026, 4, 26),
        end_date=dt.date(2026, 4, 30),
        bureau=bureaus["secretariat"],
        region="日本",
        destination_countries=["日本"],
        destination_cities=["東京"],
    )
    for name, title, head in (("祝惠美", "處長", True), ("林怡君", "科長", False)):
        services.add_member(
            user=owner,
            mission=mission,
            data={
                "name": name,
                "agency": "新北市政府",
                "unit": "秘書處",
                "title": title,
                "is_head": head,
            },
        )
    day = services.add_day(
        user=owner,
        mission=mission,
        data={
            "date": dt.date(2026, 4, 26),
            "countries": ["臺灣", "日本"],
            "places": ["臺北", "東京"],
        },
    )
    services.add_item(user=owner, day=day, data=FLIGHT)
    services.add_item(
        user=owner, day=day, data={"kind": "visit", "text": "考察東京臨海廣域防災公園"}
    )
    return mission


FLIGHT = {
    "kind": "flight",
    "text": "搭乘華航 CI220 班機啟程前往日本東京",
    "start_time": dt.time(9, 0),
    "start_timezone": "Asia/Taipei",
    "end_time": dt.time(12, 55),
    "end_timezone": "Asia/Tokyo",
    "flight_number": "CI220",
    "origin": "台北松山機場",
    "destination": "東京羽田機場",
}


def outcome(response) -> int | str:
    """The status, or "sign-in" when an anonymous visitor is sent to sign in."""
    if response.status_code == 302 and response["Location"].startswith(reverse("login") + "?"):
        return "sign-in"
    return response.status_code


def tree(response):
    return lxml.html.fromstring(response.content.decode())


def texts(response, xpath: str) -> list[str]:
    """The text of each element ``xpath`` finds, white space squeezed."""
    return [" ".join(element.text_content().split()) for element in tree(response).xpath(xpath)]


def has_class(name: str) -> str:
    """An XPath test for an element having the class ``name``."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"
