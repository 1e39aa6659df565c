"""The verbs of notices: owe (write the notices owed, each once), deliver (send one, retry it
later when sending fails, give up after ``MAX_ATTEMPTS``), scan (the daily reminders), and
a user's choice of the kinds they receive.

Nothing is lost silently: every failure is written on its notice (attempts, last error) and
logged — a warning while it will be retried, an error when it is given up — and the failed
notices are listed by ``manage.py send_reminders --failures`` and on the admin site.
"""

import datetime as dt
import logging
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from . import registry
from .enums import NoticeStatus
from .mail import compose
from .models import MutedKind, Notice
from .registry import Due, Kind

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# How long after each failed attempt the next one is made (then it is given up).
RETRY_DELAYS = [
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=2),
]
# A notice waiting this long past its time had its task lost (or its worker died while
# sending): the daily scan queues it again.
LOST_AFTER = dt.timedelta(minutes=30)
# Notices per sending task.
BATCH = 50


def owe(kind: Kind, rows: Iterable[Due]) -> list[int]:
    """Write the notices of ``kind`` for ``rows`` — (object id, recipient id, occasion) —
    that are not written yet, leaving out recipients who turned the kind off, and queue
    them for sending once the transaction commits. Returns the new notices' ids.

    A row written before (by an earlier scan, or a signal delivered twice) is skipped: the
    unique key (kind, object, recipient, occasion) decides, in the database too when two
    scans race."""
    rows = set(rows)
    if not rows:
        return []
    muted = set(MutedKind.objects.filter(kind=kind.code).values_list("user_id", flat=True))
    rows = {row for row in rows if row[1] not in muted}
    existing = set(
        Notice.objects.filter(
            kind=kind.code,
            object_type=kind.object_type,
            object_id__in={row[0] for row in rows},
        ).values_list("object_id", "recipient_id", "occasion")
    )
    new = [
        Notice(
            kind=kind.code,
            object_type=kind.object_type,
            object_id=object_id,
            recipient_id=recipient_id,
            occasion=occasion,
        )
        for object_id, recipient_id, occasion in sorted(rows - existing)
    ]
    if not new:
        return []
    try:
        with transaction.atomic():
            created = Notice.objects.bulk_create(new, batch_size=500)
    except IntegrityError:
        # Another scan wrote some of them meanwhile: one at a time, keeping ours only.
        created = []
        for notice in new:
            key = {f: getattr(notice, f) for f in ("kind", "object_type", "object_id")}
            key.update(recipient_id=notice.recipient_id, occasion=notice.occasion)
            made, is_new = Notice.objects.get_or_create(**key)
            if is_new:
                created.append(made)
    ids = [notice.pk for notice in created]
    transaction.on_commit(lambda: queue(ids))
    return ids


def queue(ids: list[int], *, at: dt.datetime | None = None) -> None:
    """Queue the notices ``ids`` for the worker, ``BATCH`` to a task (from ``at`` on)."""
    from .tasks import send_notices  # the tasks call these services

    task = send_notices.using(run_after=at) if at else send_notices
    for start in range(0, len(ids), BATCH):
        task.enqueue(ids[start : start + BATCH])


