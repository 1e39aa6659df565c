"""Calendars: a user's personal feed and a mission's itinerary as an .ics file.

The personal feed holds the dates that matter to the user's work: the due dates of the
reports they are reminded of (``recipients.missions_edited_by``) and those missions' trips.
Each source is a function in ``SOURCES`` giving ``Entry`` rows: reports' and actions' due
dates, trips, and the opportunities assigned to the user (their dates and deadlines). The
opportunities the user may see have a download of their own (``opportunity_entries``). Its secret address is the follow-ups feed's token
(``relations.interop.ical.feed_token``): one secret per user, revoked by a password change.

The itinerary keeps each item in its own time zone: a flight leaves Taipei at 09:00
Asia/Taipei and lands in Tokyo at 12:55 Asia/Tokyo, and the file says exactly that (TZID
with the IANA name and a VTIMEZONE for each zone), so a calendar app shows it right
wherever its user is.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import vobject
from django.urls import reverse
from django.utils.translation import gettext as _

from envoy.actions.enums import OPEN_STATUSES
from envoy.actions.models import Action
from envoy.core.lib.places import country_names
from envoy.missions.enums import Direction, ItemKind
from envoy.missions.models import ItineraryDay, Mission
from envoy.opportunities.models import Opportunity
from envoy.opportunities.queries import calendar_rows
from envoy.reports.models import HANDED_IN, Report

from .recipients import missions_edited_by

PRODID = "-//Envoy//Calendar//EN"
# Trips and due dates further back than this are left out of the feed.
FEED_PAST_DAYS = 180


class NamedZone(ZoneInfo):
    """A zone vobject writes by its IANA name (it reads ``tzid``), not its abbreviation
    (CST is China, Cuba and the US Central zone at once)."""

    @property
    def tzid(self) -> str:
        return self.key


@dataclass(frozen=True)
class Entry:
    """One event: all-day when ``start`` is a date (``end`` then the day after the last)."""

    uid: str
    start: dt.date | dt.datetime
    summary: str
    end: dt.date | dt.datetime | None = None
    description: str = ""
    location: str = ""
    path: str = ""


def _calendar(name: str) -> vobject.base.Component:
    calendar = vobject.iCalendar()
    calendar.add("prodid").value = PRODID
    calendar.add("calscale").value = "GREGORIAN"
    calendar.add("method").value = "PUBLISH"
    calendar.add("x-wr-calname").value = name
    return calendar


def write(entries: Iterable[Entry], *, name: str, base_url: str, uid_domain: str, now) -> bytes:
    """The iCalendar file of ``entries``; ``base_url`` makes their paths absolute."""
    calendar = _calendar(name)
    stamp = now.astimezone(vobject.icalendar.utc)
    for entry in entries:
        event = calendar.add("vevent")
        event.add("uid").value = f"{entry.uid}@{uid_domain}"
        event.add("dtstamp").value = stamp
        event.add("dtstart").value = entry.start
        if entry.end is not None:
            event.add("dtend").value = entry.end
        event.add("summary").value = entry.summary
        description = entry.description
        if entry.path:
            url = base_url + entry.path
            event.add("url").value = url
            description = f"{description}\n{url}".strip()
        if description:
            event.add("description").value = description
        if entry.location:
            event.add("location").value = entry.location
        if isinstance(entry.start, dt.date) and not isinstance(entry.start, dt.datetime):
            event.add("transp").value = "TRANSPARENT"
    return calendar.serialize().encode("utf-8")


# ----- The personal feed -----


def _mission_path(mission_id: int) -> str:
    return reverse("missions:detail", args=[mission_id])


def report_due_dates(user, today: dt.date) -> Iterable[Entry]:
    """The due dates of the reports the user is reminded of, until they are handed in."""
    reports = (
        Report.objects.filter(
            mission__in=missions_edited_by(user),
            mission__direction=Direction.OUTBOUND,
            mission__end_date__gte=today - dt.timedelta(days=FEED_PAST_DAYS + 120),
        )
        .exclude(status__in=HANDED_IN)
        .select_related("mission")
        .order_by("mission__end_date", "pk")
    )
    for report in reports:
        due = report.due_date
        yield Entry(
            uid=f"report-due-{report.pk}",
            start=due,
            end=due + dt.timedelta(days=1),
            summary=_("報告繳交期限：%(title)s") % {"title": report.title},
            path=_mission_path(report.mission_id),
        )


def trips(user, today: dt.date) -> Iterable[Entry]:
    """The trips (and visits) of those missions, from their first day to their last."""
    missions = (
        missions_edited_by(user)
        .filter(
            start_date__isnull=False,
            end_date__gte=today - dt.timedelta(days=FEED_PAST_DAYS),
        )
        .order_by("start_date", "pk")
    )
    for mission in missions:
        yield Entry(
            uid=f"mission-{mission.pk}",
            start=mission.start_date,
            end=(mission.end_date or mission.start_date) + dt.timedelta(days=1),
            summary=_("%(direction)s：%(title)s")
            % {"direction": mission.get_direction_display(), "title": mission.title},
            location=_("、").join(
                [*mission.destination_cities, *country_names(mission.destination_countries)]
            ),
            path=_mission_path(mission.pk),
        )


def action_due_dates(user, today: dt.date) -> Iterable[Entry]:
    """The due dates of the open actions the user owns."""
    actions = Action.objects.filter(
        owner=user,
        status__in=OPEN_STATUSES,
        due_date__gte=today - dt.timedelta(days=FEED_PAST_DAYS),
    ).order_by("due_date", "pk")
    for action in actions:
        yield Entry(
            uid=f"action-due-{action.pk}",
            start=action.due_date,
            end=action.due_date + dt.timedelta(days=1),
            summary=_("建議事項預定完成：%(text)s") % {"text": action.text[:60]},
            path=reverse("actions:detail", args=[action.pk]),
        )


def opportunity_entries(opportunities: Iterable[Opportunity]) -> list[Entry]:
    """Each opportunity as an event (at its times in its own zone when it has both, else
    all day from its first day to its last) and each of its deadlines as an all-day event."""
    entries = []
    for opportunity in opportunities:
        path = reverse("opportunities:detail", args=[opportunity.pk])
        if opportunity.start_date:
            start: dt.date | dt.datetime = opportunity.start_date
            last = opportunity.end_date or opportunity.start_date
            end: dt.date | dt.datetime | None = last + dt.timedelta(days=1)
            if opportunity.start_time and opportunity.timezone:
                start = _at(opportunity.start_date, opportunity.start_time, opportunity.timezone)
                end = None
                if opportunity.end_time:
                    end = _at(last, opportunity.end_time, opportunity.timezone)
            where = [_("線上")] if opportunity.online else []
            if opportunity.city:
                where.append(opportunity.city.display_name)
            if opportunity.venue:
                where.append(opportunity.venue)
            entries.append(
                Entry(
                    uid=f"opportunity-{opportunity.pk}",
                    start=start,
                    end=end,
                    summary=opportunity.title,
                    description=opportunity.get_status_display(),
                    location=_("、").join(where),
                    path=path,
                )
            )
        for deadline in opportunity.deadlines():
            entries.append(
                Entry(
                    uid=f"opportunity-{opportunity.pk}-{deadline.field}",
                    start=deadline.date,
                    end=deadline.date + dt.timedelta(days=1),
                    summary=_("%(deadline)s：%(title)s")
                    % {"deadline": deadline.label, "title": opportunity.title},
                    path=path,
                )
            )
    return entries


def opportunity_dates(user, today: dt.date) -> Iterable[Entry]:
    """The dates and deadlines of the open opportunities assigned to the user."""
    since = today - dt.timedelta(days=FEED_PAST_DAYS)
    return opportunity_entries(calendar_rows(Opportunity.objects.filter(assignee=user), since))


# What the personal feed holds: each a function of (user, today) giving entries.
SOURCES: list[Callable[..., Iterable[Entry]]] = [
    report_due_dates,
    action_due_dates,
    opportunity_dates,
    trips,
]


def personal_entries(user, today: dt.date) -> list[Entry]:
    return [entry for source in SOURCES for entry in source(user, today)]


# ----- A mission's itinerary -----


def _at(date: dt.date, time: dt.time, zone: str) -> dt.datetime:
    return dt.datetime.combine(date, time, tzinfo=NamedZone(zone))


def itinerary_entries(mission: Mission) -> list[Entry]:
    """The itinerary as events: an item with a time in its own zone (its end in the end's
    zone, on its end date for overnight flights); an item without a time, and a day
    without items, as an all-day event of that day."""
    entries = []
    days = ItineraryDay.objects.filter(mission=mission).prefetch_related("items").order_by("date")
    for day in days:
        items = list(day.items.all())
        if not items:
            summary = day.heading or " / ".join(day.places) or _("行程")
            entries.append(
                Entry(
                    uid=f"itinerary-day-{day.pk}",
                    start=day.date,
                    end=day.date + dt.timedelta(days=1),
                    summary=summary,
                    description=day.remarks,
                    location=" / ".join(day.places),
                )
            )
        for item in items:
            start: dt.date | dt.datetime = day.date
            end: dt.date | dt.datetime | None = day.date + dt.timedelta(days=1)
            if item.start_time and item.start_timezone:
                start = _at(day.date, item.start_time, item.start_timezone)
                end = None
                end_zone = item.end_timezone or item.start_timezone
                if item.end_time and end_zone:
                    end = _at(item.end_date or day.date, item.end_time, end_zone)
            summary = item.text.strip().splitlines()[0] if item.text.strip() else item.kind_label
            if item.kind == ItemKind.FLIGHT and item.flight_number:
                if item.flight_number not in summary:
                    summary = f"{item.flight_number} {summary}"
            where = item.place
            if not where and (item.origin or item.destination):
                where = f"{item.origin} → {item.destination}"
            entries.append(
                Entry(
                    uid=f"itinerary-item-{item.pk}",
                    start=start,
                    end=end,
                    summary=summary,
                    description=item.text.strip(),
                    location=where,
                )
            )
    return entries
