"""The look-ups the mission pages make on every request.

Each is ordered without its parent tables: the models' default orderings begin with the
parent record, which would make every query join the parent tables only to sort by them.
"""

from django.db.models import Prefetch

from .models import DelegationMember, ItineraryDay, ItineraryItem


def members(mission_id: int) -> list[DelegationMember]:
    return list(DelegationMember.objects.filter(mission_id=mission_id).order_by("position", "id"))


def days_with_items(mission_id: int) -> list[ItineraryDay]:
    """The mission's days, each with its items (``day.items.all``): two queries."""
    items = Prefetch("items", queryset=ItineraryItem.objects.order_by("position", "id"))
    return list(
        ItineraryDay.objects.filter(mission_id=mission_id)
        .order_by("date", "id")
        .prefetch_related(items)
    )
