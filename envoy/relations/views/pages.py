"""The relations pages: people, organisations, cities, networks and agreements — lists with
search, one page each, the forms that record and change them, the pickers those forms use,
a person's history, and the duplicates to merge.

Who sees what is decided in ``permissions``: every signed-in role reads; contact details only
staff (``can_see_private``), a person's or organisation's notes only its holders
(``can_see_notes``); only writers open forms, and only holders those of people and
organisations; meetings on missions the user may not open are never listed, and an
agreement on such a mission is not theirs to change. Pages take a fixed number of queries whatever the number
of meetings (everything a list shows is fetched with ``select_related``/``Prefetch``).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from envoy.core.lib.locking import EditConflict
from envoy.core.lib.places import country_name
from envoy.missions.models import Mission
from envoy.missions.permissions import missions_for_user

from .. import services
from ..duplicates import duplicate_pairs
from ..enums import AgreementKind
from ..forms import (
    KINDS,
    AgreementForm,
    CityForm,
    MeetingForm,
    MembershipForm,
    MergeForm,
    NetworkForm,
    OrganisationForm,
    PersonForm,
    PositionForm,
)
from ..models import (
    Agreement,
    City,
    Interaction,
    Network,
    Organisation,
    Person,
    Position,
    Presentation,
)
from ..names import is_han, name_key
from ..permissions import (
    can_edit_mission_linked,
    can_edit_organisation,
    can_edit_person,
    can_edit_relations,
    can_export_people,
    can_merge_people,
    can_see_notes,
    can_see_private,
    get_organisation_for_user,
    get_person_for_user,
    interactions_for_user,
    require,
)

PER_PAGE = 25
PICK_LIMIT = 10


# ----- Searching -----


def _ranked_ids(rows, q: str) -> list[int]:
    """The ids of ``rows`` ((id, *names) tuples, in their order) whose names hold every word
    of ``q`` — compared folded, so 台北 finds 臺北 and Maris finds Māris — the closest first:
    a name equal to ``q``, then names starting with it, then the rest."""
    wanted = name_key(q)
    words = wanted.split()
    ranked = []
    for pk, *names in rows:
        keys = []
        for name in names:
            if isinstance(name, list):
                keys.extend(name_key(n) for n in name if n)
            elif name:
                keys.append(name_key(name))
        joined = " ".join(keys)
        if not all(word in joined for word in words):
            continue
        if wanted in keys:
            rank = 0
        elif any(key.startswith(wanted) for key in keys):
            rank = 1
        else:
            rank = 2
        ranked.append((rank, pk))
    ranked.sort(key=lambda pair: pair[0])  # stable: the queryset's order within a rank
    return [pk for _rank, pk in ranked]


def _listing(request, queryset, name_fields: list[str], fetch) -> dict:
    """The page of ``queryset`` the request asks for, searched by ``q`` over
    ``name_fields``; ``fetch(ids)`` loads the rows shown, with what they need."""
    q = request.GET.get("q", "").strip()[:200]
    if q:
        ids = _ranked_ids(queryset.values_list("id", *name_fields), q)
    else:
        ids = queryset.values_list("id", flat=True)
    page = Paginator(ids, PER_PAGE).get_page(request.GET.get("page"))
    page_ids = list(page)
    shown = fetch(page_ids)
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "q": q,
        "page": page,
        "rows": [shown[pk] for pk in page_ids if pk in shown],
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2),
        "query": query.urlencode(),
        "can_edit": can_edit_relations(request.user),
    }


def _positions_prefetch() -> Prefetch:
    return Prefetch("positions", queryset=Position.objects.select_related("organisation"))


def _current_positions(person: Person, today: dt.date) -> list[Position]:
    return [p for p in person.positions.all() if p.current_on(today)]


# ----- Lists -----


@login_required
@require_safe
def people(request):
    """Everyone recorded, searched by any of their names."""

    def fetch(ids):
        rows = Person.objects.select_related("city").prefetch_related(_positions_prefetch())
        return rows.in_bulk(ids)

    context = _listing(
        request,
        Person.objects.all(),
        ["name", "name_latin", "name_zh", "other_names"],
        fetch,
    )
    today = timezone.localdate()
    for person in context["rows"]:
        person.current = _current_positions(person, today)
    context["can_merge"] = can_merge_people(request.user)
    context["can_export"] = can_export_people(request.user)
    return render(request, "relations/pages/people.html", context)


@login_required
@require_safe
def organisations(request):
    def fetch(ids):
        rows = Organisation.objects.select_related("city").annotate(
            people_count=Count("positions__person", distinct=True)
        )
        return rows.in_bulk(ids)

    context = _listing(
        request, Organisation.objects.all(), ["name", "name_en", "abbreviation"], fetch
    )
    return render(request, "relations/pages/organisations.html", context)


@login_required
@require_safe
def cities(request):
    def fetch(ids):
        rows = City.objects.annotate(
            people_count=Count("people", distinct=True),
            agreement_count=Count("agreements", distinct=True),
        )
        return rows.in_bulk(ids)

    context = _listing(request, City.objects.all(), ["name", "name_en"], fetch)
    return render(request, "relations/pages/cities.html", context)


@login_required
@require_safe
def networks(request):
    def fetch(ids):
        rows = Network.objects.select_related("founder").annotate(
            member_count=Count("memberships", distinct=True)
        )
        return rows.in_bulk(ids)

    context = _listing(request, Network.objects.all(), ["name", "name_en", "abbreviation"], fetch)
    return render(request, "relations/pages/networks.html", context)


@login_required
@require_safe
def agreements(request):
    kind = request.GET.get("kind", "")
    rows = Agreement.objects.all()
    if kind in AgreementKind.values:
        rows = rows.filter(kind=kind)

    def fetch(ids):
        shown = Agreement.objects.select_related("network").prefetch_related(
            "cities", "organisations"
        )
        return shown.in_bulk(ids)

    context = _listing(request, rows, ["title", "title_en"], fetch)
    context |= {"kind": kind, "kinds": AgreementKind.choices}
    return render(request, "relations/pages/agreements.html", context)


# ----- Visibility of missions on pages -----


def _mission_visible(user) -> Exists:
    """An annotation: whether the row's mission is one ``user`` may open."""
    return Exists(missions_for_user(user).filter(pk=OuterRef("mission_id")))


