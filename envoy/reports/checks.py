"""What Envoy can check of a report by itself before it is submitted (送審前檢查).

Each rule lives here once; the workflow panel shows the results with a link to what to
change, and the review form (審核表) takes items 1 (依限繳交) and 2 (格式完整) from them.

- 摘要: 200–300 characters, counted as Word's「字元數（不含空白）」 counts them, which is how
  offices count the portal's 200–300 字: every character but whitespace (spaces, line
  breaks), punctuation and Latin letters included.
- 格式完整: the body has 目的, 過程, 心得 and 建議 (本文具備目的、過程、心得及建議事項).
  Chapter titles vary (「前言」「參訪過程」「考察內容」「心得及建議」「結論與建議」): a part is
  present when a chapter title, or a section heading inside a chapter, names it; one
  chapter may hold two parts.
- 建議: at least ``settings.ENVOY_MIN_RECOMMENDATIONS`` numbered points under 建議 (the
  top level of numbering there).
- No placeholder left (○○, XXX, 待填, 待補, TODO) in the title, 摘要, chapter titles,
  text and captions.
- Every figure group has a caption (圖說).
- The due date (返國次日起 3 個月): overdue is shown.

Only what the cover and the portal require blocks submission (``services.missing_for_
submission``). These checks warn: they are the reviewer's questions (the 審核表's items
and 退回補正 reasons), not filing preconditions, and a heuristic over chapter titles must
not lock out a legitimate report — a 提要 for a meeting, an archive import written to
another template, a late report that must still be handed in.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from envoy.core.lib.punctuation import join_list
from envoy.core.lib.rocdates import roc_short

from .enums import BlockKind
from .models import Block, Chapter, Report
from .sections import SECTION_TITLE_MAX, recommendations

SUMMARY_MIN, SUMMARY_MAX = 200, 300

# The four parts of the body and the words that name them in chapter or section titles.
PARTS = {
    "purpose": (gettext_lazy("目的"), ("目的", "前言", "緣起", "缘起", "背景")),
    "process": (
        gettext_lazy("過程"),
        ("過程", "过程", "行程", "內容", "内容", "紀要", "经过", "經過"),
    ),
    "reflections": (gettext_lazy("心得"), ("心得", "結論", "结论", "感想", "觀察", "观察")),
    "recommendations": (gettext_lazy("建議"), ("建議", "建议")),
}

# ○ and 〇 also write zero in years (二〇〇一年, 二○○五年): circles next to a Chinese
# numeral are a number, not a blank.
_NUMERAL = "〇○零一二三四五六七八九十百千"
PLACEHOLDER = re.compile(
    rf"(?<![{_NUMERAL}])[○〇]{{2,}}(?![{_NUMERAL}])|X{{3,}}|Ｘ{{3,}}|待填|待補|TODO",
    re.IGNORECASE,
)
# What the checks read of a block.
BLOCK_FIELDS = [
    "id",
    "chapter_id",
    "position",
    "kind",
    "text",
    "marker",
    "figure_first",
    "figure_last",
]
# How many places each finding links to; the rest are counted.
PLACES_SHOWN = 5


def summary_length(summary: str) -> int:
    """The 摘要's length as the rule counts it: every character but whitespace."""
    return sum(1 for character in summary if not character.isspace())


@dataclass(frozen=True)
class Place:
    """Where to fix a finding: what it is, and the address of the field or block."""

    label: str
    url: str


@dataclass
class Check:
    code: str
    title: str
    ok: bool
    message: str
    places: list[Place] = field(default_factory=list)
    more: int = 0  # places not listed


@dataclass
class Checks:
    """The results, in the order the panel shows them."""

    items: list[Check]

    def __iter__(self):
        return iter(self.items)

    def get(self, code: str) -> Check:
        return next(check for check in self.items if check.code == code)

    @property
    def problems(self) -> list[Check]:
        return [check for check in self.items if not check.ok]

    @property
    def format_complete(self) -> bool:
        """審核表 item 2: the four parts are there."""
        return self.get("parts").ok

    @property
    def on_time(self) -> bool:
        """審核表 item 1: submitted (or, before that, still) within the due date."""
        return self.get("due").ok


