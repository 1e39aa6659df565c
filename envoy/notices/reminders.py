"""The kinds of notice, registered in the order the settings page lists them, and the scans
that find what falls due on a day.

Each scan asks the database for the records in its window with a few set-based queries and
returns ``(object id, recipient id, occasion)`` rows; the occasion says which reminder of
the record it is, so a second scan the same day (or a scan after a missed day) writes
nothing twice:

- report due: one reminder in each band of days left — 30 (8–30 days), 7 (2–7), 1 (0–1) —
  keyed by the band and the return date the due date was counted from (a changed return
  date is a new due date, reminded anew);
- report overdue: one a week, keyed by the weeks late and the return date, for
  ``OVERDUE_WEEKS`` weeks (an archive imported as drafts is not mailed about forever);
- follow-up due: one per due date, from the day before it to ``FOLLOW_UP_GRACE_DAYS`` after;
- action due: an adopted recommendation or lesson (追蹤事項) due within ``ACTION_DUE_DAYS``
  days, to its owner (or its bureau's editors when it has none), once per due date;
- action stale: an open action without a progress note for a whole review cycle
  (``ENVOY_ACTION_REVIEW_MONTHS``), asked for one once per cycle (keyed by the day of its
  last note).
- opportunity deadline: a registration or abstract deadline of an open opportunity
  (國際參與機會) within ``opportunities.queries.REMIND_DAYS`` days, to the person it is
  assigned to (or its bureau's editors when it has none), once per deadline.
"""

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from envoy.actions.enums import OPEN_STATUSES
from envoy.actions.models import Action
from envoy.actions.queries import stale_before
from envoy.core.workdays import deadline, latest_event_past_due
from envoy.missions.enums import Direction
from envoy.opportunities.models import Opportunity
from envoy.opportunities.queries import deadlines_due
from envoy.planning.enums import PlanStatus
from envoy.planning.models import TripPlan
from envoy.relations.models import Interaction
from envoy.reports.enums import ReportStatus
from envoy.reports.models import HANDED_IN, REPORT_DUE_MONTHS, Report, ReviewEvent

from . import recipients
from .registry import Due, Kind, register

# Days-left bands of the "report due" reminder: (band, fewest days left, most days left).
DUE_BANDS = [(30, 8, 30), (7, 2, 7), (1, 0, 1)]
OVERDUE_WEEKS = 26
FOLLOW_UP_GRACE_DAYS = 7
ACTION_DUE_DAYS = 7


def _mission_page(mission_id: int) -> str:
    return reverse("missions:detail", args=[mission_id])


def _not_handed_in(report: Report) -> bool:
    return report.status not in HANDED_IN


def _countdown(report: Report, today: dt.date) -> dict:
    return {"countdown": report.countdown(today)}


def _due_rows(reports, occasion) -> list[Due]:
    """(report, editor, occasion) for ``reports`` (a queryset), ``occasion(end_date)``
    naming each reminder."""
    rows = list(
        reports.exclude(status__in=HANDED_IN)
        .filter(mission__direction=Direction.OUTBOUND)
        .values_list("pk", "mission__bureau_id", "mission__created_by_id", "mission__end_date")
    )
    if not rows:
        return []
    editors = recipients.editors_by_bureau()
    creators = recipients.reachable_among(row[2] for row in rows)
    return [
        (row[0], user_id, occasion(row[3]))
        for row, user_id in recipients.report_editor_rows(rows, editors=editors, creators=creators)
    ]


def _returned_by(day: dt.date) -> dt.date:
    """The latest return date whose report is due before ``day``."""
    return latest_event_past_due(day, REPORT_DUE_MONTHS)


def scan_report_due(today: dt.date) -> list[Due]:
    """Reports due within 30, 7 or 1 days. Due dates never go back as return dates move
    forward, so each band is a range of return dates."""
    due: list[Due] = []
    for band, fewest, most in DUE_BANDS:
        after = _returned_by(today + dt.timedelta(days=fewest))
        until = _returned_by(today + dt.timedelta(days=most + 1))
        reports = Report.objects.filter(mission__end_date__gt=after, mission__end_date__lte=until)
        due += _due_rows(reports, lambda end, band=band: f"{band}:{end.isoformat()}")
    return due


