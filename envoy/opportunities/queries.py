"""Reading opportunities: the list and its filters, the deadlines that fall due (for the
reminders) and the dates a calendar shows."""

import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.db.models import Q, QuerySet

from envoy.relations.models import Network

from .enums import OPEN_STATUSES
from .models import Opportunity
from .permissions import opportunities_for_user

# "Deadline soon": a registration or abstract deadline within this many days.
SOON_DAYS = 14
# The reminders: a deadline within this many days (and on the day itself).
REMIND_DAYS = 7
# The deadlines an opportunity has, by the field that holds each.
DEADLINE_FIELDS = ("registration_deadline", "abstract_deadline")


def deadline_between(first: dt.date, last: dt.date) -> Q:
    """An open opportunity with a deadline from ``first`` to ``last`` (both included)."""
    dates = Q()
    for name in DEADLINE_FIELDS:
        dates |= Q(**{f"{name}__gte": first, f"{name}__lte": last})
    return Q(status__in=OPEN_STATUSES) & dates


def is_soon(day: dt.date | None, today: dt.date) -> bool:
    """Whether a deadline ``day`` (on or after today) is within ``SOON_DAYS``."""
    return day is not None and day <= today + dt.timedelta(days=SOON_DAYS)


@dataclass
class ListFilters:
    status: str = ""
    kind: str = ""
    bureau: int | None = None
    assignee: int | None = None
    deadline_soon: bool = False


def opportunity_rows(user, filters: ListFilters, today: dt.date) -> QuerySet[Opportunity]:
    """The opportunities ``user`` may see that pass ``filters``, soonest first (those
    without dates last), with what the list shows."""
    rows = opportunities_for_user(user)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.bureau:
        rows = rows.filter(bureau_id=filters.bureau)
    if filters.assignee:
        rows = rows.filter(assignee_id=filters.assignee)
    if filters.deadline_soon:
        rows = rows.filter(deadline_between(today, today + dt.timedelta(days=SOON_DAYS)))
    return rows.select_related(
        "network", "organisation", "city", "bureau", "assignee", "mission"
    ).defer("notes")


def assigned_to(user, today: dt.date, limit: int = 10) -> list[Opportunity]:
    """The open opportunities assigned to ``user``, soonest first, each with its next
    deadline (``upcoming``): the home page's list."""
    rows = list(
        Opportunity.objects.filter(assignee=user, status__in=OPEN_STATUSES)
        .only("pk", "title", "status", "start_date", "registration_deadline", "abstract_deadline")
        .order_by(models.F("start_date").asc(nulls_last=True), "id")[:limit]
    )
    for row in rows:
        row.upcoming = row.next_deadline(today)
    return rows


def deadlines_due(today: dt.date) -> list[tuple[int, int | None, int | None, str, dt.date]]:
    """The deadlines of open opportunities from ``today`` to ``REMIND_DAYS`` days ahead, as
    (opportunity id, assignee id, bureau id, deadline field, date)."""
    last = today + dt.timedelta(days=REMIND_DAYS)
    rows = Opportunity.objects.filter(deadline_between(today, last)).values_list(
        "pk", "assignee_id", "bureau_id", *DEADLINE_FIELDS
    )
    due = []
    for pk, assignee, bureau, *dates in rows:
        for name, day in zip(DEADLINE_FIELDS, dates, strict=True):
            if day is not None and today <= day <= last:
                due.append((pk, assignee, bureau, name, day))
    return due


def calendar_rows(rows: QuerySet[Opportunity], since: dt.date) -> list[Opportunity]:
    """The open opportunities of ``rows`` with a date (of the event or a deadline) on or
    after ``since``."""
    dated = Q(start_date__gte=since) | Q(end_date__gte=since)
    for name in DEADLINE_FIELDS:
        dated |= Q(**{f"{name}__gte": since})
    return list(
        rows.filter(dated, status__in=OPEN_STATUSES)
        .select_related("city")
        .order_by("start_date", "pk")
    )


def as_json(opportunity: Opportunity) -> dict:
    """What the commands print of an opportunity (dates as ISO)."""

    def iso(value) -> str | None:
        return value.isoformat() if value else None

    return {
        "id": opportunity.pk,
        "title": opportunity.title,
        "title_en": opportunity.title_en,
        "kind": opportunity.kind,
        "status": opportunity.status,
        "network": str(opportunity.network) if opportunity.network else None,
        "organisation": str(opportunity.organisation) if opportunity.organisation else None,
        "start_date": iso(opportunity.start_date),
        "end_date": iso(opportunity.end_date),
        "start_time": opportunity.start_time.strftime("%H:%M") if opportunity.start_time else None,
        "end_time": opportunity.end_time.strftime("%H:%M") if opportunity.end_time else None,
        "timezone": opportunity.timezone,
        "online": opportunity.online,
        "city": str(opportunity.city) if opportunity.city else None,
        "venue": opportunity.venue,
        "registration_deadline": iso(opportunity.registration_deadline),
        "abstract_deadline": iso(opportunity.abstract_deadline),
        "topics": opportunity.topics,
        "languages": opportunity.languages,
        "source_url": opportunity.source_url,
        "talk_title": opportunity.talk_title,
        "speaker": opportunity.speaker.name if opportunity.speaker else None,
        "language_level": opportunity.language_level,
        "bureau": opportunity.bureau.code if opportunity.bureau else None,
        "assignee": opportunity.assignee.username if opportunity.assignee else None,
        "mission": opportunity.mission_id,
        "event": opportunity.event_id,
        "presentation": opportunity.presentation_id,
    }


def network_named(name: str) -> Network | None:
    """The city network called ``name`` (its name, its English name or its abbreviation,
    the last two in any case)."""
    name = (name or "").strip()
    if not name:
        return None
    return Network.objects.filter(
        Q(name=name) | Q(name_en__iexact=name) | Q(abbreviation__iexact=name)
    ).first()
