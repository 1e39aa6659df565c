"""The official trip report (公務出國報告): its portal metadata and its body.

A chapter's body is one ordered list of blocks — day headings, section headings,
paragraphs, numbered points and figure groups — so that the order the officer wrote
things in is kept exactly, whichever chapter template the report follows.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from envoy.core.workdays import deadline
from envoy.missions.models import TITLE_LENGTH, Mission

from . import numbering
from .enums import (
    BlockKind,
    CategoryKind,
    HeadingStyle,
    PointMarker,
    ReportStatus,
    ReturnReason,
    SourceFormat,
)

# Once approved, a report has been handed in: it has no countdown any more.
HANDED_IN = {ReportStatus.APPROVED, ReportStatus.PUBLISHED}
# Within this many days of its due date, a report's countdown is shown as pressing.
DUE_SOON_DAYS = 14
# Reports are due within this many months of return.
REPORT_DUE_MONTHS = 3


@dataclass(frozen=True)
class Countdown:
    """How far a report is from its due date (報告期限): ``days`` left, negative when late."""

    due: dt.date
    days: int

    @property
    def overdue(self) -> bool:
        return self.days < 0

    @property
    def late(self) -> int:
        """The days past the due date (when ``overdue``)."""
        return -self.days

    @property
    def soon(self) -> bool:
        return self.days <= DUE_SOON_DAYS


class Report(models.Model):
    """The report of one mission, with the metadata the national portal asks for."""

    mission = models.OneToOneField(Mission, on_delete=models.CASCADE, related_name="report")
    title = models.CharField(_("報告名稱"), max_length=TITLE_LENGTH)
    keywords = models.JSONField(_("關鍵詞"), default=list, blank=True)
    subject_category = models.CharField(_("主題分類"), max_length=200, blank=True)
    policy_category = models.CharField(_("施政分類"), max_length=200, blank=True)
    summary = models.TextField(_("摘要"), blank=True)
    report_date = models.DateField(_("報告日期"), null=True, blank=True)
    page_count = models.PositiveIntegerField(_("頁數"), null=True, blank=True)
    portal_id = models.CharField(_("系統識別號"), max_length=40, blank=True)
    status = models.CharField(
        _("狀態"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    # 壹、/第一章/一、/none: kept as the imported document wrote it; points follow one level down.
    heading_style = models.CharField(
        _("章節編號方式"),
        max_length=8,
        choices=HeadingStyle.choices,
        default=HeadingStyle.UPPER,
    )
    # The 目次 of the document it was imported from, with that document's page numbers.
    source_toc = models.JSONField(_("原始目次"), default=list, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("出國報告")
        verbose_name_plural = _("出國報告")
        ordering = ["-id"]
        indexes = [models.Index(fields=["status"], name="report_status")]

    def __str__(self) -> str:
        return self.title

    @property
    def due_date(self):
        """Reports are due within 3 months of return, counted from the day after it
        (出國報告綜合處理要點) as the Civil Code counts periods, days off included
        (``core.workdays.deadline``)."""
        end = self.mission.end_date
        return deadline(end, REPORT_DUE_MONTHS) if end else None

    def countdown(self, today: dt.date | None = None) -> Countdown | None:
        """The countdown to the due date from ``today`` (the local date when left out); None
        once the report is handed in (approved or published) or without a return date."""
        due = self.due_date
        if due is None or self.status in HANDED_IN:
            return None
        return Countdown(due, (due - (today or timezone.localdate())).days)


class Chapter(models.Model):
    """第N章 — 目的, 過程, 心得, 建議 or whatever the report's template has."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="chapters")
    number = models.PositiveIntegerField(_("章次"))
    title = models.CharField(_("章名"), max_length=TITLE_LENGTH)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["report", "number"]
        verbose_name = _("章")
        verbose_name_plural = _("章")
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="one_chapter_per_number")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def numbered_title(self, style: str) -> str:
        """第二章 過程 or 貳、過程, as the report numbers its chapters (numbering.py)."""
        return numbering.chapter_heading(style, self.number, self.title)


