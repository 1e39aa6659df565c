"""Networks, events, presentations and agreements: what the report's sentences say of them.

全球城市永續網絡（Global City Network for Sustainability，以下簡稱 G-NETS）由東京都廳於
2022 年發起成立 …… 新北市自 2023 年入會以來
2026 年第三屆 G-NETS 首長高峰會，本屆主題定為「……」
祝惠美處長以「綠動新北：……（Green Movement: ……）」為題發表演說
共同發布「共同宣言」（Communiqué）
"""

import re
from dataclasses import dataclass, field

from envoy.core.lib.places import country_code
from envoy.reports.importing.markers import chinese_to_int

from ..names import strip_city_suffix
from .context import Context, OrganisationHint
from .gazetteer import HAN, fold_chars
from .suggestions import (
    AgreementSuggestion,
    EventSuggestion,
    NetworkSuggestion,
    PersonSuggestion,
    PresentationSuggestion,
    make_key,
)
from .text import Mentions, Segment, sentence_at, squeeze

_NETWORK = re.compile(
    f"(?P<zh>[{HAN}]{{2,20}}(?:網絡|網路|聯盟|聯合會|協會|組織|理事會))\\s*[（(]\\s*"
    r"(?P<en>[A-Za-z][A-Za-z0-9 .&'’-]*?)\s*"
    r"(?:[，,;；]\s*(?:以下)?(?:簡稱|稱)?\s*(?P<abbr>[A-Za-z][A-Za-z0-9&.-]*))?\s*[）)]"
)
_BEFORE_NAME = re.compile("加入|參與|參加|出席|赴|於|與|的|之|為|是|由|暨|在")
_FOUNDED = re.compile(
    f"由(?P<founder>[{HAN}]{{2,12}}?)於\\s*(?P<year>\\d{{4}})\\s*年\\s*(?:發起|創立|成立|創設|設立|創辦)"
    f"|(?P<year2>\\d{{4}})\\s*年\\s*由(?P<founder2>[{HAN}]{{2,12}}?)(?:發起|創立|成立|創設|設立|創辦)"
    r"|(?:成立|創立)於\s*(?P<year3>\d{4})\s*年"
)
_JOINED = r"\s*(?:自|於)\s*(?P<year>\d{4})\s*年\s*(?:起)?\s*(?:入會|加入|成為)"
_EVENT_WORDS = "高峰會|峰會|年會|大會|論壇|博覽會|展覽會|研討會|城市展|科技展|大展|會議"
_EDITION = re.compile(
    r"(?:(?P<year>\d{4})\s*年\s*)?第\s*(?P<edition>[一二三四五六七八九十百\d]+)\s*屆\s*"
    f"(?P<name>[^，。、；：「」（）()\\s][^，。、；：「」（）()]{{1,40}}?(?:{_EVENT_WORDS}))"
)
_QUOTED_EVENT = re.compile(f"「(?P<name>[^」]{{2,40}}?(?:{_EVENT_WORDS}))」")
_THEME = re.compile(r"主題(?:定為|訂為|為|是)\s*「(?P<a>[^」]+)」|以「(?P<b>[^」]+)」為主題")
_HELD_IN = re.compile(f"於(?P<city>[{HAN}]{{2,4}}?)(?:舉辦|舉行|召開)")
_PRESENTATION = re.compile(r"以「(?P<title>[^」]+)」為題")
_SHORT_PRESENTATION = re.compile(r"發表「(?P<title>[^」]+)」(?:專題)?(?:演說|演講|簡報|報告)")
_TITLE_EN = re.compile(r"^(?P<zh>.+?)\s*[（(](?P<en>[A-Za-z][^（）()]*)[）)]$")
_AGREEMENT = re.compile(
    r"(?:簽署|簽訂|簽定|締結|發布|發表|提出|提交)了?\s*「(?P<title>[^」]+)」"
    r"(?:\s*[（(](?P<en>[A-Za-z][^）)]*)[）)])?"
)
# Names a report uses for an agreement without quoting it: the word is its kind.
_AGREEMENT_WORDS = {
    "共同宣言": "communique",
    "行動倡議": "initiative",
    "合作備忘錄": "mou",
    "姊妹市協定": "sister_city",
    "友好城市協定": "friendship",
}
_AGREEMENT_KINDS = (
    (("備忘錄", "mou"), "mou"),
    (("共同宣言", "公報", "communiqué", "communique"), "communique"),
    (("倡議", "initiative"), "initiative"),
    (("姊妹", "姐妹", "sister"), "sister_city"),
    (("友好", "friendship"), "friendship"),
    (("宣言", "declaration"), "declaration"),
)
_PARTY = re.compile(f"與(?P<party>[{HAN}]{{2,12}}?)(?:共同)?(?:簽署|簽訂|締結)")


