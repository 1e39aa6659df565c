"""The look-ups the mission pages make on every request.

Each is ordered without its parent tables: the models' default orderings begin with the
parent record, which would make every query join the parent tables only to sort by them.
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import F, Prefetch
from django.utils import translation

from envoy.core.lib.zones import city_name, offset_label

from .models import (
    DelegationMember,
    EmergencyContact,
    ItineraryDay,
    ItineraryItem,
    Lodging,
    Mission,
)


def members(mission_id: int) -> list[DelegationMember]:
    return list(DelegationMember.objects.filter(mission_id=mission_id).order_by("position", "id"))


def days_with_items(mission_id: int) -> list[ItineraryDay]:
    """The mission's days, each with its items (``day.items.all``): two queries."""
    items = Prefetch("items", queryset=ItineraryItem.objects.order_by("position", "id"))
    return list(
        ItineraryDay.objects.filter(mission_id=mission_id)
        .order_by("date", "id")
        .prefetch_related(items)
    )


@dataclass(frozen=True)
class LocalTime:
    """A wall-clock time where it happens: 09:00 UTC+8 (臺北, Asia/Taipei)."""

    time: dt.time
    zone: str
    offset: str
    city: str
    iso: str


def local_time(date: dt.date, time: dt.time | None, zone: str) -> LocalTime | None:
    if time is None:
        return None
    if not zone:
        return LocalTime(time, "", "", "", time.strftime("%H:%M"))
    moment = dt.datetime.combine(date, time, tzinfo=ZoneInfo(zone))
    language = translation.get_language() or "zh-hant"
    return LocalTime(
        time,
        zone,
        offset_label(zone, moment),
        city_name(zone, language),
        moment.isoformat(timespec="minutes"),
    )


def delegation_and_days(mission: Mission) -> tuple[list[DelegationMember], list[ItineraryDay]]:
    """The mission's travellers, and its days with their items (``day.items.all``): three
    queries whatever their number (``missions/queries.py``)."""
    people = members(mission.pk)
    days = days_with_items(mission.pk)
    for day in days:
        day.mission = mission
    return people, days


def with_local_times(days: list[ItineraryDay]) -> list[ItineraryDay]:
    """Give each item of ``days`` (items prefetched) its ``start_local``/``end_local``."""
    for day in days:
        for item in day.items.all():
            item.start_local = local_time(day.date, item.start_time, item.start_timezone)
            item.end_local = local_time(
                item.end_date or day.date, item.end_time, item.end_timezone or item.start_timezone
            )
    return days


def travel_arrangements(mission: Mission) -> tuple[list[Lodging], list[EmergencyContact]]:
    """Where the delegation stays, by check-in, and its emergency contacts in the order
    they were added: two queries."""
    lodgings = list(
        Lodging.objects.filter(mission_id=mission.pk).order_by(
            F("check_in").asc(nulls_last=True), "id"
        )
    )
    contacts = list(
        EmergencyContact.objects.filter(mission_id=mission.pk).order_by("position", "id")
    )
    for row in (*lodgings, *contacts):
        row.mission = mission
    return lodgings, contacts
