"""The traveller's handbook (出國手冊): what a member of the delegation carries on the trip,
drawn from the mission — each day's programme in local time with the time in Taiwan beside
it, flights, lodging, venues, the people to meet and the city's open follow-ups (from the
briefing pack, ``envoy.relations.briefing``), emergency contacts and notes.

:func:`handbook_for` only reads; the caller has checked that the user may open the mission.
:func:`handbook_data` turns a handbook into plain JSON-able data: the ``handbook --json``
command prints it and the A5 PDF (``handbook.typ``) is filled from it.
:func:`travelling_missions` decides whose home page shows a handbook.
"""

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from envoy.core.lib.punctuation import aside, join_list, labelled
from envoy.core.lib.rocdates import roc_short
from envoy.core.lib.zones import city_name, offset_label
from envoy.missions.enums import ContactKind, Direction, ItemKind
from envoy.missions.models import (
    DelegationMember,
    EmergencyContact,
    ItineraryItem,
    Lodging,
    Mission,
)
from envoy.missions.permissions import missions_for_user
from envoy.missions.queries import (
    LocalTime,
    delegation_and_days,
    travel_arrangements,
    with_local_times,
)
from envoy.relations.briefing import Contact, FollowUp, briefing_for
from envoy.relations.panels import Panel

# A traveller's home page shows the handbook from this many days before departure (to read
# it, and to open it once online so that the phone keeps it) until the day of return.
DAYS_BEFORE = 7
# 外交部緊急聯絡中心: 24 hours a day, from abroad at the caller's expense. Source: 外交部領事
# 事務局, https://www.boca.gov.tw/np-53-1.html (read 2026-12). Printed in every handbook,
# beside the representative office the officer types for the destination.
EMERGENCY_CENTRE_PHONE = "+886-800-085-095"
CONTACT_ORDER = [
    ContactKind.REPRESENTATIVE_OFFICE,
    ContactKind.HOST,
    ContactKind.LEADER,
    ContactKind.OTHER,
]


@dataclass(frozen=True)
class Clock:
    """A time of the programme where it happens, and in Taiwan: ``home`` is empty when the
    place keeps Taiwan's time; ``home_day`` is how many days Taiwan's date is ahead (+1) or
    behind (-1) the local one."""

    local: LocalTime
    home: str = ""
    home_day: int = 0

    @property
    def text(self) -> str:
        """09:00 (UTC+9), for plain-text readers (the PDF, the command)."""
        local = self.local.time.strftime("%H:%M")
        return f"{local} ({self.local.offset})" if self.local.offset else local

    @property
    def home_text(self) -> str:
        """臺灣 08:00 (前一天): Taiwan's time, marked when it falls on another date."""
        if not self.home:
            return ""
        day = {1: _("（次日）"), -1: _("（前一日）")}.get(self.home_day, "")
        return _("臺灣 %(time)s%(day)s") % {"time": self.home, "day": day}


@dataclass
class Entry:
    """One programme item with its times."""

    date: dt.date
    item: ItineraryItem
    start: Clock | None
    end: Clock | None

    @property
    def is_flight(self) -> bool:
        return self.item.kind == ItemKind.FLIGHT


@dataclass
class HandbookDay:
    """A date of the trip: its itinerary (if any), programme and where its night is spent."""

    date: dt.date
    heading: str
    places: list[str]
    entries: list[Entry]
    remarks: str
    lodging: Lodging | None


@dataclass(frozen=True)
class Venue:
    """A place the programme goes to, and on which days."""

    name: str
    dates: list[dt.date]

    @property
    def dates_shown(self) -> str:
        """115/4/26、115/4/28."""
        return join_list(roc_short(date) for date in self.dates)


@dataclass
class Handbook:
    mission: Mission
    home_zone: str
    members: list[DelegationMember]
    head: DelegationMember | None
    days: list[HandbookDay]
    flights: list[Entry]
    lodgings: list[Lodging]
    venues: list[Venue]
    contacts: list[Contact]
    follow_ups: list[FollowUp]
    panels: list[Panel]
    emergency_contacts: list[EmergencyContact]
    show_private: bool
    notes: list[tuple[dt.date, str]] = field(default_factory=list)

    @property
    def leader_listed(self) -> bool:
        """Whether a leader's contact was typed: else the head of the delegation is shown
        from the delegation, without a phone."""
        return any(c.kind == ContactKind.LEADER for c in self.emergency_contacts)

    @property
    def emergency_centre_phone(self) -> str:
        return EMERGENCY_CENTRE_PHONE

    @property
    def home_city(self) -> str:
        """臺北 / Taipei: the city Taiwan's zone is named for, in the reader's language."""
        return city_name(self.home_zone, translation.get_language() or "zh-hant")


