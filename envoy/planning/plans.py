"""The trip plan (出國計畫): the first stage of a trip abroad.

A bureau writes the plan — purpose, travellers, dates, places, meetings sought, budget and
the budget head it is paid from — and submits it; an approver (``ENVOY_APPROVER_ROLES``, the
roles that approve reports) approves it or returns it with a comment. The plan's mission is
made at once and is the same record throughout: its travellers and itinerary are edited on
the mission's own pages, and approval adds the report the trip ends in (due three months
after return, as for every trip abroad). Until then the mission has no report, so it is in
no list of reports to write or overdue.

What was approved is kept (``TripPlan.approved``, a ``snapshot``): the report's review asks
whether the trip kept to its approved plan (the review form's 「不符原核定出國計畫」), and
``comparison`` answers it — dates, places, travellers and cost, planned against what the
mission now records.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from envoy.core.lib.locking import save_versioned
from envoy.core.lib.numbers import thousands
from envoy.core.lib.places import country_name
from envoy.core.lib.punctuation import join_list
from envoy.core.lib.rocdates import format_roc_span
from envoy.core.services import record
from envoy.missions.enums import Direction
from envoy.missions.permissions import (
    can_create_mission,
    can_edit_mission,
    is_approver,
    missions_for_user,
)
from envoy.missions.services import create_mission
from envoy.reports.models import Report
from envoy.reports.services import add_blank_report

from . import services as per_diem_services
from .enums import PlanStatus
from .models import BudgetLine, TripPlan
from .signals import plan_moved

PLAN_FIELDS = ["purpose", "meetings_sought", "expected_benefits", "funding_source"]


# ----- Who may do what -----


def can_edit_plan(user, plan: TripPlan) -> bool:
    """Whoever may change the mission, while the plan is a draft or returned."""
    return plan.is_editable and can_edit_mission(user, plan.mission)


def can_submit_plan(user, plan: TripPlan) -> bool:
    return can_edit_plan(user, plan)


def can_decide_plan(user, plan: TripPlan) -> bool:
    """The approver roles, while the plan is submitted."""
    return plan.status == PlanStatus.SUBMITTED and is_approver(user)


def can_record_actuals(user, plan: TripPlan) -> bool:
    """What was spent (實支) is written once the plan is approved, by the mission's editors."""
    return plan.status == PlanStatus.APPROVED and can_edit_mission(user, plan.mission)


# ----- Making and changing a plan -----


@transaction.atomic
def create_plan(*, user, mission_fields: dict, plan_fields: dict) -> TripPlan:
    """A new plan and its mission (a trip abroad with no report yet). ``mission_fields``
    are ``missions.services.create_mission``'s; ``plan_fields`` are ``PLAN_FIELDS``."""
    if not can_create_mission(user):
        raise PermissionDenied
    mission = create_mission(user=user, direction=Direction.OUTBOUND, **mission_fields)
    plan = TripPlan.objects.create(mission=mission, **_only(plan_fields))
    record(user=user, action="plan.created", obj=plan, mission_id=mission.pk, summary=mission.title)
    return plan


def _only(data: dict) -> dict:
    return {name: data[name] for name in PLAN_FIELDS if name in data}


@transaction.atomic
def update_plan(*, user, plan: TripPlan, data: dict, expected_version: int) -> TripPlan:
    if not can_edit_plan(user, plan):
        raise PermissionDenied
    changed = [name for name, value in _only(data).items() if getattr(plan, name) != value]
    for name, value in _only(data).items():
        setattr(plan, name, value)
    save_versioned(plan, expected_version, PLAN_FIELDS)
    if changed:
        record(
            user=user,
            action="plan.updated",
            obj=plan,
            mission_id=plan.mission_id,
            summary=join_list(str(TripPlan._meta.get_field(n).verbose_name) for n in changed),
        )
    return plan


@transaction.atomic
def save_budget(*, user, plan: TripPlan, rows: list[dict], expected_version: int) -> None:
    """The plan's budget lines, in order (``rows``: ``kind``, ``description``,
    ``amount_twd`` and, once approved, ``actual_twd``). While the plan may be edited the
    lines are replaced; once approved only what was spent (實支) is written, line by line
    (``rows`` then carry each line's ``id``)."""
    if can_edit_plan(user, plan):
        save_versioned(plan, expected_version, [])
        plan.budget_lines.all().delete()
        BudgetLine.objects.bulk_create(
            BudgetLine(
                plan=plan,
                position=position,
                kind=row["kind"],
                description=row.get("description", ""),
                amount_twd=row["amount_twd"],
                actual_twd=row.get("actual_twd"),
            )
            for position, row in enumerate(rows)
        )
        summary = _("預估合計新臺幣 %(total)s 元") % {
            "total": thousands(sum(row["amount_twd"] for row in rows))
        }
    elif can_record_actuals(user, plan):
        save_versioned(plan, expected_version, [])
        lines = {line.pk: line for line in plan.budget_lines.all()}
        for row in rows:
            line = lines.get(row.get("id"))
            if line is not None and line.actual_twd != row.get("actual_twd"):
                line.actual_twd = row.get("actual_twd")
                line.save(update_fields=["actual_twd"])
        spent = [line.actual_twd for line in lines.values() if line.actual_twd is not None]
        summary = _("實支合計新臺幣 %(total)s 元") % {"total": thousands(sum(spent))}
    else:
        raise PermissionDenied
    record(
        user=user, action="plan.budget_saved", obj=plan, mission_id=plan.mission_id, summary=summary
    )


