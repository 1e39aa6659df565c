"""What a report proposes to follow through: its recommendations (建議事項) and the lessons
it says are worth borrowing (借鏡事項).

- Recommendations: every point of the recommendations chapter (``reports.sections``).
- Lessons: in the other chapters but the purpose (目的), each passage that says the city
  should borrow or learn from what it saw — 「可借鏡」「值得本府…借鏡學習」「可作為本市…參考」
  「本府…應參考」. A point whose title says so is one lesson with the paragraphs under it; a
  paragraph there that goes on with 此外/另外/再者 names a further practice and is proposed
  apart. Elsewhere a paragraph with such a sentence is one lesson, the sentence its text.
- A report with no recommendations part (a summary-only page, a report without headings)
  proposes each sentence opening with 建議本市/本府/各局處… as a recommendation.
- The same practice named again is not proposed twice: a lesson whose quoted names
  (「…」, in its sentence and the one before) all appear in earlier lessons' passages repeats
  them (a 心得 that sums up two site
  visits of the 過程).

Nothing here writes: ``services.propose_actions`` keeps the proposals.
"""

import re
from dataclasses import dataclass

from envoy.reports.enums import BlockKind
from envoy.reports.models import Block, Report
from envoy.reports.sections import is_mixed_chapter, recommendations

from .enums import ActionKind

PURPOSE_CHAPTER = "目的"
LESSON_CUE = re.compile(
    r"借鏡|可資參考"
    r"|值得[^。，；]{0,12}?(?:學習|效法|參考|仿效)"
    r"|(?:可|足以|得以)(?:作為|做為|供)本[市府][^。；]*?參考"
    r"|本[市府][^。；]{0,40}?(?:可|應|宜)(?:參考|參酌|仿效|效法)"
)
# A sentence recommending to the city itself, where a report has no recommendations part.
RECOMMENDING = re.compile(r"^建議(?:本[市府縣]|各局處|市府|縣府|市政府|縣政府)")
# A further practice in the same paragraph.
FURTHER = re.compile(r"^(?:此外|另外|再者|其次)[，,]?")
SENTENCE = re.compile(r"[^。！？；\n]+[。！？；]?")
QUOTED = re.compile(r"[「『“]([^」』”]{2,40})[」』”]")


@dataclass
class Proposal:
    kind: str
    text: str
    # The passage of the report it comes from, as written there.
    source: str
    # Its paragraph or point; None for a sentence of the 摘要.
    block_id: int | None

    @property
    def key(self) -> tuple[str, int | None, str]:
        return self.kind, self.block_id, self.source

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "text": self.text,
            "source": self.source,
            "source_block": self.block_id,
        }


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE.findall(text) if s.strip()]


def is_lesson(text: str) -> bool:
    return bool(LESSON_CUE.search(text))


def proposals(report: Report) -> list[Proposal]:
    """The report's recommendations, then its lessons, in the order the report has them."""
    found_recommendations, lessons = [], _Lessons()
    for chapter in report.chapters.prefetch_related("blocks").order_by("number"):
        blocks = list(chapter.blocks.all())
        found = recommendations(chapter.title, blocks)
        taken = set()
        for recommendation in found:
            found_recommendations.append(
                Proposal(
                    ActionKind.RECOMMENDATION,
                    recommendation.title,
                    recommendation.text,
                    recommendation.block.id,
                )
            )
            taken |= {recommendation.block.id, *(b.id for b in recommendation.under)}
        # The rest of a chapter of reflections and recommendations (心得及建議) may hold
        # lessons; a chapter of recommendations alone does not.
        if PURPOSE_CHAPTER in chapter.title or (found and not is_mixed_chapter(chapter.title)):
            continue
        lessons.read([b for b in blocks if b.text.strip() and b.id not in taken])
    if not found_recommendations:
        found_recommendations = _recommending_sentences(report)
    return found_recommendations + lessons.found


def _recommending_sentences(report: Report) -> list[Proposal]:
    """A report without a recommendations part (a summary-only page, a report without
    headings) may still recommend in its sentences: each that opens with 建議本市/本府/
    各局處… is one recommendation (「代表部亦建議本縣…」, a host's advice, is not)."""
    found = []
    passages = [(report.summary, None)] + [
        (block.text, block.id)
        for block in Block.objects.filter(chapter__report=report, kind=BlockKind.PARAGRAPH).exclude(
            chapter__title__contains=PURPOSE_CHAPTER
        )
    ]
    for text, block_id in passages:
        for sentence in sentences(text):
            if RECOMMENDING.match(sentence):
                found.append(Proposal(ActionKind.RECOMMENDATION, sentence, sentence, block_id))
    return found


class _Lessons:
    def __init__(self):
        self.found: list[Proposal] = []

    def read(self, blocks) -> None:
        point = None  # the lesson a cue in a point's title started
        for block in blocks:
            if block.kind == BlockKind.POINT:
                point = None
                if is_lesson(block.text):
                    point = self.add(block.text, block.text, block, context=block.text)
            elif block.kind != BlockKind.PARAGRAPH:
                point = None
            elif point is not None:
                self.under_point(point, block)
            else:
                self.in_paragraph(block)

    def under_point(self, point: Proposal, block) -> None:
        """A paragraph under a lesson's point: part of it, up to 此外 and the like."""
        parts, current = [], []
        for sentence in sentences(block.text):
            if FURTHER.match(sentence) and current:
                parts.append(current)
                current = []
            current.append(sentence)
        parts.append(current)
        point.source = "\n".join([point.source, "".join(parts[0])])
        for part in parts[1:]:
            text = FURTHER.sub("", part[0])
            self.add(text, "".join(part), block, context="".join(part))

    def in_paragraph(self, block) -> None:
        said = sentences(block.text)
        cues = [i for i, s in enumerate(said) if is_lesson(s)]
        if not cues:
            return
        first = cues[0]
        context = "".join(said[max(0, first - 1) : first + 1])
        self.add("".join(said[i] for i in cues), block.text, block, context=context)

    def add(self, text: str, source: str, block, *, context: str) -> Proposal | None:
        names = QUOTED.findall(context)
        if names and all(any(n in p.source for p in self.found) for n in names):
            return None
        proposal = Proposal(ActionKind.LESSON, text, source, block.id)
        self.found.append(proposal)
        return proposal