def handbook_for(mission: Mission, *, user) -> Handbook:
    """The handbook of ``mission`` as ``user`` may read it (people and follow-ups as the
    briefing shows them to that user)."""
    members, days = delegation_and_days(mission)
    with_local_times(days)
    lodgings, contacts = travel_arrangements(mission)
    briefing = briefing_for(mission, user=user)
    home_zone = settings.ENVOY_HOME_TIMEZONE
    by_date = {day.date: day for day in days}
    dates = _trip_dates(mission, list(by_date))
    handbook_days, venues, notes = [], {}, []
    for date in dates:
        day = by_date.get(date)
        entries = [_entry(date, item, home_zone) for item in day.items.all()] if day else []
        for entry in entries:
            if not entry.is_flight and entry.item.place:
                venues.setdefault(entry.item.place, []).append(date)
        if day is not None and day.remarks:
            notes.append((date, day.remarks))
        handbook_days.append(
            HandbookDay(
                date=date,
                heading=day.heading if day else "",
                places=list(day.places) if day else [],
                entries=entries,
                remarks=day.remarks if day else "",
                lodging=next((lodging for lodging in lodgings if lodging.covers_night(date)), None),
            )
        )
    order = {kind.value: n for n, kind in enumerate(CONTACT_ORDER)}
    contacts.sort(key=lambda c: (order.get(c.kind, len(order)), c.position, c.pk))
    return Handbook(
        mission=mission,
        home_zone=home_zone,
        members=members,
        head=next((m for m in members if m.is_head), None),
        days=handbook_days,
        flights=[e for d in handbook_days for e in d.entries if e.is_flight],
        lodgings=lodgings,
        venues=[Venue(name, list(dict.fromkeys(d))) for name, d in venues.items()],
        contacts=briefing.contacts,
        follow_ups=briefing.follow_ups,
        panels=briefing.panels,
        emergency_contacts=contacts,
        show_private=briefing.show_private,
        notes=notes,
    )


def _trip_dates(mission: Mission, itinerary_dates: list[dt.date]) -> list[dt.date]:
    """Every date from departure to return, and any itinerary day outside them (a mission
    without dates has only its itinerary's)."""
    dates = set(itinerary_dates)
    if mission.start_date and mission.end_date:
        date = mission.start_date
        while date <= mission.end_date:
            dates.add(date)
            date += dt.timedelta(days=1)
    return sorted(dates)


def _entry(date: dt.date, item: ItineraryItem, home_zone: str) -> Entry:
    return Entry(
        date,
        item,
        _clock(item.start_local, item.starts_at, home_zone),
        _clock(item.end_local, item.ends_at, home_zone),
    )


def _clock(local: LocalTime | None, instant: dt.datetime | None, home_zone: str) -> Clock | None:
    """``local`` with Taiwan's time of the same ``instant`` beside it."""
    if local is None:
        return None
    if instant is None or not local.zone:
        return Clock(local)
    here = instant.astimezone(ZoneInfo(local.zone))
    home = instant.astimezone(ZoneInfo(home_zone))
    if here.utcoffset() == home.utcoffset():
        return Clock(local)
    return Clock(local, home.strftime("%H:%M"), (home.date() - here.date()).days)


# ----- Whose home page shows it -----


def _name_forms(user) -> list[str]:
    """The ways a delegation list may write ``user``'s name: 王小明 as colleagues write it
    (first and last name either way round, with or without a space), and the English name."""
    first, last = user.first_name.strip(), user.last_name.strip()
    forms = {f"{first}{last}", f"{last}{first}", f"{first} {last}", f"{last} {first}"}
    if user.name_en.strip():
        forms.add(user.name_en.strip())
    return sorted(name.strip() for name in forms if name.strip())


def travelling_missions(user, today: dt.date) -> list[Mission]:
    """The trips abroad ``user`` is on whose handbook their home page shows: from
    :data:`DAYS_BEFORE` days before departure to the day of return, among the missions they
    may open. Delegation members are names, not accounts: a user is on a delegation when a
    member's name is theirs as written in their account (``_name_forms``). One query."""
    names = _name_forms(user)
    if not names:
        return []
    return list(
        missions_for_user(user)
        .filter(
            Q(members__name__in=names),
            direction=Direction.OUTBOUND,
            start_date__lte=today + dt.timedelta(days=DAYS_BEFORE),
            end_date__gte=today,
        )
        .distinct()
        .order_by("start_date", "pk")
    )


# ----- As plain data: the command's JSON and the PDF -----


def _clock_data(clock: Clock | None) -> dict | None:
    if clock is None:
        return None
    return {
        "local": clock.local.time.strftime("%H:%M"),
        "zone": clock.local.zone,
        "offset": clock.local.offset,
        "taiwan": clock.home or None,
        "taiwan_day": clock.home_day,
        "text": clock.text,
        "taiwan_text": clock.home_text,
    }