def _meetings(user):
    """The meetings ``user`` may see, with what a timeline shows of them."""
    return interactions_for_user(user).select_related(
        "person", "mission", "event", "session", "city", "follow_up_owner"
    )


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


@login_required
@require_safe
def person_detail(request, pk: int):
    """A person: names, positions, contact (staff), every meeting, presentations."""
    person = get_person_for_user(request.user, pk)
    context = _person_context(request, person)
    meetings = list(_meetings(request.user).filter(person=person))
    presentations = list(
        person.presentations.select_related("event", "session", "mission").annotate(
            mission_visible=_mission_visible(request.user)
        )
    )
    context |= {"meetings": meetings, "presentations": presentations}
    return render(request, "relations/pages/person.html", context)


def _positions_section(request, person, *, status=200, pending=None, saved=""):
    """The positions section (htmx), or the person page drawn with it."""
    context = _person_context(request, person, pending=pending, saved=saved)
    if request.htmx:
        return render(request, "relations/pages/person.html#positions", context, status=status)
    context |= {
        "meetings": list(_meetings(request.user).filter(person=person)),
        "presentations": list(
            person.presentations.select_related("event", "session", "mission").annotate(
                mission_visible=_mission_visible(request.user)
            )
        ),
    }
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


# ----- A person's history -----


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: dt.datetime
    who: object
    kind: str  # "+", "~" or "-"
    subject: str  # the person, or the position changed
    changes: list[Change] = field(default_factory=list)
    reason: str = ""


def _shown(value, field_name: str, model, names: dict) -> str:
    """A stored value as the history page shows it."""
    if value is None or value == "" or value == []:
        return "—"
    model_field = model._meta.get_field(field_name)
    if model_field.is_relation:
        return str(names.get((model_field.related_model, value), f"#{value}"))
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, dt.date):
        from envoy.core.templatetags.envoy import roc_short

        return roc_short(value)
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


def _label(model, field_name: str) -> str:
    return str(model._meta.get_field(field_name).verbose_name)


def _entries(records: list, model, fields: list[str], names: dict, subject) -> list[HistoryEntry]:
    """One entry per historical record (newest first) of one object, with what changed
    since the record before it."""
    entries = []
    for index, current in enumerate(records):
        previous = records[index + 1] if index + 1 < len(records) else None
        entry = HistoryEntry(
            when=current.history_date,
            who=current.history_user,
            kind=current.history_type,
            subject=subject(current),
            reason=current.history_change_reason or "",
        )
        if current.history_type == "~" and previous is not None:
            delta = current.diff_against(previous, included_fields=fields)
            entry.changes = [
                Change(
                    _label(model, c.field),
                    _shown(c.old, c.field, model, names),
                    _shown(c.new, c.field, model, names),
                )
                for c in delta.changes
            ]
        elif current.history_type == "+":
            entry.changes = [
                Change(
                    _label(model, name), "—", _shown(getattr(current, attname), name, model, names)
                )
                for name, attname in ((n, model._meta.get_field(n).attname) for n in fields)
                if getattr(current, attname) not in (None, "", [], False)
            ]
        entries.append(entry)
    return entries