def deliver(notice_id: int, *, now: dt.datetime | None = None) -> str | None:
    """Send the notice ``notice_id`` if it is waiting and its time has come; returns its
    new status (None when it was not this call's to send: already sent, or taken by another
    worker).

    It is dropped, unsent, when its record is gone or no longer calls for it (a report
    approved since it was due), or its recipient turned the kind off, left or has no
    address. A failed send is recorded and retried after ``RETRY_DELAYS``; after
    ``MAX_ATTEMPTS`` it is given up (status failed) and logged as an error."""
    now = now or timezone.now()
    claimed = (
        Notice.objects.filter(pk=notice_id, status=NoticeStatus.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(status=NoticeStatus.SENDING, attempts=F("attempts") + 1, next_attempt_at=now)
    )
    if not claimed:
        return None
    notice = Notice.objects.select_related("recipient").get(pk=notice_id)
    kind = registry.get(notice.kind)
    obj = kind.load(notice.object_id) if kind else None
    user = notice.recipient
    if (
        obj is None
        or not kind.still_due(obj)
        or not (user.is_active and user.email)
        or MutedKind.objects.filter(user=user, kind=notice.kind).exists()
    ):
        return _finish(notice, NoticeStatus.DROPPED)
    try:
        message = compose(notice, kind, obj, today=timezone.localdate(now))
        notice.subject = message.subject[:300]
        message.send()
    except Exception as error:  # SMTP refused, timed out, a template broke: all retried
        return _failed(notice, error, now)
    notice.sent_at = now
    notice.last_error = ""
    return _finish(notice, NoticeStatus.SENT)


def _finish(notice: Notice, status: str) -> str:
    notice.status = status
    notice.next_attempt_at = None
    notice.save(update_fields=["status", "next_attempt_at", "subject", "sent_at", "last_error"])
    return status


def _failed(notice: Notice, error: Exception, now: dt.datetime) -> str:
    notice.last_error = f"{type(error).__name__}: {error}"[:2000]
    what = (notice.pk, notice.kind, notice.recipient.email, notice.attempts, MAX_ATTEMPTS)
    if notice.attempts >= MAX_ATTEMPTS:
        logger.error(
            "Notice %s (%s to %s) failed on attempt %s of %s and is given up: %s",
            *what,
            notice.last_error,
        )
        notice.status = NoticeStatus.FAILED
        notice.next_attempt_at = None
    else:
        notice.status = NoticeStatus.PENDING
        notice.next_attempt_at = now + RETRY_DELAYS[notice.attempts - 1]
        logger.warning(
            "Notice %s (%s to %s) failed on attempt %s of %s, tried again at %s: %s",
            *what,
            notice.next_attempt_at.isoformat(timespec="seconds"),
            notice.last_error,
        )
        ids, at = [notice.pk], notice.next_attempt_at
        transaction.on_commit(lambda: queue(ids, at=at))
    notice.save(update_fields=["status", "next_attempt_at", "last_error", "subject"])
    return notice.status


def deliver_all(ids: Iterable[int], *, now: dt.datetime | None = None) -> dict[str, int]:
    """``deliver`` each of ``ids``; how many ended in each status."""
    counts: dict[str, int] = {}
    for notice_id in ids:
        status = deliver(notice_id, now=now)
        if status:
            counts[status] = counts.get(status, 0) + 1
    return counts


def overdue_ids(now: dt.datetime | None = None) -> list[int]:
    """The notices whose sending is late by ``LOST_AFTER``: waiting past their time (their
    task lost, or no worker running), or stuck "sending" (their worker died) — these are
    put back to waiting, their attempt counted."""
    now = now or timezone.now()
    Notice.objects.filter(status=NoticeStatus.SENDING, next_attempt_at__lt=now - LOST_AFTER).update(
        status=NoticeStatus.PENDING, next_attempt_at=now
    )
    late = Q(next_attempt_at__isnull=True, created_at__lt=now - LOST_AFTER) | Q(
        next_attempt_at__lt=now - LOST_AFTER
    )
    return list(
        Notice.objects.filter(late, status=NoticeStatus.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def waiting_ids(now: dt.datetime | None = None) -> list[int]:
    """Every notice that may be sent now."""
    now = now or timezone.now()
    return list(
        Notice.objects.filter(status=NoticeStatus.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def scan(today: dt.date | None = None) -> dict[str, int]:
    """The daily scan: write the reminders every scanned kind owes on ``today`` (queued for
    sending) and queue again the notices whose sending is late. Returns the new notices
    per kind. Running it twice the same day writes nothing the second time."""
    today = today or timezone.localdate()
    found = {kind.code: len(owe(kind, kind.scan(today))) for kind in registry.scanned()}
    late = overdue_ids()
    if late:
        transaction.on_commit(lambda: queue(late))
    return found


def notify_step(*, kind: Kind, event, recipient_ids: Iterable[int], actor_id) -> list[int]:
    """The notices of a workflow step (``event``, a ReviewEvent) to ``recipient_ids``, less
    whoever took the step."""
    rows = [(event.pk, pk, event.to_status) for pk in recipient_ids if pk != actor_id]
    return owe(kind, rows)


def set_muted_kinds(*, user, codes: Iterable[str]) -> None:
    """Turn off the kinds ``codes`` for ``user`` and every other kind back on."""
    codes = {code for code in codes if registry.get(code)}
    with transaction.atomic():
        MutedKind.objects.filter(user=user).exclude(kind__in=codes).delete()
        have = set(MutedKind.objects.filter(user=user).values_list("kind", flat=True))
        MutedKind.objects.bulk_create([MutedKind(user=user, kind=c) for c in sorted(codes - have)])


def muted_kinds(user) -> set[str]:
    return set(MutedKind.objects.filter(user=user).values_list("kind", flat=True))


def retry(notices) -> list[int]:
    """Send ``notices`` (a queryset of waiting or failed ones) again from now, with a fresh
    count of attempts; returns their ids."""
    ids = list(notices.values_list("pk", flat=True))
    Notice.objects.filter(pk__in=ids).update(
        status=NoticeStatus.PENDING, attempts=0, next_attempt_at=None
    )
    transaction.on_commit(lambda: queue(ids))
    return ids


def failures():
    """The notices given up, newest first."""
    return Notice.objects.filter(status=NoticeStatus.FAILED).select_related("recipient")
