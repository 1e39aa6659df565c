"""Follow-through (追蹤): each recommendation (建議事項) and lesson to borrow (借鏡事項) of a
report as an action with an owner, a schedule (執行期程), a budget (經費規劃), an adoption
status (採行情形) and dated progress notes (辦理情形)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from envoy.reports.models import Block, Report

from .enums import OPEN_STATUSES, ActionKind, ActionStatus


class Action(models.Model):
    """A recommendation or lesson of a report, tracked until it is done or not adopted."""

    # Indexed with its status below (a report's proposals).
    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="actions", db_index=False
    )
    kind = models.CharField(_("類型"), max_length=16, choices=ActionKind.choices)
    # The paragraph or point it was proposed from; the text it said then is kept in ``source``
    # so the link survives the block being edited or removed.
    source_block = models.ForeignKey(
        Block, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.TextField(_("報告原文"), blank=True)
    text = models.TextField(_("事項"))
    status = models.CharField(
        _("採行情形"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.PROPOSED
    )
    # Why it is not adopted (不採行理由), required for that status.
    reason = models.TextField(_("不採行理由"), blank=True)
    owner_bureau = models.ForeignKey(
        "core.Bureau",
        verbose_name=_("主辦局處"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承辦人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )
    start_date = models.DateField(_("開始日期"), null=True, blank=True)
    due_date = models.DateField(_("預定完成日期"), null=True, blank=True)
    budget = models.PositiveBigIntegerField(_("經費（新臺幣元）"), null=True, blank=True)
    budget_source = models.CharField(_("經費來源"), max_length=200, blank=True)
    # The day of its last progress note, or of its decision: the six-monthly review asks
    # for a note when this is older than the cycle.
    reviewed_on = models.DateField(_("最近辦理情形日期"), null=True, blank=True)
    position = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["report", "position", "id"]
        verbose_name = _("追蹤事項")
        verbose_name_plural = _("追蹤事項")
        indexes = [
            models.Index(fields=["report", "status"], name="action_report_status"),
            # Open actions by status and due date; covers the home page's counts by bureau
            # (read from the index alone).
            models.Index(
                fields=["status", "owner_bureau", "due_date", "reviewed_on"],
                name="action_status_bureau_due",
            ),
            models.Index(fields=["owner", "status"], name="action_owner_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_date__gte=models.F("start_date"))
                | models.Q(due_date__isnull=True)
                | models.Q(start_date__isnull=True),
                name="action_due_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ProgressNote(models.Model):
    """One dated entry of an action's 辦理情形, with an optional evidence file."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="notes")
    date = models.DateField(_("日期"))
    text = models.TextField(_("辦理情形"))
    evidence = models.FileField(_("佐證資料"), upload_to="actions/%Y/", blank=True)
    evidence_name = models.CharField(max_length=255, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["action", "-date", "-id"]
        verbose_name = _("辦理情形")
        verbose_name_plural = _("辦理情形")

    def __str__(self) -> str:
        return f"{self.date} {self.text[:40]}"
