"""The pages of the trip plan (出國計畫): the plans a user may see, a new plan, one plan —
what it says, its budget, its travellers and itinerary (edited on the mission's pages), its
workflow — and the plan document printed as PDF, ODT or DOCX."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Subquery, Sum, prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from envoy.core.lib.locking import EditConflict
from envoy.missions.permissions import can_create_mission, is_approver, missions_for_user

from . import plans, printing
from .enums import PlanStatus
from .forms import BudgetFormSet, DecisionForm, NewPlanForm, PlanForm
from .models import BudgetLine, TripPlan

app_name = "plans"


def _plan_for_user(user, pk: int) -> TripPlan:
    """The plan of mission ``pk`` if ``user`` may see the mission (404 otherwise)."""
    plan = (
        TripPlan.objects.select_related("mission", "mission__bureau", "submitted_by", "decided_by")
        .filter(mission__in=missions_for_user(user), mission_id=pk)
        .first()
    )
    if plan is None:
        raise Http404
    return plan


# A plan's budget total, summed apart from the travellers' join (which would repeat each line).
_budget_total = (
    BudgetLine.objects.filter(plan=OuterRef("pk"))
    .values("plan")
    .annotate(total=Sum("amount_twd"))
    .values("total")
)


@login_required
def plan_list(request):
    """The plans the user may see, those waiting for a decision first."""
    status = request.GET.get("status", "")
    rows = (
        TripPlan.objects.filter(mission__in=missions_for_user(request.user))
        .select_related("mission", "mission__bureau")
        .annotate(travellers=Count("mission__members", distinct=True))
        .annotate(total_twd=Subquery(_budget_total))
        .order_by("-mission__start_date", "-id")
    )
    if status in PlanStatus.values:
        rows = rows.filter(status=status)
    return render(
        request,
        "planning/plans/list.html",
        {
            "plans": rows[:200],
            "status": status,
            "statuses": PlanStatus.choices,
            "can_create": can_create_mission(request.user),
            "is_approver": is_approver(request.user),
        },
    )


@login_required
def plan_create(request):
    if not can_create_mission(request.user):
        raise PermissionDenied
    form = NewPlanForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            plan = plans.create_plan(
                user=request.user,
                mission_fields=form.mission_fields(),
                plan_fields=form.plan_fields(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("已建立出國計畫。請補上出國人員、預定行程與經費概算，再送審。")
            )
            return redirect("plans:detail", plan.mission_id)
    return render(request, "planning/plans/create.html", {"form": form}, status=_status(form))


def _status(form) -> int:
    return 422 if form.is_bound and form.errors else 200


def _budget_rows(plan: TripPlan) -> list[dict]:
    return [
        {
            "id": line.pk,
            "kind": line.kind,
            "description": line.description,
            "amount_twd": line.amount_twd,
            "actual_twd": line.actual_twd,
        }
        for line in plan.budget_lines.all()
    ]


def _page(request, plan: TripPlan, *, status=200, **forms):
    user = request.user
    mission = plan.mission
    # Read once: the page's lists and the comparison's snapshot of the plan share them.
    prefetch_related_objects([plan], "mission__members", "budget_lines")
    can_edit = plans.can_edit_plan(user, plan)
    lines = list(plan.budget_lines.all())
    context = {
        "plan": plan,
        "mission": mission,
        "travellers": list(mission.members.all()),
        "days": list(mission.days.all()),
        "lines": lines,
        "total_twd": sum(line.amount_twd for line in lines),
        "can_edit": can_edit,
        "can_submit": plans.can_submit_plan(user, plan),
        "can_decide": plans.can_decide_plan(user, plan),
        "can_record_actuals": plans.can_record_actuals(user, plan),
        "missing": plans.missing_for_submission(plan) if can_edit else [],
        "comparison": plans.comparison(plan),
        "plan_form": forms.get("plan_form")
        or PlanForm(initial={**_plan_initial(plan), "version": plan.version}, prefix="plan"),
        "budget": forms.get("budget")
        or BudgetFormSet(
            initial=_budget_rows(plan), prefix="budget", form_kwargs={"empty_permitted": True}
        ),
        "decision_form": forms.get("decision_form")
        or DecisionForm(initial={"version": plan.version}, prefix="decision"),
        "error": forms.get("error"),
    }
    return render(request, "planning/plans/detail.html", context, status=status)


def _plan_initial(plan: TripPlan) -> dict:
    return {name: getattr(plan, name) for name in plans.PLAN_FIELDS}


@login_required
def plan_detail(request, pk):
    plan = _plan_for_user(request.user, pk)
    if request.method != "POST":
        return _page(request, plan)
    try:
        if "save_plan" in request.POST:
            form = PlanForm(request.POST, prefix="plan")
            if not form.is_valid():
                return _page(request, plan, status=422, plan_form=form)
            plans.update_plan(
                user=request.user,
                plan=plan,
                data=form.cleaned_data,
                expected_version=form.cleaned_data["version"],
            )
            messages.success(request, _("出國計畫已儲存。"))
        elif "save_budget" in request.POST or "fill_per_diem" in request.POST:
            budget = BudgetFormSet(
                request.POST, prefix="budget", form_kwargs={"empty_permitted": True}
            )
            if not budget.is_valid():
                return _page(request, plan, status=422, budget=budget)
            rows = [
                f.cleaned_data
                for f in budget.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
            if "fill_per_diem" in request.POST:
                rows = _with_per_diem(plan, rows)
                if rows is None:
                    messages.error(
                        request,
                        _(
                            "無法試算生活費：請先確認出國期間、前往地點與出國前一日的匯率（生活費試算頁）。"
                        ),
                    )
                    return redirect("plans:detail", plan.mission_id)
            plans.save_budget(
                user=request.user,
                plan=plan,
                rows=rows,
                expected_version=int(request.POST.get("version", 0)),
            )
            messages.success(request, _("經費概算已儲存。"))
        else:
            raise BadRequest
    except EditConflict as conflict:
        return _page(request, plan, status=409, error=conflict.message)
    return redirect("plans:detail", plan.mission_id)


def _with_per_diem(plan: TripPlan, rows: list[dict]) -> list[dict] | None:
    """``rows`` with the 生活費 line set to the per-diem page's figure (added if missing)."""
    amount = plans.per_diem_estimate(plan)
    if amount is None:
        return None
    description = _("依生活費試算（%(n)d 人）") % {"n": max(plan.mission.members.count(), 1)}
    for row in rows:
        if row["kind"] == "per_diem":
            row.update(amount_twd=amount, description=row["description"] or description)
            return rows
    return [*rows, {"kind": "per_diem", "description": description, "amount_twd": amount}]


