"""People: a title with what precedes it (country, city, unit) and the name that follows it.

    義大利 杜林 市長 Stefano Lo Russo      country, a city GeoNames may not know, title, name
    紐西蘭 奧克蘭 市議員 Richard Brian Hills   the country decides: Auckland, not Oakland
    新加坡 東南區市長 Dinesh Vasu Dash（迪內希）   a city-state; the district belongs to the title
    巴黎 國際關係處副處長 Benoît Herzbrun    a city, then the unit the title belongs to
    台灣 環境部長 彭啟明                     環境部長 heads 環境部
    東京都 知事 小池百合子                   a Japanese name runs to five characters
    秘書處 祝惠美 處長                       the name before the title, after its unit

A person found once is then found everywhere their name is written, and by surname and
title (小池知事, 祝處長).
"""

import re
from dataclasses import dataclass

from envoy.core.lib.titles import title_without_organisation

from ..names import strip_city_suffix
from .context import CityHint, Context, OrganisationHint
from .gazetteer import (
    HAN,
    NATIONAL_TITLES,
    PLACE_TITLES,
    TITLE_RE,
    UNIT_ENDINGS,
    UNIT_HEAD_TITLES,
    Place,
    fold_chars,
)
from .suggestions import PersonSuggestion, make_key
from .text import Segment

# What may stand just before a title or a unit without being part of it.
_BOUNDARY_CHARS = set("與和及由向的之為是在於請並暨、，。：；「」（）() ")
_BOUNDARY_WORDS = ("拜會", "會見", "會晤", "接見", "邀請", "感謝", "包括", "以及", "期間", "偕同")
_OUR_PREFIXES = ("本府", "本市", "市府")
# What follows a name rather than belonging to it (checked from its third character on).
_STOP_CHARS = set(
    "於在的與和及以等為也亦則向曾將對就並率偕陪致說指提表進出擔受共同親主會拜簽先女閣博教帶透再已皆均當特來到所是有即便之由、"
)
_STOP_WORDS = tuple(
    "開幕 開場 開會 發表 發言 發布 行銷 強調 說明 交流 致詞 接見 接待 參加 參與 參觀 歡迎 感謝 邀請 介紹 分享 會談".split()
)
# Characters no name is made of.
_NOT_NAME = set("的了們會議府處局部級團在是有與和及等於之並")
# How long a name written in Han characters may be: Japanese names run to five.
_NAME_CAP = {"JP": 5, "TW": 3, "CN": 3, "HK": 3, "MO": 3, "KR": 3, "KP": 3, "SG": 3, "VN": 3}

_LATIN_LETTER = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
_LATIN_WORD = f"[{_LATIN_LETTER}][{_LATIN_LETTER}'’.\\-]*"
_LATIN_NAME = re.compile(f"{_LATIN_WORD}(?: {_LATIN_WORD}){{0,5}}")
_PARTICLES = {"de", "da", "di", "del", "della", "van", "von", "der", "den", "le", "la", "du", "bin"}
_HAN_IN_BRACKETS = re.compile(f"\\s*[（(]\\s*([{HAN}]{{2,6}})\\s*[）)]")
_LATIN_IN_BRACKETS = re.compile(f"\\s*[（(]\\s*({_LATIN_NAME.pattern})\\s*[）)]")
_HAN_CHAR = re.compile(f"[{HAN}]")


@dataclass
class _Designation:
    """What stands before a title: 紐西蘭 / 奧克蘭 / (unit) / 市議員."""

    start: int
    country: str = ""
    city: str = ""  # as written: 東京都, 杜林
    place: Place | None = None
    unit: str = ""  # as written: 國際關係處, 環境部, 東南區, 秘書處
    title: str = ""  # as written, with its unit: 國際關係處副處長
    ours: bool = False


@dataclass
class _Person:
    name: str
    name_latin: str = ""
    name_zh: str = ""
    title: str = ""
    organisation: str = ""
    city: str = ""
    country: str = ""
    our_side: bool = False

    def fill(self, other: "_Person") -> None:
        for attr in ("name_latin", "name_zh", "title", "organisation", "city", "country"):
            if not getattr(self, attr):
                setattr(self, attr, getattr(other, attr))
        self.our_side = self.our_side or other.our_side


def _is_han(ch: str) -> bool:
    return bool(_HAN_CHAR.match(ch))


def _run_start(folded: str, end: int) -> int:
    start = end
    while start > 0 and _is_han(folded[start - 1]):
        start -= 1
    return start


