"""Editing a mission in place: its metadata, its delegation and its itinerary.

One page holds three sections (``metadata``, ``delegation``, ``itinerary``), each a template
partial. With htmx a change answers with its section only; without JavaScript the same
forms post normally and the page is drawn again (or the browser is redirected back to it).

A failed check answers with the form as the user typed it: 422 for a section, 200 for the
page; a save refused because someone else saved first answers 409 with the conflict message.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from envoy.core.lib.locking import EditConflict
from envoy.core.lib.places import country_code, country_timezone
from envoy.core.lib.urls import ID, route

from .. import services
from ..forms import DayForm, ItemForm, MemberForm, MissionForm, timezone_names
from ..models import DelegationMember, ItineraryDay, ItineraryItem, Mission
from ..permissions import get_mission_for_user
from ..queries import delegation_and_days, with_local_times

METADATA, DELEGATION, ITINERARY = "metadata", "delegation", "itinerary"


@dataclass
class Pending:
    """The one form of a section the user is working on, drawn fresh or as they typed it.

    ``what`` is ``"member"``, ``"day"`` or ``"item"``; ``pk`` the record being edited
    (None for a new one); ``parent`` the day a new item goes in.
    """

    what: str
    form: forms.Form
    pk: int | None = None
    parent: int | None = None


def _zone_for(day: ItineraryDay) -> str:
    """Where a new item of the day most likely happens: the zone of its last country."""
    for name in reversed(day.countries):
        code = country_code(name)
        if code and (zone := country_timezone(code)):
            return zone
    return ""


def _next_free_date(mission: Mission) -> dt.date | None:
    """The first date of the period without a day yet: what a new day most likely is."""
    if mission.start_date is None:
        return None
    taken = set(mission.days.values_list("date", flat=True))
    date = mission.start_date
    while date in taken:
        date += dt.timedelta(days=1)
    return date if mission.end_date is None or date <= mission.end_date else None


def edit_context(
    request,
    mission: Mission,
    *,
    metadata_form: MissionForm | None = None,
    pending: Pending | None = None,
    conflict: str = "",
    saved: str = "",
) -> dict:
    """Everything the editing page (or one of its sections) shows.

    ``conflict`` names the section that shows the conflict message; ``saved`` the one that
    shows that its change was saved.
    """
    user = request.user
    if metadata_form is None:
        metadata_form = MissionForm(initial=MissionForm.initial_for(mission), user=user)
    members, days = delegation_and_days(mission)
    with_local_times(days)
    # The forms for a new traveller, day or item are drawn when their panel is opened (see
    # member_add, day_add, item_add), or here when one comes back to be corrected.
    member_add_form = day_add_form = None
    _with_urls(mission, members, days)
    for member in members:
        member.form = None
    for day in days:
        day.form = None
        day.item_add_form, day.adding_item = None, False
        for item in day.items.all():
            item.form = None
    if pending is not None:
        _attach(pending, members, days)
        if pending.what == "member" and pending.pk is None:
            member_add_form = pending.form
        elif pending.what == "day" and pending.pk is None:
            day_add_form = pending.form
    return {
        "mission": mission,
        "metadata_form": metadata_form,
        "members": members,
        "member_add_form": member_add_form,
        "adding_member": member_add_form is not None,
        "days": days,
        "day_add_form": day_add_form,
        "adding_day": day_add_form is not None,
        "timezones": timezone_names(),
        "pending": pending is not None,
        "conflict": conflict,
        "conflict_message": EditConflict.message,
        "saved": saved,
    }


def _routes() -> dict[str, str]:
    """The URL patterns of the rows' tools: reversed once a page (core/lib/urls.py), where a
    page of 20 items has 60 of them and a reverse() each cost more than drawing the rows."""
    names = ["member_edit", "member_move", "member_remove", "day_edit", "day_remove"]
    names += ["item_add", "item_edit", "item_move", "item_remove"]
    return {name: route(f"missions:{name}", ID, ID) for name in names}


def _with_urls(mission: Mission, members, days) -> None:
    """The addresses of each row's tools."""
    pk, routes = mission.pk, _routes()
    for member in members:
        member.urls = {
            tool: routes[f"member_{tool}"].format(pk, member.pk)
            for tool in ("edit", "move", "remove")
        }
    for day in days:
        _with_day_urls(pk, day, routes)
        for item in day.items.all():
            item.urls = {
                tool: routes[f"item_{tool}"].format(pk, item.pk)
                for tool in ("edit", "move", "remove")
            }


def _with_day_urls(mission_pk: int, day: ItineraryDay, routes=None) -> ItineraryDay:
    routes = routes or _routes()
    day.urls = {
        tool: routes[f"day_{tool}"].format(mission_pk, day.pk) for tool in ("edit", "remove")
    }
    day.urls["item_add"] = routes["item_add"].format(mission_pk, day.pk)
    return day


