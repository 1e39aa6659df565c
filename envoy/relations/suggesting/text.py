"""A report document read as a list of text segments, each knowing its block, its day and
its section, plus the small helpers every finder shares."""

import re
from dataclasses import dataclass, field

from .gazetteer import fold_chars

_SENTENCE_END = "。！？；!?;"


@dataclass(frozen=True)
class Segment:
    """One block's text (or one line of the itinerary, where ``chapter`` is None)."""

    text: str
    folded: str  # fold_chars(text): same length, so indices agree
    chapter: int | None
    position: int | None  # the block's position in its chapter, from 0
    date: str | None  # the date of the day section (or itinerary day) it belongs to
    section: str  # the heading of the section it belongs to, "" before any
    kind: str  # the block's kind, or "itinerary"

    @property
    def block(self) -> tuple[int, int] | None:
        return None if self.chapter is None else (self.chapter, self.position)


def segments(document: dict) -> list[Segment]:
    """The chapters' blocks in order, then the itinerary's headings and items."""
    out = []
    for chapter in document["report"]["chapters"]:
        date, section = None, ""
        for position, block in enumerate(chapter["blocks"]):
            kind = block["kind"]
            if kind == "day":
                date, section = block.get("date"), ""
            elif kind == "section":
                section = block["text"]
            text = block["text"]
            out.append(
                Segment(text, fold_chars(text), chapter["number"], position, date, section, kind)
            )
    for day in document["mission"]["days"]:
        lines = [day["heading"], *(item["text"] for item in day["items"])]
        for text in filter(None, lines):
            out.append(Segment(text, fold_chars(text), None, None, day["date"], "", "itinerary"))
    return out


def snippet(segment: Segment, start: int, end: int, width: int = 30) -> str:
    """The sentence around ``text[start:end]``, cut to ``width`` characters each side (an
    ellipsis marks a cut)."""
    text = segment.text
    left = max((text.rfind(ch, 0, start) for ch in _SENTENCE_END), default=-1) + 1
    rights = [i for i in (text.find(ch, end) for ch in _SENTENCE_END) if i != -1]
    right = min(rights) + 1 if rights else len(text)
    cut_left, cut_right = start - width > left, end + width < right
    left, right = max(left, start - width), min(right, end + width)
    return ("…" if cut_left else "") + text[left:right].strip() + ("…" if cut_right else "")


def sentence_at(text: str, index: int) -> str:
    left = max((text.rfind(ch, 0, index) for ch in _SENTENCE_END), default=-1) + 1
    rights = [i for i in (text.find(ch, index) for ch in _SENTENCE_END) if i != -1]
    right = min(rights) + 1 if rights else len(text)
    return text[left:right].strip()


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.findall(f"[^{_SENTENCE_END}]+[{_SENTENCE_END}]?", text)]


@dataclass
class Mentions:
    """Where something was found: collected while reading, summarised for a suggestion."""

    found: list[tuple[Segment, int, int]] = field(default_factory=list)

    def add(self, segment: Segment, start: int, end: int) -> None:
        self.found.append((segment, start, end))

    def dates(self) -> tuple[str, ...]:
        return tuple(sorted({s.date for s, _, _ in self.found if s.date}))

    def blocks(self) -> tuple[tuple[int, int], ...]:
        return tuple(sorted({s.block for s, _, _ in self.found if s.block is not None}))

    def evidence(self) -> str:
        """The first mention in the report's text (the itinerary only when nothing else)."""
        ordered = sorted(self.found, key=lambda f: f[0].chapter is None)
        if not ordered:
            return ""
        segment, start, end = ordered[0]
        return snippet(segment, start, end)

    def first(self) -> tuple[Segment, int, int] | None:
        return self.found[0] if self.found else None


def squeeze(text: str) -> str:
    """Folded and without spaces (an ideographic space folds to a space): G-NETS 首長高峰會
    = g-nets首長高峰會."""
    return fold_chars(text).replace(" ", "")