def _after_boundary(folded: str, run_start: int, end: int) -> int:
    """Where a unit written without a place starts: after the last boundary before ``end``."""
    start = run_start
    for i in range(end - 1, run_start - 1, -1):
        if folded[i] in _BOUNDARY_CHARS:
            start = i + 1
            break
        if any(folded.startswith(word, i - len(word) + 1) for word in _BOUNDARY_WORDS):
            start = i + 1
            break
    return start


class _Reader:
    def __init__(self, context: Context):
        self.context = context
        self.gazetteer = context.gazetteer
        self.people: dict[str, _Person] = {}
        self.order: list[str] = []
        # Titles with no name after them, for surname references (小池知事) later.
        self.bare_titles: list[tuple[Segment, int, int, str]] = []

    # ----- what stands before a title -----

    def designation(self, segment: Segment, run_start: int, title_start: int, title: str):
        folded = segment.folded
        for i in range(max(run_start, title_start - 16), title_start):
            found = self.anchored(segment, i, title_start, title)
            if found:
                return found
        start = _after_boundary(folded, run_start, title_start)
        ours = False
        for prefix in _OUR_PREFIXES:
            if folded.startswith(prefix, start) and start + len(prefix) <= title_start:
                start, ours = start + len(prefix), True
        found = _Designation(start=start, ours=ours)
        if not self.with_unit(found, segment, start, title_start, title):
            return None
        if not found.unit and not ours and start > run_start and title in PLACE_TITLES:
            # 城市長期 is no mayor: a bare title follows punctuation or a conjunction.
            if folded[start - 1] not in _BOUNDARY_CHARS:
                return None
        return found

    def anchored(self, segment: Segment, i: int, end: int, title: str):
        """A designation starting with a country or a city at ``i``, or None."""
        folded, text = segment.folded, segment.text
        found = _Designation(start=i)
        j = i
        country = self.gazetteer.country_at(folded[:end], j)
        if country:
            found.country = country[1]
            j += len(country[0])
        city = self.gazetteer.city_at(folded[:end], j, found.country or None)
        if city:
            found.city, found.place = text[j : j + len(city[0])], city[1]
            found.country = found.country or city[1].country
            j += len(city[0])
        if j == i:
            return None
        if title in PLACE_TITLES and found.country and not found.city:
            rest = folded[j:end]
            if rest and rest[-1] not in UNIT_ENDINGS and 2 <= len(rest) <= 5:
                # A city the gazetteer does not know, between its country and the title.
                found.city = text[j:end]
                j = end
            elif self.gazetteer.city(text[i:j], found.country):
                # A city-state: 新加坡東南區市長.
                found.city = text[i:j]
                found.place = self.gazetteer.city(text[i:j], found.country)
        if not self.with_unit(found, segment, j, end, title):
            return None
        return found

    def with_unit(self, found: _Designation, segment: Segment, j: int, end: int, title: str):
        """Read the unit between ``j`` and the title; False when the words there are not one."""
        folded, text = segment.folded, segment.text
        if folded.startswith("市政府", j) and found.city:
            j += 3
        elif folded.startswith("政府", j) and found.city:
            j += 2
        rest = folded[j:end]
        if len(rest) > 8:
            return False
        found.title = text[j:end] + text[end : end + len(title)]
        if title in UNIT_HEAD_TITLES:
            if not rest:
                return True
            found.unit = text[j:end] if rest.endswith(title[0]) else text[j:end] + title[0]
            return len(found.unit) >= 3
        if not rest:
            found.title = text[end : end + len(title)]
            return True
        if rest[-1] in UNIT_ENDINGS and len(rest) >= 2:
            found.unit = text[j:end]
            return title not in NATIONAL_TITLES
        return False

    # ----- the name after a title -----

    def name_after(self, segment: Segment, start: int, country: str):
        """(name, name_latin, name_zh, end) of the name starting at ``start``, or None."""
        text = segment.text
        while start < len(text) and text[start] == " ":
            start += 1
        if start >= len(text):
            return None
        if _is_han(text[start]):
            run_end = start
            while run_end < len(text) and _is_han(text[run_end]):
                run_end += 1
            name = _cut_name(segment.folded[start:run_end], _NAME_CAP.get(country, 4))
            if not name:
                return None
            end = start + len(name)
            latin = _LATIN_IN_BRACKETS.match(text, end)
            if latin and _latin_name(latin.group(1)):
                return text[start:end], _latin_name(latin.group(1)), "", latin.end()
            return text[start:end], "", "", end
        match = _LATIN_NAME.match(text, start)
        name = _latin_name(match.group()) if match else ""
        if not name:
            return None
        end = start + len(name)
        zh = _HAN_IN_BRACKETS.match(text, end)
        if zh:
            return name, name, zh.group(1), zh.end()
        return name, name, "", end

    # ----- people -----

    def person_from(self, d: _Designation, name: str, latin: str, zh: str) -> _Person:
        context = self.context
        person = _Person(name=name, name_latin=latin, name_zh=zh, title=d.title)
        person.country = d.country
        if d.city:
            person.city = strip_city_suffix(d.city)
        ours = d.ours or context.is_home_city(d.city)
        if d.unit and not d.city and not d.country and context.host_agency.endswith(d.unit):
            ours = True
        if ours:
            person.our_side = True
            person.city = person.city or context.home_city
            person.country = person.country or context.home_country
        if d.unit and context.host_agency.endswith(d.unit) and ours:
            person.organisation = context.host_agency
        elif d.unit and ours:
            person.organisation = context.home_government + d.unit
        elif d.unit.endswith("部"):
            person.organisation = d.unit  # a ministry: the country says whose
            person.country = person.country or context.home_country
        elif d.unit and not d.unit.endswith("區"):
            person.organisation = (d.city or "") + d.unit
        elif d.city.endswith(("都", "府", "縣", "州")) and d.title in PLACE_TITLES:
            person.organisation = d.city  # 東京都: the place is the government
        # 國際關係處副處長 at 巴黎國際關係處 is its 副處長: the title says the unit once.
        person.title = title_without_organisation(person.title, person.organisation)
        return person

    def add(self, person: _Person) -> None:
        key = make_key("person", person.name)
        if self.member(person.name):
            person.our_side = True
        if key in self.people:
            self.people[key].fill(person)
        else:
            self.people[key] = person
            self.order.append(key)

    def member(self, name: str) -> dict | None:
        for member in self.context.members:
            if fold_chars(member["name"]) == fold_chars(name):
                return member
        return None

    def read_titles(self, segment: Segment) -> None:
        folded = segment.folded
        for match in TITLE_RE.finditer(folded):
            title_start, title_end = match.span()
            run_start = _run_start(folded, title_start)
            d = self.designation(segment, run_start, title_start, match.group())
            country = d.country if d else ""
            if d and not country and d.ours:
                country = self.context.home_country
            name = self.name_after(segment, title_end, country) if d else None
            if name:
                self.add(self.person_from(d, *name[:3]))
                self.note(d, segment)
                continue
            before = self.name_before(segment, run_start, title_start, match.group())
            if before:
                self.add(before)
            else:
                self.bare_titles.append((segment, run_start, title_start, match.group()))
            if d:
                self.note(d, segment)

    def name_before(self, segment: Segment, run_start: int, title_start: int, title: str):
        """秘書處祝惠美處長: a name between its unit (or place, or 本府) and its title."""
        folded, text = segment.folded, segment.text
        for person in self.people.values():
            if folded.endswith(fold_chars(person.name), run_start, title_start):
                return None  # someone already known: found again by name later
        for member in self.context.members:
            if folded.endswith(fold_chars(member["name"]), run_start, title_start):
                return None
        for length in (3, 2, 4):
            name_start = title_start - length
            if name_start - run_start < 2:
                continue
            name = folded[name_start:title_start]
            if _cut_name(name, length) != name:
                continue
            d = self.anchor_before(segment, run_start, name_start)
            if d is None:
                continue
            d.title = text[title_start : title_start + len(title)]
            return self.person_from(d, text[name_start:title_start], "", "")
        return None

    def anchor_before(self, segment: Segment, run_start: int, end: int):
        folded, text = segment.folded, segment.text
        for prefix in _OUR_PREFIXES:
            if folded.endswith(prefix, run_start, end):
                return _Designation(start=end - len(prefix), ours=True)
        if folded[end - 1] in UNIT_ENDINGS:
            start = _after_boundary(folded, run_start, end)
            ours = False
            for prefix in _OUR_PREFIXES:
                if folded.startswith(prefix, start):
                    start, ours = start + len(prefix), True
            city = self.gazetteer.city_at(folded[:end], start)
            d = _Designation(start=start, ours=ours)
            if city:
                d.city, d.place = text[start : start + len(city[0])], city[1]
                d.country = city[1].country
                start += len(city[0])
            if 2 <= end - start <= 8:
                d.unit = text[start:end]
                return d
            return None
        for length in range(2, 7):
            written = text[end - length : end]
            if end - length < run_start:
                break
            place = self.gazetteer.city(written)
            if place:
                return _Designation(
                    start=end - length, city=written, place=place, country=place.country
                )
        return None

    def note(self, d: _Designation, segment: Segment) -> None:
        """Keep the city and the organisation a designation names, for their own lists."""
        context = self.context
        if d.city and not context.is_home_city(d.city):
            start = segment.text.find(d.city, d.start)
            context.cities.append(
                CityHint(d.city, d.place, d.country, segment, start, start + len(d.city))
            )
        if d.unit.endswith("部") and len(d.unit) >= 3:
            start = segment.text.find(d.unit, d.start)
            context.organisations.append(
                OrganisationHint(
                    d.unit,
                    "ministry",
                    "",
                    d.country or context.home_country,
                    False,
                    segment,
                    start,
                    start + len(d.unit),
                )
            )
        elif d.city.endswith(("都", "府", "縣", "州")) and not context.is_home_city(d.city):
            start = segment.text.find(d.city, d.start)
            context.organisations.append(
                OrganisationHint(
                    d.city,
                    "city_government",
                    strip_city_suffix(d.city),
                    d.country,
                    False,
                    segment,
                    start,
                    start + len(d.city),
                )
            )

    # ----- everything the report says of them -----

    def by_surname(self, segment: Segment, run_start: int, title_start: int, title: str):
        """(key, start) of the person 小池知事 or 祝處長 refers to: a known person whose name
        starts with the one or two characters before a title they hold."""
        for length in (1, 2):
            start = title_start - length
            if start < run_start:
                return None
            surname = segment.folded[start:title_start]
            for key, person in self.people.items():
                if fold_chars(person.name).startswith(surname) and person.title.endswith(title):
                    return key, start
        return None

    def suggestions(self) -> list[PersonSuggestion]:
        for member in self.context.members:
            organisation = (
                member.get("agency", "") + member.get("unit", "")
            ) or self.context.host_agency
            self.add(
                _Person(
                    name=member["name"],
                    title=title_without_organisation(member.get("title", ""), organisation),
                    organisation=organisation,
                    city=self.context.home_city,
                    country=self.context.home_country,
                    our_side=True,
                )
            )
        mentions = {
            key: self.context.mentions_of(p.name, p.name_latin, p.name_zh)
            for key, p in self.people.items()
        }
        for segment, run_start, title_start, title in self.bare_titles:
            found = self.by_surname(segment, run_start, title_start, title)
            if found:
                key, start = found
                mentions[key].add(segment, start, title_start + len(title))
        out = []
        for key in self.order:
            person, found = self.people[key], mentions[key]
            found.found.sort(key=_document_order)
            out.append(
                PersonSuggestion(
                    key=key,
                    name=person.name,
                    name_latin=person.name_latin,
                    name_zh=person.name_zh,
                    title=person.title,
                    organisation=person.organisation,
                    city=person.city,
                    country=person.country,
                    our_side=person.our_side,
                    dates=found.dates(),
                    blocks=found.blocks(),
                    evidence=found.evidence(),
                )
            )
        return out


