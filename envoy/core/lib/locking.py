"""Optimistic locking: a save that started from an older version of a record is refused.

Each editable record has a ``version`` counter. A form carries the version it was drawn
from; the save succeeds only if the record still has that version, and bumps it.

:func:`save_versioned` and :func:`delete_versioned` check and write in one statement. A record
that must be saved through ``Model.save()`` — one with a history (django-simple-history), or
whose save does more — is checked with :func:`lock_version` first, in the same transaction.
"""

from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from envoy.core import indexing


class EditConflict(Exception):
    """Someone saved this record after the user opened it: their save is refused."""

    message = _(
        "這段內容在您開啟後已被其他人修改並儲存。您輸入的內容仍保留在下方，請重新載入後再合併修改。"
    )


def version_asked(request) -> int:
    """The version a removal was asked from (0 when missing: it never matches)."""
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return 0


def save_versioned(instance: models.Model, expected_version: int, fields: list[str]) -> None:
    """Save ``fields`` of ``instance`` if its stored version is still ``expected_version``.

    Raises :class:`EditConflict` otherwise, leaving the stored record untouched. On success
    ``instance.version`` is the new version.
    """
    model = type(instance)
    values = {name: getattr(instance, name) for name in fields}
    if any(f.name == "updated_at" for f in model._meta.fields):
        values["updated_at"] = timezone.now()
    updated = model.objects.filter(pk=instance.pk, version=expected_version).update(
        version=F("version") + 1, **values
    )
    if not updated:
        raise EditConflict()
    instance.version = expected_version + 1
    indexing.changed(instance)


def delete_versioned(instance: models.Model, expected_version: int | None) -> None:
    """Delete ``instance`` if its stored version is still ``expected_version`` (any version
    when it is ``None``). Raises :class:`EditConflict` when someone saved it since, or
    deleted it already."""
    rows = type(instance).objects.filter(pk=instance.pk)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    if not rows.delete()[0]:
        raise EditConflict()


def lock_version(instance: models.Model, expected_version: int | None) -> models.Model:
    """The stored row of ``instance``, locked until the end of the transaction
    (``select_for_update``), so no one saves it between this check and the caller's save.

    Raises :class:`EditConflict` when the row is gone, or when its version is no longer
    ``expected_version`` (any version passes when it is ``None``). The caller saves
    ``instance`` itself and bumps its ``version``; call it inside ``transaction.atomic``.
    """
    model = type(instance)
    try:
        stored = model.objects.select_for_update().get(pk=instance.pk)
    except model.DoesNotExist:
        raise EditConflict() from None
    if expected_version is not None and stored.version != expected_version:
        raise EditConflict()
    return stored
