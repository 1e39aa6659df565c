"""Forms of the report pages. They read and check what the user typed; the services save it.

Text is kept as typed: nothing is trimmed inside a block's words. Only the line breaks a
browser sends as CRLF are read as the single line break the user typed.
"""

import re

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from envoy.core.forms import RocDateField, VersionField
from envoy.core.lib.rocdates import year_label
from envoy.core.models import Bureau
from envoy.missions.enums import Direction, TripCategory

from . import categories
from .checks import SUMMARY_MAX, SUMMARY_MIN
from .checks import summary_length as counted_length
from .enums import (
    REVIEW_ITEMS,
    BlockKind,
    CategoryKind,
    PointMarker,
    PublicationMethod,
    ReportStatus,
    ReturnReason,
)
from .models import QUALITY_ITEMS, SELF, Block

KEYWORD_SEPARATORS = re.compile(r"[、,，;；\n]+")


def typed(value: str) -> str:
    """What the user typed, with the browser's CRLF line breaks read as LF."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


def summary_length(summary: str) -> int:
    """The 摘要's length as the rule counts it (``checks.summary_length``: every character
    but whitespace)."""
    return counted_length(summary)


def summary_notice(summary: str) -> tuple[int, str]:
    """(length, warning); the warning is empty when the 摘要 is 200–300 characters."""
    n = summary_length(summary)
    if SUMMARY_MIN <= n <= SUMMARY_MAX:
        return n, ""
    return n, ngettext(
        "摘要目前 %(n)d 字，建議 200–300 字。", "摘要目前 %(n)d 字，建議 200–300 字。", n
    ) % {"n": n}


class TypedCharField(forms.CharField):
    """Text kept exactly as typed (no trimming), with CRLF read as LF."""

    def __init__(self, **kwargs):
        kwargs.setdefault("strip", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        return typed(super().to_python(value))

    def validate(self, value):
        # Spaces alone are not words: a required field needs something visible.
        if self.required and not value.strip():
            raise forms.ValidationError(self.error_messages["required"], code="required")
        super().validate(value)


class ShownCheckbox(forms.CheckboxInput):
    """A checkbox that also sends ``<name>_shown``: an unticked box (nothing sent) is then
    told apart from a form that never drew it, whose post must leave the flag alone."""

    template_name = "reports/widgets/shown_checkbox.html"


class KeywordsField(forms.CharField):
    """關鍵詞 typed as one line, separated by 、 or commas; kept as a list."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return "、".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        return [word.strip() for word in KEYWORD_SEPARATORS.split(text) if word.strip()]


class CategorySelect(forms.Select):
    """A code list's entries, each with its code and path as words a search may match
    (``data-search``, read by envoy.js's ``data-select-filter``)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if search := self.search_words.get(value):
            option["attrs"]["data-search"] = search
        return option


class CategoryField(forms.ChoiceField):
    """主題分類 or 施政分類 chosen from its official list (``reports/categories.py``),
    indented under its parents. A report filed under a text the list does not hold keeps it
    (an option of its own, flagged): saving the form never loses what an import brought."""

    widget = CategorySelect

    def __init__(self, kind: str, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.kind = kind
        self.widget.search_words = {}

    def load(self, current: str) -> None:
        """Fill the choices from the list; ``current`` is the report's text."""
        listed = categories.entries(self.kind)
        choices = [("", "—")]
        choices += [(e.name, "\u3000" * e.depth + e.name) for e in listed]
        self.widget.search_words = {e.name: f"{e.code} {e.path}" for e in listed}
        names = {e.name for e in listed}
        if current and current not in names:
            choices.append((current, _("%(text)s（不在分類表中）") % {"text": current}))
            self.help_text = _("「%(text)s」不在分類表中：請從清單選擇，或保留原文。") % {
                "text": current
            }
        self.choices = choices
        self.current = current

    def valid_value(self, value) -> bool:
        return value == getattr(self, "current", None) or super().valid_value(value)


