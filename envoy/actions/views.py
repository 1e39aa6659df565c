"""The pages of follow-through: the tracking table (and its downloads), a report's actions
with the proposals to settle, and one action with its progress notes.

Settling a proposal and adding a progress note post normally and come back to the page;
with htmx a settled row answers with itself (422 with the form as typed when a check fails,
409 when someone saved it first)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from envoy.core.lib.locking import EditConflict
from envoy.reports.models import Report
from envoy.reports.permissions import get_report_for_user

from . import exporting, queries, services
from .enums import OPEN_STATUSES, ActionStatus
from .forms import ActionFilterForm, ProgressForm, SettleActionForm
from .models import ProgressNote
from .permissions import (
    can_keep_progress,
    can_settle_actions,
    get_action_for_user,
)

PER_PAGE = 50
# An action takes progress notes once adopted (and still when done, to add evidence).
PROGRESS_STATUSES = {*OPEN_STATUSES, ActionStatus.DONE}


def _filters(request) -> tuple[ActionFilterForm, queries.TableFilters]:
    years = queries.action_years(request.user)
    form = ActionFilterForm(request.GET or None, years=years)
    filters = queries.TableFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = queries.TableFilters(
            bureau=data["bureau"].pk if data["bureau"] else None,
            status=data["status"],
            kind=data["kind"],
            year=data["year"],
            city=data["city"].pk if data["city"] else None,
            network=data["network"].pk if data["network"] else None,
        )
    return form, filters


@login_required
@require_safe
def table(request):
    form, filters = _filters(request)
    page = Paginator(queries.tracking_rows(request.user, filters), PER_PAGE).get_page(
        request.GET.get("page")
    )
    today = timezone.localdate()
    notes = queries.latest_notes(list(page.object_list))
    for action in page.object_list:
        action.stale = queries.is_stale(action, today)
        action.latest_note = notes.get(action.pk)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "actions/table.html",
        {
            "form": form,
            "page": page,
            "rows": page.object_list,
            "query": query.urlencode(),
            "filtered": any(request.GET.get(name) for name in ActionFilterForm.base_fields),
            "today": today,
            "formats": exporting.FORMATS,
        },
    )


@login_required
@require_safe
def export(request, fmt: str):
    if fmt not in exporting.FORMATS:
        raise Http404
    _form, filters = _filters(request)
    rows = list(queries.tracking_rows(request.user, filters))
    content = exporting.export(rows, fmt, today=timezone.localdate())
    response = HttpResponse(content, content_type=exporting.FORMATS[fmt])
    name = f"建議事項採行情形追蹤表-{timezone.localdate():%Y%m%d}.{fmt}"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def _report_context(request, report: Report, forms: dict | None = None) -> dict:
    actions = queries.report_actions(report.pk)
    settle = can_settle_actions(request.user, report)
    forms = forms or {}
    for action in actions:
        action.form = forms.get(action.pk) or (
            SettleActionForm(instance=action) if settle else None
        )
        action.stale = queries.is_stale(action)
    return {
        "report": report,
        "mission": report.mission,
        "actions": actions,
        "can_settle": settle,
    }


@login_required
@require_safe
def report_actions(request, pk):
    report = get_report_for_user(request.user, pk)
    return render(request, "actions/report.html", _report_context(request, report))


@login_required
@require_POST
def propose(request, pk):
    report = get_report_for_user(request.user, pk)
    if not can_settle_actions(request.user, report):
        raise PermissionDenied
    added = services.propose_actions(report=report, user=request.user)
    messages.success(
        request, _("已由報告提出 %(count)d 項待確認的追蹤事項。") % {"count": len(added)}
    )
    return redirect("actions:report", pk=report.pk)


@login_required
@require_POST
def settle(request, pk):
    action = get_action_for_user(request.user, pk)
    if not can_settle_actions(request.user, action.report):
        raise PermissionDenied
    form = SettleActionForm(request.POST, instance=get_action_for_user(request.user, pk))
    status, conflict = 200, ""
    if form.is_valid():
        try:
            services.settle_action(
                user=request.user,
                action=action,
                data=form.cleaned_data,
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            status = 422
        except EditConflict as error:
            conflict, status = str(error.message), 409
    else:
        status = 422
    if not request.htmx:
        if status == 200:
            messages.success(request, _("已儲存追蹤事項。"))
            return redirect(reverse("actions:report", args=[action.report_id]) + f"#action-{pk}")
        context = _report_context(request, action.report, {action.pk: form})
        context["conflict"] = conflict
        return render(request, "actions/report.html", context, status=status)
    action = get_action_for_user(request.user, pk) if status == 200 else action
    action.form = SettleActionForm(instance=action) if status == 200 else form
    action.stale = queries.is_stale(action)
    return render(
        request,
        "actions/partials/action_row.html#row",
        {"action": action, "can_settle": True, "saved": status == 200, "conflict": conflict},
        status=status,
    )


def _detail(request, action, form: ProgressForm | None = None, status: int = 200):
    keep = can_keep_progress(request.user, action) and action.status in PROGRESS_STATUSES
    if keep and form is None:
        form = ProgressForm(initial={"date": timezone.localdate()})
    return render(
        request,
        "actions/detail.html",
        {
            "action": action,
            "notes": list(action.notes.select_related("author")),
            "form": form if keep else None,
            "stale": queries.is_stale(action),
            "can_settle": can_settle_actions(request.user, action.report),
        },
        status=status,
    )


@login_required
@require_safe
def detail(request, pk):
    return _detail(request, get_action_for_user(request.user, pk))


@login_required
@require_POST
def progress(request, pk):
    action = get_action_for_user(request.user, pk)
    if not can_keep_progress(request.user, action):
        raise PermissionDenied
    form = ProgressForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_progress(
                user=request.user,
                action=action,
                date=form.cleaned_data["date"],
                text=form.cleaned_data["text"],
                evidence=form.cleaned_data["evidence"],
                status=form.cleaned_data["status"] or None,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已記錄辦理情形。"))
            return redirect("actions:detail", pk=pk)
    return _detail(request, action, form=form, status=422)


@login_required
@require_safe
def evidence(request, pk):
    note = get_object_or_404(ProgressNote, pk=pk)
    get_action_for_user(request.user, note.action_id)
    if not note.evidence:
        raise Http404
    try:
        handle = note.evidence.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=note.evidence_name or "evidence",
        content_type="application/octet-stream",
    )


app_name = "actions"
urlpatterns = [
    path("", table, name="table"),
    path("export.<str:fmt>", export, name="export"),
    path("report/<int:pk>/", report_actions, name="report"),
    path("report/<int:pk>/propose/", propose, name="propose"),
    path("<int:pk>/", detail, name="detail"),
    path("<int:pk>/settle/", settle, name="settle"),
    path("<int:pk>/progress/", progress, name="progress"),
    path("notes/<int:pk>/evidence", evidence, name="evidence"),
]
