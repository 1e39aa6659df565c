"""Keeping the index current on every save, without touching other apps' code.

Two hooks mark records as changed:

- ``post_save``/``post_delete``/``m2m_changed`` of the indexed models (and of those whose
  rows are part of a document: itinerary days and items, chapters, blocks, positions,
  memberships, events);
- the audit trail: every service writes an ``AuditEntry`` with the record and its mission,
  also when it saves through ``QuerySet.update`` (optimistic locking, workflow steps), which
  sends no ``post_save``.

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

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from .enums import Kind

log = logging.getLogger(__name__)
_pending = threading.local()


def _marks() -> dict:
    if not hasattr(_pending, "marks"):
        _pending.marks = {"missions": set(), "relations": {}}
    return _pending.marks


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


def flush() -> None:
    """Re-index what was marked. Never raises: the change it follows is already saved."""
    marks = _marks()
    missions, relations = set(marks["missions"]), {k: set(v) for k, v in marks["relations"].items()}
    marks["missions"].clear()
    marks["relations"].clear()
    if not missions and not any(relations.values()):
        return
    from .index import reindex

    try:
        reindex(missions, relations)
    except Exception:
        log.exception("Search index not updated for missions %s, %s", missions, relations)


def _mission_of(instance) -> int | None:
    """The mission a mission, itinerary, report, chapter or block belongs to."""
    from envoy.missions.models import ItineraryDay, ItineraryItem, Mission
    from envoy.reports.models import Block, Chapter, Report

    if isinstance(instance, Mission):
        return instance.pk
    if isinstance(instance, ItineraryDay | Report):
        return instance.mission_id
    if isinstance(instance, ItineraryItem):
        return _lookup(ItineraryDay, instance.day_id, "mission_id")
    if isinstance(instance, Chapter):
        return _lookup(Report, instance.report_id, "mission_id")
    if isinstance(instance, Block):
        return _lookup(Chapter, instance.chapter_id, "report__mission_id")
    return None


def _lookup(model, pk, field: str):
    """A value read through ``pk`` — None when the row is gone (a cascade deletes it)."""
    if pk is None:
        return None
    return model.objects.filter(pk=pk).values_list(field, flat=True).first()


def _changed(sender, instance, **kwargs) -> None:
    from envoy.relations.models import (
        City,
        Event,
        Membership,
        Network,
        Organisation,
        Person,
        Position,
    )

    if isinstance(instance, Person):
        mark_relation(Kind.PERSON, instance.pk)
    elif isinstance(instance, Position):
        mark_relation(Kind.PERSON, instance.person_id)
    elif isinstance(instance, Organisation):
        mark_relation(Kind.ORGANISATION, instance.pk)
        # People's documents name the organisations they work at.
        for person_id in instance.positions.values_list("person_id", flat=True):
            mark_relation(Kind.PERSON, person_id)
    elif isinstance(instance, City):
        mark_relation(Kind.CITY, instance.pk)
    elif isinstance(instance, Network):
        mark_relation(Kind.NETWORK, instance.pk)
        mark_relation(Kind.ORGANISATION, instance.founder_id)
    elif isinstance(instance, Membership):
        mark_relation(Kind.CITY, instance.city_id)
    elif isinstance(instance, Event):
        if instance.pk is not None:
            for mission_id in instance.missions.values_list("id", flat=True):
                mark_mission(mission_id)
    else:
        mark_mission(_mission_of(instance))


def _deleted(sender, instance, **kwargs) -> None:
    from envoy.missions.models import Mission
    from envoy.reports.models import Report

    # The rows above a deleted one may be gone already: use the ids the instance keeps.
    if isinstance(instance, Mission):
        mark_mission(instance.pk)
    elif isinstance(instance, Report):
        mark_mission(instance.mission_id)
    else:
        _changed(sender, instance, **kwargs)


def _missions_changed(sender, instance, action, pk_set, model, **kwargs) -> None:
    """Cities and events linked to missions: an event's network is a facet of the mission."""
    from envoy.missions.models import Mission

    if action == "pre_clear" and not isinstance(instance, Mission):
        # The links are about to go, and post_clear does not say which they were.
        for mission_id in instance.missions.values_list("id", flat=True):
            mark_mission(mission_id)
    if not action.startswith("post_"):
        return
    if isinstance(instance, Mission):
        mark_mission(instance.pk)
    elif model is Mission:
        for mission_id in pk_set or ():
            mark_mission(mission_id)


def _audited(sender, instance, created, **kwargs) -> None:
    """Every service writes an audit entry naming the record and its mission."""
    if not created:
        return
    app, _, model = instance.object_type.partition(".")
    if instance.mission_id:
        mark_mission(instance.mission_id)
    elif app == "missions" and model == "mission":
        mark_mission(instance.object_id)
    kind = {
        "relations.person": Kind.PERSON,
        "relations.organisation": Kind.ORGANISATION,
        "relations.city": Kind.CITY,
        "relations.network": Kind.NETWORK,
    }.get(instance.object_type)
    if kind:
        mark_relation(kind, instance.object_id)


def connect() -> None:
    from envoy.core.models import AuditEntry
    from envoy.missions.models import ItineraryDay, ItineraryItem, Mission
    from envoy.relations.models import (
        City,
        Event,
        Membership,
        Network,
        Organisation,
        Person,
        Position,
    )
    from envoy.reports.models import Block, Chapter, Report

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
    post_save.connect(_audited, sender=AuditEntry, dispatch_uid="search-audit")
