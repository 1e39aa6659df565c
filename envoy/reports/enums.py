from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已送審")
    RETURNED = "returned", _("退回修改")
    APPROVED = "approved", _("已核定")
    PUBLISHED = "published", _("已公開")


class BlockKind(models.TextChoices):
    """What one element of a chapter's body is."""

    DAY = "day", _("日期")
    SECTION = "section", _("小節標題")
    PARAGRAPH = "paragraph", _("段落")
    POINT = "point", _("條列要點")
    FIGURES = "figures", _("圖組")


class SourceFormat(models.TextChoices):
    TXT = "txt", _("純文字")
    DOCX = "docx", _("Word (.docx)")
    ODT = "odt", _("ODF 文字 (.odt)")
    PDF = "pdf", _("PDF")
    JSON = "json", _("Envoy JSON")


class PointMarker(models.IntegerChoices):
    """How a numbered point is marked, in the order official documents nest them: 壹、 → 一、
    → （一） → 1. → （1） → ①. A point keeps the marker its report wrote it with."""

    UPPER = 0, "壹、"
    LOWER = 1, "一、"
    PAREN = 2, "（一）"
    ARABIC = 3, "1."
    PAREN_ARABIC = 4, "（1）"
    CIRCLED = 5, "①"


class HeadingStyle(models.TextChoices):
    """How a report numbers its chapters; its points follow one level down (numbering.py).

    New reports take the national template's 壹、貳、參 (附件一); an imported report keeps the
    style it was written in.
    """

    UPPER = "upper", _("壹、貳、參")
    CHAPTER = "chapter", _("第一章、第二章")
    LOWER = "lower", _("一、二、三")
    PLAIN = "plain", _("不編號（目的、過程）")


class ReturnReason(models.TextChoices):
    """Why a report is sent back for correction (退回補正原因), as the national 出國報告審核表
    lists them."""

    NOT_AS_PLANNED = "not_as_planned", _("不符原核定出國計畫")
    FOREIGN_LANGUAGE = "foreign_language", _("以外文撰寫或僅以所蒐集外文資料為內容")
    THIN = "thin", _("內容空洞簡略或未涵蓋規定要項")
    PLAGIARISM = "plagiarism", _("抄襲相關資料之全部或部分內容")
    UNCITED = "uncited", _("引用其他資料未註明資料來源")
    FILE_FORMAT = "file_format", _("電子檔案未依格式辦理")


class PublicationMethod(models.TextChoices):
    """How the report is made known beyond the national portal (公開發表方式)."""

    BRIEFING = "briefing", _("辦理出國報告座談會或說明會")
    BUSINESS_MEETING = "business_meeting", _("於本機關業務會報提出報告")
    OTHER = "other", _("其他")


# The ten items of the national 出國報告審核表, in its words and order; items 1–5 are also
# the traveller's self-check (models.QUALITY_ITEMS).
REVIEW_ITEMS = [
    ("on_time", _("依限繳交出國報告")),
    ("format_complete", _("格式完整（本文必須具備「目的」、「過程」、「心得」及「建議事項」）")),
    ("no_plagiarism", _("無抄襲相關出國報告")),
    ("content_complete", _("內容充實完備")),
    ("recommendations_useful", _("建議具參考價值")),
    ("refer_internal", _("送本機關參考或研辦")),
    ("refer_superior", _("送上級機關參考")),
    ("return_reasons", _("退回補正，原因：")),
    ("publication_methods", _("本報告除上傳至出國報告資訊網外，將採行之公開發表：")),
    ("other_opinion", _("其他處理意見及方式：")),
]


class CategoryKind(models.TextChoices):
    """The two code lists the national portal files reports under."""

    SUBJECT = "subject", _("主題分類")
    POLICY = "policy", _("施政分類")
