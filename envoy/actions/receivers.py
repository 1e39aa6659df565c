"""The actions app listens to the reports it follows through."""

from envoy.reports.enums import ReportStatus
from envoy.reports.signals import report_moved


def _propose_on_submission(sender, report, event, user, **kwargs) -> None:
    from .services import propose_actions

    if event.to_status == ReportStatus.SUBMITTED:
        propose_actions(report=report, user=user)


def connect() -> None:
    report_moved.connect(_propose_on_submission, dispatch_uid="actions-propose-on-submission")