def per_diem_estimate(plan: TripPlan) -> int | None:
    """The per diem of the whole delegation in NT dollars, as the per-diem page reckons it
    from the itinerary and the rates table (``services.mission_per_diem``): the figure a
    生活費 budget line starts from. None without dates, an exchange rate or a known rate."""
    mission = plan.mission
    result = per_diem_services.mission_per_diem(mission)
    if result.twd is None or not result.days or result.missing:
        return None
    return result.twd * max(mission.members.count(), 1)


# ----- The workflow -----


def missing_for_submission(plan: TripPlan) -> list[str]:
    """What a plan needs before it is submitted, in words; empty when it is ready."""
    mission = plan.mission
    missing = []
    if not plan.purpose.strip():
        missing.append(_("出國目的"))
    if not (mission.start_date and mission.end_date):
        missing.append(_("出國期間"))
    if not mission.destination_countries:
        missing.append(_("前往國家"))
    if not mission.members.exists():
        missing.append(_("出國人員"))
    if not plan.budget_lines.exists():
        missing.append(_("經費概算"))
    if not plan.funding_source.strip():
        missing.append(_("經費來源（預算科目）"))
    return missing


def snapshot(plan: TripPlan) -> dict:
    """The plan as it stands: the mission's title, dates, places and travellers and the
    plan's budget — what a submission and an approval keep."""
    mission = plan.mission
    lines = list(plan.budget_lines.all())
    return {
        "title": mission.title,
        "start_date": mission.start_date.isoformat() if mission.start_date else None,
        "end_date": mission.end_date.isoformat() if mission.end_date else None,
        "countries": list(mission.destination_countries or []),
        "cities": list(mission.destination_cities or []),
        "travellers": [
            {
                "name": m.name,
                "agency": m.agency,
                "unit": m.unit,
                "title": m.title,
                "rank": m.rank,
                "is_head": m.is_head,
            }
            for m in mission.members.all()
        ],
        "budget": [
            {"kind": line.kind, "description": line.description, "amount_twd": line.amount_twd}
            for line in lines
        ],
        "total_twd": sum(line.amount_twd for line in lines),
    }


@transaction.atomic
def submit_plan(*, user, plan: TripPlan, expected_version: int) -> TripPlan:
    """Send the plan for approval. Refused (``ValidationError``) while something it must
    say is missing; the plan as submitted is kept."""
    if not can_submit_plan(user, plan):
        raise PermissionDenied
    if missing := missing_for_submission(plan):
        raise ValidationError(
            _("出國計畫尚缺：%(missing)s。") % {"missing": join_list(missing)}, code="incomplete"
        )
    plan.status = PlanStatus.SUBMITTED
    plan.submitted_at = timezone.now()
    plan.submitted_by = user
    plan.submitted = snapshot(plan)
    save_versioned(plan, expected_version, ["status", "submitted_at", "submitted_by", "submitted"])
    record(
        user=user,
        action="plan.submitted",
        obj=plan,
        mission_id=plan.mission_id,
        summary=plan.mission.title,
    )
    _moved(plan, user)
    return plan


@transaction.atomic
def decide_plan(
    *, user, plan: TripPlan, approve: bool, comment: str = "", expected_version: int
) -> TripPlan:
    """Approve (核定) the submitted plan — its mission then gets the report the trip ends in
    — or return it with a comment saying what to change."""
    if not can_decide_plan(user, plan):
        raise PermissionDenied
    comment = comment.strip()
    if not approve and not comment:
        raise ValidationError(_("退回時請寫明需要修正的地方。"), code="comment_required")
    plan.status = PlanStatus.APPROVED if approve else PlanStatus.RETURNED
    plan.decided_at = timezone.now()
    plan.decided_by = user
    plan.decision_comment = comment
    fields = ["status", "decided_at", "decided_by", "decision_comment"]
    if approve:
        plan.approved = snapshot(plan)
        fields.append("approved")
    save_versioned(plan, expected_version, fields)
    if approve and not Report.objects.filter(mission=plan.mission).exists():
        add_blank_report(plan.mission)
    record(
        user=user,
        action="plan.approved" if approve else "plan.returned",
        obj=plan,
        mission_id=plan.mission_id,
        summary=comment or plan.mission.title,
    )
    _moved(plan, user)
    return plan


