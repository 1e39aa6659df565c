"""A report's body written as one text: a chapter (or the whole body) written out for the
editor's text box, read back as an import reads a report (``importing.parser.parse_body``),
and the changes that text makes to the stored chapters and blocks, worked out before
anything is saved so the editor can show them (``services.rewrite_body`` saves them).

What a block is stays with the block, not with its words:
- A line saved unchanged is the same block (``known``): its kind, its 限閱 mark, its
  photos, the follow-up actions proposed from it — wherever it moved.
- A changed line takes the place of a block that is gone from the same stretch of text
  (between two unchanged lines), in order: a paragraph with a word changed keeps its
  限閱 mark and its actions. Figure groups pair only with figure groups.
- A block gone from the text is removed, except a figure group that holds photos: that is
  refused (its photos would go with it), and the group must be removed on its own.
"""

import hashlib
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from envoy.core.lib.rocdates import format_roc_long

from . import numbering
from .enums import BlockKind
from .importing.markers import point_at
from .importing.parser import WHOLE_TEXT_TITLE, parse_body
from .models import Block, Chapter, Photo, Report


def load_chapters(report: Report, chapter: Chapter | None = None) -> list[Chapter]:
    """``chapter`` (or every chapter of ``report``), each with its ``block_list`` in order
    and its figure groups' photos: three queries."""
    chapters = Chapter.objects.filter(report=report).order_by("number")
    if chapter is not None:
        chapters = chapters.filter(pk=chapter.pk)
    photos = Prefetch("photos", queryset=Photo.objects.order_by("position", "id"))
    blocks = Block.objects.order_by("position", "id").prefetch_related(photos)
    chapters = list(chapters.prefetch_related(Prefetch("blocks", queryset=blocks)))
    for item in chapters:
        item.report = report
        item.block_list = list(item.blocks.all())
    return chapters


def block_line(block: Block) -> str:
    """A block as one line (or, when its text holds line breaks, lines) of the text box."""
    text = block.text.replace("\r\n", "\n")
    if block.kind == BlockKind.DAY:
        return text or format_roc_long(block.date, weekday=True)
    if block.kind == BlockKind.POINT:
        label = block.point_label
        return f"{label} {text}" if label[-1:].isascii() else f"{label}{text}"
    if block.kind == BlockKind.FIGURES:
        return f"圖{block.figure_label} {text}".rstrip()
    return text


def _key(line: str) -> str:
    return "\n".join(part.rstrip() for part in line.split("\n")).strip("\n")


def body_text(chapters: list[Chapter], *, headings: bool, style: str) -> str:
    """The chapters as the text box shows them: a blank line between blocks, each chapter
    under its numbered heading when ``headings`` (the whole body), each ``chapter.block_list``
    in order."""
    parts = []
    for chapter in chapters:
        if headings:
            parts.append(chapter.numbered_title(style))
        parts.extend(_key(block_line(block)) for block in chapter.block_list)
    return "\n\n".join(part for part in parts if part) + "\n"


def fingerprint(chapters: list[Chapter]) -> str:
    """What the text was written from: every chapter's and block's id and version. Saving
    text written from an older state would undo what others saved since."""
    state = [
        (chapter.pk, chapter.version, [(b.pk, b.version) for b in chapter.block_list])
        for chapter in chapters
    ]
    return hashlib.sha256(repr(state).encode()).hexdigest()[:32]


def _known(chapters: list[Chapter], style: str, *, whole: bool) -> dict[str, dict]:
    """Each stored line (and, for the whole body, each chapter heading) → what it is."""
    known: dict[str, dict] = {}
    for chapter in chapters:
        if whole:
            heading = {"kind": "chapter", "pk": chapter.pk, "title": chapter.title}
            known.setdefault(_key(chapter.numbered_title(style)), heading)
        for block in chapter.block_list:
            line = _key(block_line(block))
            if line:
                known.setdefault(line, {**_values(block), "pk": block.pk})
    return known


def _values(block: Block) -> dict:
    """A stored block as the parser gives a line: its kind and fields."""
    values = {"kind": block.kind, "text": block.text}
    if block.kind == BlockKind.DAY:
        values["date"] = block.date.isoformat() if block.date else None
    elif block.kind == BlockKind.POINT:
        values |= {"marker": block.marker, "number": block.number}
    elif block.kind == BlockKind.FIGURES:
        values |= {"figure_first": block.figure_first, "figure_last": block.figure_last}
    return values


