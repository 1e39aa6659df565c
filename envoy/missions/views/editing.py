"""Editing a mission in place: the editing page and the parts htmx redraws, and the
mission's metadata. The delegation and the itinerary have their own modules
(``delegation.py``, ``itinerary.py``), built on the helpers here.

One page holds four sections (``metadata``, ``delegation``, ``itinerary``, ``travel``: lodging
and emergency contacts, in ``travel.py``), each a template
partial. With htmx a change answers with its section only; without JavaScript the same
forms post normally and the page is drawn again (or the browser is redirected back to it).

A failed check answers with the form as the user typed it: 422 for a section, 200 for the
page; a save refused because someone else saved first answers 409 with the conflict message.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from envoy.core.lib.locking import EditConflict, version_asked
from envoy.core.lib.urls import ID, route

from .. import services
from ..forms import MissionForm, VisitForm, mission_form_class
from ..models import ItineraryDay, Mission
from ..permissions import get_mission_for_user
from ..queries import delegation_and_days, travel_arrangements, with_local_times

METADATA, DELEGATION, ITINERARY = "metadata", "delegation", "itinerary"
TRAVEL = "travel"


@dataclass
class Pending:
    """The one form of a section the user is working on, drawn fresh or as they typed it.

    ``what`` is ``"member"``, ``"day"``, ``"item"``, ``"lodging"`` or ``"contact"``; ``pk`` the record being edited
    (None for a new one); ``parent`` the day a new item goes in.
    """

    what: str
    form: forms.Form
    pk: int | None = None
    parent: int | None = None


def edit_context(
    request,
    mission: Mission,
    *,
    metadata_form: MissionForm | VisitForm | None = None,
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
        form_class = mission_form_class(mission)
        metadata_form = form_class(initial=form_class.initial_for(mission), user=user)
    members, days = delegation_and_days(mission)
    with_local_times(days)
    lodgings, contacts = travel_arrangements(mission)
    # The forms for a new traveller, day or item are drawn when their panel is opened (see
    # member_add, day_add, item_add), or here when one comes back to be corrected.
    member_add_form = day_add_form = lodging_add_form = contact_add_form = None
    _with_urls(mission, members, days)
    _with_travel_urls(mission, lodgings, contacts)
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
        elif pending.what == "lodging" and pending.pk is None:
            lodging_add_form = pending.form
        elif pending.what == "contact" and pending.pk is None:
            contact_add_form = pending.form
        for row in (*lodgings, *contacts):
            if row.form_kind == pending.what and row.pk == pending.pk:
                row.form = pending.form
    return {
        "mission": mission,
        "metadata_form": metadata_form,
        "members": members,
        "member_add_form": member_add_form,
        "adding_member": member_add_form is not None,
        "days": days,
        "day_add_form": day_add_form,
        "adding_day": day_add_form is not None,
        "lodgings": lodgings,
        "lodging_add_form": lodging_add_form,
        "adding_lodging": lodging_add_form is not None,
        "contacts": contacts,
        "contact_add_form": contact_add_form,
        "adding_contact": contact_add_form is not None,
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
    names += ["lodging_edit", "lodging_remove", "contact_edit", "contact_remove"]
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
        with_day_urls(pk, day, routes)
        for item in day.items.all():
            item.urls = {
                tool: routes[f"item_{tool}"].format(pk, item.pk)
                for tool in ("edit", "move", "remove")
            }


def _with_travel_urls(mission: Mission, lodgings, contacts) -> None:
    """The addresses of each lodging's and contact's tools; no form open on them yet."""
    pk, routes = mission.pk, _routes()
    for what, rows in (("lodging", lodgings), ("contact", contacts)):
        for row in rows:
            row.form, row.form_kind = None, what
            row.urls = {
                tool: routes[f"{what}_{tool}"].format(pk, row.pk) for tool in ("edit", "remove")
            }


def with_day_urls(mission_pk: int, day: ItineraryDay, routes=None) -> ItineraryDay:
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


def section_response(
    request, mission, section: str, *, status: int = 200, **context
) -> HttpResponse:
    """Answer with the section (htmx) or the whole page drawn with it."""
    ctx = edit_context(request, mission, **context)
    if request.htmx:
        return render(request, f"missions/edit.html#{section}", ctx, status=status)
    # A full page with a form to correct is an ordinary page; a conflict stays a 409.
    return render(request, "missions/edit.html", ctx, status=200 if status == 422 else status)


def back(request, mission, section: str, message: str) -> HttpResponse:
    """After a change: the section again (htmx), or back to the page where it was made."""
    if request.htmx:
        return section_response(request, mission, section, saved=section)
    messages.success(request, message)
    return redirect(reverse("missions:edit", args=[mission.pk]) + f"#{section}")


def save(
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
            return section_response(
                request, mission, section, status=409, pending=pending, conflict=section
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return back(request, mission, section, done)
    return section_response(request, mission, section, status=422, pending=pending)


def removed(request, mission, section: str, remove: Callable[[int], None], done: str):
    try:
        remove(version_asked(request))
    except EditConflict:
        return section_response(request, mission, section, status=409, conflict=section)
    return back(request, mission, section, done)


def part(request, mission, section: str) -> HttpResponse:
    """A section alone (htmx: e.g. to cancel an edit); the page otherwise."""
    if request.htmx:
        return section_response(request, mission, section)
    return redirect(reverse("missions:edit", args=[mission.pk]) + f"#{section}")


def add_panel(request, mission: Mission, section: str, pending: Pending, **context):
    """The form for a new traveller, day or item, asked for when its "新增" panel is opened:
    drawn with every page (an item form for every day), the add forms were half of it.
    htmx gets the panel open with the form (the ``<what>_add`` partial); without JavaScript,
    the page with the panel open."""
    if not request.htmx:
        return section_response(request, mission, section, pending=pending)
    context = {"mission": mission, **context}
    return render(request, f"missions/edit.html#{pending.what}_add", context)


# ----- The page and the metadata -----


@login_required
def edit_mission(request, pk: int):
    """The editing page; a POST saves the metadata."""
    mission = get_mission_for_user(request.user, pk, write=True)
    if request.method != "POST":
        return render(request, "missions/edit.html", edit_context(request, mission))
    form = mission_form_class(mission)(request.POST, user=request.user)
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
            return section_response(
                request, mission, METADATA, status=409, metadata_form=form, conflict=METADATA
            )
        except ValidationError as error:
            mission.refresh_from_db()
            form.add_error(None, error)
        else:
            return back(request, mission, METADATA, _("已儲存任務資料。"))
    return section_response(request, mission, METADATA, status=422, metadata_form=form)


urlpatterns = [
    path("<int:pk>/edit/", edit_mission, name="edit"),
]