class ReportMetadataForm(forms.Form):
    """The metadata the national portal asks for (公務出國報告資訊網)."""

    title = forms.CharField(label=_("報告名稱"), max_length=500)
    keywords = KeywordsField(
        label=_("關鍵詞"), required=False, help_text=_("以「、」或逗號分隔，例如：G-NETS、韌性城市")
    )
    subject_category = CategoryField(CategoryKind.SUBJECT, label=_("主題分類"))
    policy_category = CategoryField(CategoryKind.POLICY, label=_("施政分類"))
    summary = TypedCharField(
        label=_("摘要"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("建議 200–300 字。撰寫中可先留空，送審前須填寫。"),
    )
    report_date = RocDateField(label=_("報告日期"), required=False)
    page_count = forms.IntegerField(label=_("頁數"), min_value=1, required=False)
    portal_id = forms.CharField(
        label=_("系統識別號"),
        max_length=40,
        required=False,
        help_text=_("公務出國報告資訊網核發，例如 C11500123。"),
    )
    version = VersionField()

    @classmethod
    def for_report(cls, report, data=None, *, count_url: str = ""):
        """The form drawn from ``report``; with ``count_url``, the 摘要 asks that address for
        its character count as the user types (htmx)."""
        form = cls(data=data, initial={name: getattr(report, name) for name in cls.base_fields})
        for name in ("subject_category", "policy_category"):
            form.fields[name].load(getattr(report, name))
        if count_url:
            form.fields["summary"].widget.attrs.update(
                {
                    "hx-post": count_url,
                    "hx-trigger": "input changed delay:300ms",
                    "hx-target": "#summary-count",
                    "hx-swap": "outerHTML",
                    "aria-describedby": "summary-count",
                }
            )
        return form

    def values(self) -> dict:
        """What the service saves: every field but the version."""
        data = dict(self.cleaned_data)
        data.pop("version")
        return data


class ChapterForm(forms.Form):
    title = forms.CharField(label=_("章名"), max_length=500)
    version = VersionField(required=False)


class BodyTextForm(forms.Form):
    """A chapter's body, or the whole body, as one text (``reports/writing.py``)."""

    # About four times the longest report of the corpus.
    MAX_LENGTH = 400_000

    text = forms.CharField(
        label=_("內容"),
        required=False,
        strip=False,
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "false"}),
        help_text=_(
            "每行一個區塊：日期（115年4月26日）成為日期標題，短句成為小節標題，"
            "「一、」「（一）」「1.」開頭成為條列要點，「圖1 說明」成為圖組，其餘為段落。"
            "從 Word 或電子郵件貼上即可；按「預覽分段」確認後再儲存。"
        ),
    )
    base = forms.CharField(widget=forms.HiddenInput)
    previewed = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_text(self) -> str:
        return typed(self.cleaned_data["text"])


# How each kind of block asks for its words.
TEXT_LABELS = {
    BlockKind.PARAGRAPH: _("段落"),
    BlockKind.SECTION: _("小節標題"),
    BlockKind.DAY: _("日期標題"),
    BlockKind.POINT: _("要點標題"),
    BlockKind.FIGURES: _("圖說"),
}
TEXT_HELP = {
    BlockKind.DAY: _("可留空：依日期寫成「115 年 4 月 26 日（星期日）」。"),
    BlockKind.POINT: _("編號依順序自動產生。"),
    BlockKind.FIGURES: _("圖號依全文順序自動編排。"),
}


