"""Which parts of a report are its recommendations (建議事項): one rule for search, the
follow-through actions and the review form's checks.

A chapter whose title has 建議 (「建議」「心得及建議」「結論與建議」) holds them: each numbered
point with the paragraphs under it is one recommendation; a chapter of paragraphs and no
points makes each paragraph one.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from envoy.core.lib.chinese import fold

from .enums import BlockKind

RECOMMENDATIONS_CHAPTER = "建議"


def is_recommendations_chapter(title: str) -> bool:
    """Whether a chapter of this title holds recommendations (建議, or 建议 as a report in
    Simplified characters writes it)."""
    return RECOMMENDATIONS_CHAPTER in fold(title)


class BlockLike(Protocol):
    id: int
    kind: str
    text: str


@dataclass
class Recommendation:
    """A point (or a lone paragraph) of a recommendations chapter and the paragraphs under
    it."""

    block: BlockLike
    paragraphs: list[BlockLike] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.block.text

    @property
    def text(self) -> str:
        return "\n".join([self.block.text, *(p.text for p in self.paragraphs)])


def recommendations(blocks: Iterable[BlockLike]) -> list[Recommendation]:
    """The recommendations of one recommendations chapter, from its blocks in order."""
    blocks = [b for b in blocks if b.text.strip()]
    if not any(b.kind == BlockKind.POINT for b in blocks):
        return [Recommendation(b) for b in blocks if b.kind == BlockKind.PARAGRAPH]
    found, current = [], None
    for block in blocks:
        if block.kind == BlockKind.POINT:
            current = Recommendation(block)
            found.append(current)
        elif block.kind == BlockKind.PARAGRAPH and current is not None:
            current.paragraphs.append(block)
        else:
            # A heading or figure ends the point above it.
            current = None
    return found
