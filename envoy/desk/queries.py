"""What the home page lists for each role: the reports to write, to review and overdue, the
trips ahead, the follow-ups due and what was published. Each list costs a fixed number of
queries whatever its rows; every list holds only what the user may open."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, F, OuterRef, Subquery
from django.utils.translation import get_language

from envoy.actions.queries import due_by_bureau
from envoy.core.lib.punctuation import join_list
from envoy.core.models import in_language
from envoy.core.workdays import latest_event_past_due
from envoy.missions.models import Mission
from envoy.missions.permissions import missions_for_user, reach
from envoy.relations.interop.ical import follow_ups_for
from envoy.reports.enums import ReportStatus
from envoy.reports.models import HANDED_IN, REPORT_DUE_MONTHS, Countdown, Report, ReviewEvent

# Rows a list shows before "more" (the missions list holds the rest).
SHOWN = 12


@dataclass
class ReportRow:
    report: Report
    countdown: Countdown | None = None
    comment: str = ""
    submitted: dt.date | None = None
    waiting: int | None = None
    review_overdue: bool = False


def _visible(rows, user, mission: str = "mission"):
    """``rows`` of the missions ``user`` may open (``mission`` the path to the mission):
    not filtered at all for whoever may open every one, which spares the query a
    sub-select over every mission."""
    if reach(user).everything:
        return rows
    return rows.filter(**{f"{mission}__in": missions_for_user(user)})


def _reports(user):
    return _visible(Report.objects.select_related("mission", "mission__bureau"), user)


def reports_to_write(user, today: dt.date) -> tuple[list[ReportRow], int]:
    """The drafts and returned reports of the user's missions, soonest due first, with the
    reviewer's last comment on a returned one; and how many there are in all. The same for
    every editor of a bureau: kept."""
    scope = reach(user)
    if scope.bureau_id is not None and not scope.everything:
        return _kept(
            f"to-write:{scope.bureau_id}:{today.isoformat()}", lambda: _to_write(user, today)
        )
    return _to_write(user, today)


def _to_write(user, today: dt.date) -> tuple[list[ReportRow], int]:
    returned = ReviewEvent.objects.filter(
        report=OuterRef("pk"), to_status=ReportStatus.RETURNED
    ).order_by("-at", "-id")
    reports = _reports(user).filter(status__in=[ReportStatus.DRAFT, ReportStatus.RETURNED])
    # Soonest due first: due dates follow return dates; a report without one last.
    shown = reports.annotate(
        return_comment=Subquery(returned.values("comment")[:1]),
        return_event=Subquery(returned.values("pk")[:1]),
    ).order_by(F("mission__end_date").asc(nulls_last=True), "pk")[:SHOWN]
    shown = list(shown)
    # A return may give reasons from the review form's list instead of a comment.
    reasons = ReviewEvent.objects.in_bulk([r.return_event for r in shown if r.return_event])
    rows = [
        ReportRow(
            r,
            r.countdown(today),
            r.return_comment
            or join_list(reasons[r.return_event].reason_labels if r.return_event else []),
        )
        for r in shown
    ]
    return rows, reports.count()


def reports_to_review(user, today: dt.date) -> tuple[list[ReportRow], int]:
    """The submitted reports the user may open, waiting longest first, with the days they
    have waited and whether the review deadline (``ENVOY_REVIEW_DAYS``) has passed."""
    submitted = ReviewEvent.objects.filter(
        report=OuterRef("pk"), to_status=ReportStatus.SUBMITTED
    ).order_by("-at", "-id")
    reports = _reports(user).filter(status=ReportStatus.SUBMITTED)
    shown = reports.annotate(submitted_at=Subquery(submitted.values("at")[:1])).order_by(
        "submitted_at", "pk"
    )[:SHOWN]
    rows = []
    for report in shown:
        on = report.submitted_at.date() if report.submitted_at else None
        waiting = (today - on).days if on else None
        late = waiting is not None and waiting > settings.ENVOY_REVIEW_DAYS
        rows.append(ReportRow(report, submitted=on, waiting=waiting, review_overdue=late))
    return rows, reports.count()


def decided_by(user) -> list[ReviewEvent]:
    """The user's latest approvals and returns."""
    return list(
        ReviewEvent.objects.filter(
            actor=user, to_status__in=[ReportStatus.APPROVED, ReportStatus.RETURNED]
        )
        .select_related("report", "report__mission")
        .order_by("-at", "-id")[:SHOWN]
    )


# What the home page counts and lists for many users at once (the overdue counts of those
# who see every mission, the actions due by bureau, a bureau's reports to write) is kept this long in each process, and
# forgotten there at once when a report, mission or action changes (``receivers.py``: the
# generation in every key moves on); other processes follow within the time.
KEPT_SECONDS = 60
GENERATION = "desk:generation"


def _kept(name: str, compute):
    generation = cache.get_or_set(GENERATION, 0, None)
    return cache.get_or_set(f"desk:{generation}:{name}", compute, KEPT_SECONDS)


def forget_kept(**kwargs) -> None:
    """Receiver: a report, mission or action changed; what the home page keeps is read again."""
    try:
        cache.incr(GENERATION)
    except ValueError:
        cache.set(GENERATION, 1, None)


def overdue_by_bureau(user, today: dt.date) -> tuple[list[tuple[str, int]], int]:
    """(bureau, number of overdue reports) for the missions the user may open, most first;
    and the total. A report is overdue once its due date has passed and it is not handed in
    (approved or published)."""
    if reach(user).everything:
        return _kept(
            f"overdue:{get_language()}:{today.isoformat()}", lambda: _count_overdue(user, today)
        )
    return _count_overdue(user, today)


def actions_due_by_bureau(today: dt.date):
    """Actions overdue, due this month or stale by bureau (``actions.queries``), kept."""
    return _kept(f"actions-due:{get_language()}:{today.isoformat()}", lambda: due_by_bureau(today))


def _count_overdue(user, today: dt.date) -> tuple[list[tuple[str, int]], int]:
    counts = (
        _visible(Report.objects.all(), user)
        .exclude(status__in=HANDED_IN)
        .filter(mission__end_date__lte=latest_event_past_due(today, REPORT_DUE_MONTHS))
        .values_list("mission__bureau__name", "mission__bureau__name_en")
        .annotate(n=Count("id"))
    )
    rows = sorted(
        ((in_language(name or "", name_en or "") or "—", n) for name, name_en, n in counts),
        key=lambda r: (-r[1], r[0]),
    )
    return rows, sum(n for _, n in rows)


def trips_ahead(user, today: dt.date, days: int | None = None) -> list[Mission]:
    """The user's missions that start from today (within ``days``), soonest first."""
    missions = missions_for_user(user).filter(start_date__gte=today)
    if days is not None:
        missions = missions.filter(start_date__lte=today + dt.timedelta(days=days))
    return list(missions.select_related("bureau").order_by("start_date", "pk")[:SHOWN])


def recently_published(user) -> list[ReviewEvent]:
    return list(
        _visible(
            ReviewEvent.objects.filter(to_status=ReportStatus.PUBLISHED), user, "report__mission"
        )
        .select_related("report", "report__mission")
        .order_by("-at", "-id")[:SHOWN]
    )


def my_follow_ups(user) -> list:
    """The open follow-ups the user owns, soonest due first."""
    return list(follow_ups_for(user)[:SHOWN])
