"""The look-ups the mission page and the report editor make on every request.

A report's blocks and photos are read in one query each for the whole report, ordered
without their parent tables, and grouped by the caller. The workflow panel's history is read
in a fixed number of queries whatever its length.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from envoy.core.enums import AuditAction
from envoy.core.models import AuditEntry

from .checks import Checks, run_checks
from .enums import ReportStatus, ReturnReason
from .models import Block, Chapter, Countdown, Photo, Report, ReviewEvent, ReviewForm
from .permissions import can_edit_report, can_review_report, next_statuses
from .review import ReviewSheet, first_submission, review_sheet


def report_of_mission(mission_id: int) -> Report | None:
    return Report.objects.filter(mission_id=mission_id).first()


def chapters(report_id: int) -> list[Chapter]:
    return list(Chapter.objects.filter(report_id=report_id).order_by("number"))


def blocks(report_id: int) -> list[Block]:
    return list(Block.objects.filter(chapter__report_id=report_id).order_by("position", "id"))


def photos(report_id: int) -> list[Photo]:
    return list(
        Photo.objects.filter(figure_group__chapter__report_id=report_id).order_by("position", "id")
    )


# ----- The workflow panel -----

# How many of the mission's audit entries the panel lists, newest first.
AUDIT_ENTRIES_SHOWN = 10
# What the panel shows of a review event, an audit entry and a user (User.display_name).
EVENT_FIELDS = ["report", "at", "actor", "from_status", "to_status", "comment", "reasons"]
AUDIT_FIELDS = ["at", "user", "action", "summary", "mission_id"]
USER_NAME = ["username", "first_name", "last_name", "name_en"]


# Only what the panel shows: a user's whole row (the password hash…) costs a third of these
# queries' time for each one.
def review_events(report_id: int) -> list[ReviewEvent]:
    return list(
        ReviewEvent.objects.filter(report_id=report_id)
        .select_related("actor")
        .only(*EVENT_FIELDS, *(f"actor__{name}" for name in USER_NAME))
        .order_by("at", "id")
    )


def mission_audit(mission_id: int) -> list[AuditEntry]:
    """The mission's latest audit entries, each with its ``label`` (what it means, in words)."""
    entries = list(
        AuditEntry.objects.filter(mission_id=mission_id)
        .select_related("user")
        .only(*AUDIT_FIELDS, *(f"user__{name}" for name in USER_NAME))
        .order_by("-at", "-id")[:AUDIT_ENTRIES_SHOWN]
    )
    for entry in entries:
        entry.label = action_label(entry.action)
    return entries


def action_label(action: str) -> str:
    """What an audit action means, in words (core.enums.AuditAction); an action no longer
    known shows as recorded."""
    return str(AuditAction(action).label) if action in AuditAction.values else action


# The button of each step, by (from, to).
STEP_LABELS = {
    (ReportStatus.DRAFT, ReportStatus.SUBMITTED): _("送審"),
    (ReportStatus.RETURNED, ReportStatus.SUBMITTED): _("重新送審"),
    (ReportStatus.SUBMITTED, ReportStatus.RETURNED): _("退回修改"),
    (ReportStatus.SUBMITTED, ReportStatus.APPROVED): _("核定"),
    (ReportStatus.APPROVED, ReportStatus.PUBLISHED): _("公開"),
    (ReportStatus.PUBLISHED, ReportStatus.APPROVED): _("撤回公開"),
}
# What a step does and who is told of it, asked before it is taken (a returned report needs
# a comment or a reason instead). Who is told follows notices.signals: a submitted report
# its reviewers; an approved or published one the mission's bureau editors and submitter.
STEP_QUESTIONS = {
    ReportStatus.SUBMITTED: _(
        "送審後報告交由審核人審核，審核人會收到通知；核定或退回前不能再修改。確定要送審嗎？"
    ),
    ReportStatus.APPROVED: _(
        "核定後報告視為已繳交，不能再修改；之後可以公開。主責局處的編輯與送審人會收到通知。確定要核定嗎？"
    ),
    ReportStatus.PUBLISHED: _(
        "公開後，報告（限閱段落除外）會出現在不需登入的公開網站，任何人都能閱讀並下載 PDF；"
        "主責局處的編輯與送審人會收到通知。確定要公開嗎？"
    ),
}


@dataclass
class Step:
    to_status: str
    label: str
    needs_comment: bool
    style: str
    question: str = ""


@dataclass
class WorkflowOverview:
    """What the workflow panel (reports/partials/workflow_panel.html) shows of a report."""

    countdown: Countdown | None
    steps: list[Step] = field(default_factory=list)
    events: list[ReviewEvent] = field(default_factory=list)
    audit: list[AuditEntry] = field(default_factory=list)
    # What the system checked before submission (checks.py), and whether ``user`` may
    # follow the links to fix it (the editing page).
    checks: Checks | None = None
    show_checks: bool = False  # while the report is being written or reviewed
    can_fix: bool = False
    # The review form (審核表): as stored (a blank one when nobody has filled it), as shown.
    form: ReviewForm | None = None
    sheet: ReviewSheet | None = None
    can_self_check: bool = False
    can_review: bool = False
    # The return reasons ticked on the form, for the return step's boxes.
    return_reasons: list[str] = field(default_factory=list)
    reason_choices: list = field(default_factory=lambda: list(ReturnReason.choices))


def review_form(report: Report) -> ReviewForm:
    """The report's review form with its reviewer; a blank one (unsaved) when none is stored."""
    found = ReviewForm.objects.select_related("reviewed_by").filter(report=report).first()
    return found or ReviewForm(report=report)


def last_reviewer_title(user) -> str:
    """The 職稱 ``user`` last typed on a review form: a reviewer's next form starts from it."""
    title = (
        ReviewForm.objects.filter(reviewed_by=user)
        .exclude(reviewer_title="")
        .order_by("-reviewed_at")
        .values_list("reviewer_title", flat=True)
        .first()
    )
    return title or ""


def workflow_overview(report: Report, user, *, today: dt.date | None = None) -> WorkflowOverview:
    """The countdown to the due date (from ``today``, else the local date), the steps
    ``user`` may take, the review history, the mission's latest audit entries, the checks
    and the review form: seven queries whatever the report's length and history."""
    steps = [
        Step(
            to_status=to,
            label=str(STEP_LABELS[(report.status, to)]),
            needs_comment=to == ReportStatus.RETURNED,
            style="danger" if to == ReportStatus.RETURNED else "primary",
            question=str(STEP_QUESTIONS.get(to, "")),
        )
        for to in next_statuses(user, report)
    ]
    events = review_events(report.pk)
    form = review_form(report)
    checks = run_checks(report, today=today, submitted_on=first_submission(events))
    return WorkflowOverview(
        countdown=report.countdown(today),
        steps=steps,
        events=events,
        audit=mission_audit(report.mission_id),
        checks=checks,
        show_checks=report.status
        in (ReportStatus.DRAFT, ReportStatus.RETURNED, ReportStatus.SUBMITTED),
        can_fix=can_edit_report(user, report),
        form=form,
        sheet=review_sheet(report, form=form, events=events, checks=checks),
        can_self_check=can_edit_report(user, report),
        can_review=can_review_report(user, report),
        return_reasons=list(form.return_reasons),
    )