@dataclass
class Step:
    """One block as it will be saved: ``block`` when an existing block is kept or changed
    (None for a new one), its new ``values``, and what the editor says about it."""

    values: dict
    block: Block | None = None
    status: str = "new"  # "kept", "changed" or "new"

    @property
    def kind(self) -> str:
        return self.values["kind"]

    @property
    def kind_label(self) -> str:
        return BlockKind(self.kind).label

    @property
    def text(self) -> str:
        return self.values.get("text", "")

    @property
    def status_label(self) -> str:
        return {"kept": _("不變"), "changed": _("修改"), "new": _("新增")}[self.status]

    @property
    def retypable(self) -> bool:
        """Whether the writer may make the line another kind (``RETYPES``)."""
        return self.kind in RETYPES

    @property
    def label(self) -> str:
        """A point's number as it will be written, a figure group's 圖 number."""
        if self.kind == BlockKind.POINT and self.values.get("number"):
            return numbering.point_label(self.values.get("marker", 1), self.values["number"])
        if self.kind == BlockKind.FIGURES and self.values.get("figure_first"):
            first, last = self.values["figure_first"], self.values.get("figure_last")
            return _("圖 %s ") % (f"{first}-{last}" if last and last != first else first)
        return ""

    @property
    def restricted(self) -> bool:
        return bool(self.block and self.block.restricted)

    @property
    def photo_count(self) -> int:
        return len(self.block.photos.all()) if self.block and self.kind == BlockKind.FIGURES else 0


@dataclass
class ChapterPlan:
    title: str
    chapter: Chapter | None
    steps: list[Step] = field(default_factory=list)

    @property
    def renamed(self) -> bool:
        return self.chapter is not None and self.chapter.title != self.title


@dataclass
class Plan:
    """What saving the text does: the chapters in order, the blocks and chapters it
    removes, and what stops it (``problems``: nothing is saved while there are any)."""

    chapters: list[ChapterPlan]
    removed: list[Block]
    removed_chapters: list[Chapter]
    problems: list[str]

    @property
    def counts(self) -> dict[str, int]:
        steps = [step for chapter in self.chapters for step in chapter.steps]
        return {
            "kept": sum(step.status == "kept" for step in steps),
            "changed": sum(step.status == "changed" for step in steps),
            "new": sum(step.status == "new" for step in steps),
            "removed": len(self.removed),
        }

    @cached_property
    def changes_anything(self) -> bool:
        counts = self.counts
        return bool(
            counts["changed"]
            or counts["new"]
            or counts["removed"]
            or self.removed_chapters
            or any(c.chapter is None or c.renamed for c in self.chapters)
            or self._moved()
        )

    def _moved(self) -> bool:
        for chapter in self.chapters:
            pks = [step.block.pk for step in chapter.steps if step.block is not None]
            if chapter.chapter is None or pks != [
                b.pk for b in chapter.chapter.block_list if b.pk in pks
            ]:
                return True
            if len(pks) != len(chapter.chapter.block_list):
                return True
        return False


# In ``_pair``'s new items: a line that is neither kept from the old items nor to be paired.
ELSEWHERE = object()


def _pair(old: list, new: list, fits) -> dict[int, object]:
    """New items without an identity (``None`` in ``new``) paired with old items not kept
    (an old item kept is in ``new`` itself), stretch by stretch between items kept, in
    order, where ``fits(old, index)``. Items marked ``ELSEWHERE`` are neither."""
    position = {item: i for i, item in enumerate(old)}
    free = [item for item in old if item not in set(new)]
    pairs: dict[int, object] = {}
    last_kept = -1
    for index, item in enumerate(new):
        if item is ELSEWHERE:
            continue
        if item is not None:
            last_kept = position[item]
            continue
        # The stretch ends at the next item kept, in the old order.
        following = next(
            (position[x] for x in new[index + 1 :] if x is not None and x is not ELSEWHERE),
            len(old),
        )
        for candidate in free:
            if last_kept < position[candidate] < following and fits(candidate, index):
                pairs[index] = candidate
                free.remove(candidate)
                break
    return pairs