def _entry_data(entry: Entry) -> dict:
    item = entry.item
    return {
        "date": entry.date.isoformat(),
        "shown_date": roc_short(entry.date),
        "kind": item.kind,
        "kind_label": str(item.kind_label),
        "text": item.text,
        "place": item.place,
        "flight_number": item.flight_number,
        "origin": item.origin,
        "destination": item.destination,
        "start": _clock_data(entry.start),
        "end": _clock_data(entry.end),
        "end_date": item.end_date.isoformat() if item.end_date else None,
    }


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def handbook_data(handbook: Handbook) -> dict:
    """The handbook as JSON-able data, in the active language (labels and shown dates)."""
    mission = handbook.mission
    days = [
        {
            "date": day.date.isoformat(),
            "shown_date": roc_short(day.date),
            "heading": day.heading,
            "places": day.places,
            "places_shown": join_list(day.places),
            "items": [_entry_data(entry) for entry in day.entries],
            "remarks": day.remarks,
            "lodging": day.lodging.name if day.lodging else None,
        }
        for day in handbook.days
    ]
    emergency = [
        {
            "kind": contact.kind,
            "kind_label": str(contact.kind_label),
            "name": contact.name,
            "organisation": contact.organisation,
            "phone": contact.phone,
            "email": contact.email,
            "address": contact.address,
            "note": contact.note,
        }
        for contact in handbook.emergency_contacts
    ]
    if not handbook.leader_listed and handbook.head is not None:
        head = handbook.head
        emergency.append(
            {
                "kind": ContactKind.LEADER.value,
                "kind_label": str(ContactKind.LEADER.label),
                "name": head.name,
                "organisation": " ".join(filter(None, [head.agency, head.unit, head.title])),
                "phone": "",
                "email": "",
                "address": "",
                "note": "",
            }
        )
    emergency.append(
        {
            "kind": "centre",
            "kind_label": _("外交部"),
            "name": _("外交部緊急聯絡中心（24 小時）"),
            "organisation": "",
            "phone": EMERGENCY_CENTRE_PHONE,
            "email": "",
            "address": "",
            "note": _("自國外撥打須自付國際電話費。"),
        }
    )
    return {
        "format": "envoy.handbook",
        "version": 1,
        "mission": {
            "id": mission.pk,
            "title": mission.title,
            "start_date": _date(mission.start_date),
            "end_date": _date(mission.end_date),
            "shown_period": f"{roc_short(mission.start_date)} – {roc_short(mission.end_date)}"
            if mission.start_date and mission.end_date
            else "",
            "destination_cities": list(mission.destination_cities),
            "cities_shown": join_list(mission.destination_cities),
            "host_agency": mission.host_agency,
        },
        "home_timezone": handbook.home_zone,
        "home_offset": offset_label(handbook.home_zone, mission.start_date),
        "members": [
            {
                "name": m.name,
                "agency": m.agency,
                "unit": m.unit,
                "title": m.title,
                "is_head": m.is_head,
                "shown": " ".join(filter(None, [m.agency, m.unit, m.title])),
            }
            for m in handbook.members
        ],
        "days": days,
        "flights": [_entry_data(entry) for entry in handbook.flights],
        "lodgings": [
            {
                "name": lodging.name,
                "city": lodging.city,
                "address": lodging.address,
                "phone": lodging.phone,
                "city_aside": aside(lodging.city) if lodging.city else "",
                "check_in": _date(lodging.check_in),
                "check_in_time": lodging.check_in_time.strftime("%H:%M")
                if lodging.check_in_time
                else None,
                "check_out": _date(lodging.check_out),
                "shown_check_in": roc_short(lodging.check_in) if lodging.check_in else "",
                "shown_check_out": roc_short(lodging.check_out) if lodging.check_out else "",
                "note": lodging.note,
            }
            for lodging in handbook.lodgings
        ],
        "venues": [
            {
                "name": v.name,
                "dates": [d.isoformat() for d in v.dates],
                "shown_dates": v.dates_shown,
            }
            for v in handbook.venues
        ],
        "people": [_person_data(contact, handbook.show_private) for contact in handbook.contacts],
        "follow_ups": [
            {
                "person": f.interaction.person.display_name,
                "follow_up": f.interaction.follow_up,
                "due": _date(f.interaction.follow_up_due),
                "shown_due": roc_short(f.interaction.follow_up_due)
                if f.interaction.follow_up_due
                else "",
                "overdue": f.overdue,
            }
            for f in handbook.follow_ups
        ],
        "promises": [
            {"heading": panel.heading, "columns": panel.columns, "rows": panel.rows}
            for panel in handbook.panels
        ],
        "emergency_contacts": emergency,
        "notes": [
            {"date": date.isoformat(), "shown_date": roc_short(date), "text": text}
            for date, text in handbook.notes
        ],
    }


def last_discussed(contact: Contact, show_private: bool) -> str:
    """What was discussed at the last meeting: its notes (紀要) for staff, else where it
    was (the mission or event)."""
    if not contact.meetings:
        return ""
    meeting = contact.meetings[0]
    if show_private and meeting.notes:
        return meeting.notes
    if meeting.mission is not None:
        return meeting.mission.title
    return meeting.event.name if meeting.event is not None else ""


def _person_data(contact: Contact, show_private: bool) -> dict:
    return {
        "name": contact.person.display_name,
        "title": contact.position_text,
        "city": contact.city.display_name,
        "city_aside": aside(contact.city.display_name),
        "last_met": _date(contact.last_met),
        "shown_last_met": roc_short(contact.last_met) if contact.last_met else "",
        "last_discussed": last_discussed(contact, show_private),
        "details": [labelled(label, value) for label, value in contact.details],
    }
