"""Verbs shared by every app: writing the audit trail."""

from django.db import models

from .models import AuditEntry


def record(
    *,
    user,
    action: str,
    obj: models.Model,
    mission_id: int | None = None,
    summary: str = "",
    details: dict | None = None,
) -> AuditEntry:
    """Write one audit entry. Call it inside the transaction of the change it records."""
    return AuditEntry.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=obj.pk,
        mission_id=mission_id,
        summary=summary[:500],
        details=details or {},
    )
