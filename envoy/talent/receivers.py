"""The talent pool listens to the missions: when a trip's delegation, dates, places, report,
events, presentations or meetings change, its travellers' experience is brought up to date
(``services.sync_mission``) once the change is committed — a report import writes its
travellers with ``bulk_create`` and tells ``envoy.core.indexing``, which is heard here too.
A presentation or meeting of no mission becomes the experience of the colleague it names
(``services.sync_contribution``).

Whenever a piece of experience is saved or deleted (a mission's deletion takes its
experience with it), its profile's ``experience_text`` follows."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from envoy.core import indexing
from envoy.missions.models import DelegationMember, Mission
from envoy.relations.models import Event, Interaction, Presentation
from envoy.reports.models import Report

from .models import Experience, experience_changed


def mark(mission_id: int | None) -> None:
    """Sync mission ``mission_id``'s experience when the transaction commits."""
    if mission_id is None:
        return

    def sync() -> None:
        from .services import sync_mission

        sync_mission(mission_id)

    transaction.on_commit(sync)


def _mission_of(instance) -> int | None:
    if isinstance(instance, Mission):
        return instance.pk
    return getattr(instance, "mission_id", None)


def mark_contribution(model, pk: int) -> None:
    """Sync the presentation or meeting ``pk`` when the transaction commits (one of no
    mission is nobody's trip: ``services.sync_contribution``)."""

    def sync() -> None:
        from .services import sync_contribution

        source = model.objects.filter(pk=pk).first()
        if source is not None:
            sync_contribution(source)

    transaction.on_commit(sync)


def _changed(sender, instance, **kwargs) -> None:
    if isinstance(instance, (Presentation, Interaction)):
        mark_contribution(type(instance), instance.pk)
    mark(_mission_of(instance))


def _deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, (Presentation, Interaction)):
        from .services import remove_experience

        remove_experience(source=instance)
    if not isinstance(instance, Mission):
        mark(_mission_of(instance))


def _told(sender, instances, **kwargs) -> None:
    watched = (Mission, DelegationMember, Report)
    for mission_id in {_mission_of(i) for i in instances if isinstance(i, watched)}:
        mark(mission_id)


def _event_missions(sender, instance, action, pk_set, model, **kwargs) -> None:
    if not action.startswith("post_"):
        return
    if isinstance(instance, Mission):
        mark(instance.pk)
    else:
        for mission_id in pk_set or ():
            mark(mission_id)


def _experience_changed(sender, instance, **kwargs) -> None:
    experience_changed(instance.profile_id)


def connect() -> None:
    post_save.connect(_experience_changed, sender=Experience, dispatch_uid="talent-experience")
    post_delete.connect(
        _experience_changed, sender=Experience, dispatch_uid="talent-experience-deleted"
    )
    for model in (Mission, DelegationMember, Report, Presentation, Interaction):
        uid = f"talent-{model._meta.label_lower}"
        post_save.connect(_changed, sender=model, dispatch_uid=uid + "-saved")
        post_delete.connect(_deleted, sender=model, dispatch_uid=uid + "-deleted")
    m2m_changed.connect(
        _event_missions, sender=Event.missions.through, dispatch_uid="talent-event-missions"
    )
    indexing.records_changed.connect(_told, dispatch_uid="talent-told")