def _edit(report: Report, anchor: str) -> str:
    return reverse("reports:edit", args=[report.pk]) + f"#{anchor}"


def _names(text: str, words) -> bool:
    return any(word in text for word in words)


def find_parts(chapters: list[Chapter], blocks: list[Block]) -> dict[str, Chapter]:
    """Each part of the body found, with the chapter holding it (by chapter title first,
    then by a short section heading)."""
    found: dict[str, Chapter] = {}
    by_pk = {chapter.pk: chapter for chapter in chapters}
    for code, (_label, words) in PARTS.items():
        for chapter in chapters:
            if _names(chapter.title, words):
                found[code] = chapter
                break
        else:
            for block in blocks:
                if (
                    block.kind == BlockKind.SECTION
                    and len(block.text.strip()) <= SECTION_TITLE_MAX
                    and _names(block.text, words)
                ):
                    found[code] = by_pk[block.chapter_id]
                    break
    return found


def recommendation_points(chapter: Chapter | None, blocks: list[Block]) -> list[Block]:
    """The numbered recommendations of ``chapter`` (``sections.recommendations``)."""
    if chapter is None:
        return []
    mine = [block for block in blocks if block.chapter_id == chapter.pk]
    return [r.block for r in recommendations(chapter.title, mine) if r.numbered]


def _places(found: list[Place]) -> tuple[list[Place], int]:
    return found[:PLACES_SHOWN], max(0, len(found) - PLACES_SHOWN)


def check_summary(report: Report) -> Check:
    n = summary_length(report.summary)
    ok = SUMMARY_MIN <= n <= SUMMARY_MAX
    if ok:
        message = _("摘要 %(n)d 字（不含空白）。") % {"n": n}
    else:
        message = ngettext(
            "摘要目前 %(n)d 字（不含空白），應為 200–300 字。",
            "摘要目前 %(n)d 字（不含空白），應為 200–300 字。",
            n,
        ) % {"n": n}
    return Check(
        "summary", _("摘要字數"), ok, message, [Place(_("修改摘要"), _edit(report, "metadata"))]
    )


def check_parts(report: Report, chapters, blocks) -> Check:
    found = find_parts(chapters, blocks)
    missing = [str(label) for code, (label, _w) in PARTS.items() if code not in found]
    if missing:
        message = _("本文缺少：%s（應具備目的、過程、心得及建議事項）。") % join_list(missing)
    else:
        message = _("本文具備目的、過程、心得及建議事項。")
    places = [] if not missing else [Place(_("新增或修改章名"), _edit(report, "chapters"))]
    return Check("parts", _("格式完整"), not missing, message, places)


def check_recommendations(report: Report, chapters, blocks, minimum: int) -> Check:
    chapter = find_parts(chapters, blocks).get("recommendations")
    n = len(recommendation_points(chapter, blocks))
    ok = n >= minimum
    if ok:
        message = _("建議事項 %(n)d 點。") % {"n": n}
    else:
        message = ngettext(
            "建議事項目前 %(n)d 點，至少應有 %(min)d 點具體建議（以一、二、三條列）。",
            "建議事項目前 %(n)d 點，至少應有 %(min)d 點具體建議（以一、二、三條列）。",
            minimum,
        ) % {"n": n, "min": minimum}
    anchor = f"chapter-{chapter.pk}" if chapter else "chapters"
    return Check(
        "recommendations",
        _("建議事項"),
        ok,
        message,
        [Place(_("補充建議事項"), _edit(report, anchor))],
    )


def lacks_caption(block: Block) -> bool:
    return block.kind == BlockKind.FIGURES and not block.text.strip()


def block_flags(block: Block) -> list[str]:
    """What the editor marks on a block as it is written: the checks below, for one block."""
    flags = []
    if PLACEHOLDER.search(block.text):
        flags.append(_("留有待填文字"))
    if lacks_caption(block):
        flags.append(_("缺少圖說"))
    return flags


