"""Reminders that arrive (通知): each e-mail Envoy owes someone, recorded once, and the kinds a
user has turned off.

A ``Notice`` is written when something happens (a report submitted) or falls due (a report due
in 7 days), before anything is sent. Its key — kind, the record it is about, the recipient and
the occasion (the workflow step, the due date and its band, the week) — is unique, so a second
scan or a repeated signal finds the notice already there and sends nothing twice. The notice
then keeps how sending went: every attempt, the last error, when it was sent or given up.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import NoticeStatus


class Notice(models.Model):
    """One message owed to one person about one record on one occasion."""

    kind = models.CharField(_("種類"), max_length=40)
    # The record it is about, as "app.model" and its id (as the audit trail names records):
    # a notice outlives a deleted record and then is not sent.
    object_type = models.CharField(max_length=60)
    object_id = models.PositiveBigIntegerField()
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("收件人"),
        on_delete=models.CASCADE,
        related_name="notices",
    )
    # What makes this message different from the last one about the same record: the
    # workflow step's id, "7:2026-04-30" (7 days before that return's due date), "2026-W18".
    occasion = models.CharField(_("時機"), max_length=60)
    status = models.CharField(
        _("狀態"), max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("嘗試次數"), default=0)
    next_attempt_at = models.DateTimeField(_("下次嘗試"), null=True, blank=True)
    last_error = models.TextField(_("最近一次錯誤"), blank=True)
    subject = models.CharField(_("主旨"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("建立時間"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("寄出時間"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_type", "object_id", "recipient", "occasion"],
                name="one_notice_per_occasion",
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="notice_to_send")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_type}#{self.object_id} → {self.recipient_id}"


class MutedKind(models.Model):
    """A kind of notice a user has turned off on their settings page."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="muted_kinds"
    )
    kind = models.CharField(_("種類"), max_length=40)

    class Meta:
        verbose_name = _("關閉的通知")
        verbose_name_plural = _("關閉的通知")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_mute_per_kind")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}"