def plan(
    report: Report, chapters: list[Chapter], text: str, *, whole: bool, kinds: dict | None = None
) -> Plan:
    """What ``text`` does to ``chapters`` (each with its ``block_list``, figure groups with
    their photos prefetched): one chapter's body, or (``whole``) the whole body with its
    chapter headings. ``kinds`` (line number → kind, counted over the text's blocks) are
    the writer's corrections of how a line was read, made on the preview."""
    style = report.heading_style
    parsed = parse_body(
        text,
        style=style,
        start_date=report.mission.start_date,
        chapters=whole,
        known=_known(chapters, style, whole=whole),
    )
    by_pk = {block.pk: block for chapter in chapters for block in chapter.block_list}
    chapters_by_pk = {chapter.pk: chapter for chapter in chapters}

    if whole:
        parsed = [item for item in parsed if item["title"] is not None or item["blocks"]]
    if whole and parsed and parsed[0]["title"] is None:
        # Text before the first heading joins the first chapter, or is one of its own.
        if len(parsed) > 1:
            parsed[1]["blocks"][:0] = parsed[0]["blocks"]
            del parsed[0]
        elif not chapters:
            parsed[0]["title"] = WHOLE_TEXT_TITLE
    if not whole:
        parsed = parsed[:1] or [{"title": None, "blocks": []}]

    # Chapters: a heading kept is the same chapter; a changed one takes the place of one
    # whose heading is gone.
    if whole:
        ids = [item.get("pk") for item in parsed]
        pairs = _pair([c.pk for c in chapters], ids, lambda old, index: True)
        targets = [chapters_by_pk.get(ids[i] or pairs.get(i)) for i in range(len(parsed))]
    else:
        targets = chapters[:1]

    # Each line's kind as the writer corrected it on the preview.
    lines = [values for item in parsed for values in item["blocks"]]
    for index, values in enumerate(lines):
        if kinds and kinds.get(index) not in (None, values["kind"]):
            _retype(values, kinds[index], style)

    # Blocks: a line kept is the same block, wherever it went (once: the same line twice
    # is a new block the second time).
    kept: set[int] = set()
    for values in lines:
        pk = values.pop("pk", None)
        if pk is not None and pk not in kept and pk in by_pk:
            kept.add(pk)
            values["_pk"] = pk

    used = set(kept)
    result: list[ChapterPlan] = []
    for item, target in zip(parsed, targets, strict=True):
        title = item["title"] if item["title"] is not None else getattr(target, "title", "")
        chapter_plan = ChapterPlan(title=title, chapter=target)
        blocks = item["blocks"]
        old = [b.pk for b in target.block_list] if target else []
        new = [
            values.get("_pk")
            if values.get("_pk") in old
            else (None if values.get("_pk") is None else ELSEWHERE)
            for values in blocks
        ]

        def fits(old_pk, i, blocks=blocks):
            figures = by_pk[old_pk].kind == BlockKind.FIGURES
            return old_pk not in used and figures == (blocks[i]["kind"] == BlockKind.FIGURES)

        pairs = _pair(old, new, fits)
        for i, values in enumerate(blocks):
            pk = values.pop("_pk", None)
            if pk is None and i in pairs:
                used.add(pairs[i])
            block = by_pk.get(pk if pk is not None else pairs.get(i))
            if block is None:
                status = "new"
            elif pk is not None and values["kind"] == block.kind:
                status = "kept"
            else:
                status = "changed"
            chapter_plan.steps.append(Step(values=values, block=block, status=status))
        result.append(chapter_plan)

    problems: list[str] = []
    removed = [block for block in by_pk.values() if block.pk not in used]
    for block in removed:
        if block.kind == BlockKind.FIGURES and block.photos.all():
            problems.append(
                _(
                    "圖 %(label)s「%(caption)s」有 %(n)d 張照片，不在文字中。請放回這一行，"
                    "或用該圖組的「刪除」按鈕連同照片刪除。"
                )
                % {
                    "label": block.figure_label,
                    "caption": block.text[:30],
                    "n": len(block.photos.all()),
                }
            )
    kept_chapters = {target.pk for target in targets if target is not None}
    removed_chapters = [c for c in chapters if c.pk not in kept_chapters] if whole else []
    if not lines and chapters and any(c.block_list for c in chapters):
        problems.append(_("文字是空的。要刪除內容，請用各區塊或各章的「刪除」按鈕。"))
    return Plan(result, removed, removed_chapters, problems)


# The kinds a writer may give a line on the preview: days and figure groups are read from
# their own words (a date, 圖 1).
RETYPES = (BlockKind.PARAGRAPH, BlockKind.SECTION, BlockKind.POINT)


def _retype(values: dict, kind: str, style: str) -> None:
    """A line read as one kind, made another on the writer's word: a short paragraph read
    as a heading, a numbered sentence read as a point. The block's text is then the whole
    line (a point keeps its words after the number)."""
    line = values.get("line", values.get("text", ""))
    if kind not in RETYPES or values["kind"] in (BlockKind.DAY, BlockKind.FIGURES):
        return
    if kind == BlockKind.POINT:
        point = point_at(line)
        values.update(
            kind=kind,
            text=point.text if point else line,
            marker=point.marker if point else numbering.first_point_marker(style),
            number=point.number if point else None,
        )
    else:
        values.update(kind=kind, text=line)
