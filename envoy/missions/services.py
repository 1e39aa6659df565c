"""The verbs of missions: creating one, changing its metadata, its delegation and itinerary.

Each function runs in one transaction and writes one audit entry. Updates and removals
carry the version the user started from and raise :class:`EditConflict` when someone saved
the record since. Rules that need the database (the period must hold every itinerary day,
one day per date, one head of delegation) raise ``ValidationError`` keyed by the form field
they concern, so a page can show the message next to what the user typed.
"""

import datetime as dt
from zoneinfo import available_timezones

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from envoy.core import indexing
from envoy.core.lib.locking import delete_versioned, save_versioned
from envoy.core.lib.places import normalise_countries, settle_places
from envoy.core.lib.punctuation import join_list, labelled
from envoy.core.lib.rocdates import roc_short
from envoy.core.lib.text import check_lengths, clean_strings
from envoy.core.lib.zones import zone_for_day, zone_for_place
from envoy.core.services import record

from .enums import Direction, TripCategory
from .models import (
    DelegationMember,
    EmergencyContact,
    ItineraryDay,
    ItineraryItem,
    Lodging,
    Mission,
)
from .permissions import can_delete_mission

# The metadata ``update_mission`` changes. The direction is not among them: turning a trip
# into a visit or back decides whether the mission has a report, so it has its own verb
# (``change_direction``, called by ``reports.services.change_mission_direction``).
MISSION_FIELDS = [
    "title",
    "category",
    "category_detail",
    "region",
    "host_agency",
    "visited_agencies",
    "start_date",
    "end_date",
    "destination_countries",
    "destination_cities",
    "visitor_organisation",
    "bureau",
]
# What a visit received (來訪) is described by: no 出國類別, no 主辦機關 or 參訪機關 abroad.
VISIT_FIELDS = [
    "title",
    "visitor_organisation",
    "destination_countries",
    "destination_cities",
    "start_date",
    "end_date",
    "bureau",
]
MEMBER_FIELDS = ["name", "agency", "unit", "title", "rank", "is_head"]
DAY_FIELDS = ["date", "countries", "places", "heading", "remarks"]
ITEM_FIELDS = [
    "kind",
    "text",
    "place",
    "start_time",
    "start_timezone",
    "end_time",
    "end_timezone",
    "end_date",
    "flight_number",
    "origin",
    "destination",
]
LODGING_FIELDS = [
    "name",
    "city",
    "address",
    "phone",
    "check_in",
    "check_in_time",
    "check_out",
    "note",
]
CONTACT_FIELDS = ["kind", "name", "organisation", "phone", "email", "address", "note"]
UP, DOWN = "up", "down"


def _only(data: dict, allowed: list[str]) -> dict:
    unknown = set(data) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    return data


def _pick(data: dict, fields: list[str]) -> dict:
    """The values of ``fields`` that ``data`` (a record from a file) has."""
    return {name: data[name] for name in fields if name in data}


def _apply(instance, data: dict) -> list[str]:
    """Set ``data`` on ``instance``; the names of the fields whose value changed."""
    changed = []
    for name, value in clean_strings(data).items():
        attname = "bureau_id" if name == "bureau" else name
        old = getattr(instance, attname)
        new = value.pk if name == "bureau" and value is not None else value
        if old != new:
            changed.append(name)
        setattr(instance, name, value)
    return changed


def _settle_places(mission: Mission) -> None:
    """Countries kept as ISO codes, whatever way they were written (南韓, South Korea → KR),
    with the countries a 前往地區 typed by hand names; the regions then follow from the
    countries, so none is kept (``settle_places``)."""
    mission.destination_countries = settle_places(mission.destination_countries, mission.region)
    mission.region = ""


# ----- The mission -----


