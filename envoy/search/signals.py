"""Keeping the index current on every write, without touching other apps' code.

Two hooks mark records as changed:

- ``post_save``/``post_delete``/``m2m_changed`` of the indexed models (and of those whose
  rows are part of a document: itinerary days and items, chapters, blocks, positions,
  memberships, events) — the services' saves and the admin site's alike;
- ``envoy.core.indexing.changed``, which the code that writes without ``save()``
  (``QuerySet.update`` in optimistic locking and workflow steps, ``bulk_create``,
  ``bulk_update``) calls with the records it wrote.

The marked records are re-indexed once, when the transaction commits
(``transaction.on_commit``): a report is created before its chapters and blocks, which are
inserted with ``bulk_create`` (no signals) — indexed at commit it is indexed whole; and the
many saves of one editing step (a block, then renumbering) cost one re-index. The price is a
short window after the commit where the index is behind, and an index write that fails
leaves the record stale (logged; ``rebuild_search_index`` repairs it) rather than refusing
the user's save. Unchanged documents are compared and skipped, so saving one block rewrites
one report document.
"""

import logging
import threading
from contextlib import contextmanager

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from envoy.actions.models import Action, ProgressNote
from envoy.core import indexing
from envoy.missions.models import ItineraryDay, ItineraryItem, Mission
from envoy.relations.models import City, Event, Membership, Network, Organisation, Person, Position
from envoy.reports.models import Block, Chapter, Report

from . import index
from .enums import Kind
from .models import SearchDocument

log = logging.getLogger(__name__)
_pending = threading.local()


def _marks() -> dict:
    """What to re-index at commit: missions, and rows whose mission or people are looked up
    then (signal handlers run no query: services count theirs)."""
    if not hasattr(_pending, "marks"):
        _pending.marks = {"missions": set(), "relations": {}, "parents": {}}
    return _pending.marks


def _mark_parent(model: str, pk: int | None) -> None:
    """Re-index at commit what row ``pk`` of ``model`` belongs to (see ``_resolve``)."""
    if pk is not None:
        _marks()["parents"].setdefault(model, set()).add(pk)
        _schedule()


def _resolve(parents: dict) -> tuple[set, dict]:
    """The missions and people the marked rows belong to, read in one query a kind."""
    missions, people = set(), set()
    lookups = {
        "day": (ItineraryDay, "mission_id"),
        "report": (Report, "mission_id"),
        "chapter": (Chapter, "report__mission_id"),
        "action": (Action, "report__mission_id"),
    }
    for model, (cls, field) in lookups.items():
        if parents.get(model):
            missions.update(cls.objects.filter(pk__in=parents[model]).values_list(field, flat=True))
    if parents.get("event"):
        missions.update(
            Event.missions.through.objects.filter(event_id__in=parents["event"]).values_list(
                "mission_id", flat=True
            )
        )
    if parents.get("organisation"):
        people.update(
            Position.objects.filter(organisation_id__in=parents["organisation"]).values_list(
                "person_id", flat=True
            )
        )
    return missions, {Kind.PERSON: people} if people else {}


def mark_mission(mission_id: int | None) -> None:
    """Re-index a mission, its report and recommendations when the transaction commits."""
    if mission_id is not None:
        _marks()["missions"].add(mission_id)
        _schedule()


def mark_relation(kind: str, object_id: int | None) -> None:
    """Re-index a person, organisation, city or network when the transaction commits."""
    if object_id is not None:
        _marks()["relations"].setdefault(kind, set()).add(object_id)
        _schedule()


def _schedule() -> None:
    """A ``flush`` at commit for every mark: the first does the work, the others find
    nothing left (a few microseconds). Marks of a transaction that rolled back stay and are
    re-indexed with the next commit: re-indexing reads what is stored, so that is harmless."""
    transaction.on_commit(flush)


@contextmanager
def deferred(batch: int = 50):
    """Within: what commits is re-indexed ``batch`` records at a time, and the rest on the
    way out — for a bulk import, where re-indexing each file's mission as it commits is half
    of the run and batches of 50 cost a third as much a mission. Until then the index is
    behind by up to ``batch`` records; a process killed meanwhile leaves them out of it
    until ``rebuild_search_index``. Other apps ask for it through
    ``envoy.core.indexing.batched``."""
    _batch_started(None, batch)
    try:
        yield
    finally:
        _batch_ended(None)


def _waiting(marks: dict) -> int:
    """How many records are marked (rows whose mission is still to look up count as one)."""
    nested = [*marks["relations"].values(), *marks["parents"].values()]
    return len(marks["missions"]) + sum(len(ids) for ids in nested)