def scan_report_overdue(today: dt.date) -> list[Due]:
    """Reports past their due date (for ``OVERDUE_WEEKS`` weeks), once a week: the first
    the day after the due date, then every seven days."""
    latest = _returned_by(today)
    earliest = _returned_by(today - dt.timedelta(weeks=OVERDUE_WEEKS))
    reports = Report.objects.filter(mission__end_date__gt=earliest, mission__end_date__lte=latest)
    # Few distinct return dates (at most ~180): their due dates are counted once each.
    due_dates: dict[dt.date, dt.date] = {}

    def occasion(end: dt.date) -> str:
        if end not in due_dates:
            due_dates[end] = deadline(end, REPORT_DUE_MONTHS)
        weeks = (today - due_dates[end]).days // 7
        return f"late{weeks}:{end.isoformat()}"

    return _due_rows(reports, occasion)


def scan_follow_up_due(today: dt.date) -> list[Due]:
    """Open follow-ups (後續辦理事項) due tomorrow or today, or up to a week ago, to their
    owner: once per due date."""
    rows = (
        Interaction.objects.filter(
            follow_up_due__gte=today - dt.timedelta(days=FOLLOW_UP_GRACE_DAYS),
            follow_up_due__lte=today + dt.timedelta(days=1),
            follow_up_done_on__isnull=True,
            follow_up_owner__in=recipients.reachable(),
        )
        .exclude(follow_up="")
        .values_list("pk", "follow_up_owner_id", "follow_up_due")
    )
    return [(pk, owner, due.isoformat()) for pk, owner, due in rows]


def _action_rows(actions, occasion) -> list[Due]:
    """(action, recipient, occasion) for ``actions``: its owner when they can be reached,
    else the editors of the bureau it was given to."""
    rows = list(actions.values_list("pk", "owner_id", "owner_bureau_id", "due_date", "reviewed_on"))
    if not rows:
        return []
    owners = recipients.reachable_among(row[1] for row in rows)
    editors = recipients.editors_by_bureau()
    due: list[Due] = []
    for row in rows:
        for user_id in [row[1]] if row[1] in owners else editors.get(row[2], []):
            due.append((row[0], user_id, occasion(row)))
    return due


def scan_action_due(today: dt.date) -> list[Due]:
    """Open actions due within ``ACTION_DUE_DAYS`` days (or today), once per due date."""
    actions = Action.objects.filter(
        status__in=OPEN_STATUSES,
        due_date__gte=today,
        due_date__lte=today + dt.timedelta(days=ACTION_DUE_DAYS),
    )
    return _action_rows(actions, lambda row: f"due:{row[3].isoformat()}")


def scan_action_stale(today: dt.date) -> list[Due]:
    """Open actions whose last progress note (or adoption) is a whole review cycle old."""
    actions = Action.objects.filter(status__in=OPEN_STATUSES, reviewed_on__lt=stale_before(today))
    return _action_rows(actions, lambda row: f"stale:{row[4].isoformat()}")


def scan_opportunity_deadline(today: dt.date) -> list[Due]:
    """Open opportunities' deadlines from today to a week ahead, once per deadline."""
    rows = deadlines_due(today)
    if not rows:
        return []
    assignees = recipients.reachable_among(row[1] for row in rows)
    editors = recipients.editors_by_bureau()
    due: list[Due] = []
    for pk, assignee, bureau, field, day in rows:
        for user_id in [assignee] if assignee in assignees else editors.get(bureau, []):
            due.append((pk, user_id, f"{field}:{day.isoformat()}"))
    return due


# ----- The kinds -----

