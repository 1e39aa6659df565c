"""Editing a mission's itinerary (行程表) in place: its days and their items, on the
editing page (``editing.py``)."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from ..forms import DayForm, ItemForm
from ..models import ItineraryDay, ItineraryItem, Mission
from ..permissions import get_mission_for_user
from .editing import (
    ITINERARY,
    Pending,
    add_panel,
    back,
    part,
    removed,
    save,
    section_response,
    with_day_urls,
)


def _next_free_date(mission: Mission) -> dt.date | None:
    """The first date of the period without a day yet: what a new day most likely is."""
    if mission.start_date is None:
        return None
    taken = set(mission.days.values_list("date", flat=True))
    date = mission.start_date
    while date in taken:
        date += dt.timedelta(days=1)
    return date if mission.end_date is None or date <= mission.end_date else None


def _day(mission: Mission, day_pk: int) -> ItineraryDay:
    day = get_object_or_404(ItineraryDay, pk=day_pk, mission=mission)
    day.mission = mission
    return day


def _item(mission: Mission, item_pk: int) -> ItineraryItem:
    item = get_object_or_404(
        ItineraryItem.objects.select_related("day"), pk=item_pk, day__mission=mission
    )
    item.day.mission = mission
    return item


@login_required
def itinerary(request, pk: int):
    return part(request, get_mission_for_user(request.user, pk, write=True), ITINERARY)


@login_required
def day_add(request, pk: int):
    """GET: the form for a new day, on the first free date; POST: add it."""
    mission = get_mission_for_user(request.user, pk, write=True)
    if request.method != "POST":
        initial = {"date": _next_free_date(mission)}
        form = DayForm(mission=mission, new=True, prefix="day-new", initial=initial)
        return add_panel(request, mission, ITINERARY, Pending("day", form), day_add_form=form)
    pending = Pending("day", DayForm(request.POST, mission=mission, new=True, prefix="day-new"))
    return save(
        request,
        mission,
        ITINERARY,
        pending,
        lambda form: services.add_day(user=request.user, mission=mission, data=form.changes()),
        _("已新增行程日。"),
    )


@login_required
def day_edit(request, pk: int, day_pk: int):
    """GET: the day opened for editing; POST: save it."""
    mission = get_mission_for_user(request.user, pk, write=True)
    day = _day(mission, day_pk)
    prefix = f"day-{day.pk}"
    if request.method != "POST":
        form = DayForm(initial=DayForm.initial_for(day), mission=mission, prefix=prefix)
        return section_response(request, mission, ITINERARY, pending=Pending("day", form, day.pk))
    pending = Pending("day", DayForm(request.POST, mission=mission, prefix=prefix), day.pk)
    return save(
        request,
        mission,
        ITINERARY,
        pending,
        lambda form: services.update_day(
            user=request.user,
            day=day,
            data=form.changes(),
            expected_version=form.cleaned_data["version"],
        ),
        _("已儲存行程日。"),
    )


@login_required
@require_POST
def day_remove(request, pk: int, day_pk: int):
    mission = get_mission_for_user(request.user, pk, write=True)
    day = _day(mission, day_pk)
    return removed(
        request,
        mission,
        ITINERARY,
        lambda version: services.remove_day(user=request.user, day=day, expected_version=version),
        _("已刪除行程日及其行程項目。"),
    )


def _item_add_form(day: ItineraryDay, data=None) -> ItemForm:
    return ItemForm(data, day=day, new=True, prefix=f"item-new-{day.pk}")


@login_required
def item_add(request, pk: int, day_pk: int):
    """GET: the form for a new item of the day; POST: add it."""
    mission = get_mission_for_user(request.user, pk, write=True)
    day = _day(mission, day_pk)
    if request.method != "POST":
        day.item_add_form = _item_add_form(day)
        with_day_urls(mission.pk, day)
        pending = Pending("item", day.item_add_form, parent=day.pk)
        return add_panel(request, mission, ITINERARY, pending, day=day)
    form = _item_add_form(day, request.POST)
    return save(
        request,
        mission,
        ITINERARY,
        Pending("item", form, parent=day.pk),
        lambda form: services.add_item(user=request.user, day=day, data=form.changes()),
        _("已新增行程項目。"),
    )


@login_required
def item_edit(request, pk: int, item_pk: int):
    """GET: the item opened for editing; POST: save it."""
    mission = get_mission_for_user(request.user, pk, write=True)
    item = _item(mission, item_pk)
    prefix = f"item-{item.pk}"
    if request.method != "POST":
        form = ItemForm(initial=ItemForm.initial_for(item), day=item.day, prefix=prefix)
        return section_response(request, mission, ITINERARY, pending=Pending("item", form, item.pk))
    pending = Pending("item", ItemForm(request.POST, day=item.day, prefix=prefix), item.pk)
    return save(
        request,
        mission,
        ITINERARY,
        pending,
        lambda form: services.update_item(
            user=request.user,
            item=item,
            data=form.changes(),
            expected_version=form.cleaned_data["version"],
        ),
        _("已儲存行程項目。"),
    )


@login_required
@require_POST
def item_remove(request, pk: int, item_pk: int):
    mission = get_mission_for_user(request.user, pk, write=True)
    item = _item(mission, item_pk)
    return removed(
        request,
        mission,
        ITINERARY,
        lambda version: services.remove_item(
            user=request.user, item=item, expected_version=version
        ),
        _("已刪除行程項目。"),
    )


@login_required
@require_POST
def item_move(request, pk: int, item_pk: int):
    mission = get_mission_for_user(request.user, pk, write=True)
    item = _item(mission, item_pk)
    direction = request.POST.get("direction")
    if direction not in (services.UP, services.DOWN):
        return HttpResponse(status=400)
    services.move_item(user=request.user, item=item, direction=direction)
    return back(request, mission, ITINERARY, _("已調整行程項目順序。"))


urlpatterns = [
    path("<int:pk>/itinerary/", itinerary, name="itinerary"),
    path("<int:pk>/days/add/", day_add, name="day_add"),
    path("<int:pk>/days/<int:day_pk>/", day_edit, name="day_edit"),
    path("<int:pk>/days/<int:day_pk>/remove/", day_remove, name="day_remove"),
    path("<int:pk>/days/<int:day_pk>/items/add/", item_add, name="item_add"),
    path("<int:pk>/items/<int:item_pk>/", item_edit, name="item_edit"),
    path("<int:pk>/items/<int:item_pk>/remove/", item_remove, name="item_remove"),
    path("<int:pk>/items/<int:item_pk>/move/", item_move, name="item_move"),
]