@transaction.atomic
def create_mission(
    *,
    user,
    title: str,
    start_date: dt.date,
    end_date: dt.date,
    bureau=None,
    direction: str = Direction.OUTBOUND,
    category: str = TripCategory.OTHER,
    category_detail: str = "",
    region: str = "",
    host_agency: str = "",
    visited_agencies: str = "",
    destination_countries: list[str] | None = None,
    destination_cities: list[str] | None = None,
    visitor_organisation: str = "",
) -> Mission:
    """Create a mission (with no report: ``reports.services.create_mission_with_report``
    gives a trip abroad its blank one). The mission belongs to ``bureau``, or to the user's
    bureau when none is given. A visit received (``Direction.INBOUND``) keeps the default
    出國類別, which nothing shows for it."""
    _check_period(start_date, end_date, visit=direction == Direction.INBOUND)
    if bureau is None:
        bureau = getattr(user, "bureau", None)
    destination_countries, region = settle_places(destination_countries or [], region), ""
    mission = Mission.objects.create(
        title=title,
        start_date=start_date,
        end_date=end_date,
        bureau=bureau,
        direction=direction,
        category=category,
        category_detail=category_detail,
        region=region,
        host_agency=host_agency,
        visited_agencies=visited_agencies,
        destination_countries=list(destination_countries or []),
        destination_cities=list(destination_cities or []),
        visitor_organisation=visitor_organisation,
        created_by=user if user is not None and user.is_authenticated else None,
    )
    record(user=user, action="mission.created", obj=mission, mission_id=mission.pk, summary=title)
    return mission


def _iso(value: str | None, kind):
    return kind.fromisoformat(value) if value else None


@transaction.atomic
def create_mission_from_record(*, user, bureau, data: dict) -> tuple[Mission, list[str]]:
    """The mission, delegation and itinerary of ``data`` — the ``mission`` part of an
    ``envoy.report`` document, from an import — with no report (the caller adds the one the
    document holds), and the warnings of what was mended.

    The rules of the editing services hold here too, but what a file gets wrong is mended
    and said rather than refused, since the file is the record of a trip that happened: a
    return before the departure is swapped with it, itinerary days outside the period widen
    the period, and of several heads of delegation the first stays head. Text longer than
    its field is refused (``ValidationError``), as one day given twice is by the database.
    """
    warnings = []
    if bureau is None and user is not None:
        bureau = getattr(user, "bureau", None)
    mission = Mission(
        bureau=bureau,
        created_by=user if user is not None and user.is_authenticated else None,
        direction=data["direction"],
        title=data["title"],
        category=data["category"],
        category_detail=data["category_detail"],
        region=data["region"],
        host_agency=data["host_agency"],
        visited_agencies=data["visited_agencies"],
        start_date=_iso(data["start_date"], dt.date),
        end_date=_iso(data["end_date"], dt.date),
        destination_countries=data["destination_countries"],
        destination_cities=data["destination_cities"],
    )
    try:
        _check_period(mission.start_date, mission.end_date)
    except ValidationError:
        mission.start_date, mission.end_date = mission.end_date, mission.start_date
        warnings.append(_("返國日期早於出國日期，已將兩者對調。"))
    dates = sorted(_iso(day["date"], dt.date) for day in data["days"])
    outside = [date for date in dates if not in_period(mission, date)]
    if outside:
        if mission.start_date:
            mission.start_date = min(mission.start_date, dates[0])
        if mission.end_date:
            mission.end_date = max(mission.end_date, dates[-1])
        warnings.append(
            _("行程中有不在出國期間內的日子（%(days)s），出國期間已放寬為 %(start)s 至 %(end)s。")
            % {
                "days": join_list(roc_short(date) for date in outside),
                "start": roc_short(mission.start_date),
                "end": roc_short(mission.end_date),
            }
        )
    _settle_places(mission)
    check_lengths([mission])
    mission.save()

    members = [
        DelegationMember(mission=mission, position=n, **_pick(member, MEMBER_FIELDS))
        for n, member in enumerate(data["members"])
    ]
    heads = [member for member in members if member.is_head]
    for member in heads[1:]:
        member.is_head = False
    if len(heads) > 1:
        warnings.append(
            _("團長只能有一位：保留「%(head)s」，其餘（%(others)s）改為團員。")
            % {"head": heads[0].name, "others": join_list(m.name for m in heads[1:])}
        )
    days = [
        ItineraryDay(mission=mission, date=_iso(day["date"], dt.date), **_pick(day, DAY_FIELDS[1:]))
        for day in data["days"]
    ]
    for day in days:
        day.countries = normalise_countries(day.countries)
    check_lengths(members + days)
    DelegationMember.objects.bulk_create(members)
    days = ItineraryDay.objects.bulk_create(days)
    items = []
    for day, day_data in zip(days, data["days"], strict=True):
        for n, item_data in enumerate(day_data["items"]):
            item = ItineraryItem(day=day, position=n, **_pick(item_data, ITEM_FIELDS))
            item.start_time = _iso(item_data["start_time"], dt.time)
            item.end_time = _iso(item_data["end_time"], dt.time)
            item.end_date = _iso(item_data["end_date"], dt.date)
            item.set_instants()
            items.append(item)
    check_lengths(items)
    ItineraryItem.objects.bulk_create(items)
    indexing.changed(mission)
    return mission, warnings