@login_required
@require_POST
def plan_submit(request, pk):
    plan = _plan_for_user(request.user, pk)
    if not plans.can_submit_plan(request.user, plan):
        raise PermissionDenied
    try:
        plans.submit_plan(
            user=request.user, plan=plan, expected_version=int(request.POST.get("version", 0))
        )
    except ValidationError as error:
        return _page(request, plan, status=422, error=" ".join(error.messages))
    except EditConflict as conflict:
        return _page(request, plan, status=409, error=conflict.message)
    messages.success(request, _("出國計畫已送審。"))
    return redirect("plans:detail", plan.mission_id)


@login_required
@require_POST
def plan_decide(request, pk):
    plan = _plan_for_user(request.user, pk)
    if not plans.can_decide_plan(request.user, plan):
        raise PermissionDenied
    form = DecisionForm(request.POST, prefix="decision")
    if not form.is_valid():
        return _page(request, plan, status=422, decision_form=form)
    approve = form.cleaned_data["decision"] == "approve"
    try:
        plans.decide_plan(
            user=request.user,
            plan=plan,
            approve=approve,
            comment=form.cleaned_data["comment"],
            expected_version=form.cleaned_data["version"],
        )
    except ValidationError as error:
        form.add_error("comment", error)
        return _page(request, plan, status=422, decision_form=form)
    except EditConflict as conflict:
        return _page(request, plan, status=409, error=conflict.message)
    if approve:
        messages.success(request, _("出國計畫已核定，任務已建立出國報告，返國後 3 個月內繳交。"))
    else:
        messages.success(request, _("出國計畫已退回修正。"))
    return redirect("plans:detail", plan.mission_id)


@login_required
def plan_print(request, pk, fmt):
    if fmt not in printing.CONTENT_TYPES:
        raise Http404
    plan = _plan_for_user(request.user, pk)
    content = printing.render(printing.plan_data(plan), fmt)
    response = HttpResponse(content, content_type=printing.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = printing.attachment(plan, fmt)
    return response


urlpatterns = [
    path("", plan_list, name="list"),
    path("new/", plan_create, name="create"),
    path("<int:pk>/", plan_detail, name="detail"),
    path("<int:pk>/submit/", plan_submit, name="submit"),
    path("<int:pk>/decide/", plan_decide, name="decide"),
    path("<int:pk>/plan.<str:fmt>", plan_print, name="print"),
]
