"""The corpus of report shapes (tests/fixtures/reports): each file with the facts a correct
import recovers (``NAME.facts.json``, keys described in shapes/README.md), and the checks
that compare an import with them. Used by the tests and by bench/import_corpus.py, which
prints the shares recovered."""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from envoy.core.lib.chinese import fold
from envoy.reports.printing.common import point_heading

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "reports"
SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]")
LABEL = re.compile(r"^[^，,。：:\t]{1,8}[：:\t]\s*")


@dataclass
class Fixture:
    path: Path
    facts: dict

    @property
    def name(self) -> str:
        return f"{self.path.parent.name}/{self.path.name}"


def fixtures() -> list[Fixture]:
    out = []
    for facts_path in sorted(FIXTURES.glob("*/*.facts.json")):
        stem = facts_path.name.removesuffix(".facts.json")
        sources = [p for p in facts_path.parent.glob(stem + ".*") if not p.name.endswith(".json")]
        facts = json.loads(facts_path.read_text(encoding="utf-8"))
        for source in sources:
            out.append(Fixture(source, facts))
    return out


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", fold(text))


@dataclass
class Comparison:
    """What an import recovered of a fixture's facts: each fact right or wrong."""

    right: list[str] = field(default_factory=list)
    wrong: list[tuple[str, object, object]] = field(default_factory=list)

    def check(self, key: str, expected, found) -> None:
        if expected == found:
            self.right.append(key)
        else:
            self.wrong.append((key, expected, found))


def compare(facts: dict, document: dict) -> Comparison:
    mission, report = document["mission"], document["report"]
    result = Comparison()
    simple = {
        "title": report["title"],
        "category": mission["category"],
        "category_detail": mission["category_detail"],
        "start_date": mission["start_date"],
        "end_date": mission["end_date"],
        "report_date": report["report_date"],
        "host_agency": mission["host_agency"],
        "region": mission["region"],
        "portal_id": report["portal_id"],
        "page_count": report["page_count"],
        "keywords": report["keywords"],
        "heading_style": report["heading_style"],
    }
    for key, found in simple.items():
        if key in facts:
            expected = facts[key]
            if isinstance(expected, str) and isinstance(found, str):
                expected, found = _squash(expected), _squash(found)
            result.check(key, expected, found)
    if "travellers" in facts:
        for n, person in enumerate(facts["travellers"]):
            member = mission["members"][n] if n < len(mission["members"]) else {}
            for key, value in person.items():
                result.check(f"travellers[{n}].{key}", _squash(value), _squash(member.get(key, "")))
        result.check("travellers", len(facts["travellers"]), len(mission["members"]))
    summary = _squash(report["summary"])
    if "summary_starts" in facts:
        result.check("summary_starts", _squash(facts["summary_starts"])[:12], summary[:12])
    if "summary_length" in facts:
        result.check("summary_length", facts["summary_length"], len(summary))
    chapters = report["chapters"]
    if "chapters" in facts:
        result.check(
            "chapters",
            [_squash(t) for t in facts["chapters"]],
            [_squash(c["title"]) for c in chapters],
        )
    for key, deeper in (("points", False), ("subpoints", True)):
        for title, count in facts.get(key, {}).items():
            chapter = next((c for c in chapters if _squash(c["title"]) == _squash(title)), None)
            found = None
            if chapter:
                # The chapter's first level is the outermost marker it uses.
                markers = [b["marker"] for b in chapter["blocks"] if b["kind"] == "point"]
                first = min(markers, default=None)
                found = sum(1 for m in markers if (m != first) == deeper)
            result.check(f"{key}[{title}]", count, found)
    if "days" in facts:
        result.check("days", facts["days"], [d["date"] for d in mission["days"]])
    everything = _squash(json.dumps(document, ensure_ascii=False))
    for n, clutter in enumerate(facts.get("clutter", [])):
        result.check(f"clutter[{n}] absent", True, _squash(clutter) not in everything)
    return result


def imported_text(document: dict) -> str:
    """Everything of the report's words an import kept, squashed for comparison; points
    with their markers, as a reader sees them."""
    mission, report = document["mission"], document["report"]
    parts = [report["title"], report["summary"], mission["title"], mission["host_agency"]]
    for chapter in report["chapters"]:
        parts.append(chapter["title"])
        for block in chapter["blocks"]:
            if block["kind"] == "point":
                parts.append(point_heading(block))
            else:
                parts.append(block.get("text", ""))
    for day in mission["days"]:
        parts.append(day["heading"])
        parts += [item["text"] for item in day["items"]]
    return _squash("".join(parts))


def source_sentences(text: str) -> list[str]:
    """The sentence ends of a source text: on each line, every piece that ends a sentence
    (。！？). A line cut at a fixed width gives the sentence's tail; headings, fields and
    目次 lines give none."""
    out = []
    for line in text.splitlines():
        line = LABEL.sub("", line.strip())  # 目的：…, 報告內容摘要⇥…: the label is a heading
        out += [s for s in SENTENCE.findall(_squash(line)) if len(s) >= 8]
    return out


def kept_sentences(text: str, document: dict) -> tuple[int, int]:
    """How many of the source's sentences the import kept whole, of how many."""
    kept = imported_text(document)
    sentences = source_sentences(text)
    return sum(1 for s in sentences if s in kept), len(sentences)
