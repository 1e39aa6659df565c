"""Who may see, change and move a report through its workflow.

A report is seen by whoever may see its mission. It is changed by whoever may change the
mission while it is a draft or returned; administrators may change it at any time.
Submitting is for its editors; returning and approving for the approver roles (reviewers and
administrators unless ``ENVOY_APPROVER_ROLES`` says otherwise);
publishing (or taking back) for officers and administrators, once approved.

The review form (審核表): its self-check (自評) is filled by whoever may change the report,
while they may; its reviewer's part by whoever may return or approve it, while it is
submitted.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from envoy.core.enums import Role
from envoy.missions.permissions import can_edit_mission, is_approver, missions_for_user

from .enums import ReportStatus
from .models import Report

EDITABLE_STATUSES = {ReportStatus.DRAFT, ReportStatus.RETURNED}

# (from, to) → the roles that may take that step; editors of the mission for "submit", the
# approver roles (settings.ENVOY_APPROVER_ROLES) for returning and approving.
TRANSITIONS = {
    (ReportStatus.DRAFT, ReportStatus.SUBMITTED): "editors",
    (ReportStatus.RETURNED, ReportStatus.SUBMITTED): "editors",
    (ReportStatus.SUBMITTED, ReportStatus.RETURNED): "approvers",
    (ReportStatus.SUBMITTED, ReportStatus.APPROVED): "approvers",
    (ReportStatus.APPROVED, ReportStatus.PUBLISHED): {Role.OFFICER, Role.ADMIN},
    (ReportStatus.PUBLISHED, ReportStatus.APPROVED): {Role.OFFICER, Role.ADMIN},
}


def can_edit_report(user, report: Report) -> bool:
    if not can_edit_mission(user, report.mission):
        return False
    return user.effective_role == Role.ADMIN or report.status in EDITABLE_STATUSES


def can_move_report(user, report: Report, to_status: str) -> bool:
    allowed = TRANSITIONS.get((report.status, to_status))
    if allowed is None or not user.is_authenticated:
        return False
    if allowed == "editors":
        return can_edit_mission(user, report.mission)
    if allowed == "approvers":
        return is_approver(user)
    return user.effective_role in allowed


def can_review_report(user, report: Report) -> bool:
    """May ``user`` fill in the reviewer's part of the review form now: whoever may return
    or approve the report."""
    return can_move_report(user, report, ReportStatus.APPROVED)


def next_statuses(user, report: Report) -> list[str]:
    """The workflow steps ``user`` may take from the report's current status."""
    return [
        to
        for (frm, to) in TRANSITIONS
        if frm == report.status and can_move_report(user, report, to)
    ]


def get_report_for_user(user, pk: int, *, write: bool = False) -> Report:
    """The report ``pk`` if its mission is visible to ``user`` (else 404); with ``write``,
    403 unless they may change it now."""
    try:
        report = Report.objects.select_related("mission", "mission__bureau").get(
            pk=pk, mission__in=missions_for_user(user)
        )
    except Report.DoesNotExist:
        raise Http404 from None
    if write and not can_edit_report(user, report):
        raise PermissionDenied
    return report