_step = dict(
    model=ReviewEvent,
    url=lambda event: _mission_page(event.report.mission_id),
    related=("report", "report__mission", "actor"),
)
REPORT_SUBMITTED = register(
    Kind(
        code="report_submitted",
        label=_("報告送審"),
        help=_("有報告送審時通知審核人。"),
        **_step,
    )
)
REPORT_RETURNED = register(
    Kind(
        code="report_returned",
        label=_("報告退回修改"),
        help=_("報告被退回時通知撰寫人，附審核意見。"),
        **_step,
    )
)
REPORT_APPROVED = register(
    Kind(
        code="report_approved",
        label=_("報告核定"),
        help=_("報告核定時通知撰寫人。"),
        **_step,
    )
)
REPORT_PUBLISHED = register(
    Kind(
        code="report_published",
        label=_("報告公開"),
        help=_("報告公開到公開網站時通知撰寫人。"),
        **_step,
    )
)
# A trip plan's workflow steps: its notices are about the plan, one per step taken (the
# occasion names the step and the plan's version, so a plan submitted again is told again).
_plan_step = dict(
    model=TripPlan,
    url=lambda plan: reverse("plans:detail", args=[plan.mission_id]),
    related=("mission", "submitted_by", "decided_by"),
)
PLAN_SUBMITTED = register(
    Kind(
        code="plan_submitted",
        label=_("出國計畫送審"),
        help=_("有出國計畫送審時通知核定的人。"),
        **_plan_step,
    )
)
PLAN_RETURNED = register(
    Kind(
        code="plan_returned",
        label=_("出國計畫退回修正"),
        help=_("出國計畫被退回時通知擬計畫的人，附審核意見。"),
        **_plan_step,
    )
)
PLAN_APPROVED = register(
    Kind(
        code="plan_approved",
        label=_("出國計畫核定"),
        help=_("出國計畫核定時通知擬計畫的人。"),
        **_plan_step,
    )
)
REPORT_DUE = register(
    Kind(
        code="report_due",
        label=_("報告繳交期限將到"),
        help=_("繳交期限前 30 天、7 天與 1 天提醒撰寫人。"),
        model=Report,
        url=lambda report: _mission_page(report.mission_id),
        related=("mission",),
        still_due=_not_handed_in,
        extra=_countdown,
        scan=scan_report_due,
    )
)
REPORT_OVERDUE = register(
    Kind(
        code="report_overdue",
        label=_("報告逾期未繳"),
        help=_("報告逾期後每週提醒撰寫人一次。"),
        model=Report,
        url=lambda report: _mission_page(report.mission_id),
        related=("mission",),
        still_due=_not_handed_in,
        extra=_countdown,
        scan=scan_report_overdue,
    )
)
FOLLOW_UP_DUE = register(
    Kind(
        code="follow_up_due",
        label=_("後續辦理事項到期"),
        help=_("您承辦的後續辦理事項到期前一天提醒您。"),
        model=Interaction,
        url=lambda interaction: reverse("relations:person", args=[interaction.person_id]),
        related=("person", "mission"),
        still_due=lambda interaction: interaction.follow_up_open,
        scan=scan_follow_up_due,
    )
)

_action = dict(
    model=Action,
    url=lambda action: reverse("actions:detail", args=[action.pk]),
    related=("report", "owner_bureau"),
    still_due=lambda action: action.is_open,
)
ACTION_DUE = register(
    Kind(
        code="action_due",
        label=_("建議事項到期"),
        help=_("您承辦（或您局處主辦）的建議事項預定完成日期前 7 天提醒。"),
        scan=scan_action_due,
        **_action,
    )
)
ACTION_STALE = register(
    Kind(
        code="action_stale",
        label=_("建議事項待回報辦理情形"),
        help=_("執行中的建議事項超過一個檢討週期沒有辦理情形時，請承辦人填寫。"),
        scan=scan_action_stale,
        **_action,
    )
)

OPPORTUNITY_DEADLINE = register(
    Kind(
        code="opportunity_deadline",
        label=_("國際參與機會截止日將到"),
        help=_("您承辦（或您局處主辦）的國際參與機會，報名或摘要投稿截止日前 7 天提醒。"),
        model=Opportunity,
        url=lambda opportunity: reverse("opportunities:detail", args=[opportunity.pk]),
        related=("bureau", "network", "organisation"),
        still_due=lambda opportunity: opportunity.is_open,
        extra=lambda opportunity, today: {"deadlines": opportunity.deadlines_from(today)},
        scan=scan_opportunity_deadline,
    )
)

# A workflow step (its ReviewEvent's new status) → the kind of notice it sends and to whom.
PLAN_STEP_KINDS = {
    PlanStatus.SUBMITTED: (PLAN_SUBMITTED, "reviewers"),
    PlanStatus.RETURNED: (PLAN_RETURNED, "editors"),
    PlanStatus.APPROVED: (PLAN_APPROVED, "editors"),
}
STEP_KINDS = {
    ReportStatus.SUBMITTED: (REPORT_SUBMITTED, "reviewers"),
    ReportStatus.RETURNED: (REPORT_RETURNED, "editors"),
    ReportStatus.APPROVED: (REPORT_APPROVED, "editors"),
    ReportStatus.PUBLISHED: (REPORT_PUBLISHED, "editors"),
}
