"""Telling whoever keeps an index of records (search) which records changed.

``save()`` and ``delete()`` tell it through Django's model signals. Writes that send none —
``QuerySet.update`` (optimistic locking, workflow steps, renumbering), ``bulk_create`` and
``bulk_update`` — are told by the code that makes them, with :func:`changed`. Core knows no
index: the search app listens to these signals (``envoy.search.signals``).
"""

from contextlib import contextmanager

from django.db import models
from django.dispatch import Signal

# ``instances``: the records changed (each read for its type and ids only).
records_changed = Signal()
# ``size``: catch up this many records at a time until ``batch_ended``.
batch_started = Signal()
batch_ended = Signal()


def changed(*instances: models.Model | None) -> None:
    """Records were written without ``save()``: bring the indexes up to date at commit."""
    kept = [instance for instance in instances if instance is not None]
    if kept:
        records_changed.send(sender=None, instances=kept)


@contextmanager
def batched(size: int = 50):
    """Within: indexes catch up ``size`` records at a time and with the rest on the way out
    (a bulk import, where re-indexing each record as it commits is half of the run)."""
    batch_started.send(sender=None, size=size)
    try:
        yield
    finally:
        batch_ended.send(sender=None)