def delete_mission(*, user, mission: Mission) -> None:
    """Delete ``mission`` and everything that belongs to it: its delegation, itinerary, site
    visits and report (chapters, photos, original files, review history). Its files leave
    the disk and its entries leave the search index when the transaction commits (the
    reports' and search apps' delete signals); people, organisations, agreements and
    meetings stay, no longer linked to it. One audit entry, kept after the mission is gone.
    ``PermissionDenied`` unless ``user`` may delete missions (administrators, officers)."""
    if not can_delete_mission(user):
        raise PermissionDenied
    with transaction.atomic():
        record(
            user=user,
            action="mission.deleted",
            obj=mission,
            mission_id=mission.pk,
            summary=mission.title,
            details={"bureau": mission.bureau_id, "start_date": str(mission.start_date or "")},
        )
        mission.delete()


def _check_period(start: dt.date | None, end: dt.date | None, *, visit: bool = False) -> None:
    if start and end and end < start:
        message = _("來訪結束日期不能早於開始日期。") if visit else _("返國日期不能早於出國日期。")
        raise ValidationError({"end_date": message})


def _days_outside(mission: Mission) -> list[ItineraryDay]:
    outside = Q()
    if mission.start_date:
        outside |= Q(date__lt=mission.start_date)
    if mission.end_date:
        outside |= Q(date__gt=mission.end_date)
    if not outside:
        return []
    return list(ItineraryDay.objects.filter(outside, mission_id=mission.pk).order_by("date"))


@transaction.atomic
def update_mission(*, user, mission: Mission, data: dict, expected_version: int) -> Mission:
    """Change the mission's metadata (any of :data:`MISSION_FIELDS`).

    The period must still hold every day of the itinerary: a change that leaves a day out
    is refused with a message naming the days, so none is silently orphaned.
    """
    changed = _apply(mission, _only(data, MISSION_FIELDS))
    fields = list(data)
    if {"destination_countries", "region"} & set(data):
        _settle_places(mission)
        fields = list(dict.fromkeys([*fields, "destination_countries", "region"]))
    _check_period(mission.start_date, mission.end_date, visit=mission.is_visit)
    outside = _days_outside(mission)
    if outside:
        if mission.is_visit:
            message = _(
                "接待行程中有不在來訪期間內的日子：%(days)s。請先修改或刪除這些行程日，再調整來訪期間。"
            )
        else:
            message = _(
                "行程中有不在出國期間內的日子：%(days)s。請先修改或刪除這些行程日，再調整出國期間。"
            )
        raise ValidationError(
            message % {"days": join_list(roc_short(day.date) for day in outside)},
            code="days_outside",
        )
    save_versioned(mission, expected_version, fields)
    record(
        user=user,
        action="mission.updated",
        obj=mission,
        mission_id=mission.pk,
        summary=mission.title,
        details={"changed": changed},
    )
    return mission


