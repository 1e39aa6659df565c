"""Who may see and change the hosting of a visit. Every view asks here.

- The hosting pages of a visit are open to whoever may open the visit (``missions``), and
  changed by whoever may change it — the host bureau's editors, officers, administrators.
- What the visitors eat and are allergic to, and their other needs, are personal data (of
  health and faith): shown, and printed on the caterer's list, to staff only (as the
  contact details of the city's relations are: ``relations.permissions.can_see_private``).
"""

from django.http import Http404

from envoy.missions.models import Mission
from envoy.missions.permissions import can_edit_mission, get_mission_for_user
from envoy.relations.permissions import can_see_private


def get_visit_for_user(user, pk: int, *, write: bool = False) -> Mission:
    """The visit ``pk`` if ``user`` may open it (404 for a trip abroad, as for a mission
    they may not open); with ``write``, 403 unless they may also change it."""
    mission = get_mission_for_user(user, pk, write=write)
    if not mission.is_visit:
        raise Http404
    return mission


def can_edit_hosting(user, mission: Mission) -> bool:
    return mission.is_visit and can_edit_mission(user, mission)


def can_see_care(user) -> bool:
    """Dietary needs, allergies and other needs of visitors: staff."""
    return can_see_private(user)