def _document_order(found) -> tuple:
    segment, start, _ = found
    return (segment.chapter is None, segment.chapter or 0, segment.position or 0, start)


def _cut_name(run: str, cap: int) -> str:
    """The name at the start of ``run`` (folded): at least two characters, at most ``cap``,
    ending where a word that follows names begins."""
    if len(run) < 2 or run[0] in _STOP_CHARS or run.startswith(_STOP_WORDS):
        return ""
    if run[1] in "於的與和及、":
        return ""
    n = 2
    while n < min(cap, len(run)):
        if run[n] in _STOP_CHARS or run.startswith(_STOP_WORDS, n):
            break
        n += 1
    name = run[:n]
    if any(ch in _NOT_NAME for ch in name):
        return ""
    return name


def _latin_name(words: str) -> str:
    """The capitalised words of a name (particles between them allowed), two at least."""
    out = []
    for word in words.split(" "):
        if word[0].isupper() and not (len(word) > 1 and word.isupper()):
            out.append(word)
        elif word in _PARTICLES and out:
            out.append(word)
        else:
            break
    while out and out[-1] in _PARTICLES:
        out.pop()
    return " ".join(out) if len(out) >= 2 else ""


def find_people(context: Context) -> list[PersonSuggestion]:
    reader = _Reader(context)
    for segment in context.segments:
        if segment.chapter is not None:
            reader.read_titles(segment)
    return reader.suggestions()
