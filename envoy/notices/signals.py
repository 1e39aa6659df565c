"""Workflow steps of reports (``reports.signals.report_moved``, sent once a step has been
committed) become notices: a submitted report to its reviewers; a returned, approved or
published one to its editors. Whoever took the step is not told of it."""

import logging

from envoy.reports.enums import ReportStatus
from envoy.reports.signals import report_moved

from . import recipients, services
from .reminders import STEP_KINDS

logger = logging.getLogger(__name__)


def on_report_moved(sender, *, report, event, user, **kwargs) -> None:
    step = STEP_KINDS.get(event.to_status)
    # Taking a publication back (published → approved) approves nothing.
    if step is None or event.from_status == ReportStatus.PUBLISHED:
        return
    kind, who = step
    # The step is already committed: a failure here must not turn it into an error page.
    try:
        ids = recipients.reviewers() if who == "reviewers" else recipients.report_editors(report)
        services.notify_step(
            kind=kind, event=event, recipient_ids=ids, actor_id=getattr(user, "pk", None)
        )
    except Exception:
        logger.exception(
            "The notices of workflow step %s (report %s) were not written", event.pk, report.pk
        )


def connect() -> None:
    report_moved.connect(on_report_moved, dispatch_uid="notices-report-moved")
