"""The people pages: everyone recorded (searched by any of their names), one person with
their positions (edited in place), meetings and presentations, and the forms that record
and change a person.

Contact details only for staff (``can_see_private``), a person's notes only for their
holders (``can_see_notes``); only writers record people, and only holders change them.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from envoy.core.lib.locking import EditConflict

from .. import services
from ..forms import PersonForm, PositionForm
from ..models import Person, Position
from ..permissions import (
    can_edit_person,
    can_edit_relations,
    can_export_people,
    can_merge_people,
    can_see_notes,
    can_see_private,
    get_person_for_user,
    require,
)
from ..queries import current_positions, meetings_for_user, people_by_id, presentations_of
from .listing import listing

# ----- Everyone -----


@login_required
@require_safe
def people(request):
    """Everyone recorded, searched by any of their names."""
    context = listing(
        request,
        Person.objects.all(),
        ["name", "name_latin", "name_zh", "other_names"],
        people_by_id,
    )
    today = timezone.localdate()
    for person in context["rows"]:
        person.current = current_positions(person, today)
    context["can_merge"] = can_merge_people(request.user)
    context["can_export"] = can_export_people(request.user)
    return render(request, "relations/pages/people.html", context)


# ----- One person -----


@dataclass
class PendingPosition:
    """The position form the user is working on: ``pk`` None for a new one."""

    form: PositionForm
    pk: int | None = None


def _person_context(
    request, person: Person, *, pending: PendingPosition | None = None, saved: str = ""
) -> dict:
    user = request.user
    today = timezone.localdate()
    positions = list(person.positions.select_related("organisation"))
    add_form = PositionForm(prefix="position-new")
    for position in positions:
        position.form = None
        position.current = position.current_on(today)
        if pending is not None and pending.pk == position.pk:
            position.form = pending.form
    if pending is not None and pending.pk is None:
        add_form = pending.form
    return {
        "person": person,
        "positions": positions,
        "position_add_form": add_form,
        "adding_position": pending is not None and pending.pk is None,
        "saved": saved,
        "can_see_private": can_see_private(user),
        "can_see_notes": can_see_notes(user, person),
        # Meetings are recorded by any writer; the person's record by its holders.
        "can_edit": can_edit_relations(user),
        "can_edit_person": can_edit_person(user, person),
        "can_merge": can_merge_people(user),
        "today": today,
    }


def _person_page_context(request, person: Person, **section) -> dict:
    """Everything the person page shows: the person and positions, the meetings the user
    may see and the presentations."""
    context = _person_context(request, person, **section)
    context |= {
        "meetings": list(meetings_for_user(request.user).filter(person=person)),
        "presentations": presentations_of(person, request.user),
    }
    return context


@login_required
@require_safe
def person_detail(request, pk: int):
    """A person: names, positions, contact (staff), every meeting, presentations."""
    person = get_person_for_user(request.user, pk)
    return render(request, "relations/pages/person.html", _person_page_context(request, person))


# ----- Positions, in place on the person page -----


def _positions_section(request, person, *, status=200, pending=None, saved=""):
    """The positions section (htmx), or the person page drawn with it."""
    if request.htmx:
        context = _person_context(request, person, pending=pending, saved=saved)
        return render(request, "relations/pages/person.html#positions", context, status=status)
    context = _person_page_context(request, person, pending=pending, saved=saved)
    return render(
        request,
        "relations/pages/person.html",
        context,
        status=200 if status == 422 else status,
    )


def _positions_back(request, person, message: str):
    if request.htmx:
        return _positions_section(request, person, saved=message)
    messages.success(request, message)
    return redirect(reverse("relations:person", args=[person.pk]) + "#positions")


def _save_position(request, person, pending: PendingPosition, change, done: str):
    form = pending.form
    if form.is_valid():
        try:
            change(form)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _positions_back(request, person, done)
    return _positions_section(request, person, status=422, pending=pending)


@login_required
@require_safe
def positions(request, pk: int):
    """The positions section alone (htmx: cancelling an edit); the person page otherwise."""
    person = get_person_for_user(request.user, pk, write=True)
    if request.htmx:
        return _positions_section(request, person)
    return redirect(reverse("relations:person", args=[person.pk]) + "#positions")


@login_required
@require_POST
def position_add(request, pk: int):
    person = get_person_for_user(request.user, pk, write=True)
    pending = PendingPosition(PositionForm(request.POST, prefix="position-new"))
    return _save_position(
        request,
        person,
        pending,
        lambda form: services.add_position(user=request.user, person=person, data=form.changes()),
        _("已新增職位。"),
    )


def _position(person: Person, position_pk: int) -> Position:
    return get_object_or_404(
        Position.objects.select_related("organisation"), pk=position_pk, person=person
    )


@login_required
def position_edit(request, pk: int, position_pk: int):
    """GET: the position's row opened for editing; POST: save it."""
    person = get_person_for_user(request.user, pk, write=True)
    position = _position(person, position_pk)
    prefix = f"position-{position.pk}"
    if request.method != "POST":
        form = PositionForm(initial=PositionForm.initial_for(position), prefix=prefix)
        return _positions_section(request, person, pending=PendingPosition(form, position.pk))
    pending = PendingPosition(PositionForm(request.POST, prefix=prefix), position.pk)
    return _save_position(
        request,
        person,
        pending,
        lambda form: services.update_position(
            user=request.user, position=position, data=form.changes()
        ),
        _("已儲存職位。"),
    )