class Block(models.Model):
    """One element of a chapter's body, in order.

    - day: ``date`` and its heading as written (115 年 4 月 26 日（星期日）) in ``text``;
    - section: a heading in ``text``;
    - paragraph: ``text``;
    - point: a numbered point (心得/建議) — ``number`` and its title in ``text``;
      the paragraphs after it belong to it; ``marker`` is how it is numbered (一、, （一）,
      1. …: enums.PointMarker), as its report wrote it;
    - figures: a figure group (圖 1-3) — ``caption`` in ``text``, numbers
      ``figure_first``..``figure_last``, and its photos.
    """

    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="blocks")
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(_("類型"), max_length=10, choices=BlockKind.choices)
    text = models.TextField(_("內容"), blank=True)
    date = models.DateField(_("日期"), null=True, blank=True)
    number = models.PositiveIntegerField(_("編號"), null=True, blank=True)
    marker = models.PositiveSmallIntegerField(
        _("編號方式"), choices=PointMarker.choices, default=PointMarker.LOWER
    )
    figure_first = models.PositiveIntegerField(_("起始圖號"), null=True, blank=True)
    figure_last = models.PositiveIntegerField(_("結束圖號"), null=True, blank=True)
    source_page = models.PositiveIntegerField(_("原始頁碼"), null=True, blank=True)
    # Classified (限閱): kept in the official record and the staff's copies, left out of
    # everything published (the public archive, its PDF, the search the public uses).
    restricted = models.BooleanField(_("不公開（限閱）"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["chapter", "position", "id"]
        verbose_name = _("內文區塊")
        verbose_name_plural = _("內文區塊")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:40]}"

    @property
    def figure_label(self) -> str:
        """圖 1-3, 圖 8."""
        if self.figure_first is None:
            return ""
        if self.figure_last and self.figure_last != self.figure_first:
            return f"{self.figure_first}-{self.figure_last}"
        return str(self.figure_first)

    @property
    def kind_label(self) -> str:
        """The kind in words: ``get_kind_display`` without its cost (it translates every
        kind's label to find the one it wants), for the editor's many blocks."""
        try:
            return BlockKind(self.kind).label
        except ValueError:  # a kind no longer known shows as stored
            return self.kind

    @property
    def point_label(self) -> str:
        """一、, （一）, 1. …: a point's number as the report writes it."""
        return numbering.point_label(self.marker, self.number)


class FigureGroupManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(kind=BlockKind.FIGURES)


class FigureGroup(Block):
    """A figure group (圖組): one caption over a range of figure numbers and its photos."""

    objects = FigureGroupManager()

    class Meta:
        proxy = True
        verbose_name = _("圖組")
        verbose_name_plural = _("圖組")


class Photo(models.Model):
    """A photo of a figure group, as uploaded (re-encoded by the upload service)."""

    figure_group = models.ForeignKey(
        Block,
        on_delete=models.CASCADE,
        related_name="photos",
        limit_choices_to={"kind": BlockKind.FIGURES},
    )
    position = models.PositiveIntegerField(default=0)
    image = models.FileField(_("照片"), upload_to="photos/%Y/%m/")
    # A small copy for galleries and editing pages; made by the upload service.
    thumbnail = models.FileField(upload_to="photos/thumbs/%Y/%m/", blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    original_filename = models.CharField(max_length=255, blank=True)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True, null=True)

    class Meta:
        ordering = ["figure_group", "position", "id"]
        verbose_name = _("照片")
        verbose_name_plural = _("照片")


class SourceFile(models.Model):
    """The original file a report was imported from, kept byte for byte."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="source_files")
    file = models.FileField(upload_to="originals/%Y/%m/")
    original_filename = models.CharField(max_length=255)
    format = models.CharField(max_length=10, choices=SourceFormat.choices)
    encoding = models.CharField(max_length=40, blank=True)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveBigIntegerField()
    warnings = models.JSONField(default=list, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("原始檔")
        verbose_name_plural = _("原始檔")


class ReviewEvent(models.Model):
    """A step of the report's workflow (送審, 退回, 核定, 公開) with who took it and why: a
    return (退回) has a comment, reasons from ``ReturnReason`` (退回補正原因), or both."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="review_events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_status = models.CharField(max_length=12, choices=ReportStatus.choices)
    to_status = models.CharField(max_length=12, choices=ReportStatus.choices)
    comment = models.TextField(_("意見"), blank=True)
    reasons = models.JSONField(_("退回補正原因"), default=list, blank=True)

    class Meta:
        ordering = ["report", "at", "id"]
        verbose_name = _("審核紀錄")
        verbose_name_plural = _("審核紀錄")

    @property
    def reason_labels(self) -> list[str]:
        """The return's reasons in words; a reason no longer known shows as stored."""
        return [str(ReturnReason(r).label) if r in ReturnReason.values else r for r in self.reasons]