@transaction.atomic
def change_direction(
    *, user, mission: Mission, direction: str, expected_version: int, details: dict | None = None
) -> Mission:
    """Turn a trip abroad (出訪) into a visit received (來訪) or back; one audit entry
    (``mission.direction_changed``) with ``details`` added to it.

    Whether the mission has a report follows its direction, and missions know nothing of
    reports: call ``reports.services.change_mission_direction``, which keeps that rule and
    calls this. The 出國類別 and the other fields of a trip are kept as they are, so a
    mission turned back finds them again."""
    if direction not in Direction.values:
        raise ValueError(direction)
    old = mission.direction
    if old == direction:
        return mission
    mission.direction = direction
    save_versioned(mission, expected_version, ["direction"])
    record(
        user=user,
        action="mission.direction_changed",
        obj=mission,
        mission_id=mission.pk,
        summary=mission.title,
        details={"from": old, "to": direction, **(details or {})},
    )
    return mission


# ----- The delegation (出國人員) -----


def _check_one_head(member: DelegationMember) -> None:
    if not member.is_head:
        return
    other = (
        DelegationMember.objects.filter(mission_id=member.mission_id, is_head=True)
        .exclude(pk=member.pk)
        .first()
    )
    if other is not None:
        raise ValidationError(
            {
                "is_head": _("團長只能有一位，目前是「%(name)s」。請先取消其團長身分。")
                % {"name": other.name}
            }
        )


@transaction.atomic
def add_member(*, user, mission: Mission, data: dict) -> DelegationMember:
    """Add a traveller at the end of the delegation. At most one may be the head."""
    member = DelegationMember(mission=mission, **_only(data, MEMBER_FIELDS))
    _check_one_head(member)
    last = mission.members.aggregate(last=Max("position"))["last"]
    member.position = 0 if last is None else last + 1
    member.save()
    record(user=user, action="member.added", obj=member, mission_id=mission.pk, summary=member.name)
    return member


@transaction.atomic
def update_member(
    *, user, member: DelegationMember, data: dict, expected_version: int
) -> DelegationMember:
    """Change a traveller's details. At most one may be the head."""
    changed = _apply(member, _only(data, MEMBER_FIELDS))
    _check_one_head(member)
    save_versioned(member, expected_version, list(data))
    record(
        user=user,
        action="member.updated",
        obj=member,
        mission_id=member.mission_id,
        summary=member.name,
        details={"changed": changed},
    )
    return member


@transaction.atomic
def remove_member(*, user, member: DelegationMember, expected_version: int) -> None:
    """Remove a traveller, unless someone changed them since the user saw them."""
    record(
        user=user,
        action="member.removed",
        obj=member,
        mission_id=member.mission_id,
        summary=member.name,
    )
    delete_versioned(member, expected_version)


def _move(rows: list, row, direction: str) -> list:
    """``rows`` in their new order after moving ``row`` one place up or down."""
    if direction not in (UP, DOWN):
        raise ValueError(direction)
    rows = list(rows)
    index = next(n for n, other in enumerate(rows) if other.pk == row.pk)
    target = index - 1 if direction == UP else index + 1
    if 0 <= target < len(rows):
        rows[index], rows[target] = rows[target], rows[index]
    return rows


def _renumber(model, rows: list) -> list[int]:
    """Store the order of ``rows`` as positions 0, 1, 2…; the ids that moved. A move does
    not change the rows' versions: nothing anyone typed about them is affected."""
    moved = [row for n, row in enumerate(rows) if row.position != n]
    for n, row in enumerate(rows):
        row.position = n
    model.objects.bulk_update(moved, ["position"])
    indexing.changed(*moved)
    return [row.pk for row in moved]