def flush() -> None:
    """Re-index what was marked. Never raises: the change it follows is already saved."""
    marks = _marks()
    batch = getattr(_pending, "deferred", None)
    if batch and _waiting(marks) < batch:
        return
    missions = set(marks["missions"])
    relations = {k: set(v) for k, v in marks["relations"].items()}
    parents = {k: set(v) for k, v in marks["parents"].items()}
    for part in marks.values():
        part.clear()
    if not missions and not any(relations.values()) and not any(parents.values()):
        return

    try:
        more_missions, more_relations = _resolve(parents)
        missions |= more_missions
        for kind, ids in more_relations.items():
            relations.setdefault(kind, set()).update(ids)
        index.reindex(missions, relations)
    except Exception:
        log.exception("Search index not updated for missions %s, %s", missions, relations)


def _mark_mission_of(instance) -> None:
    """Mark the mission a mission, itinerary, report, chapter or block belongs to."""

    if isinstance(instance, Mission):
        mark_mission(instance.pk)
    elif isinstance(instance, ItineraryDay | Report):
        mark_mission(instance.mission_id)
    elif isinstance(instance, ItineraryItem):
        _mark_parent("day", instance.day_id)
    elif isinstance(instance, Chapter):
        _mark_parent("report", instance.report_id)
    elif isinstance(instance, Block):
        _mark_parent("chapter", instance.chapter_id)
    elif isinstance(instance, Action):
        _mark_parent("report", instance.report_id)
    elif isinstance(instance, ProgressNote):
        _mark_parent("action", instance.action_id)


def _changed(sender, instance, **kwargs) -> None:

    if isinstance(instance, Person):
        mark_relation(Kind.PERSON, instance.pk)
    elif isinstance(instance, Position):
        mark_relation(Kind.PERSON, instance.person_id)
    elif isinstance(instance, Organisation):
        mark_relation(Kind.ORGANISATION, instance.pk)
        # People's documents name the organisations they work at.
        _mark_parent("organisation", instance.pk)
    elif isinstance(instance, City):
        mark_relation(Kind.CITY, instance.pk)
    elif isinstance(instance, Network):
        mark_relation(Kind.NETWORK, instance.pk)
        mark_relation(Kind.ORGANISATION, instance.founder_id)
    elif isinstance(instance, Membership):
        mark_relation(Kind.CITY, instance.city_id)
    elif isinstance(instance, Event):
        _mark_parent("event", instance.pk)
    else:
        _mark_mission_of(instance)


def _deleted(sender, instance, **kwargs) -> None:

    # The rows above a deleted one may be gone already: use the ids the instance keeps.
    if isinstance(instance, Mission):
        mark_mission(instance.pk)
    elif isinstance(instance, Report):
        mark_mission(instance.mission_id)
    else:
        _changed(sender, instance, **kwargs)


def _missions_changed(sender, instance, action, pk_set, model, **kwargs) -> None:
    """Cities and events linked to missions: an event's network is a facet of the mission."""

    if action == "pre_clear" and not isinstance(instance, Mission):
        # The links are about to go, and post_clear does not say which they were: the
        # missions whose documents name this city or event are found in the index.

        for mission_id in (
            SearchDocument.objects.filter(kind=Kind.MISSION)
            .filter(mission_id__in=instance.missions.values("id"))
            .values_list("mission_id", flat=True)
        ):
            mark_mission(mission_id)
    if not action.startswith("post_"):
        return
    if isinstance(instance, Mission):
        mark_mission(instance.pk)
    elif model is Mission:
        for mission_id in pk_set or ():
            mark_mission(mission_id)


def _told(sender, instances, **kwargs) -> None:
    """``envoy.core.indexing.changed``: records written without ``save()``."""
    for instance in instances:
        _changed(type(instance), instance)


def _batch_started(sender, size, **kwargs) -> None:
    _pending.deferred = size


def _batch_ended(sender, **kwargs) -> None:
    _pending.deferred = None
    flush()


def connect() -> None:

    for model in (
        Mission,
        ItineraryDay,
        ItineraryItem,
        Report,
        Chapter,
        Block,
        Person,
        Position,
        Organisation,
        City,
        Network,
        Membership,
        Event,
        Action,
        ProgressNote,
    ):
        uid = f"search-{model._meta.label_lower}"
        post_save.connect(_changed, sender=model, dispatch_uid=uid + "-saved")
        post_delete.connect(_deleted, sender=model, dispatch_uid=uid + "-deleted")
    m2m_changed.connect(
        _missions_changed, sender=City.missions.through, dispatch_uid="search-city-missions"
    )
    m2m_changed.connect(
        _missions_changed, sender=Event.missions.through, dispatch_uid="search-event-missions"
    )
    indexing.records_changed.connect(_told, dispatch_uid="search-told")
    indexing.batch_started.connect(_batch_started, dispatch_uid="search-batch-started")
    indexing.batch_ended.connect(_batch_ended, dispatch_uid="search-batch-ended")
