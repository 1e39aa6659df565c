"""Whose home page shows a traveller's handbook: a user whose name is on the delegation of a
trip abroad they may open, from a week before departure to the day of return."""

import datetime as dt

import pytest
from django.urls import reverse

from envoy.core.enums import Role
from envoy.missions import services as missions
from envoy.planning.handbook import DAYS_BEFORE, travelling_missions
from tests.conftest import client_for, make_user

START, END = dt.date(2026, 4, 26), dt.date(2026, 4, 30)


@pytest.fixture
def trip(cast, bureaus):
    mission = missions.create_mission(
        user=cast["owner"],
        title="赴東京出席 G-NETS 首長高峰會",
        start_date=START,
        end_date=END,
        bureau=bureaus["secretariat"],
    )
    missions.add_member(user=cast["owner"], mission=mission, data={"name": "祝惠美"})
    missions.add_member(user=cast["owner"], mission=mission, data={"name": "Mary Lin"})
    return mission


@pytest.fixture
def traveller(bureaus):
    """祝惠美 as her account writes her: family name and given name in their own fields."""
    return make_user("chu", Role.EDITOR, bureaus["secretariat"], first_name="惠美", last_name="祝")


@pytest.mark.parametrize(
    ("today", "shown"),
    [
        (START - dt.timedelta(days=DAYS_BEFORE + 1), False),
        (START - dt.timedelta(days=DAYS_BEFORE), True),
        (START, True),
        (END, True),
        (END + dt.timedelta(days=1), False),
    ],
)
def test_from_a_week_before_departure_to_the_day_of_return(trip, traveller, today, shown):
    assert travelling_missions(traveller, today) == ([trip] if shown else [])


def test_the_name_is_matched_either_way_round_and_in_english(trip, bureaus):
    written_whole = make_user("chu2", Role.VIEWER, first_name="祝惠美")
    english = make_user("lin", Role.VIEWER, name_en="Mary Lin")
    another_name = make_user("other", Role.VIEWER, first_name="惠", last_name="祝")
    assert travelling_missions(written_whole, START) == [trip]
    assert travelling_missions(english, START) == [trip]
    assert travelling_missions(another_name, START) == []


def test_not_for_a_mission_the_user_may_not_open_nor_for_a_visit(trip, bureaus, cast):
    outsider = make_user("chu3", Role.EDITOR, bureaus["works"], first_name="祝惠美")
    assert travelling_missions(outsider, START) == []
    visit = missions.create_mission(
        user=cast["owner"],
        title="東京都議會來訪",
        start_date=START,
        end_date=END,
        direction="inbound",
        bureau=bureaus["secretariat"],
    )
    missions.add_member(user=cast["owner"], mission=visit, data={"name": "祝惠美"})
    viewer = make_user("chu4", Role.VIEWER, first_name="祝惠美")
    assert travelling_missions(viewer, START) == [trip]


def test_an_account_without_a_name_is_on_no_delegation(trip, cast):
    assert travelling_missions(cast["viewer"], START) == []


def test_the_home_page_links_the_handbook_during_the_trip(trip, traveller, cast, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: START)
    html = client_for(traveller).get("/").content.decode()
    assert "我的出國手冊" in html
    assert f'href="{reverse("planning:handbook", args=[trip.pk])}"' in html
    # A colleague of the same bureau not on the delegation: no handbook card.
    assert "我的出國手冊" not in client_for(cast["colleague"]).get("/").content.decode()