@dataclass
class _Network:
    name: str
    name_en: str = ""
    abbreviation: str = ""
    founded: int | None = None
    founder: str = ""
    member_since: int | None = None
    found: Mentions = field(default_factory=Mentions)

    def forms(self) -> list[str]:
        return [f for f in (self.abbreviation, self.name, self.name_en) if f]


def find_networks(context: Context) -> list[_Network]:
    networks: dict[str, _Network] = {}
    for segment in context.segments:
        for match in _NETWORK.finditer(segment.text):
            zh = match.group("zh")
            cut = [m.end() for m in _BEFORE_NAME.finditer(zh) if m.end() <= len(zh) - 4]
            start = match.start() + (cut[-1] if cut else 0)
            zh = segment.text[start : match.end("zh")]
            en, abbr = match.group("en").strip(), match.group("abbr") or ""
            if not abbr and " " not in en and sum(ch.isupper() for ch in en) >= 2:
                en, abbr = "", en  # 全球城市永續網絡(G-Nets): the brackets hold the abbreviation
            key = fold_chars(zh)
            network = networks.setdefault(key, _Network(name=zh))
            network.name_en = network.name_en or en
            if abbr and (not network.abbreviation or abbr.isupper()):
                network.abbreviation = abbr  # G-NETS as written where it is defined
            network.found.add(segment, start, match.end())
            founded = _FOUNDED.search(sentence_at(segment.text, match.end()))
            if founded and network.founded is None:
                network.founded = int(founded["year"] or founded["year2"] or founded["year3"])
                network.founder = founded["founder"] or founded["founder2"] or ""
    if networks:
        _member_since(context, list(networks.values()))
    return list(networks.values())


def _member_since(context: Context, networks: list[_Network]) -> None:
    home = re.escape(context.home_city) if context.home_city else "本市"
    joined = re.compile(f"(?:本市|本府|{home}(?:市|縣)?){_JOINED}")
    for segment in context.segments:
        for match in joined.finditer(segment.text):
            squeezed = squeeze(segment.text)
            named = [n for n in networks if any(squeeze(f) in squeezed for f in n.forms())]
            for network in named or (networks if len(networks) == 1 else []):
                if network.member_since is None:
                    network.member_since = int(match["year"])


def network_suggestions(context: Context, networks: list[_Network]) -> list[NetworkSuggestion]:
    out = []
    for network in networks:
        found = network.found
        if network.founder:
            segment, start, end = found.first()
            at = segment.text.find(network.founder, start)
            place = context.gazetteer.city_at(fold_chars(network.founder), 0)
            context.organisations.append(
                OrganisationHint(
                    network.founder,
                    "city_government" if place else "other",
                    strip_city_suffix(network.founder[: len(place[0])]) if place else "",
                    place[1].country if place else "",
                    False,
                    segment,
                    at,
                    at + len(network.founder),
                )
            )
        out.append(
            NetworkSuggestion(
                key=make_key("network", network.abbreviation or network.name),
                name=network.name,
                name_en=network.name_en,
                abbreviation=network.abbreviation,
                founded=network.founded,
                founder=network.founder,
                member_since=network.member_since,
                blocks=context.mentions_of(*network.forms()).blocks(),
                evidence=found.evidence(),
            )
        )
    return out


@dataclass
class _Event:
    name: str
    edition: int | None = None
    year: int | None = None
    theme: str = ""
    city: str = ""
    network: str = ""
    aliases: list[str] = field(default_factory=list)
    found: Mentions = field(default_factory=Mentions)


def _normalised(text: str, networks: list[_Network]) -> str:
    """Squeezed, with 全球城市永續網絡(G-NETS) written as G-NETS, so an event's name is found
    however the network is written."""
    out = squeeze(text)
    for network in networks:
        if network.abbreviation:
            abbr = squeeze(network.abbreviation)
            for form in (network.name, network.name_en):
                if form:
                    form = squeeze(form)
                    out = re.sub(
                        re.escape(form) + r"(?:[(（]" + re.escape(abbr) + r"[)）])?", abbr, out
                    )
    return out