class BlockForm(forms.Form):
    """One block's words (and a day's date). With ``editing``, it carries the version of
    the block it was drawn from; when adding, the kind and the block to add after."""

    def __init__(self, *args, kind: str, editing: bool = True, mission=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind == BlockKind.DAY:
            self.fields["date"] = RocDateField(label=_("日期"))
            if mission is not None:  # 4/27 is a day of the trip
                self.fields["date"].set_period(mission.start_date, mission.end_date)
        if kind == BlockKind.POINT:
            self.fields["marker"] = forms.TypedChoiceField(
                label=_("編號方式"),
                choices=PointMarker.choices,
                coerce=int,
                empty_value=None,
                required=False,
                help_text=_("一、之下為（一），再下為 1.、（1）、①。"),
            )
        multiline = kind == BlockKind.PARAGRAPH
        self.fields["text"] = TypedCharField(
            label=TEXT_LABELS[kind],
            required=kind != BlockKind.DAY,
            help_text=TEXT_HELP.get(kind, ""),
            widget=forms.Textarea(attrs={"rows": 6}) if multiline else forms.TextInput,
        )
        self.fields["restricted"] = forms.BooleanField(
            label=_("不公開（限閱）"),
            required=False,
            widget=ShownCheckbox,
            help_text=_("勾選後，這個區塊只留在內部紀錄，不出現在公開的報告、PDF 與搜尋中。"),
        )
        if editing:
            self.fields["version"] = VersionField()
        else:
            self.fields["kind"] = forms.ChoiceField(
                choices=BlockKind.choices, initial=kind, widget=forms.HiddenInput
            )
            self.fields["after"] = forms.IntegerField(required=False, widget=forms.HiddenInput)

    @classmethod
    def for_block(cls, block: Block, data=None, **kwargs):
        initial = {
            "text": block.text,
            "date": block.date,
            "marker": block.marker,
            "restricted": block.restricted,
            "version": block.version,
        }
        return cls(data=data, initial=initial, kind=block.kind, **kwargs)

    def values(self) -> dict:
        """What the service saves; ``restricted`` only when the form drew its checkbox."""
        names = ["text", "date", "marker"]
        if self.data.get(self.add_prefix("restricted") + "_shown"):
            names.append("restricted")
        return {name: self.cleaned_data.get(name) for name in names}


# The kinds offered when adding a block, the commonest first.
NEW_BLOCK_KINDS = [
    BlockKind.PARAGRAPH,
    BlockKind.SECTION,
    BlockKind.DAY,
    BlockKind.POINT,
    BlockKind.FIGURES,
]


class NewBlockKindForm(forms.Form):
    """Which kind of block to add, and after which block (the first step of adding one)."""

    kind = forms.ChoiceField(label=_("類型"), choices=[(k.value, k.label) for k in NEW_BLOCK_KINDS])
    after = forms.IntegerField(required=False, widget=forms.HiddenInput)


class WorkflowForm(forms.Form):
    to_status = forms.ChoiceField(choices=ReportStatus.choices, widget=forms.HiddenInput)
    comment = TypedCharField(
        label=_("意見"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    # A return may tick the reasons (退回補正原因) instead of, or besides, a comment.
    reasons = forms.MultipleChoiceField(
        label=_("退回補正原因"), choices=ReturnReason.choices, required=False
    )

    def reasons_given(self) -> list[str] | None:
        """The reasons ticked, or None when the form did not show the boxes (the step then
        counts those ticked on the review form)."""
        return self.cleaned_data["reasons"] if self.data.get("reasons_shown") else None


def item_label(code: str):
    """審核表 item ``code`` numbered as the form numbers it: 「1. 依限繳交出國報告」."""
    number, text = next((n, t) for n, (c, t) in enumerate(REVIEW_ITEMS, 1) if c == code)
    return format_lazy("{}. {}", number, text)


class SelfCheckForm(forms.Form):
    """The traveller's self-check (出國人員自評) of the review form's items 1–5."""

    version = VersionField()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_self_%s")
        super().__init__(*args, **kwargs)
        for name in QUALITY_ITEMS:
            self.fields[SELF + name] = forms.BooleanField(label=item_label(name), required=False)
        self.order_fields([SELF + name for name in QUALITY_ITEMS])

    @classmethod
    def for_form(cls, review_form, data=None, *, checks=None):
        """Drawn from the stored form; one nobody has saved yet starts from what the system
        checked (``checks``: items 1 and 2)."""
        initial = {SELF + n: getattr(review_form, SELF + n) for n in QUALITY_ITEMS}
        if review_form.self_checked_at is None and checks is not None:
            initial[SELF + "on_time"] = checks.on_time
            initial[SELF + "format_complete"] = checks.format_complete
        initial["version"] = review_form.version
        return cls(data=data, initial=initial)

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields if name != "version"}


class ReviewerForm(forms.Form):
    """The reviewer's part of the review form (審核表 items 1–10) and their 職稱."""

    refer_internal = forms.BooleanField(label=item_label("refer_internal"), required=False)
    refer_superior = forms.BooleanField(label=item_label("refer_superior"), required=False)
    return_reasons = forms.MultipleChoiceField(
        label=item_label("return_reasons"),
        choices=ReturnReason.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("勾選原因後可直接按「退回修改」；核定前請取消勾選。"),
    )
    publication_methods = forms.MultipleChoiceField(
        label=item_label("publication_methods"),
        choices=PublicationMethod.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    publication_other = forms.CharField(label=_("其他公開發表方式"), max_length=200, required=False)
    other_opinion = TypedCharField(
        label=item_label("other_opinion"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reviewer_title = forms.CharField(
        label=_("審核人職稱"),
        max_length=100,
        required=False,
        help_text=_("印在審核表「一級單位主管」簽章欄，例如：科長。"),
    )
    version = VersionField()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_review_%s")
        super().__init__(*args, **kwargs)
        for name in reversed(QUALITY_ITEMS):
            self.fields[name] = forms.BooleanField(label=item_label(name), required=False)
        self.order_fields([*QUALITY_ITEMS, "refer_internal", "refer_superior"])

    @classmethod
    def for_form(cls, review_form, data=None, *, checks=None, title: str = ""):
        """Drawn from the stored form; before the reviewer first saves, items 1 and 2 start
        from what the system checked, and the 職稱 from ``title`` (the reviewer's last)."""
        names = [*QUALITY_ITEMS, "refer_internal", "refer_superior", "return_reasons"]
        names += ["publication_methods", "publication_other", "other_opinion", "reviewer_title"]
        initial = {name: getattr(review_form, name) for name in names}
        if review_form.reviewed_at is None and checks is not None:
            initial["on_time"] = checks.on_time
            initial["format_complete"] = checks.format_complete
        initial["reviewer_title"] = initial["reviewer_title"] or title
        initial["version"] = review_form.version
        return cls(data=data, initial=initial)

    def clean(self):
        data = super().clean()
        methods = data.get("publication_methods") or []
        if PublicationMethod.OTHER in methods and not (data.get("publication_other") or "").strip():
            self.add_error("publication_other", _("勾選「其他」時請寫明公開發表方式。"))
        return data

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields if name != "version"}


class MissionFilterForm(forms.Form):
    """The filters and order of the missions list (a GET form: every field optional)."""

    SORTS = {
        "-start": ["-start_date", "-id"],
        "start": ["start_date", "id"],
        "title": ["title", "id"],
        "due": ["end_date", "id"],
    }

    year = forms.TypedChoiceField(label=_("年度"), required=False, coerce=int, empty_value=None)
    place = forms.CharField(label=_("地區或國家"), required=False, max_length=100)
    direction = forms.ChoiceField(
        label=_("方向"), required=False, choices=[("", _("全部"))] + list(Direction.choices)
    )
    category = forms.ChoiceField(
        label=_("出國類別"),
        required=False,
        choices=[("", _("全部"))] + list(TripCategory.choices),
    )
    bureau = forms.ModelChoiceField(
        label=_("主責局處"), required=False, queryset=Bureau.objects.all(), empty_label=_("全部")
    )
    status = forms.ChoiceField(
        label=_("報告狀態"),
        required=False,
        choices=[("", _("全部"))] + list(ReportStatus.choices),
    )
    sort = forms.ChoiceField(
        label=_("排序"),
        required=False,
        choices=[
            ("-start", _("出國日期（新到舊）")),
            ("start", _("出國日期（舊到新）")),
            ("title", _("計畫名稱")),
            ("due", _("報告期限（近到遠）")),
        ],
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("全部"))] + [
            (year, year_label(year)) for year in years
        ]
