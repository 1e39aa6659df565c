"""The home page's kept counts are forgotten when what they count changes."""

from django.db.models.signals import post_delete, post_save

from envoy.core import indexing
from envoy.missions.models import Mission
from envoy.reports.models import Report

from .queries import forget_overdue_counts


def _told(sender, instances, **kwargs) -> None:
    """``core.indexing.changed``: records written without ``save()`` (a workflow step)."""
    if any(isinstance(instance, Report | Mission) for instance in instances):
        forget_overdue_counts()


def connect() -> None:
    for model in (Report, Mission):
        for signal in (post_save, post_delete):
            signal.connect(
                forget_overdue_counts,
                sender=model,
                dispatch_uid=f"desk-overdue-{model.__name__}-{signal}",
            )
    indexing.records_changed.connect(_told, dispatch_uid="desk-overdue-told")
