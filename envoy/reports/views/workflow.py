"""The report's workflow: submit, return with comments, approve, publish (and take back).

GET shows the report's workflow panel on a page of its own; POST takes one step and goes
back to the page it came from. Who may take which step is decided in ``permissions.py``
and enforced by ``services.move_report``: a step the user may not take answers 403, a step
that does not exist from the current status 409, a missing comment or missing field 422,
each with the panel and the comment as typed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import queries, services
from ..enums import ReportStatus
from ..forms import WorkflowForm
from ..permissions import can_edit_report, get_report_for_user, next_statuses


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
    context = {
        "report": report,
        "mission": report.mission,
        "can_edit": can_edit_report(request.user, report),
        "workflow": queries.workflow_overview(report, request.user),
        "workflow_form": form,
        "workflow_error": error,
    }
    return render(request, "reports/edit_workflow.html", context, status=status)


urlpatterns = [path("<int:pk>/workflow/", move, name="workflow")]
