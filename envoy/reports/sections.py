"""Which parts of a report are its recommendations (建議事項): one rule for the review form's
checks, the follow-through actions, search and the briefing pack.

- A chapter whose title has 建議 (「建議」「心得及建議」「結論與建議」, or 建议 in Simplified
  characters) holds them. In a chapter that also holds 心得 or 結論, or one that does not
  name 建議 at all, they are what follows a short section heading naming 建議, up to the next
  section heading — when there is one; otherwise the whole 建議 chapter.
- Each top-level numbered point there (the outermost marker used: 一、 before （一）) is one
  recommendation, with the paragraphs and lower points under it.
- A recommendations chapter of paragraphs and no points makes each paragraph one, unnumbered.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from envoy.core.lib.chinese import fold

from .enums import BlockKind

RECOMMENDATIONS_CHAPTER = "建議"
# Chapter titles naming reflections too: 心得及建議, 結論與建議.
REFLECTIONS = ("心得", "結論")
# A section heading names a part only when it is short: a long one is a sentence about it.
SECTION_TITLE_MAX = 12


def is_recommendations_chapter(title: str) -> bool:
    """Whether a chapter of this title holds recommendations."""
    return RECOMMENDATIONS_CHAPTER in fold(title)


def is_mixed_chapter(title: str) -> bool:
    """Whether a chapter holds something beside recommendations (心得及建議), or none."""
    folded = fold(title)
    return not is_recommendations_chapter(title) or any(word in folded for word in REFLECTIONS)


def names_recommendations(heading: str) -> bool:
    """Whether a section heading opens the recommendations (「二、建議事項」, not a sentence
    that mentions them)."""
    return len(heading.strip()) <= SECTION_TITLE_MAX and is_recommendations_chapter(heading)


class BlockLike(Protocol):
    id: int
    kind: str
    text: str
    marker: int


@dataclass
class Recommendation:
    """A top-level point (or a lone paragraph) and the blocks under it."""

    block: BlockLike
    under: list[BlockLike] = field(default_factory=list)

    @property
    def numbered(self) -> bool:
        return self.block.kind == BlockKind.POINT

    @property
    def title(self) -> str:
        return self.block.text

    @property
    def text(self) -> str:
        return "\n".join([self.block.text, *(b.text for b in self.under)])


def _narrowed(title: str, blocks: list) -> list | None:
    """The blocks of a chapter that hold recommendations, or None when it holds none."""
    if not is_mixed_chapter(title):
        return blocks
    start = next(
        (
            n
            for n, block in enumerate(blocks)
            if block.kind == BlockKind.SECTION and names_recommendations(block.text)
        ),
        None,
    )
    if start is None:
        return blocks if is_recommendations_chapter(title) else None
    rest = blocks[start + 1 :]
    end = next((n for n, b in enumerate(rest) if b.kind == BlockKind.SECTION), None)
    return rest[:end] if end is not None else rest


def recommendations(title: str, blocks: Iterable[BlockLike]) -> list[Recommendation]:
    """The recommendations of one chapter (its title, its blocks in order); none when the
    chapter holds none."""
    kept = _narrowed(title, [b for b in blocks if b.text.strip() or b.kind == BlockKind.SECTION])
    if not kept:
        return []
    points = [b for b in kept if b.kind == BlockKind.POINT and b.text.strip()]
    if not points:
        return [Recommendation(b) for b in kept if b.kind == BlockKind.PARAGRAPH]
    top = min(point.marker for point in points)
    found, current = [], None
    for block in kept:
        if block.kind == BlockKind.POINT and block.marker == top and block.text.strip():
            current = Recommendation(block)
            found.append(current)
        elif block.kind in (BlockKind.PARAGRAPH, BlockKind.POINT) and current is not None:
            current.under.append(block)
        else:
            # A heading or figure ends the point above it.
            current = None
    return found
