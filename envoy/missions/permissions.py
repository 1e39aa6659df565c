"""Who may see and change a mission. Every view asks here; no view decides access itself.

- administrators and international-affairs officers: every mission, read and write;
- reviewers and viewers: every mission, read only;
- bureau editors: their own bureau's missions, read and write; no other mission.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from envoy.core.enums import Role

from .models import Mission

READ_ALL = {Role.ADMIN, Role.OFFICER, Role.REVIEWER, Role.VIEWER}
WRITE_ALL = {Role.ADMIN, Role.OFFICER}


@dataclass(frozen=True)
class Reach:
    """Which missions a user may open: every one, one bureau's, or none. Code that reads
    missions in its own SQL (the search index) asks for this instead of a queryset."""

    everything: bool = False
    bureau_id: int | None = None

    @property
    def nothing(self) -> bool:
        return not self.everything and self.bureau_id is None


# The roles that may be made approvers: those who see every mission.
APPROVER_CHOICES = {Role.REVIEWER, Role.OFFICER, Role.ADMIN}


def approver_roles() -> frozenset[str]:
    """The roles that approve (核定) or return what is submitted for approval — reports and
    trip plans alike: ``settings.ENVOY_APPROVER_ROLES``, keeping only roles that see every
    mission (an approver must see what they approve)."""
    return frozenset(settings.ENVOY_APPROVER_ROLES) & APPROVER_CHOICES


def is_approver(user) -> bool:
    return bool(user and user.is_authenticated and user.effective_role in approver_roles())


def reach(user) -> Reach:
    """Which missions ``user`` may open."""
    if user is None or not user.is_authenticated:
        return Reach()
    if user.effective_role in READ_ALL:
        return Reach(everything=True)
    if user.effective_role == Role.EDITOR and user.bureau_id:
        return Reach(bureau_id=user.bureau_id)
    return Reach()


def missions_for_user(user) -> QuerySet[Mission]:
    """The missions ``user`` may open."""
    scope = reach(user)
    if scope.everything:
        return Mission.objects.all()
    if scope.bureau_id is not None:
        return Mission.objects.filter(bureau_id=scope.bureau_id)
    return Mission.objects.none()


def can_edit_mission(user, mission: Mission) -> bool:
    if not user.is_authenticated:
        return False
    role = user.effective_role
    if role in WRITE_ALL:
        return True
    return (
        role == Role.EDITOR and user.bureau_id is not None and mission.bureau_id == user.bureau_id
    )


def can_create_mission(user) -> bool:
    return user.is_authenticated and (
        user.effective_role in WRITE_ALL
        or (user.effective_role == Role.EDITOR and user.bureau_id is not None)
    )


def can_delete_mission(user) -> bool:
    """Deleting a mission with its report and files: administrators and officers only (a
    report belongs to the city's record; an editor withdraws one by asking them)."""
    return user.is_authenticated and user.effective_role in WRITE_ALL


def can_change_mission_bureau(user) -> bool:
    """Giving a mission to another bureau: administrators and officers, who keep every
    mission; an editor's missions stay in their own bureau."""
    return user.is_authenticated and user.effective_role in WRITE_ALL


def get_mission_for_user(user, pk: int, *, write: bool = False) -> Mission:
    """The mission ``pk`` if ``user`` may open it (404 otherwise — its existence is not
    revealed); with ``write``, 403 unless they may also change it."""
    try:
        mission = missions_for_user(user).select_related("bureau").get(pk=pk)
    except Mission.DoesNotExist:
        raise Http404 from None
    if write and not can_edit_mission(user, mission):
        raise PermissionDenied
    return mission
