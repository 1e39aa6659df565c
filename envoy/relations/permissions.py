"""Who may see and change the city's relations. Every view asks here.

- every signed-in role sees people, organisations, cities, networks and agreements;
- contact details and notes (``Person.PRIVATE_FIELDS``, organisation and interaction notes)
  only staff: administrators, officers, bureau editors and reviewers — not viewers, never the
  public;
- administrators, officers and bureau editors record and change them (delegation members
  from any bureau record the people they met); merging two people is for administrators
  and officers;
- a meeting recorded on a mission the user may not open is not shown to them.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from envoy.core.enums import Role
from envoy.missions.permissions import missions_for_user

from .models import Interaction, Person

STAFF = {Role.ADMIN, Role.OFFICER, Role.EDITOR, Role.REVIEWER}
WRITERS = {Role.ADMIN, Role.OFFICER, Role.EDITOR}
MERGERS = {Role.ADMIN, Role.OFFICER}


def can_see_relations(user) -> bool:
    return user.is_authenticated


def can_see_private(user) -> bool:
    return user.is_authenticated and user.effective_role in STAFF


def can_edit_relations(user) -> bool:
    return user.is_authenticated and user.effective_role in WRITERS


def can_merge_people(user) -> bool:
    return user.is_authenticated and user.effective_role in MERGERS


def can_see_all_follow_ups(user) -> bool:
    """Everybody's follow-ups, not only one's own: administrators and officers."""
    return user.is_authenticated and user.effective_role in MERGERS


def require(allowed: bool) -> None:
    """403 unless ``allowed`` — for the write views."""
    if not allowed:
        raise PermissionDenied


def interactions_for_user(user) -> QuerySet[Interaction]:
    """The meetings ``user`` may see: those of missions they may open, and those of none."""
    if not can_see_relations(user):
        return Interaction.objects.none()
    return Interaction.objects.filter(
        Q(mission__isnull=True) | Q(mission__in=missions_for_user(user))
    )


def get_person_for_user(user, pk: int, *, write: bool = False) -> Person:
    if not can_see_relations(user):
        raise Http404
    try:
        person = Person.objects.select_related("city").get(pk=pk)
    except Person.DoesNotExist:
        raise Http404 from None
    if write:
        require(can_edit_relations(user))
    return person
