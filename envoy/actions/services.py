"""The verbs of follow-through: proposing a report's actions, settling them, keeping their
progress. Each runs in one transaction and writes its audit entry."""

import datetime as dt
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from envoy.core import indexing
from envoy.core.lib.locking import lock_version
from envoy.core.lib.text import clean_text
from envoy.core.services import record
from envoy.reports.models import Report

from .enums import OPEN_STATUSES, ActionStatus
from .models import Action, ProgressNote
from .permissions import can_keep_progress, can_settle_actions
from .proposing import proposals

# What the editor settles when confirming a proposal.
SETTLED_FIELDS = [
    "text",
    "owner_bureau",
    "owner",
    "start_date",
    "due_date",
    "budget",
    "budget_source",
    "status",
    "reason",
]


def propose_actions(*, report: Report, user=None) -> list[Action]:
    """Bring the report's proposals up to date with its text: each recommendation and
    lesson not yet proposed is added (``proposed``, owned by the mission's bureau); a
    proposal nobody settled whose passage is no longer in the report is removed. Settled
    actions are never touched. Returns the actions added."""
    found = proposals(report)
    with transaction.atomic():
        existing = list(Action.objects.select_for_update().filter(report=report))
        keys = {(a.kind, a.source_block_id, a.source) for a in existing}
        wanted = {p.key for p in found}
        gone = [
            a
            for a in existing
            if a.status == ActionStatus.PROPOSED
            and (a.kind, a.source_block_id, a.source) not in wanted
        ]
        Action.objects.filter(pk__in=[a.pk for a in gone]).delete()
        start = max((a.position for a in existing), default=0)
        added = Action.objects.bulk_create(
            Action(
                report=report,
                kind=p.kind,
                source_block_id=p.block_id,
                source=p.source,
                text=p.text,
                owner_bureau_id=report.mission.bureau_id,
                position=start + n,
            )
            for n, p in enumerate((p for p in found if p.key not in keys), start=1)
        )
        if added or gone:
            record(
                user=user,
                action="actions.proposed",
                obj=report,
                mission_id=report.mission_id,
                summary=_("提出 %(added)d 項，移除 %(gone)d 項")
                % {"added": len(added), "gone": len(gone)},
            )
        indexing.changed(*added)
    return added


def _check_settled(action: Action) -> None:
    if action.status == ActionStatus.NOT_ADOPTED and not action.reason.strip():
        raise ValidationError({"reason": _("不採行時請寫明理由。")})
    if action.status != ActionStatus.NOT_ADOPTED:
        action.reason = ""
    if not action.text.strip():
        raise ValidationError({"text": _("請填寫事項內容。")})
    if action.start_date and action.due_date and action.due_date < action.start_date:
        raise ValidationError({"due_date": _("預定完成日期不能早於開始日期。")})


def settle_action(*, user, action: Action, data: dict, expected_version: int) -> Action:
    """Save what the report's editor decided of ``action``: its text, owner, 執行期程,
    經費規劃 and status. Adopting it starts its review cycle today. Raises
    ``PermissionDenied``, ``ValidationError`` (no reason for 不採行, dates reversed) and
    ``EditConflict`` (someone saved it since)."""
    if not can_settle_actions(user, action.report):
        raise PermissionDenied
    for name in SETTLED_FIELDS:
        if name in data:
            value = data[name]
            setattr(action, name, clean_text(value) if isinstance(value, str) else value)
    _check_settled(action)
    with transaction.atomic():
        stored = lock_version(action, expected_version)
        if action.status in OPEN_STATUSES and stored.status not in OPEN_STATUSES:
            action.reviewed_on = timezone.localdate()
        action.version = expected_version + 1
        action.save()
        record(
            user=user,
            action="action.updated",
            obj=action,
            mission_id=action.report.mission_id,
            summary=f"{ActionStatus(action.status).label}：{action.text[:200]}",
        )
        indexing.changed(action)
    return action


def _check_evidence(upload) -> str:
    if upload.size > settings.ENVOY_MAX_UPLOAD_BYTES:
        raise ValidationError(
            {
                "evidence": _("佐證資料不能超過 %(size)d MB。")
                % {"size": settings.ENVOY_MAX_UPLOAD_BYTES // (1024 * 1024)}
            }
        )
    return clean_text(PurePath(upload.name).name)[:255] or "evidence"


def add_progress(
    *,
    user,
    action: Action,
    date: dt.date,
    text: str,
    evidence=None,
    status: str | None = None,
) -> ProgressNote:
    """Add a dated progress note (辦理情形) to an adopted action, with an evidence file,
    and move it to 辦理中 or 已完成 when ``status`` says so. The note restarts its review
    cycle. Raises ``PermissionDenied``, and ``ValidationError`` for an action not adopted,
    an empty note, a date in the future or a file too large."""
    if not can_keep_progress(user, action):
        raise PermissionDenied
    if action.status not in (*OPEN_STATUSES, ActionStatus.DONE):
        raise ValidationError(_("事項採行後才能記錄辦理情形。"))
    text = clean_text(text).strip()
    if not text:
        raise ValidationError({"text": _("請填寫辦理情形。")})
    if date > timezone.localdate():
        raise ValidationError({"date": _("辦理情形的日期不能晚於今天。")})
    if status not in (None, "", ActionStatus.IN_PROGRESS, ActionStatus.DONE):
        raise ValidationError({"status": _("辦理情形只能將事項改為辦理中或已完成。")})
    name = _check_evidence(evidence) if evidence else ""
    with transaction.atomic():
        note = ProgressNote(action=action, date=date, text=text, author=user, evidence_name=name)
        if evidence:
            note.evidence.save(name, evidence, save=False)
        note.save()
        fields = {"reviewed_on": max(filter(None, [action.reviewed_on, date]))}
        if status:
            fields["status"] = status
        Action.objects.filter(pk=action.pk).update(
            **fields, version=F("version") + 1, updated_at=timezone.now()
        )
        action.refresh_from_db(fields=["status", "reviewed_on", "version"])
        record(
            user=user,
            action="action.note_added",
            obj=action,
            mission_id=action.report.mission_id,
            summary=text[:300],
        )
        indexing.changed(action)
    return note
