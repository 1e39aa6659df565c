"""The report's workflow: submit, return with comments, approve, publish (and take back).

GET shows the report's workflow panel on a page of its own; POST takes one step and goes
back to the page it came from. Who may take which step is decided in ``permissions.py``
and enforced by ``services.move_report``: a step the user may not take answers 403, a step
that does not exist from the current status 409, a missing comment or missing field 422,
each with the panel and the comment as typed.

The review form (審核表) is filled on the same page: the traveller's self-check by whoever
may change the report, the reviewer's part by whoever may return or approve it. Each part is
saved in place (htmx answers with the form's section) and optimistic-locked on the form's
``version``: a save that started before someone else's answers 409 with what was typed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from envoy.core.lib.locking import EditConflict

from .. import queries, services
from ..enums import ReportStatus
from ..forms import ReviewerForm, SelfCheckForm, WorkflowForm
from ..permissions import can_edit_report, can_review_report, get_report_for_user, next_statuses
from ..review import review_panels

PAGE = "reports/edit_workflow.html"
REVIEW_PARTIAL = "reports/partials/review_form.html"


def _next_url(request, report) -> str:
    """Where to go after a step: the page the panel was on, if it is one of ours."""
    url = request.POST.get("next", "")
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return reverse("reports:workflow", args=[report.pk])


@login_required
@require_http_methods(["GET", "POST"])
def move(request, pk):
    report = get_report_for_user(request.user, pk)
    status, error, form = 200, "", None
    if request.method == "POST":
        if not next_statuses(request.user, report):
            # Nothing this user may do to the report now: refused before the form is read.
            raise PermissionDenied
        form = WorkflowForm(request.POST)
        if not form.is_valid():
            status, error = 400, _("不明的流程步驟。")
        else:
            to_status = form.cleaned_data["to_status"]
            try:
                services.move_report(
                    user=request.user,
                    report=report,
                    to_status=to_status,
                    comment=form.cleaned_data["comment"],
                    reasons=form.reasons_given(),
                )
            except services.InvalidTransition as refused:
                status, error = 409, refused.message
            except ValidationError as invalid:
                status, error = 422, " ".join(invalid.messages)
            else:
                messages.success(
                    request,
                    _("報告已改為「%s」。") % ReportStatus(to_status).label,
                )
                return redirect(_next_url(request, report))
    context = page_context(request, report, workflow_form=form, workflow_error=error)
    return render(request, PAGE, context, status=status)


def page_context(request, report, *, self_form=None, reviewer_form=None, **extra) -> dict:
    """The workflow page's context: the panel, and the review form's parts the user may
    fill (``self_form``, ``reviewer_form`` as typed when a save was refused)."""
    workflow = queries.workflow_overview(report, request.user)
    if workflow.can_self_check and self_form is None:
        self_form = SelfCheckForm.for_form(workflow.form, checks=workflow.checks)
    if workflow.can_review and reviewer_form is None:
        reviewer_form = ReviewerForm.for_form(
            workflow.form,
            checks=workflow.checks,
            title=queries.last_reviewer_title(request.user),
        )
    return {
        "report": report,
        "mission": report.mission,
        "can_edit": can_edit_report(request.user, report),
        "workflow": workflow,
        "sheet": workflow.sheet,
        "self_form": self_form if workflow.can_self_check else None,
        "reviewer_form": reviewer_form if workflow.can_review else None,
        "review_panels": review_panels(report),
        **extra,
    }


def _review_response(request, report, *, status=200, **extra):
    """After a save of the review form: htmx gets the form's section again; a plain form
    the page (refused) or a redirect to it (saved)."""
    context = page_context(request, report, **extra)
    if request.htmx:
        return render(request, REVIEW_PARTIAL, context, status=status)
    if status == 200:
        return redirect(reverse("reports:workflow", args=[report.pk]) + "#review-form")
    return render(request, PAGE, context, status=status)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@login_required
@require_POST
def self_check(request, pk):
    """Save the traveller's self-check (出國人員自評)."""
    report = get_report_for_user(request.user, pk)
    if not can_edit_report(request.user, report):
        raise PermissionDenied
    form = SelfCheckForm(request.POST)
    if not form.is_valid():
        return _review_response(request, report, status=422, self_form=form)
    try:
        services.save_self_check(
            user=request.user,
            report=report,
            data=form.values(),
            expected_version=form.cleaned_data["version"],
        )
    except EditConflict as conflict:
        return _review_response(
            request, report, status=409, self_form=form, review_conflict=conflict.message
        )
    if not request.htmx:
        messages.success(request, _("審核表自評已儲存。"))
    return _review_response(request, report, review_saved=_("審核表自評已儲存。"))


@login_required
@require_POST
def review(request, pk):
    """Save the reviewer's part of the review form (審核意見)."""
    report = get_report_for_user(request.user, pk)
    if not can_review_report(request.user, report):
        raise PermissionDenied
    form = ReviewerForm(request.POST)
    if not form.is_valid():
        return _review_response(request, report, status=422, reviewer_form=form)
    try:
        services.save_review(
            user=request.user,
            report=report,
            data=form.values(),
            expected_version=form.cleaned_data["version"],
        )
    except EditConflict as conflict:
        return _review_response(
            request, report, status=409, reviewer_form=form, review_conflict=conflict.message
        )
    except ValidationError as invalid:
        _add_errors(form, invalid)
        return _review_response(request, report, status=422, reviewer_form=form)
    if not request.htmx:
        messages.success(request, _("審核意見已儲存。"))
    return _review_response(request, report, review_saved=_("審核意見已儲存。"))


urlpatterns = [
    path("<int:pk>/workflow/", move, name="workflow"),
    path("<int:pk>/review-form/self-check/", self_check, name="review_self_check"),
    path("<int:pk>/review-form/review/", review, name="review_reviewer"),
]