# The five items of the 審核表 that both the traveller (自評) and the reviewer tick: the
# reviewer's field and, with the prefix SELF, the traveller's.
QUALITY_ITEMS = [
    "on_time",
    "format_complete",
    "no_plagiarism",
    "content_complete",
    "recommendations_useful",
]
SELF = "self_"


class ReviewForm(models.Model):
    """The review form of a report (出國報告審核表), as the national form has it.

    Items 1–5 (依限繳交, 格式完整, 無抄襲相關出國報告, 內容充實完備, 建議具參考價值) are
    ticked by the traveller as a self-check (``self_…``) and by the reviewer; items 6–10
    (送本機關參考或研辦, 送上級機關參考, 退回補正 and its reasons, 公開發表方式, 其他處理意見)
    are the reviewer's. Item 8 is ticked when ``return_reasons`` has any, item 9 when
    ``publication_methods`` has any. The signature blocks are not stored: they are read from
    the delegation and the review events (``reviewform.signatures``).
    """

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="review_form")
    self_on_time = models.BooleanField(_("依限繳交"), default=False)
    self_format_complete = models.BooleanField(_("格式完整"), default=False)
    self_no_plagiarism = models.BooleanField(_("無抄襲相關出國報告"), default=False)
    self_content_complete = models.BooleanField(_("內容充實完備"), default=False)
    self_recommendations_useful = models.BooleanField(_("建議具參考價值"), default=False)
    self_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    self_checked_at = models.DateTimeField(null=True, blank=True)

    on_time = models.BooleanField(_("依限繳交"), default=False)
    format_complete = models.BooleanField(_("格式完整"), default=False)
    no_plagiarism = models.BooleanField(_("無抄襲相關出國報告"), default=False)
    content_complete = models.BooleanField(_("內容充實完備"), default=False)
    recommendations_useful = models.BooleanField(_("建議具參考價值"), default=False)
    refer_internal = models.BooleanField(_("送本機關參考或研辦"), default=False)
    refer_superior = models.BooleanField(_("送上級機關參考"), default=False)
    return_reasons = models.JSONField(_("退回補正原因"), default=list, blank=True)
    publication_methods = models.JSONField(_("公開發表方式"), default=list, blank=True)
    publication_other = models.CharField(_("其他公開發表方式"), max_length=200, blank=True)
    other_opinion = models.TextField(_("其他處理意見"), blank=True)
    # Printed under the reviewer's name in the signature blocks: users have no 職稱 of their own.
    reviewer_title = models.CharField(_("審核人職稱"), max_length=100, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("出國報告審核表")
        verbose_name_plural = _("出國報告審核表")

    def __str__(self) -> str:
        return str(self.report)


class PendingImport(models.Model):
    """A file uploaded for import, parsed and waiting for the user to confirm or discard it.

    Nothing of the report exists until it is confirmed; the uploaded file is kept either way
    until the user decides.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file = models.FileField(upload_to="imports/%Y/%m/")
    original_filename = models.CharField(max_length=255)
    format = models.CharField(max_length=10, choices=SourceFormat.choices)
    encoding = models.CharField(max_length=40, blank=True)
    document = models.JSONField()
    recognised = models.JSONField(default=dict)
    warnings = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]


class CategoryCode(models.Model):
    """One entry of an official code list (主題分類 or 施政分類), as the national portal
    (公務出國報告資訊網) files reports under: a code, a name, its parent entry.

    Administrators keep the lists (admin site, ``import_category_codes``); a report keeps
    the name it was filed under as text (``Report.subject_category``), so a report whose
    text is on no list keeps its words (``reports/categories.py``).
    """

    kind = models.CharField(_("分類表"), max_length=10, choices=CategoryKind.choices)
    code = models.CharField(_("代碼"), max_length=20)
    name = models.CharField(_("名稱"), max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上層分類"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    position = models.PositiveIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("使用中"), default=True)

    class Meta:
        ordering = ["kind", "position", "code"]
        verbose_name = _("分類代碼")
        verbose_name_plural = _("分類代碼")
        constraints = [
            models.UniqueConstraint(fields=["kind", "code"], name="one_category_per_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
