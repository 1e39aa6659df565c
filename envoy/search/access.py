"""Which hits the asker may see: missions, reports, recommendations and classified text (限閱)
only where they may open the mission (``envoy.missions.permissions.reach``); people,
organisations, cities and networks for every signed-in user; for the public portal
(``published_only``) published reports and their recommendations alone.

The same answer in two forms: an SQL condition on ``search_searchdocument d`` (for readers
that stop after a page of hits) and a mask over an array of hit ids (for counts and facets).
"""

import numpy as np

from envoy.missions.models import Mission
from envoy.missions.permissions import missions_for_user, reach

from . import facets
from .enums import MISSION_KINDS, Kind

PUBLISHED_KINDS = (Kind.REPORT, Kind.RECOMMENDATION)
_BOUND = "d.kind IN ({})".format(", ".join(f"'{kind}'" for kind in sorted(MISSION_KINDS)))


def sees_everything(user) -> bool:
    """Whether ``user`` may open every mission (and so see every hit)."""
    return reach(user).everything


def sql_condition(user, published_only: bool) -> tuple[str, list] | None:
    """(condition, params) of what the asker may see; None when they may see everything."""
    if published_only:
        kinds = ", ".join(f"'{kind}'" for kind in PUBLISHED_KINDS)
        return f"d.kind IN ({kinds}) AND d.report_status = 'published'", []
    scope = reach(user)
    if scope.everything:
        return None
    if scope.nothing:
        return f"NOT {_BOUND}", []
    # Asked of the mission itself, hit by hit (a primary-key look-up), so that a mission
    # moved to another bureau is hidden at once, whatever its search document says.
    return (
        f"(NOT {_BOUND} OR EXISTS (SELECT 1 FROM {Mission._meta.db_table} m "
        "WHERE m.id = d.mission_id AND m.bureau_id = %s))",
        [scope.bureau_id],
    )


def _codes(kinds) -> list[int]:
    return [facets.KINDS.index(kind) + 1 for kind in kinds]


def visible_mask(user, columns, ids: np.ndarray, published_only: bool) -> np.ndarray | None:
    """A mask of ``ids`` the asker may see; None when they may see all of them."""
    kind = columns.kind[ids]
    if published_only:
        return np.isin(kind, _codes(PUBLISHED_KINDS)) & columns.published[ids]
    scope = reach(user)
    if scope.everything:
        return None
    bound = np.isin(kind, _codes(MISSION_KINDS))
    if scope.nothing:
        return ~bound
    allowed = np.fromiter(missions_for_user(user).values_list("id", flat=True), np.int64)
    if not len(allowed):
        return ~bound
    size = max(int(allowed.max()), int(columns.mission.max())) + 1
    return ~bound | facets.members(allowed, size)[columns.mission[ids]]
