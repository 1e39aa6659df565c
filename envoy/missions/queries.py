"""The look-ups the mission pages make on every request, compiled once
(``envoy.core.lib.prepared``).

Each is ordered without its parent tables: the models' default orderings begin with the
parent record, which would make every query join the parent tables only to sort by them.
"""

from envoy.core.lib.prepared import Prepared

from .models import DelegationMember, ItineraryDay, ItineraryItem

MEMBERS = Prepared(
    lambda mission_id: DelegationMember.objects.filter(mission_id=mission_id).order_by(
        "position", "id"
    )
)
DAYS = Prepared(
    lambda mission_id: ItineraryDay.objects.filter(mission_id=mission_id).order_by("date", "id")
)
# Every item of a mission, its days' in turn.
ITEMS = Prepared(
    lambda mission_id: ItineraryItem.objects.filter(day__mission_id=mission_id).order_by(
        "position", "id"
    )
)
