"""Who a notice goes to. Only active users with an e-mail address receive anything.

- A report's editors (撰寫人): the bureau editors of its mission's bureau, and whoever created
  the mission; for a workflow step also whoever last submitted the report.
- Reviewers: every active reviewer; administrators when there is none.

The same rule decides whose due dates the personal calendar shows (``missions_edited_by``).
"""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from envoy.core.enums import Role
from envoy.missions.models import Mission
from envoy.missions.permissions import approver_roles
from envoy.reports.enums import ReportStatus
from envoy.reports.models import Report, ReviewEvent


def reachable() -> QuerySet:
    """The users a message can reach."""
    return get_user_model().objects.filter(is_active=True).exclude(email="")


def editors_by_bureau() -> dict[int, list[int]]:
    """bureau id → the ids of its reachable editors (one query)."""
    result: dict[int, list[int]] = {}
    rows = reachable().filter(role=Role.EDITOR, bureau__isnull=False)
    for user_id, bureau_id in rows.values_list("pk", "bureau_id"):
        result.setdefault(bureau_id, []).append(user_id)
    return result


def report_editor_rows(rows, *, editors: dict[int, list[int]], creators: set[int]):
    """For ``rows`` of (anything, bureau id, creator id, …) yields (row, recipient id) for
    each editor of the row's report; ``creators`` are the creator ids that can be reached."""
    for row in rows:
        bureau_id, creator_id = row[1], row[2]
        recipients = set(editors.get(bureau_id, ()))
        if creator_id in creators:
            recipients.add(creator_id)
        for user_id in sorted(recipients):
            yield row, user_id


def reachable_among(user_ids) -> set[int]:
    ids = {pk for pk in user_ids if pk is not None}
    if not ids:
        return set()
    return set(reachable().filter(pk__in=ids).values_list("pk", flat=True))


def report_editors(report: Report) -> list[int]:
    """The ids of ``report``'s editors, the last submitter included."""
    mission = report.mission
    submitter = (
        ReviewEvent.objects.filter(report=report, to_status=ReportStatus.SUBMITTED)
        .order_by("-at", "-id")
        .values_list("actor_id", flat=True)
        .first()
    )
    ids = set(reachable_among([mission.created_by_id, submitter]))
    if mission.bureau_id:
        ids |= set(editors_by_bureau().get(mission.bureau_id, ()))
    return sorted(ids)


def plan_editors(plan) -> list[int]:
    """The ids of those who write a trip plan: its mission's creator, its submitter and its
    bureau's editors."""
    mission = plan.mission
    ids = set(reachable_among([mission.created_by_id, plan.submitted_by_id]))
    if mission.bureau_id:
        ids |= set(editors_by_bureau().get(mission.bureau_id, ()))
    return sorted(ids)


def reviewers() -> list[int]:
    """The ids of the reachable approvers other than administrators (reviewers, unless
    ``ENVOY_APPROVER_ROLES`` says otherwise); of the administrators when there is none."""
    roles = approver_roles() - {Role.ADMIN}
    ids = list(reachable().filter(role__in=roles).order_by("pk").values_list("pk", flat=True))
    if ids:
        return ids
    admins = reachable().filter(Q(role=Role.ADMIN) | Q(is_superuser=True))
    return list(admins.order_by("pk").values_list("pk", flat=True))


def missions_edited_by(user) -> QuerySet[Mission]:
    """The missions whose reports ``user`` is reminded of: their bureau's, for an editor, and
    those they created."""
    scope = Q(created_by=user)
    if user.effective_role == Role.EDITOR and user.bureau_id:
        scope |= Q(bureau_id=user.bureau_id)
    return Mission.objects.filter(scope)
