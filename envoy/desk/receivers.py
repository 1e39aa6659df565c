"""What the home page keeps is forgotten when what it counts or lists changes."""

from django.db.models.signals import post_delete, post_save

from envoy.actions.models import Action
from envoy.core import indexing
from envoy.missions.models import Mission
from envoy.reports.models import Report, ReviewEvent

from .queries import forget_kept

WATCHED = (Report, Mission, ReviewEvent, Action)


def _told(sender, instances, **kwargs) -> None:
    """``core.indexing.changed``: records written without ``save()`` (a workflow step)."""
    if any(isinstance(instance, WATCHED) for instance in instances):
        forget_kept()


def connect() -> None:
    for model in WATCHED:
        for signal in (post_save, post_delete):
            signal.connect(
                forget_kept, sender=model, dispatch_uid=f"desk-kept-{model.__name__}-{signal}"
            )
    indexing.records_changed.connect(_told, dispatch_uid="desk-kept-told")