@transaction.atomic
def move_member(*, user, member: DelegationMember, direction: str) -> bool:
    """Move a traveller one place ``"up"`` or ``"down"``; False when already at that end."""
    members = list(DelegationMember.objects.filter(mission_id=member.mission_id))
    moved = _renumber(DelegationMember, _move(members, member, direction))
    if moved:
        record(
            user=user,
            action="member.moved",
            obj=member,
            mission_id=member.mission_id,
            summary=member.name,
            details={"direction": direction},
        )
    return bool(moved)


# ----- The itinerary (行程表) -----


def in_period(mission: Mission, date: dt.date) -> bool:
    """Whether ``date`` falls within the mission's period (an open end holds every date)."""
    start, end = mission.start_date, mission.end_date
    return not ((start and date < start) or (end and date > end))


def check_in_period(mission: Mission, date: dt.date) -> None:
    """Refuse a date (of an itinerary day, or a day's heading in the report) outside the
    mission's period, keyed ``date``."""
    if not in_period(mission, date):
        message = (
            _("%(date)s 不在來訪期間（%(start)s 至 %(end)s）內。")
            if mission.is_visit
            else _("%(date)s 不在出國期間（%(start)s 至 %(end)s）內。")
        )
        raise ValidationError(
            {
                "date": message
                % {
                    "date": roc_short(date),
                    "start": roc_short(mission.start_date),
                    "end": roc_short(mission.end_date),
                }
            }
        )


def _check_day(day: ItineraryDay, mission: Mission) -> None:
    check_in_period(mission, day.date)
    if ItineraryDay.objects.filter(mission=mission, date=day.date).exclude(pk=day.pk).exists():
        raise ValidationError(
            {"date": _("%(date)s 已有行程，一天只能有一筆。") % {"date": roc_short(day.date)}}
        )


@transaction.atomic
def add_day(*, user, mission: Mission, data: dict) -> ItineraryDay:
    """Add a day to the itinerary: a date inside the mission's period, one per date."""
    day = ItineraryDay(mission=mission, **_only(data, DAY_FIELDS))
    day.countries = normalise_countries(day.countries)
    _check_day(day, mission)
    day.save()
    record(
        user=user,
        action="day.added",
        obj=day,
        mission_id=mission.pk,
        summary=day.date.isoformat(),
    )
    return day


@transaction.atomic
def update_day(*, user, day: ItineraryDay, data: dict, expected_version: int) -> ItineraryDay:
    """Change a day. When its date changes, its items move with it: dates they end on
    shift by as many days, and their UTC instants are worked out again."""
    old_date = day.date
    changed = _apply(day, _only(data, DAY_FIELDS))
    day.countries = normalise_countries(day.countries)
    _check_day(day, day.mission)
    save_versioned(day, expected_version, list(data))
    if day.date != old_date:
        shift = day.date - old_date
        items = list(day.items.all())
        for item in items:
            item.day = day
            if item.end_date:
                item.end_date += shift
            item.set_instants()
        ItineraryItem.objects.bulk_update(items, ["end_date", "starts_at", "ends_at"])
        indexing.changed(*items)
    record(
        user=user,
        action="day.updated",
        obj=day,
        mission_id=day.mission_id,
        summary=day.date.isoformat(),
        details={"changed": changed},
    )
    return day


@transaction.atomic
def remove_day(*, user, day: ItineraryDay, expected_version: int) -> None:
    """Remove a day and its items, unless someone changed the day since."""
    record(
        user=user,
        action="day.removed",
        obj=day,
        mission_id=day.mission_id,
        summary=day.date.isoformat(),
        details={"items": [item.text for item in day.items.all()]},
    )
    delete_versioned(day, expected_version)


