"""What the workflow panel shows: the due date and its countdown, the steps the user may
take, the review history and the mission's latest audit entries.

The panel is included by pages that only hand it ``report`` and ``user``; this tag gathers
the rest, in a fixed number of queries whatever the length of the history. The panel itself
is drawn in Python (``workflow_panel``): it is on the mission page and the report editor,
and drawn by the template engine it cost a tenth of each.
"""

import datetime as dt
from dataclasses import dataclass, field

from django import template
from django.template.defaultfilters import truncatechars
from django.template.defaulttags import CsrfTokenNode
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from envoy.core.enums import AuditAction
from envoy.core.models import AuditEntry
from envoy.core.templatetags.envoy import format_rows_html, roc_date, roc_short
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
    return list(
        AuditEntry.objects.filter(mission_id=mission_id)
        .select_related("user")
        .only(*AUDIT_FIELDS, *(f"user__{name}" for name in USER_NAME))
        .order_by("-at", "-id")[:AUDIT_ENTRIES_SHOWN]
    )


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
    """What an audit action means, in words (core.enums.AuditAction); an action no longer
    known shows as recorded."""
    return str(AuditAction(action).label) if action in AuditAction.values else action


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
    events = review_events(report.pk)
    audit = mission_audit(report.mission_id)
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


def _when(at: dt.datetime, day) -> str:
    """A moment as the panel shows it: the local date (``day``: roc_date or roc_short)
    and the time."""
    local = timezone.localtime(at)
    return f"{day(local)} {local:%H:%M}"


def _steps_html(context: template.Context, report: Report, wf: WorkflowOverview) -> str:
    if not wf.steps:
        return ""
    action = reverse("reports:workflow", args=[report.pk])
    request = context.get("request")
    back = context.get("panel_next") or (request.get_full_path() if request else "")
    csrf = CsrfTokenNode().render(context)
    typed = context.get("workflow_form")
    forms = []
    for step in wf.steps:
        comment = ""
        if step.needs_comment:
            field_id = f"workflow-comment-{report.pk}-{step.to_status}"
            kept = ""
            if typed and typed.data.get("to_status") == step.to_status:
                kept = typed.data.get("comment", "")
            comment = format_rows_html(
                '\n<label for="{id}">{label}</label>'
                '\n<textarea name="comment" id="{id}" rows="3" required>{kept}</textarea>',
                id=field_id,
                label=gettext("退回意見（必填）"),
                kept=kept,
            )
        forms.append(
            format_rows_html(
                '<form method="post" action="{action}" class="workflow-step">\n{csrf}\n'
                '<input type="hidden" name="to_status" value="{to}">\n'
                '<input type="hidden" name="next" value="{back}">{comment}\n'
                '<button type="submit" class="{style}">{label}</button>\n'
                "</form>",
                action=action,
                csrf=csrf,
                to=step.to_status,
                back=back,
                comment=comment,
                style=step.style,
                label=step.label,
            )
        )
    return format_rows_html(
        '\n<div class="workflow-steps">\n{}\n</div>', mark_safe("\n".join(forms))
    )


def _events_html(wf: WorkflowOverview) -> str:
    if not wf.events:
        return format_rows_html('<p class="muted">{}</p>', gettext("尚未送審。"))
    deleted = gettext("（已刪除的使用者）")
    items = []
    for event in wf.events:
        comment = ""
        if event.comment:
            comment = format_rows_html(
                '\n<blockquote class="review-comment">{}</blockquote>', event.comment
            )
        items.append(
            format_rows_html(
                "<li>\n<div><strong>{} → {}</strong></div>\n"
                '<div class="muted small">{} · {}</div>{}\n</li>',
                event.get_from_status_display(),
                event.get_to_status_display(),
                event.actor.display_name if event.actor else deleted,
                _when(event.at, roc_date),
                comment,
            )
        )
    return format_rows_html(
        '<ol class="timeline review-events">\n{}\n</ol>', mark_safe("\n".join(items))
    )


def _audit_html(wf: WorkflowOverview) -> str:
    if not wf.audit:
        return format_rows_html('<p class="muted">{}</p>', gettext("尚無操作紀錄。"))
    system = gettext("系統")
    items = []
    for entry in wf.audit:
        summary = ""
        if entry.summary:
            summary = format_rows_html(
                '\n<span class="audit-summary muted small">{}</span>',
                truncatechars(entry.summary, 80),
            )
        items.append(
            format_rows_html(
                '<li>\n<span class="audit-when muted small">{}</span>\n'
                '<span class="audit-who">{}</span>\n'
                '<span class="audit-what">{}</span>{}\n</li>',
                _when(entry.at, roc_short),
                entry.user.display_name if entry.user else system,
                entry.label,
                summary,
            )
        )
    return format_rows_html('<ol class="audit-entries">\n{}\n</ol>', mark_safe("\n".join(items)))


@register.simple_tag(takes_context=True)
def workflow_panel(context: template.Context, wf: WorkflowOverview) -> str:
    """The panel (reports/partials/workflow_panel.html) of ``report`` in the context: its
    status, due date, the steps the user may take (each posting back to ``panel_next``, else
    to the page it is on; ``workflow_form`` keeps a refused comment, ``workflow_error``
    says why), the review history and the latest audit entries."""
    report = context["report"]
    due = ""
    if wf.due_date:
        countdown = ""
        if wf.countdown:
            overdue = " overdue" if wf.overdue else ""
            countdown = format_rows_html(
                ' <span class="badge countdown{}">{}</span>', overdue, wf.countdown
            )
        due = format_rows_html(
            '\n<dt>{}</dt>\n<dd>{}{}\n<small class="muted help">{}</small></dd>',
            gettext("繳交期限"),
            roc_date(wf.due_date),
            countdown,
            gettext("返國次日起 3 個月內"),
        )
    error = ""
    if context.get("workflow_error"):
        error = format_rows_html(
            '\n<div class="errors workflow-error" role="alert">{}</div>',
            context["workflow_error"],
        )
    return format_rows_html(
        '<link rel="stylesheet" href="{css}">\n'
        '<section class="card workflow-panel" id="workflow-{pk}"'
        ' aria-labelledby="workflow-title-{pk}">\n'
        '<h2 id="workflow-title-{pk}">{title}</h2>\n'
        '<dl class="workflow-facts">\n'
        "<dt>{status_label}</dt>\n"
        '<dd><span class="badge {status}">{status_display}</span></dd>{due}\n'
        "</dl>{error}{steps}\n"
        "<h3>{events_title}</h3>\n{events}\n"
        "<h3>{audit_title}</h3>\n{audit}\n"
        "</section>",
        css=static("reports/workflow.css"),
        pk=report.pk,
        title=gettext("報告流程"),
        status_label=gettext("狀態"),
        status=report.status,
        status_display=report.get_status_display(),
        due=due,
        error=error,
        steps=_steps_html(context, report, wf),
        events_title=gettext("審核紀錄"),
        events=_events_html(wf),
        audit_title=gettext("最近操作紀錄"),
        audit=_audit_html(wf),
    )
