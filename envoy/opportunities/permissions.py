"""Who may see and change opportunities.

- Every signed-in user sees them: an opening is news for every bureau.
- Administrators and officers add, change and assign every one; a bureau's editors add
  their own and change those given to their bureau; the person assigned changes theirs.
- Only administrators and officers give one to another bureau (as with missions), and
  import a spreadsheet of them.
"""

from django.db.models import QuerySet
from django.http import Http404

from envoy.core.enums import Role
from envoy.missions.permissions import WRITE_ALL

from .models import Opportunity


def opportunities_for_user(user) -> QuerySet[Opportunity]:
    if user is None or not user.is_authenticated:
        return Opportunity.objects.none()
    return Opportunity.objects.all()


def can_add_opportunity(user) -> bool:
    return user.is_authenticated and (
        user.effective_role in WRITE_ALL
        or (user.effective_role == Role.EDITOR and user.bureau_id is not None)
    )


def can_edit_opportunity(user, opportunity: Opportunity) -> bool:
    if not user.is_authenticated:
        return False
    if user.effective_role in WRITE_ALL or opportunity.assignee_id == user.pk:
        return True
    return (
        user.effective_role == Role.EDITOR
        and user.bureau_id is not None
        and opportunity.bureau_id == user.bureau_id
    )


def can_import_opportunities(user) -> bool:
    """Loading a spreadsheet of openings: administrators and officers, who keep the lists."""
    return user.is_authenticated and user.effective_role in WRITE_ALL


def can_change_bureau(user) -> bool:
    return user.is_authenticated and user.effective_role in WRITE_ALL


def get_opportunity_for_user(user, pk: int) -> Opportunity:
    """The opportunity ``pk`` if ``user`` may see it, else 404."""
    opportunity = (
        opportunities_for_user(user)
        .select_related(
            "network",
            "organisation",
            "city",
            "bureau",
            "assignee",
            "mission",
            "event",
            "presentation",
            "speaker",
        )
        .filter(pk=pk)
        .first()
    )
    if opportunity is None:
        raise Http404
    return opportunity
