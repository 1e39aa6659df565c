"""What the workflow panel shows: the due date and its countdown, the steps the user may
take, the review history and the mission's latest audit entries.

The panel is included by pages that only hand it ``report`` and ``user``; this tag gathers
the rest, in a fixed number of queries whatever the length of the history.
"""

import datetime as dt
from dataclasses import dataclass, field

from django import template
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from envoy.core.models import AuditEntry
from envoy.reports.enums import ReportStatus
from envoy.reports.models import Report, ReviewEvent
from envoy.reports.permissions import next_statuses

register = template.Library()

# How many of the mission's audit entries the panel lists, newest first.
AUDIT_ENTRIES_SHOWN = 10
# What the panel shows of a review event, an audit entry and a user (User.display_name).
EVENT_FIELDS = ["report", "at", "actor", "from_status", "to_status", "comment"]
AUDIT_FIELDS = ["at", "user", "action", "summary", "mission_id"]
USER_NAME = ["username", "first_name", "last_name"]
# Once approved, the report has been handed in: no countdown any more.
HANDED_IN = {ReportStatus.APPROVED, ReportStatus.PUBLISHED}

# The button of each step, by (from, to).
STEP_LABELS = {
    (ReportStatus.DRAFT, ReportStatus.SUBMITTED): _("送審"),
    (ReportStatus.RETURNED, ReportStatus.SUBMITTED): _("重新送審"),
    (ReportStatus.SUBMITTED, ReportStatus.RETURNED): _("退回修改"),
    (ReportStatus.SUBMITTED, ReportStatus.APPROVED): _("核定"),
    (ReportStatus.APPROVED, ReportStatus.PUBLISHED): _("公開"),
    (ReportStatus.PUBLISHED, ReportStatus.APPROVED): _("撤回公開"),
}

# What each audit action means, in words; an unknown action shows as recorded.
ACTION_LABELS = {
    "report.imported": _("匯入報告"),
    "report.metadata_updated": _("修改報告資料"),
    "report.submitted": _("送審"),
    "report.returned": _("退回修改"),
    "report.approved": _("核定"),
    "report.published": _("公開"),
    "report.unpublished": _("撤回公開"),
    "chapter.added": _("新增章"),
    "chapter.renamed": _("修改章名"),
    "chapter.removed": _("刪除章"),
    "chapter.moved": _("調整章的順序"),
    "block.added": _("新增內文"),
    "block.updated": _("修改內文"),
    "block.removed": _("刪除內文"),
    "block.moved": _("調整內文順序"),
}


@dataclass
class Step:
    to_status: str
    label: str
    needs_comment: bool
    style: str


@dataclass
class WorkflowOverview:
    due_date: dt.date | None
    countdown: str
    overdue: bool
    steps: list[Step] = field(default_factory=list)
    events: list[ReviewEvent] = field(default_factory=list)
    audit: list[AuditEntry] = field(default_factory=list)


def due_countdown(report: Report, *, today: dt.date | None = None) -> tuple[str, bool]:
    """("還有 N 天" | "今天到期" | "逾期 N 天", overdue) until the report is due; ("", False)
    once it is approved or published, or when the mission has no return date."""
    due = report.due_date
    if due is None or report.status in HANDED_IN:
        return "", False
    days = (due - (today or timezone.localdate())).days
    if days > 0:
        return ngettext("還有 %(n)d 天", "還有 %(n)d 天", days) % {"n": days}, False
    if days == 0:
        return str(_("今天到期")), False
    return ngettext("逾期 %(n)d 天", "逾期 %(n)d 天", -days) % {"n": -days}, True


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def workflow_overview(report: Report, user, *, today: dt.date | None = None) -> WorkflowOverview:
    countdown, overdue = due_countdown(report, today=today)
    steps = [
        Step(
            to_status=to,
            label=str(STEP_LABELS[(report.status, to)]),
            needs_comment=to == ReportStatus.RETURNED,
            style="danger" if to == ReportStatus.RETURNED else "primary",
        )
        for to in next_statuses(user, report)
    ]
    # Only what the panel shows: a user's whole row (the password hash…) costs a third of
    # these queries' time for each one.
    events = list(
        report.review_events.select_related("actor")
        .only(*EVENT_FIELDS, *(f"actor__{name}" for name in USER_NAME))
        .order_by("at", "id")
    )
    audit = list(
        AuditEntry.objects.filter(mission_id=report.mission_id)
        .select_related("user")
        .only(*AUDIT_FIELDS, *(f"user__{name}" for name in USER_NAME))
        .order_by("-at", "-id")[:AUDIT_ENTRIES_SHOWN]
    )
    for entry in audit:
        entry.label = action_label(entry.action)
    return WorkflowOverview(
        due_date=report.due_date,
        countdown=countdown,
        overdue=overdue,
        steps=steps,
        events=events,
        audit=audit,
    )


@register.simple_tag
def report_workflow(report: Report, user, today=None) -> WorkflowOverview:
    """``{% report_workflow report user today as wf %}``; ``today`` may be left out of the
    page's context (it is then the local date)."""
    return workflow_overview(report, user, today=today if isinstance(today, dt.date) else None)