def _fill_zones(item: ItineraryItem) -> None:
    """Zones from places: a known place decides, the user's choice stands otherwise.

    The start happens at the origin (a flight from 臺北 departs in Asia/Taipei) or the
    item's place; the end at the destination (lands in Asia/Seoul). A start the places do not
    tell keeps the zone chosen, or else takes the day's (its cities', or its country's when
    that has one zone); an end they do not tell keeps the zone chosen, or else the start's.
    Zones are filled only for the times given.
    """
    if item.start_time:
        item.start_timezone = (
            zone_for_place(item.origin)
            or zone_for_place(item.place)
            or item.start_timezone
            or zone_for_day(item.day.places, item.day.countries)
            or ""
        )
    if item.end_time:
        destination = zone_for_place(item.destination)
        if destination:
            item.end_timezone = "" if destination == item.start_timezone else destination
        elif not item.start_timezone and not item.end_timezone:
            item.end_timezone = zone_for_day(item.day.places, item.day.countries) or ""


def _check_item(item: ItineraryItem) -> None:
    """The zones exist, a time has a zone, and the item ends after it starts — compared in
    UTC, so a flight landing at 12:55 in Tokyo after leaving Taipei at 09:00 is fine, while
    one that would land before it left is refused unless it ends on a later date."""
    zones = available_timezones()
    errors = {}
    for zone_field in ("start_timezone", "end_timezone"):
        zone = getattr(item, zone_field)
        if zone and zone not in zones:
            errors[zone_field] = _("「%(zone)s」不是時區名稱，請從清單選擇，例如 Asia/Tokyo。") % {
                "zone": zone
            }
    if item.start_time and not item.start_timezone:
        errors["start_timezone"] = _("填寫開始時間時，請一併選擇時區。")
    if item.end_time and not (item.end_timezone or item.start_timezone):
        errors["end_timezone"] = _("填寫結束時間時，請一併選擇時區。")
    if item.end_date and item.end_date < item.day.date:
        errors["end_date"] = _("結束日期不能早於這一天（%(date)s）。") % {
            "date": roc_short(item.day.date)
        }
    if errors:
        raise ValidationError(errors)
    item.set_instants()
    if item.starts_at and item.ends_at and item.ends_at <= item.starts_at:
        raise ValidationError(
            {
                "end_time": _(
                    "結束時間必須晚於開始時間（換算為世界協調時間比較：開始 %(start)s UTC，結束 %(end)s UTC）。跨日的行程請填寫結束日期。"
                )
                % {
                    "start": item.starts_at.strftime("%H:%M"),
                    "end": item.ends_at.strftime("%H:%M"),
                }
            }
        )


@transaction.atomic
def add_item(*, user, day: ItineraryDay, data: dict) -> ItineraryItem:
    """Add a programme item at the end of a day."""
    item = ItineraryItem(day=day, **_only(data, ITEM_FIELDS))
    _fill_zones(item)
    _check_item(item)
    last = day.items.aggregate(last=Max("position"))["last"]
    item.position = 0 if last is None else last + 1
    item.save()
    record(user=user, action="item.added", obj=item, mission_id=day.mission_id, summary=item.text)
    return item


@transaction.atomic
def update_item(*, user, item: ItineraryItem, data: dict, expected_version: int) -> ItineraryItem:
    """Change a programme item; its UTC instants follow its local times and zones."""
    changed = _apply(item, _only(data, ITEM_FIELDS))
    _fill_zones(item)
    _check_item(item)
    zones = ["start_timezone", "end_timezone"]
    save_versioned(item, expected_version, [*{*data, *zones}, "starts_at", "ends_at"])
    record(
        user=user,
        action="item.updated",
        obj=item,
        mission_id=item.day.mission_id,
        summary=item.text,
        details={"changed": changed},
    )
    return item


@transaction.atomic
def remove_item(*, user, item: ItineraryItem, expected_version: int) -> None:
    """Remove a programme item, unless someone changed it since."""
    record(
        user=user,
        action="item.removed",
        obj=item,
        mission_id=item.day.mission_id,
        summary=item.text,
    )
    delete_versioned(item, expected_version)