def _moved(plan: TripPlan, user) -> None:
    transaction.on_commit(lambda: plan_moved.send(sender=TripPlan, plan=plan, user=user))


# ----- The approved plan against what happened -----


@dataclass
class Difference:
    """One thing the plan fixed: what was approved, what the mission records now."""

    label: str
    planned: str
    actual: str
    kept: bool
    notes: list[str] = field(default_factory=list)


@dataclass
class Comparison:
    rows: list[Difference]

    @property
    def kept(self) -> bool:
        return all(row.kept for row in self.rows)

    @property
    def departures(self) -> list[Difference]:
        return [row for row in self.rows if not row.kept]


def _period(start: str | None, end: str | None) -> str:
    if not (start and end):
        return "—"
    return format_roc_span(dt.date.fromisoformat(start), dt.date.fromisoformat(end))


def _places(values: list[str], name=str) -> str:
    return join_list(name(value) for value in values) or "—"


def _money(value: int | None) -> str:
    return "—" if value is None else _("新臺幣 %(amount)s 元") % {"amount": thousands(value)}


def comparison(plan: TripPlan) -> Comparison | None:
    """The approved plan held against the mission as it now stands (None before approval):
    the period, the countries and cities, the travellers (who was added, who did not go)
    and the cost (what was spent, once every line has it, against the approved total)."""
    approved = plan.approved
    if not approved:
        return None
    now = snapshot(plan)
    rows = [
        Difference(
            _("出國期間"),
            _period(approved["start_date"], approved["end_date"]),
            _period(now["start_date"], now["end_date"]),
            (approved["start_date"], approved["end_date"]) == (now["start_date"], now["end_date"]),
        ),
        Difference(
            _("前往國家"),
            _places(approved["countries"], country_name),
            _places(now["countries"], country_name),
            set(approved["countries"]) == set(now["countries"]),
        ),
        Difference(
            _("前往城市"),
            _places(approved["cities"]),
            _places(now["cities"]),
            set(approved["cities"]) == set(now["cities"]),
        ),
    ]
    planned_names = [t["name"] for t in approved["travellers"]]
    names = [t["name"] for t in now["travellers"]]
    added = [n for n in names if n not in planned_names]
    gone = [n for n in planned_names if n not in names]
    notes = []
    if added:
        notes.append(_("計畫外：%(names)s") % {"names": join_list(added)})
    if gone:
        notes.append(_("未成行：%(names)s") % {"names": join_list(gone)})
    rows.append(
        Difference(
            _("出國人員"),
            _("%(n)d 人：%(names)s") % {"n": len(planned_names), "names": join_list(planned_names)},
            _("%(n)d 人：%(names)s") % {"n": len(names), "names": join_list(names)},
            not (added or gone),
            notes,
        )
    )
    lines = list(plan.budget_lines.all())
    spent = None
    if lines and all(line.actual_twd is not None for line in lines):
        spent = sum(line.actual_twd for line in lines)
    cost = Difference(
        _("經費"),
        _money(approved["total_twd"]),
        _money(spent) if spent is not None else _("實支尚未填齊"),
        spent is None or spent <= approved["total_twd"],
    )
    if spent is not None and spent > approved["total_twd"]:
        cost.notes.append(
            _("超出核定經費新臺幣 %(amount)s 元")
            % {"amount": thousands(spent - approved["total_twd"])}
        )
    rows.append(cost)
    return Comparison(rows)


def plans_at_hand(user, *, limit: int = 10) -> list[TripPlan]:
    """The plans waiting on ``user``, for the home page: submitted ones for an approver
    (longest waiting first); drafts and returned ones of missions they may change, for the
    others — an editor's bureau, or everything for officers."""
    visible = TripPlan.objects.filter(mission__in=missions_for_user(user)).select_related(
        "mission", "mission__bureau"
    )
    if is_approver(user):
        rows = visible.filter(status=PlanStatus.SUBMITTED).order_by("submitted_at", "id")
    elif can_create_mission(user):
        rows = visible.filter(status__in=[PlanStatus.DRAFT, PlanStatus.RETURNED]).order_by(
            "mission__start_date", "id"
        )
    else:
        return []
    return list(rows[:limit])


def review_panel(report: Report) -> tuple[str, dict] | None:
    """Beside a report's review: its trip against the approved plan, when it had one."""
    plan = TripPlan.objects.filter(mission_id=report.mission_id, status=PlanStatus.APPROVED).first()
    if plan is None:
        return None
    plan.mission = report.mission
    return "planning/plans/review_panel.html", {"plan": plan, "comparison": comparison(plan)}
