"""Site visits (考察/參觀): from the itinerary's visit items, from section headings that name
what was visited (官方考察行程：江戶東京博物館及千代田下水道幹線), and from the venue an event
was held in (於東京國際展示場（Tokyo Big Sight）舉辦). The paragraphs under a visit give its
other name and the lesson the city drew (借鏡)."""

import re
from dataclasses import dataclass, field

from envoy.core.lib.places import country_code

from ..names import strip_city_suffix
from .context import Context
from .gazetteer import HAN, fold_chars
from .suggestions import EventSuggestion, SiteVisitSuggestion, make_key
from .text import Mentions, Segment, sentence_at, snippet, squeeze

_VERBS = "(?:實地)?(?:考察|參觀|參訪|訪視)"
_VISIT_HEADING = re.compile(f"^(?:官方)?{_VERBS}(?:行程)?\\s*[：:]?\\s*(?P<names>.+)$")
_VISIT_ITEM = re.compile(f"^{_VERBS}\\s*(?P<names>.+)$")
_VENUE = re.compile(
    f"(?:於|在)(?P<zh>[{HAN}]{{3,15}})[（(](?P<en>[A-Za-z][A-Za-z .'&-]+)[）)](?:舉辦|舉行|召開)"
)
_SPLIT = re.compile("及|、|與|暨")
_BILINGUAL = re.compile(f"(?P<zh>[{HAN}]{{2,15}})[（(](?P<en>[A-Za-z][A-Za-z .'&-]+)[）)]")
_LESSON_WORDS = ("借鏡", "值得", "可供參考", "可作為", "啟發")
_NOT_A_SITE = ("政府", "廳", "部", "局", "處", "署")


@dataclass
class _Visit:
    name: str
    other_name: str = ""
    date: str | None = None
    city: str = ""
    paragraphs: list[Segment] = field(default_factory=list)
    found: Mentions = field(default_factory=Mentions)


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


class _Collector:
    def __init__(self, context: Context, events: list[EventSuggestion]):
        self.context = context
        self.visits: dict[str, _Visit] = {}
        self.event_names = [squeeze(e.name) for e in events]

    def add(self, name, segment: Segment, date: str | None, start: int = 0) -> _Visit | None:
        """Add a visit called ``name``, or ``(zh, en)`` for a venue written in both."""
        other = ""
        if isinstance(name, tuple):
            squeezed = squeeze(name[0])
            name = f"{name[0]}（{name[1].strip()}）"
        else:
            name = name.strip(" 。，")
            bilingual = _BILINGUAL.fullmatch(name)
            if bilingual:
                name, other = bilingual["zh"], bilingual["en"].strip()
            squeezed = squeeze(name)
        if len(squeezed) < 3 or name.endswith(_NOT_A_SITE):
            return None
        if any(squeezed in event or event in squeezed for event in self.event_names):
            return None  # SusHi Tech Tokyo 2026 is the expo, an event
        visit = self.visits.setdefault(squeezed, _Visit(name=name))
        visit.date = visit.date or date
        visit.other_name = visit.other_name or other
        visit.found.add(segment, start, start + len(name))
        return visit


def find_site_visits(context: Context, events: list[EventSuggestion]) -> list[SiteVisitSuggestion]:
    collector = _Collector(context, events)
    chapters = [s for s in context.segments if s.chapter is not None]
    for segment in chapters:
        if segment.kind == "section":
            heading = _VISIT_HEADING.match(segment.text)
            if heading:
                names = _SPLIT.split(heading["names"])
                visits = [collector.add(n, segment, segment.date) for n in names]
                visits = [v for v in visits if v]
                _attach_paragraphs(visits, segment, chapters)
        for match in _VENUE.finditer(segment.text):
            # The venue as written, both names: 東京國際展示場（Tokyo Big Sight）.
            collector.add(match.group("zh", "en"), segment, segment.date, match.start("zh"))
    for segment in context.segments:
        if segment.kind != "itinerary":
            continue
        item = _VISIT_ITEM.match(segment.text)
        day = _day(context, segment.date)
        is_visit = item or any(
            i["text"] == segment.text and i["kind"] == "visit" for i in day.get("items", [])
        )
        if is_visit:
            for name in _SPLIT.split(item["names"] if item else segment.text):
                visit = collector.add(name, segment, segment.date)
                if visit and not visit.paragraphs:
                    _find_paragraphs(visit, chapters)
    return [_suggestion(context, v) for v in collector.visits.values()]


