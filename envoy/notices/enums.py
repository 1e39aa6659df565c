from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeStatus(models.TextChoices):
    """Where a notice is on its way out: waiting (first try or a retry), being sent by a
    worker, sent, failed for good (after ``services.MAX_ATTEMPTS``), or dropped (the
    recipient turned the kind off, has no address, or the record is gone)."""

    PENDING = "pending", _("待寄")
    SENDING = "sending", _("寄送中")
    SENT = "sent", _("已寄出")
    FAILED = "failed", _("寄送失敗")
    DROPPED = "dropped", _("未寄（不需寄送）")