def check_placeholders(report: Report, chapters, blocks) -> Check:
    found: list[Place] = []
    if PLACEHOLDER.search(report.title) or PLACEHOLDER.search(report.summary):
        found.append(Place(_("報告資料"), _edit(report, "metadata")))
    for chapter in chapters:
        if PLACEHOLDER.search(chapter.title):
            found.append(Place(chapter.title, _edit(report, f"chapter-{chapter.pk}")))
    for block in blocks:
        match = PLACEHOLDER.search(block.text)
        if match:
            start = max(0, match.start() - 8)
            snippet = block.text[start : match.end() + 8].replace("\n", " ")
            found.append(Place(f"…{snippet}…", _edit(report, f"block-{block.pk}")))
    if found:
        message = ngettext(
            "有 %(n)d 處留有待填文字（○○、XXX、待填、TODO）。",
            "有 %(n)d 處留有待填文字（○○、XXX、待填、TODO）。",
            len(found),
        ) % {"n": len(found)}
    else:
        message = _("沒有留下待填文字。")
    places, more = _places(found)
    return Check("placeholders", _("待填文字"), not found, message, places, more)


def check_captions(report: Report, blocks) -> Check:
    bare = [block for block in blocks if lacks_caption(block)]
    found = [
        Place(
            _("圖 %s") % block.figure_label if block.figure_label else _("圖組"),
            _edit(report, f"block-{block.pk}"),
        )
        for block in bare
    ]
    if found:
        message = ngettext("%(n)d 組圖片沒有圖說。", "%(n)d 組圖片沒有圖說。", len(found)) % {
            "n": len(found)
        }
    else:
        message = _("每組圖片都有圖說。")
    places, more = _places(found)
    return Check("captions", _("圖說"), not found, message, places, more)


def check_due(report: Report, today: dt.date, submitted_on: dt.date | None) -> Check:
    due = report.due_date
    workflow = reverse("reports:workflow", args=[report.pk])
    if due is None:
        return Check(
            "due",
            _("繳交期限"),
            True,
            _("沒有返國日期，無法計算繳交期限。"),
            [Place(_("填寫出國期間"), reverse("missions:detail", args=[report.mission_id]))],
        )
    on = submitted_on or today
    late = (on - due).days
    if submitted_on is not None:
        if late > 0:
            message = _("%(day)s 送審，逾繳交期限 %(n)d 天。") % {"day": roc_short(on), "n": late}
        else:
            message = _("%(day)s 送審，在繳交期限內。") % {"day": roc_short(on)}
        return Check("due", _("繳交期限"), late <= 0, message)
    if late > 0:
        message = _("已逾繳交期限（%(due)s）%(n)d 天，請儘速送審。") % {
            "due": roc_short(due),
            "n": late,
        }
    else:
        message = _("繳交期限 %(due)s，還有 %(n)d 天。") % {"due": roc_short(due), "n": -late}
    return Check("due", _("繳交期限"), late <= 0, message, [Place(_("送審"), workflow)])


def run_checks(
    report: Report,
    *,
    chapters: list[Chapter] | None = None,
    blocks: list[Block] | None = None,
    today: dt.date | None = None,
    submitted_on: dt.date | None = None,
) -> Checks:
    """Every check of ``report``, from ``chapters`` and ``blocks`` when the caller has read
    them (else two queries). ``submitted_on``, the day it was first submitted, decides
    依限繳交 once it has been; before, ``today`` (the local date when left out) does."""
    if chapters is None:
        chapters = list(Chapter.objects.filter(report=report).order_by("number"))
    if blocks is None:
        blocks = list(
            Block.objects.filter(chapter__report=report)
            .only(*BLOCK_FIELDS)
            .order_by("chapter__number", "position", "id")
        )
    else:
        order = {chapter.pk: chapter.number for chapter in chapters}
        blocks = sorted(blocks, key=lambda b: (order.get(b.chapter_id, 0), b.position, b.pk))
    minimum = settings.ENVOY_MIN_RECOMMENDATIONS
    items = [
        check_summary(report),
        check_parts(report, chapters, blocks),
    ]
    if minimum > 0:
        items.append(check_recommendations(report, chapters, blocks, minimum))
    items += [
        check_placeholders(report, chapters, blocks),
        check_captions(report, blocks),
        check_due(report, today or timezone.localdate(), submitted_on),
    ]
    return Checks(items)