@login_required
@require_POST
def position_remove(request, pk: int, position_pk: int):
    person = get_person_for_user(request.user, pk, write=True)
    position = _position(person, position_pk)
    services.remove_position(user=request.user, position=position)
    return _positions_back(request, person, _("已移除職位。"))


# ----- Recording and changing a person -----


def _person_form_page(request, form, *, person=None, status=200, conflict=False, similar=None):
    return render(
        request,
        "relations/pages/person_form.html",
        {
            "form": form,
            "person": person,
            "conflict": conflict,
            "conflict_message": EditConflict.message,
            "similar": similar,
        },
        status=status,
    )


@login_required
def person_create(request):
    """A new person. One who looks already recorded is named first, and created only when
    the user confirms it is someone else."""
    require(can_edit_relations(request.user))
    if request.method != "POST":
        return _person_form_page(request, PersonForm(new=True))
    form = PersonForm(request.POST, new=True)
    if not form.is_valid():
        return _person_form_page(request, form)
    data = form.changes()
    similar = services.find_person(data["name"], data["name_latin"], data["name_zh"])
    if similar is not None and not request.POST.get("confirm_new"):
        return _person_form_page(request, form, similar=similar)
    try:
        person = services.create_person(user=request.user, data=data)
    except ValidationError as error:
        form.add_error(None, error)
        return _person_form_page(request, form)
    messages.success(request, _("已新增人員。"))
    return redirect("relations:person", person.pk)


@login_required
def person_edit(request, pk: int):
    """A person's names, place and contact details; refused (409, what was typed kept) when
    someone saved the person since the form was opened."""
    person = get_person_for_user(request.user, pk, write=True)
    if request.method != "POST":
        form = PersonForm(initial=PersonForm.initial_for(person))
        return _person_form_page(request, form, person=person)
    form = PersonForm(request.POST)
    if form.is_valid():
        try:
            services.update_person(
                user=request.user,
                person=person,
                data=form.changes(),
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict:
            person.refresh_from_db()
            return _person_form_page(request, form, person=person, status=409, conflict=True)
        except ValidationError as error:
            person.refresh_from_db()
            form.add_error(None, error)
        else:
            messages.success(request, _("已儲存人員資料。"))
            return redirect("relations:person", person.pk)
    return _person_form_page(request, form, person=person)


urlpatterns = [
    path("people/", people, name="people"),
    path("people/new/", person_create, name="person_create"),
    path("people/<int:pk>/", person_detail, name="person"),
    path("people/<int:pk>/edit/", person_edit, name="person_edit"),
    path("people/<int:pk>/positions/", positions, name="positions"),
    path("people/<int:pk>/positions/add/", position_add, name="position_add"),
    path("people/<int:pk>/positions/<int:position_pk>/", position_edit, name="position_edit"),
    path(
        "people/<int:pk>/positions/<int:position_pk>/remove/",
        position_remove,
        name="position_remove",
    ),
]
