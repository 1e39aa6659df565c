"""Workflow steps of reports (``reports.signals.report_moved``, sent once a step has been
committed) become notices: a submitted report to its reviewers; a returned, approved or
published one to its editors. Trip plans alike (``planning.signals.plan_moved``): a
submitted plan to the approvers, a returned or approved one to those who wrote it. Whoever
took the step is not told of it."""

import logging

from envoy.planning.signals import plan_moved
from envoy.reports.enums import ReportStatus
from envoy.reports.signals import report_moved

from . import recipients, services
from .reminders import PLAN_STEP_KINDS, STEP_KINDS

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


def on_plan_moved(sender, *, plan, user, **kwargs) -> None:
    step = PLAN_STEP_KINDS.get(plan.status)
    if step is None:
        return
    kind, who = step
    try:
        ids = recipients.reviewers() if who == "reviewers" else recipients.plan_editors(plan)
        occasion = f"{plan.status}-{plan.version}"
        actor = getattr(user, "pk", None)
        services.owe(kind, [(plan.pk, pk, occasion) for pk in ids if pk != actor])
    except Exception:
        logger.exception("The notices of trip plan %s (%s) were not written", plan.pk, plan.status)


def connect() -> None:
    report_moved.connect(on_report_moved, dispatch_uid="notices-report-moved")
    plan_moved.connect(on_plan_moved, dispatch_uid="notices-plan-moved")