def _attach(pending: Pending, members, days) -> None:
    """Put the pending form in the place of the row it edits (``form`` is None elsewhere)."""
    for member in members:
        if pending.what == "member" and member.pk == pending.pk:
            member.form = pending.form
    for day in days:
        if pending.what == "day" and day.pk == pending.pk:
            day.form = pending.form
        if pending.what == "item" and pending.pk is None and day.pk == pending.parent:
            day.item_add_form, day.adding_item = pending.form, True
        for item in day.items.all():
            if pending.what == "item" and item.pk == pending.pk:
                item.form = pending.form


def _section(request, mission, section: str, *, status: int = 200, **context) -> HttpResponse:
    """Answer with the section (htmx) or the whole page drawn with it."""
    ctx = edit_context(request, mission, **context)
    if request.htmx:
        return render(request, f"missions/edit.html#{section}", ctx, status=status)
    # A full page with a form to correct is an ordinary page; a conflict stays a 409.
    return render(request, "missions/edit.html", ctx, status=200 if status == 422 else status)


def _back(request, mission, section: str, message: str) -> HttpResponse:
    """After a change: the section again (htmx), or back to the page where it was made."""
    if request.htmx:
        return _section(request, mission, section, saved=section)
    messages.success(request, message)
    return redirect(reverse("missions:edit", args=[mission.pk]) + f"#{section}")


