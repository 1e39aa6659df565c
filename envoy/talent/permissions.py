"""Who may see and change a staff profile. Every view and the search ask here.

- Its owner (the user it belongs to), international-affairs officers and administrators:
  see and change it, whatever its visibility.
- Everyone else signed in: only as far as its owner consents (``Visibility``): their own
  bureau's colleagues for ``bureau``, every colleague for ``staff``; nobody for ``private``.
- Matching travellers to profiles (confirming, re-assigning): officers and administrators.
- The public: nothing.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from envoy.core.enums import Role

from .enums import Visibility
from .models import StaffProfile

KEEPERS = {Role.ADMIN, Role.OFFICER}


def keeps_pool(user) -> bool:
    """Officers and administrators keep the pool: they see every profile and settle matches."""
    return user.is_authenticated and user.effective_role in KEEPERS


def visible_q(user) -> Q | None:
    """The profiles ``user`` may see, as a filter; None: every profile."""
    if keeps_pool(user):
        return None
    seen = Q(user_id=user.pk) | Q(visibility=Visibility.STAFF)
    if user.bureau_id is not None:
        seen |= Q(visibility=Visibility.BUREAU, bureau_id=user.bureau_id)
    return seen


def profiles_for_user(user) -> QuerySet[StaffProfile]:
    if not user.is_authenticated:
        return StaffProfile.objects.none()
    seen = visible_q(user)
    return StaffProfile.objects.all() if seen is None else StaffProfile.objects.filter(seen)


def can_edit_profile(user, profile: StaffProfile) -> bool:
    return user.is_authenticated and (
        keeps_pool(user) or (profile.user_id is not None and profile.user_id == user.pk)
    )


def get_profile_for_user(user, pk: int, *, write: bool = False) -> StaffProfile:
    """The profile ``pk`` if ``user`` may see it (404 otherwise: whether a profile exists is
    not told to those who may not see it); with ``write``, 403 unless they may change it."""
    profile = profiles_for_user(user).select_related("bureau", "user").filter(pk=pk).first()
    if profile is None:
        raise Http404
    if write and not can_edit_profile(user, profile):
        raise PermissionDenied
    return profile