@transaction.atomic
def move_item(*, user, item: ItineraryItem, direction: str) -> bool:
    """Move an item one place ``"up"`` or ``"down"`` within its day; False at that end."""
    items = list(ItineraryItem.objects.filter(day_id=item.day_id))
    moved = _renumber(ItineraryItem, _move(items, item, direction))
    if moved:
        record(
            user=user,
            action="item.moved",
            obj=item,
            mission_id=item.day.mission_id,
            summary=item.text,
            details={"direction": direction},
        )
    return bool(moved)


# ----- Travel arrangements: lodging (住宿) and emergency contacts (緊急聯絡人) -----
#
# They belong to the traveller's handbook, not to the report: their changes are recorded as
# changes of the mission ("mission.updated", the summary naming what changed).


def _check_lodging(lodging: Lodging, mission: Mission) -> None:
    """Check-in and check-out within the mission's period (a check-out may fall on the day
    of return), and a check-out not before the check-in."""
    errors = {}
    for name in ("check_in", "check_out"):
        date = getattr(lodging, name)
        if date is not None and not in_period(mission, date):
            errors[name] = _("%(date)s 不在出國期間（%(start)s 至 %(end)s）內。") % {
                "date": roc_short(date),
                "start": roc_short(mission.start_date),
                "end": roc_short(mission.end_date),
            }
    if lodging.check_in and lodging.check_out and lodging.check_out < lodging.check_in:
        errors["check_out"] = _("退房日期不能早於入住日期。")
    if errors:
        raise ValidationError(errors)


def _travel_record(user, obj, mission_id: int, what: str, changed: list[str] | None = None):
    record(
        user=user,
        action="mission.updated",
        obj=obj,
        mission_id=mission_id,
        summary=labelled(what, obj),
        details={"changed": changed} if changed is not None else {},
    )


@transaction.atomic
def add_lodging(*, user, mission: Mission, data: dict) -> Lodging:
    """Add where the delegation stays; check-in and check-out within the trip."""
    lodging = Lodging(mission=mission, **clean_strings(_only(data, LODGING_FIELDS)))
    _check_lodging(lodging, mission)
    lodging.save()
    _travel_record(user, lodging, mission.pk, _("新增住宿"))
    return lodging


@transaction.atomic
def update_lodging(*, user, lodging: Lodging, data: dict, expected_version: int) -> Lodging:
    """Change a lodging, unless someone saved it since the user opened it."""
    changed = _apply(lodging, _only(data, LODGING_FIELDS))
    _check_lodging(lodging, lodging.mission)
    save_versioned(lodging, expected_version, list(data))
    _travel_record(user, lodging, lodging.mission_id, _("修改住宿"), changed)
    return lodging


@transaction.atomic
def remove_lodging(*, user, lodging: Lodging, expected_version: int) -> None:
    _travel_record(user, lodging, lodging.mission_id, _("移除住宿"))
    delete_versioned(lodging, expected_version)


@transaction.atomic
def add_emergency_contact(*, user, mission: Mission, data: dict) -> EmergencyContact:
    """Add an emergency contact at the end of the mission's list."""
    contact = EmergencyContact(mission=mission, **clean_strings(_only(data, CONTACT_FIELDS)))
    last = mission.emergency_contacts.aggregate(last=Max("position"))["last"]
    contact.position = 0 if last is None else last + 1
    contact.save()
    _travel_record(user, contact, mission.pk, _("新增緊急聯絡人"))
    return contact


@transaction.atomic
def update_emergency_contact(
    *, user, contact: EmergencyContact, data: dict, expected_version: int
) -> EmergencyContact:
    changed = _apply(contact, _only(data, CONTACT_FIELDS))
    save_versioned(contact, expected_version, list(data))
    _travel_record(user, contact, contact.mission_id, _("修改緊急聯絡人"), changed)
    return contact


@transaction.atomic
def remove_emergency_contact(*, user, contact: EmergencyContact, expected_version: int) -> None:
    _travel_record(user, contact, contact.mission_id, _("移除緊急聯絡人"))
    delete_versioned(contact, expected_version)