PERSON_HISTORY_FIELDS = [*services.PERSON_FIELDS, "other_names"]
POSITION_HISTORY_FIELDS = ["title", "title_en", "organisation", "start_date", "end_date"]


@login_required
@require_safe
def person_history(request, pk: int):
    """Every change to a person and their positions: who, when, which fields, old → new.
    Staff only: the history holds contact details; changes of the notes only for the
    person's holders."""
    person = get_person_for_user(request.user, pk)
    require(can_see_private(request.user))
    person_fields = PERSON_HISTORY_FIELDS
    if not can_see_notes(request.user, person):
        person_fields = [name for name in person_fields if name != "notes"]
    person_records = list(
        person.history.select_related("history_user").order_by("-history_date", "-history_id")
    )
    position_records = list(
        Position.history.filter(Q(person_id=person.pk) | Q(id__in=person.positions.values("id")))
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )
    city_ids = {r.city_id for r in person_records if r.city_id}
    organisation_ids = {r.organisation_id for r in position_records if r.organisation_id}
    names = {(City, pk): c for pk, c in City.objects.in_bulk(city_ids).items()}
    names |= {
        (Organisation, pk): o for pk, o in Organisation.objects.in_bulk(organisation_ids).items()
    }
    entries = _entries(person_records, Person, person_fields, names, lambda r: _("人員資料"))
    by_position: dict[int, list] = {}
    for position_record in position_records:
        by_position.setdefault(position_record.id, []).append(position_record)
    for records in by_position.values():
        entries += _entries(
            records,
            Position,
            POSITION_HISTORY_FIELDS,
            names,
            lambda r: _("職位：%(title)s") % {"title": r.title},
        )
    entries.sort(key=lambda e: e.when, reverse=True)
    return render(
        request, "relations/pages/person_history.html", {"person": person, "entries": entries}
    )


# ----- Meetings -----


def _meeting_form_page(request, form, *, interaction=None, person=None):
    return render(
        request,
        "relations/pages/meeting_form.html",
        {"form": form, "interaction": interaction, "person": person},
    )


