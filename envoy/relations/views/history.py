"""A person's history: every change to the person and their positions — who, when, which
fields, old → new. Staff only, as the history holds contact details; changes of the notes
only for the person's holders."""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from envoy.core.lib.punctuation import join_list
from envoy.core.lib.rocdates import roc_short

from .. import services
from ..models import City, Organisation, Person, Position
from ..permissions import can_see_notes, can_see_private, get_person_for_user, require

PERSON_HISTORY_FIELDS = [*services.PERSON_FIELDS, "other_names"]
POSITION_HISTORY_FIELDS = services.POSITION_FIELDS


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
        return roc_short(value)
    if isinstance(value, list):
        return join_list(value)
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


urlpatterns = [
    path("people/<int:pk>/history/", person_history, name="person_history"),
]
