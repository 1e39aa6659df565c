"""The actions app listens to the reports it follows through, and tells the relations pages
(a city, a network, a briefing pack) what became of their missions' recommendations."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from envoy.core.lib.rocdates import format_roc_short
from envoy.relations.panels import Panel, panels_requested
from envoy.reports.enums import ReportStatus
from envoy.reports.signals import report_moved

from .enums import OPEN_STATUSES, ActionStatus

# Rows a panel shows at most; the tracking table has the rest.
PANEL_ROWS = 30


def _propose_on_submission(sender, report, event, user, **kwargs) -> None:
    from .services import propose_actions

    if event.to_status == ReportStatus.SUBMITTED:
        propose_actions(report=report, user=user)


def _panel(sender, user, mission_ids, **kwargs) -> Panel | None:
    """The settled actions of the reports of ``mission_ids`` that ``user`` may see."""
    from .permissions import actions_for_user

    actions = list(
        actions_for_user(user)
        .filter(report__mission_id__in=mission_ids)
        .exclude(status=ActionStatus.PROPOSED)
        .select_related("report", "owner_bureau")
        .order_by("-report__mission__start_date", "position", "id")[:PANEL_ROWS]
    )
    if not actions:
        return None
    today = timezone.localdate()
    return Panel(
        heading=_("過去建議的執行情形"),
        columns=[_("事項"), _("報告"), _("主辦局處"), _("預定完成"), _("採行情形")],
        rows=[
            [
                action.text,
                action.report.title,
                str(action.owner_bureau or ""),
                format_roc_short(action.due_date) if action.due_date else "",
                action.get_status_display(),
            ]
            for action in actions
        ],
        links=[reverse("actions:detail", args=[action.pk]) for action in actions],
        flags=[
            action.status in OPEN_STATUSES and bool(action.due_date and action.due_date < today)
            for action in actions
        ],
    )


def connect() -> None:
    report_moved.connect(_propose_on_submission, dispatch_uid="actions-propose-on-submission")
    panels_requested.connect(_panel, dispatch_uid="actions-panel")
