"""Reading follow-through actions: the tracking table (建議事項採行情形追蹤表) with its filters,
and the lists of the home page."""

import calendar
import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils import timezone

from envoy.core.models import Bureau, in_language
from envoy.core.workdays import months_end
from envoy.relations.models import City, Event
from envoy.reports.models import Report

from .enums import OPEN_STATUSES, ActionStatus
from .models import Action, ProgressNote
from .permissions import actions_for_user

# The tracking table: newest trip first, each report's actions as the report has them.
TABLE_ORDER = ["-report__mission__start_date", "report_id", "position", "id"]


def stale_before(today: dt.date) -> dt.date:
    """An open action whose latest progress note (or adoption) is before this day is stale:
    a whole review cycle (``ENVOY_ACTION_REVIEW_MONTHS``) has gone by without one."""
    index = today.month - 1 - settings.ENVOY_ACTION_REVIEW_MONTHS
    year, month = today.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(today.day, calendar.monthrange(year, month)[1]))


def is_stale(action: Action, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return action.is_open and (
        action.reviewed_on is None or action.reviewed_on < stale_before(today)
    )


def stale_condition(today: dt.date) -> Q:
    return Q(status__in=OPEN_STATUSES) & (
        Q(reviewed_on__isnull=True) | Q(reviewed_on__lt=stale_before(today))
    )


@dataclass
class TableFilters:
    bureau: int | None = None
    status: str = ""
    kind: str = ""
    year: int | None = None
    city: int | None = None
    network: int | None = None
    report: int | None = None


def tracking_rows(user, filters: TableFilters) -> QuerySet[Action]:
    """The actions ``user`` may see that pass ``filters``, grouped by report (newest trip
    first), with what the table shows (the passage they came from is left unread)."""
    rows = actions_for_user(user)
    if filters.bureau:
        rows = rows.filter(owner_bureau_id=filters.bureau)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.year:
        rows = rows.filter(report__mission__start_date__year=filters.year)
    # Missions by city or network as sub-selects: a join would repeat an action per link.
    if filters.city:
        rows = rows.filter(
            report__mission__in=City.missions.through.objects.filter(city_id=filters.city).values(
                "mission_id"
            )
        )
    if filters.network:
        rows = rows.filter(
            report__mission__in=Event.missions.through.objects.filter(
                event__network_id=filters.network
            ).values("mission_id")
        )
    if filters.report:
        rows = rows.filter(report_id=filters.report)
    return (
        rows.select_related("report__mission", "owner_bureau", "owner")
        .defer(
            "source", "report__summary", "report__source_toc", "report__mission__visited_agencies"
        )
        .order_by(*TABLE_ORDER)
    )


def action_years(user) -> list[int]:
    """The years from the earliest to the latest trip whose actions ``user`` may see, newest
    first (from two dates: extracting each row's year runs Python per row on SQLite)."""
    span = actions_for_user(user).aggregate(
        first=Min("report__mission__start_date"), last=Max("report__mission__start_date")
    )
    if span["first"] is None:
        return []
    return list(range(span["last"].year, span["first"].year - 1, -1))


def latest_notes(actions: list[Action]) -> dict[int, ProgressNote]:
    """Each action's latest progress note: one query."""
    latest = {}
    for note in ProgressNote.objects.filter(action__in=actions).order_by("action_id", "date", "id"):
        latest[note.action_id] = note
    return latest


def report_actions(report_id: int) -> list[Action]:
    return list(
        Action.objects.filter(report_id=report_id)
        .select_related("owner_bureau", "owner", "source_block")
        .order_by("position", "id")
    )


@dataclass
class BureauDue:
    bureau: str
    overdue: int
    due_this_month: int
    stale: int


def due_by_bureau(today: dt.date) -> list[BureauDue]:
    """Open actions overdue or due by the end of this month, and stale ones, counted by
    owner bureau (from one index, ``action_status_bureau_due``)."""
    month_end = months_end(today.replace(day=1), 1)
    rows = (
        Action.objects.filter(status__in=OPEN_STATUSES)
        .values("owner_bureau_id")
        .annotate(
            overdue=Count("id", filter=Q(due_date__lt=today)),
            due_this_month=Count("id", filter=Q(due_date__gte=today, due_date__lte=month_end)),
            stale=Count("id", filter=stale_condition(today)),
        )
        .filter(Q(overdue__gt=0) | Q(due_this_month__gt=0) | Q(stale__gt=0))
        .order_by()
    )
    names = {
        pk: in_language(name, name_en)
        for pk, name, name_en in Bureau.objects.values_list("id", "name", "name_en")
    }
    found = [
        BureauDue(
            names.get(r["owner_bureau_id"], ""), r["overdue"], r["due_this_month"], r["stale"]
        )
        for r in rows
    ]
    return sorted(found, key=lambda r: (-r.overdue, -r.due_this_month, r.bureau))


def open_actions_of(user, limit: int = 10) -> list[Action]:
    """The open actions ``user`` owns, soonest due first."""
    return list(
        Action.objects.filter(owner=user, status__in=OPEN_STATUSES)
        .select_related("report", "owner_bureau")
        .order_by("due_date", "id")[:limit]
    )


def proposals_waiting(user, limit: int = 10) -> list:
    """The reports of ``user``'s bureau with proposals nobody has settled yet: theirs to
    settle (an editor's; officers settle from the tracking table)."""
    if user.bureau_id is None:
        return []
    return list(
        # From the bureau's reports to their proposals (index action_report_status).
        Action.objects.filter(
            status=ActionStatus.PROPOSED,
            report_id__in=Report.objects.filter(mission__bureau_id=user.bureau_id).values("id"),
        )
        .values("report_id", "report__title")
        .annotate(count=Count("id"))
        .order_by("-report_id")[:limit]
    )