def _day(context: Context, date: str | None) -> dict:
    for day in context.document["mission"].get("days") or []:
        if day["date"] == date:
            return day
    return {}


def _attach_paragraphs(visits: list[_Visit], heading: Segment, chapters: list[Segment]) -> None:
    """Each paragraph under the heading belongs to the visit it names most closely."""
    under = [
        s
        for s in chapters
        if s.chapter == heading.chapter
        and s.position > heading.position
        and s.section == heading.text
        and s.kind == "paragraph"
    ]
    for paragraph in under:
        scores = [len(_bigrams(squeeze(v.name)) & _bigrams(paragraph.folded)) for v in visits]
        if scores and max(scores):
            visits[scores.index(max(scores))].paragraphs.append(paragraph)


def _find_paragraphs(visit: _Visit, chapters: list[Segment]) -> None:
    for segment in chapters:
        if segment.kind == "paragraph" and squeeze(visit.name) in squeeze(segment.text):
            visit.paragraphs.append(segment)


def _variant(name: str, text: str) -> str:
    """千代田下水幹線 for 千代田下水道幹線: the same first and last two characters, about as long."""
    head, tail = fold_chars(name[:2]), fold_chars(name[-2:])
    folded = fold_chars(text)
    start = folded.find(head)
    while start != -1:
        end = folded.find(tail, start + 2)
        if end != -1 and abs(end + 2 - start - len(name)) <= 2:
            written = text[start : end + 2]
            if fold_chars(written) != fold_chars(name):
                return written
        start = folded.find(head, start + 1)
    return ""


def _count(name: str, paragraphs: list[Segment]) -> int:
    return sum(p.folded.count(fold_chars(name)) for p in paragraphs)


def _suggestion(context: Context, visit: _Visit) -> SiteVisitSuggestion:
    other, lesson = visit.other_name, ""
    for paragraph in visit.paragraphs:
        for match in _BILINGUAL.finditer(paragraph.text):
            if not other and _bigrams(fold_chars(match["zh"])) & _bigrams(fold_chars(visit.name)):
                # 防災體驗學習設施（Sona Area Tokyo）; only the English when the Chinese is the name
                same = fold_chars(match["zh"]) == fold_chars(visit.name)
                other = match["en"].strip() if same else match.group()
        other = other or _variant(visit.name, paragraph.text)
        visit.found.add(paragraph, 0, 0)
    name = visit.name
    if other and _count(other, visit.paragraphs) > _count(name, visit.paragraphs):
        # The paragraphs describing a place name it more carefully than a heading does:
        # 千代田下水幹線 three times there, 千代田下水道幹線 in the heading.
        name, other = other, name
    for word in _LESSON_WORDS:
        for paragraph in visit.paragraphs:
            at = paragraph.text.find(word)
            if at != -1 and not lesson:
                lesson = sentence_at(paragraph.text, at)
    found = context.mentions_of(name, other) if other else context.mentions_of(name)
    found.found.extend(visit.found.found)
    return SiteVisitSuggestion(
        key=make_key("site_visit", name),
        name=name,
        other_name=other,
        date=visit.date,
        city=_city_of_day(context, visit.date),
        lesson=lesson,
        blocks=found.blocks(),
        evidence=_evidence(found) or visit.found.evidence(),
    )


def _evidence(found: Mentions) -> str:
    """A paragraph's words rather than the heading's, when a paragraph names the visit."""
    written = [f for f in found.found if f[0].kind == "paragraph" and f[2] > f[1]]
    written.sort(key=lambda f: (f[0].chapter, f[0].position, f[1]))
    return snippet(*written[0]) if written else ""


def _city_of_day(context: Context, date: str | None) -> str:
    """Where the delegation was that day: the day's place in a destination country."""
    mission = context.document["mission"]
    countries = {c for c in map(country_code, mission.get("destination_countries") or []) if c}
    places = list(_day(context, date).get("places") or []) if date else []
    for place in reversed(places):
        found = context.gazetteer.city(place)
        if found and found.country in countries:
            return strip_city_suffix(place)
    destinations = mission.get("destination_cities") or []
    return strip_city_suffix(destinations[0]) if len(destinations) == 1 else ""
