"""The verbs of missions, called as a command or another app would call them."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from envoy.core.lib.locking import EditConflict
from envoy.core.models import AuditEntry
from envoy.missions import services
from envoy.missions.models import DelegationMember, ItineraryDay, ItineraryItem, Mission

pytestmark = pytest.mark.django_db


def test_a_new_mission_belongs_to_the_creators_bureau_when_none_is_given(cast, bureaus):
    mission = services.create_mission(
        user=cast["outsider"],
        title="t",
        start_date=dt.date(2026, 1, 1),
        end_date=dt.date(2026, 1, 2),
    )
    assert (mission.bureau, mission.created_by) == (bureaus["works"], cast["outsider"])


def test_a_new_mission_cannot_end_before_it_starts(cast):
    with pytest.raises(ValidationError) as refused:
        services.create_mission(
            user=cast["owner"],
            title="t",
            start_date=dt.date(2026, 1, 2),
            end_date=dt.date(2026, 1, 1),
        )
    assert refused.value.message_dict == {"end_date": ["返國日期不能早於出國日期。"]}
    assert Mission.objects.count() == 0


def test_an_update_from_an_old_version_changes_nothing(small_mission, cast):
    services.update_mission(
        user=cast["owner"], mission=small_mission, data={"host_agency": "甲"}, expected_version=1
    )
    stale = Mission.objects.get(pk=small_mission.pk)
    with pytest.raises(EditConflict):
        services.update_mission(
            user=cast["colleague"], mission=stale, data={"host_agency": "乙"}, expected_version=1
        )
    assert Mission.objects.get(pk=small_mission.pk).host_agency == "甲"
    assert AuditEntry.objects.filter(action="mission.updated").count() == 1


def test_an_update_names_only_fields_the_mission_has(small_mission, cast):
    with pytest.raises(TypeError):
        services.update_mission(
            user=cast["owner"], mission=small_mission, data={"version": 9}, expected_version=1
        )


def test_moving_the_last_traveller_down_changes_nothing(small_mission, cast):
    last = DelegationMember.objects.filter(mission=small_mission).last()
    assert services.move_member(user=cast["owner"], member=last, direction="down") is False
    assert AuditEntry.objects.filter(action="member.moved").count() == 0


def test_moving_an_item_keeps_its_version_so_open_forms_stay_valid(small_mission, cast):
    visit = ItineraryItem.objects.get(kind="visit")
    assert services.move_item(user=cast["owner"], item=visit, direction="up") is True
    assert list(ItineraryItem.objects.values_list("kind", "position", "version")) == [
        ("visit", 0, 1),
        ("flight", 1, 1),
    ]


def test_a_day_moved_later_takes_its_overnight_items_end_date_along(small_mission, cast):
    day = ItineraryDay.objects.get(mission=small_mission)
    night = services.add_item(
        user=cast["owner"],
        day=day,
        data={
            "kind": "flight",
            "text": "夜間航班",
            "start_time": dt.time(23, 30),
            "start_timezone": "Asia/Taipei",
            "end_time": dt.time(4, 0),
            "end_timezone": "Asia/Tokyo",
            "end_date": dt.date(2026, 4, 27),
        },
    )
    services.update_day(
        user=cast["owner"], day=day, data={"date": dt.date(2026, 4, 28)}, expected_version=1
    )
    night.refresh_from_db()
    assert night.end_date == dt.date(2026, 4, 29)
    assert (night.starts_at.isoformat(), night.ends_at.isoformat()) == (
        "2026-04-28T15:30:00+00:00",
        "2026-04-28T19:00:00+00:00",
    )


def test_a_day_changed_since_is_not_removed(small_mission, cast):
    day = ItineraryDay.objects.get(mission=small_mission)
    services.update_day(user=cast["owner"], day=day, data={"heading": "啟程"}, expected_version=1)
    with pytest.raises(EditConflict):
        services.remove_day(user=cast["colleague"], day=day, expected_version=1)
    assert ItineraryItem.objects.filter(day=day).count() == 2
    assert AuditEntry.objects.filter(action="day.removed").count() == 0


def _record(**changes) -> dict:
    """The ``mission`` part of an envoy.report document, as an import hands it over."""
    member = {"name": "", "agency": "", "unit": "", "title": "", "rank": "", "is_head": False}
    day = {"countries": [], "places": [], "heading": "", "remarks": "", "items": []}
    record = {
        "direction": "outbound", "title": "赴東京", "category": "other", "category_detail": "",
        "region": "", "host_agency": "", "visited_agencies": "",
        "start_date": "2026-04-26", "end_date": "2026-04-30",
        "destination_countries": ["日本"], "destination_cities": ["東京"],
        "members": [{**member, "name": "侯友宜", "is_head": True},
                    {**member, "name": "朱惕之", "is_head": True}],
        "days": [{**day, "date": "2026-04-26"}, {**day, "date": "2026-05-02"}],
    }  # fmt: skip
    return record | changes


def test_an_imported_mission_keeps_the_rules_of_the_editing_services(cast, bureaus):
    """One head of delegation, every day inside the period, a return after the departure:
    a file that breaks them is mended and the warnings say how."""
    mission, warnings = services.create_mission_from_record(
        user=cast["owner"], bureau=None, data=_record()
    )
    heads = list(mission.members.filter(is_head=True).values_list("name", flat=True))
    assert heads == ["侯友宜"]
    assert (mission.start_date, mission.end_date) == (dt.date(2026, 4, 26), dt.date(2026, 5, 2))
    assert mission.bureau == bureaus["secretariat"]
    assert len(warnings) == 2
    assert "朱惕之" in warnings[1] and "115/5/2" in warnings[0]


def test_an_imported_mission_with_its_dates_the_wrong_way_round_has_them_swapped(cast):
    mission, warnings = services.create_mission_from_record(
        user=cast["owner"],
        bureau=None,
        data=_record(start_date="2026-05-02", end_date="2026-04-26", members=[]),
    )
    assert (mission.start_date, mission.end_date) == (dt.date(2026, 4, 26), dt.date(2026, 5, 2))
    assert warnings == ["返國日期早於出國日期，已將兩者對調。"]


def test_an_imported_mission_with_too_long_a_title_is_refused_and_nothing_saved(cast):
    with pytest.raises(ValidationError):
        services.create_mission_from_record(
            user=cast["owner"], bureau=None, data=_record(title="長" * 600)
        )
    assert not Mission.objects.exists()