def find_events(context: Context, networks: list[_Network]) -> list[EventSuggestion]:
    events: dict[str, _Event] = {}
    for segment in context.segments:
        if segment.chapter is None:
            continue
        for match in (*_EDITION.finditer(segment.text), *_QUOTED_EVENT.finditer(segment.text)):
            name = match.group("name").strip()
            key = _normalised(name, networks)
            event = events.setdefault(key, _Event(name=name))
            event.found.add(segment, match.start("name"), match.end("name"))
            groups = match.groupdict()
            if groups.get("edition") and event.edition is None:
                event.edition = chinese_to_int(groups["edition"])
            year = (
                groups.get("year") or (re.search(r"(?<!\d)(\d{4})(?!\d)", name) or [None, None])[1]
            )
            if year and event.year is None:
                event.year = int(year)
            latin = re.match(r"[A-Za-z][A-Za-z .&-]*[A-Za-z]", name)
            if latin and latin.group().count(" ") >= 1:
                event.aliases.append(latin.group())  # SusHi Tech Tokyo
            for network in networks:
                if any(squeeze(f) in key for f in network.forms()):
                    event.network = network.abbreviation or network.name
    normalised = [(s, _normalised(s.text, networks)) for s in context.segments]
    sections = {}
    for segment in context.segments:
        if segment.kind == "section":
            sections[segment.section] = _normalised(segment.section, networks)
    out = []
    for key, event in events.items():
        forms = [key, *(squeeze(a) for a in event.aliases)]
        found = Mentions()
        for segment, text in normalised:
            if any(form in text for form in forms):
                found.add(segment, 0, 0)
        for segment, text in normalised:
            theme = _THEME.search(segment.text)
            if theme and any(form in text for form in forms):
                event.theme = theme["a"] or theme["b"]
                break
        first = event.found.first()
        event.city = _event_city(context, first[0].text, first[1])
        if event.year is None:
            dates = found.dates()
            event.year = int(dates[0][:4]) if dates else None
        out.append(
            EventSuggestion(
                key=make_key("event", event.name),
                name=event.name,
                network=event.network,
                edition=event.edition,
                year=event.year,
                theme=event.theme,
                city=event.city,
                dates=found.dates(),
                blocks=found.blocks(),
                evidence=event.found.evidence(),
            )
        )
    return out


def _event_city(context: Context, text: str, index: int) -> str:
    """The city the event's sentence names (於東京舉辦, 赴日本東京), else the only
    destination."""
    sentence = sentence_at(text, index)
    held = _HELD_IN.search(sentence)
    if held and context.gazetteer.city(held["city"]):
        return strip_city_suffix(held["city"])
    destinations = context.document["mission"].get("destination_cities") or []
    for city in destinations:
        if fold_chars(city) in fold_chars(sentence):
            return strip_city_suffix(city)
    return strip_city_suffix(destinations[0]) if len(destinations) == 1 else ""


def find_presentations(
    context: Context, people: list[PersonSuggestion], events: list[EventSuggestion]
) -> list[PresentationSuggestion]:
    found: dict[str, tuple[dict, Mentions]] = {}
    for segment in context.segments:
        if segment.chapter is None:
            continue
        for match in _PRESENTATION.finditer(segment.text):
            title = match["title"]
            parts = _TITLE_EN.match(title)
            zh, en = (parts["zh"], parts["en"].strip()) if parts else (title, "")
            item = found.setdefault(fold_chars(zh), ({}, Mentions()))
            item[1].add(segment, match.start(), match.end())
            values = item[0]
            values.setdefault("title_zh", zh)
            values.setdefault("title_en", en)
            values.setdefault("speaker", _speaker(context, segment, match.start(), people))
            values.setdefault("date", segment.date)
            values.setdefault("session", segment.section.split("：")[0].strip())
            values.setdefault("event", _event_of(context, segment, events))
        for match in _SHORT_PRESENTATION.finditer(segment.text):
            short = fold_chars(match["title"])
            for key, (_values, mentions) in found.items():
                if key.startswith(short):
                    mentions.add(segment, match.start(), match.end())
                    break
    out = []
    for values, mentions in found.values():
        out.append(
            PresentationSuggestion(
                key=make_key("presentation", values["title_zh"]),
                title_zh=values["title_zh"],
                title_en=values["title_en"],
                speaker=values["speaker"],
                date=values["date"] or (mentions.dates() or [None])[0],
                session=values["session"],
                event=values["event"],
                blocks=mentions.blocks(),
                evidence=mentions.evidence(),
            )
        )
    return out


