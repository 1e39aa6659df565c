"""What the reports app tells the apps above it, and the files it cleans up.

``report_moved`` is sent once a workflow step (送審, 退回, 核定, 公開, 撤回公開) has been
committed, with ``report``, ``event`` (its ``ReviewEvent``; a return's ``reasons`` and
``comment`` on it) and ``user``: follow-through
proposes actions from it, notices e-mail the people concerned. A rolled-back step sends
nothing. ``demo_seeded`` lets the apps above add their part of the demo data.

Files on disk follow their rows: a photo's image and thumbnail, an original report file,
a pending import's upload are removed when the row is deleted — by a service or by the
cascade of a deleted mission — once the transaction commits (a rolled-back delete keeps
them)."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import Signal

from .models import PendingImport, Photo, SourceFile

# ``report``, ``event`` (ReviewEvent), ``user``: sent on commit of a workflow step.
report_moved = Signal()

# Sent by ``manage.py seed_demo`` once the demo's bureaus, accounts and seed report exist,
# with ``bureaus`` (code → Bureau), ``users`` (username → User) and ``write`` (prints a line
# for whoever runs the command): each app above adds its own demo records, skipping those
# already there, so the command stays safe to run again.
demo_seeded = Signal()

_FILE_FIELDS = {Photo: ("image", "thumbnail"), SourceFile: ("file",), PendingImport: ("file",)}


def _remove_files(sender, instance, **kwargs) -> None:
    for name in _FILE_FIELDS[sender]:
        field = getattr(instance, name)
        if field and field.name:
            storage, path = field.storage, field.name
            transaction.on_commit(lambda storage=storage, path=path: storage.delete(path))


def connect() -> None:
    for model in _FILE_FIELDS:
        post_delete.connect(
            _remove_files, sender=model, dispatch_uid=f"reports-files-{model.__name__}"
        )
