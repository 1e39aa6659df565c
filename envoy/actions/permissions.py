"""Who may see and change follow-through actions.

- An action is seen by whoever may see its report's mission, and by the bureau it is
  assigned to (its editors carry it out) and its owner.
- Its proposals are settled (text, owner, schedule, budget, adopted or not) by whoever may
  change the mission — the report's editors, officers, administrators.
- Its progress (辦理情形, status once adopted) is kept by its owner, the editors of its bureau
  and whoever may change the mission.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from envoy.core.enums import Role
from envoy.missions.permissions import can_edit_mission, reach

from .models import Action


def actions_for_user(user) -> QuerySet[Action]:
    scope = reach(user)
    if scope.everything:
        return Action.objects.all()
    if not user.is_authenticated:
        return Action.objects.none()
    seen = Q(owner=user)
    if user.bureau_id is not None and user.effective_role == Role.EDITOR:
        seen |= Q(owner_bureau_id=user.bureau_id)
    if scope.bureau_id is not None:
        seen |= Q(report__mission__bureau_id=scope.bureau_id)
    return Action.objects.filter(seen)


def can_settle_actions(user, report) -> bool:
    """Confirm, edit or turn down the proposals of ``report``."""
    return can_edit_mission(user, report.mission)


def can_keep_progress(user, action: Action) -> bool:
    if not user.is_authenticated:
        return False
    if action.owner_id == user.pk or can_edit_mission(user, action.report.mission):
        return True
    return (
        user.effective_role == Role.EDITOR
        and user.bureau_id is not None
        and action.owner_bureau_id == user.bureau_id
    )


def get_action_for_user(user, pk: int) -> Action:
    """The action ``pk`` if ``user`` may see it, else 404 (whether or not it exists)."""
    action = (
        actions_for_user(user)
        .select_related("report__mission", "owner_bureau", "owner", "source_block")
        .filter(pk=pk)
        .first()
    )
    if action is None:
        raise Http404
    return action