def _speaker(context: Context, segment: Segment, before: int, people) -> str:
    """The person named last before the title in the same block; else the head of the
    delegation."""
    best, best_at = "", -1
    folded = segment.folded[:before]
    for person in people:
        for form in (person.name, person.name_latin, person.name_zh):
            at = folded.rfind(fold_chars(form)) if form else -1
            if at > best_at:
                best, best_at = person.name, at
    if best:
        return best
    heads = [m["name"] for m in context.members if m.get("is_head")]
    return heads[0] if heads else ""


def _event_of(context: Context, segment: Segment, events: list[EventSuggestion]) -> str:
    """The event the block's section (or the block itself, or its day) belongs to."""
    for text in (segment.section, segment.text):
        squeezed = squeeze(text)
        for event in events:
            if squeeze(event.name) in squeezed:
                return event.name
    dated = [e for e in events if segment.date and segment.date in e.dates]
    return dated[0].name if len(dated) == 1 else ""


def find_agreements(context: Context) -> list[AgreementSuggestion]:
    found: dict[str, dict] = {}
    for segment in context.segments:
        if segment.chapter is None:
            continue
        for match in _AGREEMENT.finditer(segment.text):
            title, en = match["title"], (match["en"] or "").strip()
            kind = _agreement_kind(title + " " + en)
            if kind is None:
                continue
            item = found.setdefault(
                fold_chars(title),
                {"title": title, "title_en": en, "kind": kind, "parties": [], "at": []},
            )
            item["at"].append((segment, match.start("title"), match.end("title")))
            for party in _parties(context, title, sentence_at(segment.text, match.start())):
                if party not in item["parties"]:
                    item["parties"].append(party)
    # A word like 合作備忘錄 is an agreement of its own only when no quoted title holds it.
    for segment in context.segments:
        if segment.chapter is None:
            continue
        for word, kind in _AGREEMENT_WORDS.items():
            word = fold_chars(word)
            at = segment.folded.find(word)
            if at == -1 or any(word in key for key in found):
                continue
            found[word] = {
                "title": segment.text[at : at + len(word)],
                "title_en": "",
                "kind": kind,
                "parties": _parties(context, "", sentence_at(segment.text, at)),
                "at": [(segment, at, at + len(word))],
            }
    out = []
    for item in found.values():
        mentions = context.mentions_of(item["title"])
        dates = mentions.dates()
        out.append(
            AgreementSuggestion(
                key=make_key("agreement", item["title"]),
                title=item["title"],
                title_en=item["title_en"],
                kind=item["kind"],
                parties=tuple(item["parties"]),
                date=dates[0] if dates else None,
                blocks=mentions.blocks(),
                evidence=mentions.evidence(),
            )
        )
    return out


def _parties(context: Context, title: str, sentence: str) -> list[str]:
    """The cities an agreement's title names (新北市與釜山廣域市…備忘錄 → 釜山), but not the
    home city; else whom the sentence says it was signed with (與釜山廣域市簽署)."""
    gazetteer, out = context.gazetteer, []
    mission = context.document["mission"]
    countries = [c for c in map(country_code, mission.get("destination_countries") or []) if c]
    folded = fold_chars(title)
    i = 0
    while i < len(folded):
        # Only cities of the countries visited: 合作 is also a town in Gansu.
        city = next(filter(None, (gazetteer.city_at(folded, i, c) for c in countries)), None)
        if city:
            written = title[i : i + len(city[0])]
            if not context.is_home_city(written):
                out.append(strip_city_suffix(written))
            i += len(city[0])
        else:
            i += 1
    party = _PARTY.search(sentence)
    if not out and party and gazetteer.city(party["party"]):
        out.append(strip_city_suffix(party["party"]))
    return out


def _agreement_kind(text: str) -> str | None:
    folded = fold_chars(text).lower()
    for words, kind in _AGREEMENT_KINDS:
        if any(word in folded for word in words):
            return kind
    if any(word in folded for word in ("協定", "協議", "agreement", "mou")):
        return "mou" if "mou" in folded else "other"
    return None