@login_required
def meeting_create(request):
    """A meeting with someone: ``?person=`` and ``?mission=`` fill the form in."""
    user = request.user
    require(can_edit_relations(user))
    if request.method != "POST":
        initial = {}
        if (person_id := request.GET.get("person", "")).isdigit():
            initial["person"] = Person.objects.filter(pk=person_id).first()
        if (mission_id := request.GET.get("mission", "")).isdigit():
            initial["mission"] = missions_for_user(user).filter(pk=mission_id).first()
        form = MeetingForm(initial=initial, user=user)
        return _meeting_form_page(request, form, person=initial.get("person"))
    form = MeetingForm(request.POST, user=user)
    if form.is_valid():
        data = form.changes()
        person = data.pop("person")
        try:
            interaction = services.record_interaction(user=user, person=person, data=data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已新增交流紀錄。"))
            url = reverse("relations:person", args=[person.pk])
            return redirect(f"{url}#meeting-{interaction.pk}")
    return _meeting_form_page(request, form)


def _meeting_for_user(user, pk: int) -> Interaction:
    try:
        return _meetings(user).get(pk=pk)
    except Interaction.DoesNotExist:
        raise Http404 from None


@login_required
def meeting_edit(request, pk: int):
    """A meeting recorded before; whom it was with stays as it is."""
    user = request.user
    interaction = _meeting_for_user(user, pk)
    require(can_edit_relations(user))
    if request.method != "POST":
        form = MeetingForm(initial=MeetingForm.initial_for(interaction), user=user)
    else:
        form = MeetingForm(request.POST, user=user)
    del form.fields["person"]
    if request.method == "POST" and form.is_valid():
        try:
            services.update_interaction(user=user, interaction=interaction, data=form.changes())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已儲存交流紀錄。"))
            url = reverse("relations:person", args=[interaction.person_id])
            return redirect(f"{url}#meeting-{interaction.pk}")
    return _meeting_form_page(request, form, interaction=interaction, person=interaction.person)


@login_required
@require_POST
def meeting_done(request, pk: int):
    """The follow-up of a meeting done today."""
    interaction = _meeting_for_user(request.user, pk)
    require(can_edit_relations(request.user))
    if interaction.follow_up_open:
        services.complete_follow_up(
            user=request.user, interaction=interaction, on=timezone.localdate()
        )
        messages.success(request, _("已將後續辦理事項標示為完成。"))
    url = reverse("relations:person", args=[interaction.person_id])
    return redirect(f"{url}#meeting-{interaction.pk}")


# ----- Organisations -----


@login_required
@require_safe
def organisation_detail(request, pk: int):
    organisation = get_organisation_for_user(request.user, pk)
    today = timezone.localdate()
    positions = list(
        organisation.positions.select_related("person").order_by(
            "person__name", "-start_date", "id"
        )
    )
    for position in positions:
        position.current = position.current_on(today)
    person_ids = {p.person_id for p in positions}
    meetings = list(_meetings(request.user).filter(person_id__in=person_ids))
    return render(
        request,
        "relations/pages/organisation.html",
        {
            "organisation": organisation,
            "current_positions": [p for p in positions if p.current],
            "past_positions": [p for p in positions if not p.current],
            "agreements": list(organisation.agreements.select_related("network")),
            "networks_founded": list(organisation.networks_founded.all()),
            "meetings": meetings,
            "can_see_private": can_see_private(request.user),
            "can_see_notes": can_see_notes(request.user, organisation),
            "can_edit": can_edit_organisation(request.user, organisation),
        },
    )


def _organisation_form_page(request, form, *, organisation=None, status=200, conflict=False):
    return render(
        request,
        "relations/pages/organisation_form.html",
        {
            "form": form,
            "organisation": organisation,
            "conflict": conflict,
            "conflict_message": EditConflict.message,
        },
        status=status,
    )


@login_required
def organisation_create(request):
    require(can_edit_relations(request.user))
    if request.method != "POST":
        return _organisation_form_page(request, OrganisationForm(new=True))
    form = OrganisationForm(request.POST, new=True)
    if form.is_valid():
        existing = services.find_organisation(form.cleaned_data["name"])
        if existing is not None:
            form.add_error("name", _("已有名為「%(name)s」的組織。") % {"name": existing.name})
        else:
            try:
                organisation = services.save_organisation(
                    user=request.user, organisation=Organisation(), data=form.changes()
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("已新增組織。"))
                return redirect("relations:organisation", organisation.pk)
    return _organisation_form_page(request, form)


@login_required
def organisation_edit(request, pk: int):
    """An organisation's names, place and notes: for its holders."""
    organisation = get_organisation_for_user(request.user, pk, write=True)
    if request.method != "POST":
        form = OrganisationForm(initial=OrganisationForm.initial_for(organisation))
        return _organisation_form_page(request, form, organisation=organisation)
    form = OrganisationForm(request.POST)
    if form.is_valid():
        try:
            services.save_organisation(
                user=request.user,
                organisation=organisation,
                data=form.changes(),
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict:
            organisation.refresh_from_db()
            return _organisation_form_page(
                request, form, organisation=organisation, status=409, conflict=True
            )
        except ValidationError as error:
            organisation.refresh_from_db()
            form.add_error(None, error)
        else:
            messages.success(request, _("已儲存組織資料。"))
            return redirect("relations:organisation", organisation.pk)
    return _organisation_form_page(request, form, organisation=organisation)


# ----- Cities -----


@dataclass
class Moment:
    """One line of a city's timeline."""

    date: dt.date | None
    kind: str
    title: str
    url: str = ""
    detail: str = ""
    year_only: bool = False


def _newest_first(moments: list[Moment]) -> list[Moment]:
    return sorted(moments, key=lambda m: (m.date is None, -(m.date.toordinal() if m.date else 0)))


@login_required
@require_safe
def city_detail(request, pk: int):
    """A city and, newest first, everything that touched it: missions (there, or of meetings,
    visits and events there), people based there, meetings, agreements, memberships, events
    and site visits."""
    user = request.user
    city = get_object_or_404(City, pk=pk)
    visible = missions_for_user(user)
    direct = list(city.missions.filter(pk__in=visible.values("pk")))
    meetings = list(_meetings(user).filter(city=city))
    visits = list(
        city.site_visits.filter(mission__in=visible.values("pk")).select_related("mission")
    )
    events = list(
        city.events.select_related("network").prefetch_related(
            Prefetch("missions", queryset=visible, to_attr="visible_missions")
        )
    )
    city_agreements = list(city.agreements.select_related("network"))
    memberships = list(city.memberships.select_related("network"))
    based = list(city.people.prefetch_related(_positions_prefetch()))
    organisations_there = list(city.organisations.all())

    missions_seen: dict[int, tuple[Mission, set[str]]] = {}

    def touched(mission: Mission | None, why: str) -> None:
        if mission is not None:
            missions_seen.setdefault(mission.pk, (mission, set()))[1].add(why)

    for mission in direct:
        touched(mission, "")
    for meeting in meetings:
        touched(meeting.mission, _("會面"))
    for visit in visits:
        touched(visit.mission, _("參訪"))
    for event in events:
        for mission in event.visible_missions:
            touched(mission, _("活動"))

    moments = []
    for mission, whys in missions_seen.values():
        detail = "、".join(sorted(w for w in whys if w))
        moments.append(
            Moment(
                mission.start_date,
                _("任務"),
                mission.title,
                reverse("missions:detail", args=[mission.pk]),
                detail,
            )
        )
    for meeting in meetings:
        moments.append(
            Moment(
                meeting.date,
                _("會面"),
                meeting.person.display_name,
                reverse("relations:person", args=[meeting.person_id]) + f"#meeting-{meeting.pk}",
                meeting.title_then or meeting.met_by,
            )
        )
    today = timezone.localdate()
    for person in based:
        person.current = _current_positions(person, today)
        moments.append(
            Moment(
                timezone.localtime(person.created_at).date(),
                _("建立聯絡人"),
                person.display_name,
                reverse("relations:person", args=[person.pk]),
                "、".join(str(p) for p in person.current),
            )
        )
    for agreement in city_agreements:
        moments.append(
            Moment(
                agreement.date,
                agreement.get_kind_display(),
                agreement.title,
                reverse("relations:agreement", args=[agreement.pk]),
            )
        )
    for membership in memberships:
        moments.append(
            Moment(
                dt.date(membership.since_year, 1, 1) if membership.since_year else None,
                _("加入城市網絡"),
                str(membership.network),
                reverse("relations:network", args=[membership.network_id]),
                year_only=True,
            )
        )
    for event in events:
        moments.append(
            Moment(
                event.start_date,
                _("活動"),
                event.name,
                reverse("relations:event", args=[event.pk]),
                event.theme,
            )
        )
    for visit in visits:
        moments.append(
            Moment(
                visit.date,
                _("參訪"),
                visit.name,
                reverse("relations:site_visit", args=[visit.pk]),
                visit.lesson,
            )
        )
    return render(
        request,
        "relations/pages/city.html",
        {
            "city": city,
            "moments": _newest_first(moments),
            "people_based": based,
            "organisations": organisations_there,
            "memberships": memberships,
            "can_edit": can_edit_relations(user),
        },
    )


def _city_form_page(request, form, city=None):
    return render(request, "relations/pages/city_form.html", {"form": form, "city": city})


@login_required
def city_create(request):
    require(can_edit_relations(request.user))
    form = CityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.changes()
        existing = services.find_city(data["name"], data["country"])
        if existing is not None:
            form.add_error("name", _("已有名為「%(name)s」的城市。") % {"name": existing.name})
        else:
            try:
                city = services.save_city(user=request.user, city=City(), data=data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("已新增城市。"))
                return redirect("relations:city", city.pk)
    return _city_form_page(request, form)


@login_required
def city_edit(request, pk: int):
    require(can_edit_relations(request.user))
    city = get_object_or_404(City, pk=pk)
    if request.method != "POST":
        return _city_form_page(request, CityForm(initial=CityForm.initial_for(city)), city)
    form = CityForm(request.POST)
    if form.is_valid():
        try:
            services.save_city(user=request.user, city=city, data=form.changes())
        except ValidationError as error:
            city.refresh_from_db()
            form.add_error(None, error)
        else:
            messages.success(request, _("已儲存城市資料。"))
            return redirect("relations:city", city.pk)
    return _city_form_page(request, form, city)


# ----- Networks -----


@login_required
@require_safe
def network_detail(request, pk: int):
    """A network: its members and since when, its events (summits) with the missions that
    attended, its agreements and declarations, the city's presentations at its events."""
    user = request.user
    network = get_object_or_404(Network.objects.select_related("founder"), pk=pk)
    visible = missions_for_user(user)
    network_events = list(
        network.events.select_related("city").prefetch_related(
            Prefetch("missions", queryset=visible, to_attr="visible_missions")
        )
    )
    return render(
        request,
        "relations/pages/network.html",
        {
            "network": network,
            "memberships": list(
                network.memberships.select_related("city").order_by("since_year", "city__name")
            ),
            "events": network_events,
            "agreements": list(
                Agreement.objects.filter(Q(network=network) | Q(event__network=network))
                .distinct()
                .select_related("event")
            ),
            "presentations": list(
                Presentation.objects.filter(event__network=network)
                .select_related("speaker", "event", "session", "mission")
                .annotate(mission_visible=_mission_visible(user))
            ),
            "membership_form": MembershipForm(prefix="member"),
            "can_edit": can_edit_relations(user),
        },
    )


def _network_form_page(request, form, network=None):
    return render(request, "relations/pages/network_form.html", {"form": form, "network": network})


@transaction.atomic
@login_required
def network_create(request):
    require(can_edit_relations(request.user))
    form = NetworkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.changes()
        before = Network.objects.count()
        network = services.get_or_create_network(
            user=request.user,
            name=data.pop("name"),
            abbreviation=data.pop("abbreviation"),
            **data,
        )
        if Network.objects.count() == before:
            messages.warning(request, _("已有這個城市網絡，沒有重複新增。"))
        else:
            messages.success(request, _("已新增城市網絡。"))
        return redirect("relations:network", network.pk)
    return _network_form_page(request, form)


@login_required
def network_edit(request, pk: int):
    require(can_edit_relations(request.user))
    network = get_object_or_404(Network.objects.select_related("founder"), pk=pk)
    if request.method != "POST":
        form = NetworkForm(initial=NetworkForm.initial_for(network))
        return _network_form_page(request, form, network)
    form = NetworkForm(request.POST)
    if form.is_valid():
        try:
            services.save_network(user=request.user, network=network, data=form.changes())
        except ValidationError as error:
            network.refresh_from_db()
            form.add_error(None, error)
        else:
            messages.success(request, _("已儲存城市網絡資料。"))
            return redirect("relations:network", network.pk)
    return _network_form_page(request, form, network)


@login_required
@require_POST
def membership_add(request, pk: int):
    """A city joins the network (or its year of joining is corrected)."""
    require(can_edit_relations(request.user))
    network = get_object_or_404(Network, pk=pk)
    form = MembershipForm(request.POST, prefix="member")
    if form.is_valid():
        services.join_network(
            user=request.user,
            network=network,
            city=form.cleaned_data["city"],
            since_year=form.cleaned_data["since_year"],
        )
        messages.success(request, _("已儲存網絡會員。"))
        return redirect(reverse("relations:network", args=[network.pk]) + "#members")
    return render(
        request,
        "relations/pages/membership_form.html",
        {"form": form, "network": network},
        status=422,
    )


# ----- Agreements -----


@login_required
@require_safe
def agreement_detail(request, pk: int):
    agreement = get_object_or_404(
        Agreement.objects.select_related("network", "event").annotate(
            mission_visible=_mission_visible(request.user)
        ),
        pk=pk,
    )
    agreement.in_force_today = agreement.in_force_on(timezone.localdate())
    if agreement.mission_id and agreement.mission_visible:
        agreement_mission = Mission.objects.get(pk=agreement.mission_id)
    else:
        agreement_mission = None
    return render(
        request,
        "relations/pages/agreement.html",
        {
            "agreement": agreement,
            "mission": agreement_mission,
            "cities": list(agreement.cities.all()),
            "organisations": list(agreement.organisations.all()),
            "file_name": agreement.file.name.rsplit("/", 1)[-1] if agreement.file else "",
            "can_edit": can_edit_mission_linked(request.user, agreement),
        },
    )


FILE_TYPES = {
    ".pdf": "application/pdf",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@login_required
@require_safe
def agreement_file(request, pk: int):
    """The agreement's file, to whoever may read agreements (media is never served as
    is)."""
    agreement = get_object_or_404(Agreement, pk=pk)
    if not agreement.file:
        raise Http404
    name = agreement.file.name.rsplit("/", 1)[-1]
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    try:
        handle = agreement.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=name,
        content_type=FILE_TYPES.get(suffix, "application/octet-stream"),
    )


def _agreement_form_page(request, form, agreement=None):
    return render(
        request,
        "relations/pages/agreement_form.html",
        {"form": form, "agreement": agreement},
    )


def _save_agreement(request, form, agreement: Agreement):
    try:
        saved = services.save_agreement(
            user=request.user,
            agreement=agreement,
            data=form.changes(),
            cities=form.cleaned_data["cities"],
            organisations=form.cleaned_data["organisations"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None
    return saved


@login_required
def agreement_create(request):
    require(can_edit_relations(request.user))
    if request.method != "POST":
        initial = {}
        if (city_id := request.GET.get("city", "")).isdigit():
            initial["cities"] = list(City.objects.filter(pk=city_id))
        if (network_id := request.GET.get("network", "")).isdigit():
            initial["network"] = network_id
        form = AgreementForm(initial=initial, user=request.user)
        return _agreement_form_page(request, form)
    form = AgreementForm(request.POST, request.FILES, user=request.user)
    if form.is_valid() and (agreement := _save_agreement(request, form, Agreement())):
        messages.success(request, _("已新增協定與宣言。"))
        return redirect("relations:agreement", agreement.pk)
    return _agreement_form_page(request, form)


@login_required
def agreement_edit(request, pk: int):
    """An agreement recorded before. One signed on a mission the user may not open is not
    theirs to change (403): the form would name that mission, and saving it could unlink
    it."""
    agreement = get_object_or_404(Agreement.objects.select_related("mission"), pk=pk)
    require(can_edit_mission_linked(request.user, agreement))
    if request.method != "POST":
        form = AgreementForm(initial=AgreementForm.initial_for(agreement), user=request.user)
        return _agreement_form_page(request, form, agreement)
    form = AgreementForm(
        request.POST,
        request.FILES,
        initial={"file": agreement.file},
        user=request.user,
    )
    if form.is_valid() and _save_agreement(request, form, agreement):
        messages.success(request, _("已儲存協定與宣言。"))
        return redirect("relations:agreement", agreement.pk)
    agreement.refresh_from_db()
    return _agreement_form_page(request, form, agreement)


# ----- Pickers -----


def _pick_people(q: str) -> list[tuple[Person, str]]:
    rows = Person.objects.values_list("id", "name", "name_latin", "name_zh", "other_names")
    ids = _ranked_ids(rows, q)[:PICK_LIMIT]
    found = (
        Person.objects.select_related("city").prefetch_related(_positions_prefetch()).in_bulk(ids)
    )
    today = timezone.localdate()
    picked = []
    for pk in ids:
        person = found[pk]
        current = _current_positions(person, today)
        hint = [person.name_latin if person.name_latin != person.name else ""]
        hint += [str(p) for p in current[:1]]
        picked.append((person, " · ".join(h for h in hint if h)))
    return picked


def _pick_cities(q: str) -> list[tuple[City, str]]:
    ids = _ranked_ids(City.objects.values_list("id", "name", "name_en"), q)[:PICK_LIMIT]
    found = City.objects.in_bulk(ids)
    return [
        (found[pk], " · ".join(filter(None, [found[pk].name_en, found[pk].country_name])))
        for pk in ids
    ]


def _pick_organisations(q: str) -> list[tuple[Organisation, str]]:
    rows = Organisation.objects.values_list("id", "name", "name_en", "abbreviation")
    ids = _ranked_ids(rows, q)[:PICK_LIMIT]
    found = Organisation.objects.select_related("city").in_bulk(ids)
    return [
        (found[pk], " · ".join(filter(None, [found[pk].abbreviation, str(found[pk].city or "")])))
        for pk in ids
    ]


def _pick_missions(q: str, user) -> list[tuple[Mission, str]]:
    words = {q, q.replace("台", "臺"), q.replace("臺", "台")}
    condition = Q()
    for word in words:
        condition |= Q(title__icontains=word)
    rows = missions_for_user(user).filter(condition).order_by("-start_date", "-id")
    return [(mission, "") for mission in rows[:PICK_LIMIT]]


@dataclass(frozen=True)
class GazetteerPlace:
    """A city the packaged gazetteer knows and Envoy has not recorded yet."""

    name: str
    geonames_id: int
    name_en: str
    country: str
    country_name: str


def _gazetteer_place(name: str):
    """The gazetteer's place called ``name`` (Chinese), or None — also when the gazetteer
    is not installed."""
    try:
        from ..suggesting.gazetteer import gazetteer
    except ImportError:
        return None
    return gazetteer().city(name)


def _gazetteer_suggestions(q: str) -> list[GazetteerPlace]:
    """The gazetteer's city called ``q`` (a Chinese name), unless it is recorded already —
    by its GeoNames id, or by its name in its country."""
    if not is_han(q):
        return []
    place = _gazetteer_place(q)
    if place is None:
        return []
    if City.objects.filter(geonames_id=place.geonames_id).exists():
        return []
    if services.find_city(q, place.country) is not None:
        return []
    return [
        GazetteerPlace(
            q, place.geonames_id, place.name_en, place.country, country_name(place.country)
        )
    ]


@login_required
@require_safe
def pick(request, kind: str):
    """Up to ten records matching what was typed, as an htmx fragment of choices. For
    cities, a writer is also offered the gazetteer's city of that name when not recorded."""
    if kind not in KINDS:
        raise Http404
    field_name = request.GET.get("field", "")
    q = (request.GET.get("q") or request.GET.get(f"{field_name}_q") or "").strip()[:200]
    matches, places = [], []
    if name_key(q):
        if kind == "person":
            matches = _pick_people(q)
        elif kind == "city":
            matches = _pick_cities(q)
            if can_edit_relations(request.user):
                places = _gazetteer_suggestions(q)
        elif kind == "organisation":
            matches = _pick_organisations(q)
        else:
            matches = _pick_missions(q, request.user)
    label = KINDS[kind].label
    return render(
        request,
        "relations/partials/pick_results.html",
        {
            "q": q,
            "choices": [(record.pk, label(record), hint) for record, hint in matches],
            "places": places,
        },
    )


@login_required
@require_POST
def pick_gazetteer(request):
    """Record the gazetteer's city chosen in a picker (services.get_or_create_city, with
    its GeoNames id, coordinates and English name) and answer with it as the choice."""
    require(can_edit_relations(request.user))
    name = request.POST.get("name", "").strip()[:100]
    place = _gazetteer_place(name) if name else None
    if place is None or str(place.geonames_id) != request.POST.get("geonames_id", ""):
        return HttpResponse(_("找不到這個城市，請重新搜尋。"), status=422)
    city = services.get_or_create_city(
        user=request.user,
        name=name,
        country=place.country,
        name_en=place.name_en,
        latitude=place.latitude,
        longitude=place.longitude,
        timezone=place.timezone,
        geonames_id=place.geonames_id,
    )
    return render(
        request,
        "relations/partials/pick_results.html",
        {"choices": [(city.pk, city.display_name, city.name_en)], "picked": True},
    )


# ----- Duplicates -----


@login_required
@require_safe
def duplicates(request):
    """People who look recorded twice, side by side, each pair with a merge form."""
    require(can_merge_people(request.user))
    people_rows = Person.objects.annotate(meeting_count=Count("interactions")).prefetch_related(
        _positions_prefetch()
    )
    return render(
        request,
        "relations/pages/duplicates.html",
        {"pairs": [(pair, [pair.first, pair.second]) for pair in duplicate_pairs(people_rows)]},
    )


@login_required
@require_POST
def merge(request):
    """Fold one record of a person into the other: every meeting, position and presentation
    is kept on the record kept."""
    require(can_merge_people(request.user))
    form = MergeForm(request.POST)
    if not form.is_valid():
        for error in form.non_field_errors() or [_("請選擇要保留的一筆。")]:
            messages.error(request, error)
        return redirect("relations:duplicates")
    keep = form.cleaned_data["keep_person"]
    duplicate = form.cleaned_data["duplicate_person"]
    try:
        kept = services.merge_people(user=request.user, keep=keep, duplicate=duplicate)
    except (ValidationError, Person.DoesNotExist):
        messages.error(request, _("無法合併：其中一筆人員資料已不存在。"))
        return redirect("relations:duplicates")
    messages.success(
        request,
        _("已將「%(duplicate)s」合併到「%(keep)s」。")
        % {"duplicate": duplicate.name, "keep": kept.name},
    )
    return redirect("relations:person", kept.pk)


urlpatterns = [
    path("people/", people, name="people"),
    path("people/new/", person_create, name="person_create"),
    path("people/duplicates/", duplicates, name="duplicates"),
    path("people/merge/", merge, name="merge"),
    path("people/<int:pk>/", person_detail, name="person"),
    path("people/<int:pk>/edit/", person_edit, name="person_edit"),
    path("people/<int:pk>/history/", person_history, name="person_history"),
    path("people/<int:pk>/positions/", positions, name="positions"),
    path("people/<int:pk>/positions/add/", position_add, name="position_add"),
    path("people/<int:pk>/positions/<int:position_pk>/", position_edit, name="position_edit"),
    path(
        "people/<int:pk>/positions/<int:position_pk>/remove/",
        position_remove,
        name="position_remove",
    ),
    path("meetings/new/", meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/edit/", meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/done/", meeting_done, name="meeting_done"),
    path("organisations/", organisations, name="organisations"),
    path("organisations/new/", organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/", organisation_detail, name="organisation"),
    path("organisations/<int:pk>/edit/", organisation_edit, name="organisation_edit"),
    path("cities/", cities, name="cities"),
    path("cities/new/", city_create, name="city_create"),
    path("cities/<int:pk>/", city_detail, name="city"),
    path("cities/<int:pk>/edit/", city_edit, name="city_edit"),
    path("networks/", networks, name="networks"),
    path("networks/new/", network_create, name="network_create"),
    path("networks/<int:pk>/", network_detail, name="network"),
    path("networks/<int:pk>/edit/", network_edit, name="network_edit"),
    path("networks/<int:pk>/members/add/", membership_add, name="membership_add"),
    path("agreements/", agreements, name="agreements"),
    path("agreements/new/", agreement_create, name="agreement_create"),
    path("agreements/<int:pk>/", agreement_detail, name="agreement"),
    path("agreements/<int:pk>/edit/", agreement_edit, name="agreement_edit"),
    path("agreements/<int:pk>/file/", agreement_file, name="agreement_file"),
    path("pick/city/gazetteer/", pick_gazetteer, name="pick_gazetteer"),
    path("pick/<str:kind>/", pick, name="pick"),
]