def _save(
    request,
    mission: Mission,
    section: str,
    pending: Pending,
    change: Callable[[forms.Form], object],
    done: str,
) -> HttpResponse:
    """Check the pending form and make the ``change``; answer as the outcome asks."""
    form = pending.form
    if form.is_valid():
        try:
            change(form)
        except EditConflict:
            return _section(
                request, mission, section, status=409, pending=pending, conflict=section
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _back(request, mission, section, done)
    return _section(request, mission, section, status=422, pending=pending)


def _version(request) -> int:
    """The version a removal was asked from (0 when missing: it never matches)."""
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return 0


def _removed(request, mission, section: str, remove: Callable[[int], None], done: str):
    try:
        remove(_version(request))
    except EditConflict:
        return _section(request, mission, section, status=409, conflict=section)
    return _back(request, mission, section, done)


def _part(request, mission, section: str) -> HttpResponse:
    """A section alone (htmx: e.g. to cancel an edit); the page otherwise."""
    if request.htmx:
        return _section(request, mission, section)
    return redirect(reverse("missions:edit", args=[mission.pk]) + f"#{section}")


# ----- The page and the metadata -----


@login_required
def edit_mission(request, pk: int):
    """The editing page; a POST saves the metadata."""
    mission = get_mission_for_user(request.user, pk, write=True)
    if request.method != "POST":
        return render(request, "missions/edit.html", edit_context(request, mission))
    form = MissionForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.update_mission(
                user=request.user,
                mission=mission,
                data=form.changes(),
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict:
            mission.refresh_from_db()
            return _section(
                request, mission, METADATA, status=409, metadata_form=form, conflict=METADATA
            )
        except ValidationError as error:
            mission.refresh_from_db()
            form.add_error(None, error)
        else:
            return _back(request, mission, METADATA, _("已儲存任務資料。"))
    return _section(request, mission, METADATA, status=422, metadata_form=form)


# ----- The delegation -----


def _member(mission: Mission, member_pk: int) -> DelegationMember:
    return get_object_or_404(DelegationMember, pk=member_pk, mission=mission)


@login_required
def delegation(request, pk: int):
    return _part(request, get_mission_for_user(request.user, pk, write=True), DELEGATION)


def _add_panel(request, mission: Mission, section: str, pending: Pending, **context):
    """The form for a new traveller, day or item, asked for when its "新增" panel is opened:
    drawn with every page (an item form for every day), the add forms were half of it.
    htmx gets the panel open with the form (the ``<what>_add`` partial); without JavaScript,
    the page with the panel open."""
    if not request.htmx:
        return _section(request, mission, section, pending=pending)
    context = {"mission": mission, **context}
    return render(request, f"missions/edit.html#{pending.what}_add", context)


@login_required
def member_add(request, pk: int):
    """GET: the form for a new traveller; POST: add them."""
    mission = get_mission_for_user(request.user, pk, write=True)
    if request.method != "POST":
        form = MemberForm(new=True, prefix="member-new")
        pending = Pending("member", form)
        return _add_panel(request, mission, DELEGATION, pending, member_add_form=form)
    pending = Pending("member", MemberForm(request.POST, new=True, prefix="member-new"))
    return _save(
        request,
        mission,
        DELEGATION,
        pending,
        lambda form: services.add_member(user=request.user, mission=mission, data=form.changes()),
        _("已新增出國人員。"),
    )


@login_required
def member_edit(request, pk: int, member_pk: int):
    """GET: the member's row opened for editing; POST: save it."""
    mission = get_mission_for_user(request.user, pk, write=True)
    member = _member(mission, member_pk)
    prefix = f"member-{member.pk}"
    if request.method != "POST":
        form = MemberForm(initial=MemberForm.initial_for(member), prefix=prefix)
        return _section(request, mission, DELEGATION, pending=Pending("member", form, member.pk))
    pending = Pending("member", MemberForm(request.POST, prefix=prefix), member.pk)
    return _save(
        request,
        mission,
        DELEGATION,
        pending,
        lambda form: services.update_member(
            user=request.user,
            member=member,
            data=form.changes(),
            expected_version=form.cleaned_data["version"],
        ),
        _("已儲存出國人員。"),
    )


@login_required
@require_POST
def member_remove(request, pk: int, member_pk: int):
    mission = get_mission_for_user(request.user, pk, write=True)
    member = _member(mission, member_pk)
    return _removed(
        request,
        mission,
        DELEGATION,
        lambda version: services.remove_member(
            user=request.user, member=member, expected_version=version
        ),
        _("已移除出國人員。"),
    )


@login_required
@require_POST
def member_move(request, pk: int, member_pk: int):
    mission = get_mission_for_user(request.user, pk, write=True)
    member = _member(mission, member_pk)
    direction = request.POST.get("direction")
    if direction not in (services.UP, services.DOWN):
        return HttpResponse(status=400)
    services.move_member(user=request.user, member=member, direction=direction)
    return _back(request, mission, DELEGATION, _("已調整出國人員順序。"))


# ----- The itinerary -----


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
    return _part(request, get_mission_for_user(request.user, pk, write=True), ITINERARY)


@login_required
def day_add(request, pk: int):
    """GET: the form for a new day, on the first free date; POST: add it."""
    mission = get_mission_for_user(request.user, pk, write=True)
    if request.method != "POST":
        initial = {"date": _next_free_date(mission)}
        form = DayForm(new=True, prefix="day-new", initial=initial)
        return _add_panel(request, mission, ITINERARY, Pending("day", form), day_add_form=form)
    pending = Pending("day", DayForm(request.POST, new=True, prefix="day-new"))
    return _save(
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
        form = DayForm(initial=DayForm.initial_for(day), prefix=prefix)
        return _section(request, mission, ITINERARY, pending=Pending("day", form, day.pk))
    pending = Pending("day", DayForm(request.POST, prefix=prefix), day.pk)
    return _save(
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
    return _removed(
        request,
        mission,
        ITINERARY,
        lambda version: services.remove_day(user=request.user, day=day, expected_version=version),
        _("已刪除行程日及其行程項目。"),
    )


def _item_add_form(day: ItineraryDay, data=None) -> ItemForm:
    return ItemForm(
        data, new=True, prefix=f"item-new-{day.pk}", initial={"start_timezone": _zone_for(day)}
    )


@login_required
def item_add(request, pk: int, day_pk: int):
    """GET: the form for a new item of the day; POST: add it."""
    mission = get_mission_for_user(request.user, pk, write=True)
    day = _day(mission, day_pk)
    if request.method != "POST":
        day.item_add_form = _item_add_form(day)
        _with_day_urls(mission.pk, day)
        pending = Pending("item", day.item_add_form, parent=day.pk)
        return _add_panel(request, mission, ITINERARY, pending, day=day)
    form = _item_add_form(day, request.POST)
    return _save(
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
        form = ItemForm(initial=ItemForm.initial_for(item), prefix=prefix)
        return _section(request, mission, ITINERARY, pending=Pending("item", form, item.pk))
    pending = Pending("item", ItemForm(request.POST, prefix=prefix), item.pk)
    return _save(
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
    return _removed(
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
    return _back(request, mission, ITINERARY, _("已調整行程項目順序。"))


urlpatterns = [
    path("<int:pk>/edit/", edit_mission, name="edit"),
    path("<int:pk>/delegation/", delegation, name="delegation"),
    path("<int:pk>/members/add/", member_add, name="member_add"),
    path("<int:pk>/members/<int:member_pk>/", member_edit, name="member_edit"),
    path("<int:pk>/members/<int:member_pk>/remove/", member_remove, name="member_remove"),
    path("<int:pk>/members/<int:member_pk>/move/", member_move, name="member_move"),
    path("<int:pk>/itinerary/", itinerary, name="itinerary"),
    path("<int:pk>/days/add/", day_add, name="day_add"),
    path("<int:pk>/days/<int:day_pk>/", day_edit, name="day_edit"),
    path("<int:pk>/days/<int:day_pk>/remove/", day_remove, name="day_remove"),
    path("<int:pk>/days/<int:day_pk>/items/add/", item_add, name="item_add"),
    path("<int:pk>/items/<int:item_pk>/", item_edit, name="item_edit"),
    path("<int:pk>/items/<int:item_pk>/remove/", item_remove, name="item_remove"),
    path("<int:pk>/items/<int:item_pk>/move/", item_move, name="item_move"),
]
