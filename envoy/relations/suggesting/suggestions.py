"""What the extractor proposes: plain frozen dataclasses a user confirms, corrects or rejects.

Every suggestion has a ``key`` (its kind and its folded name) that stays the same from one
run to the next, so a decision about it (``SuggestionDecision.key``) is remembered.
``blocks`` are (chapter number, block position in the chapter from 0) pairs; ``dates`` are
ISO dates of the day sections (or itinerary days) where the thing appears.
"""

import dataclasses
from dataclasses import dataclass

from envoy.relations.names import name_key

Block = tuple[int, int]


def make_key(kind: str, name: str) -> str:
    """person:小池百合子, person:maris sprindzuks, city:臺北 (台北 and 臺北 agree)."""
    return f"{kind}:{name_key(name)}"[:300]


def _plain(value):
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


class _Json:
    def to_json(self) -> dict:
        return {f.name: _plain(getattr(self, f.name)) for f in dataclasses.fields(self)}


@dataclass(frozen=True)
class PersonSuggestion(_Json):
    """Someone the report mentions: 東京都知事小池百合子, 義大利杜林市長 Stefano Lo Russo."""

    key: str
    name: str  # as written, in its own script
    name_latin: str  # when written in Latin letters
    name_zh: str  # a Chinese rendering written beside a Latin name: 迪內希
    title: str  # as written: 知事, 東南區市長, 國際關係處副處長, 環境部長
    organisation: str  # 東京都, 環境部, 新北市政府秘書處; "" when not named or implied
    city: str  # zh, without 市/都: 東京, 杜林
    country: str  # ISO 3166 alpha-2
    our_side: bool  # a delegation member or someone of the host agency's government
    dates: tuple[str, ...]
    blocks: tuple[Block, ...]
    evidence: str


@dataclass(frozen=True)
class OrganisationSuggestion(_Json):
    key: str
    name: str
    other_names: tuple[str, ...]  # other ways the report writes it: 東京都廳 is also 東京都政府
    kind: str  # OrganisationKind: city_government, ministry, network_secretariat, agency…
    city: str
    country: str
    our_side: bool
    dates: tuple[str, ...]
    blocks: tuple[Block, ...]
    evidence: str


@dataclass(frozen=True)
class CitySuggestion(_Json):
    key: str
    name_zh: str  # as the report writes it, without 市/都
    name_en: str  # GeoNames' name, "" when the gazetteer does not know the city
    country: str
    geonames_id: int | None
    latitude: float | None
    longitude: float | None
    timezone: str
    dates: tuple[str, ...]
    blocks: tuple[Block, ...]
    evidence: str


@dataclass(frozen=True)
class NetworkSuggestion(_Json):
    """A city network (城市網絡) and what the report says of it."""

    key: str
    name: str
    name_en: str
    abbreviation: str
    founded: int | None
    founder: str
    member_since: int | None  # the year the home city joined, when stated
    blocks: tuple[Block, ...]
    evidence: str


@dataclass(frozen=True)
class EventSuggestion(_Json):
    key: str
    name: str
    network: str  # the abbreviation (or name) of the network whose event it is
    edition: int | None  # 第三屆 → 3
    year: int | None
    theme: str
    city: str
    dates: tuple[str, ...]
    blocks: tuple[Block, ...]
    evidence: str


@dataclass(frozen=True)
class PresentationSuggestion(_Json):
    """A speech or presentation the city gave."""

    key: str
    title_zh: str
    title_en: str
    speaker: str
    date: str | None
    session: str
    event: str
    blocks: tuple[Block, ...]
    evidence: str


@dataclass(frozen=True)
class SiteVisitSuggestion(_Json):
    key: str
    name: str
    other_name: str  # 防災體驗學習設施（Sona Area Tokyo）, Tokyo Big Sight
    date: str | None
    city: str
    lesson: str  # the sentence saying what the city could learn (借鏡), if any
    blocks: tuple[Block, ...]
    evidence: str


@dataclass(frozen=True)
class AgreementSuggestion(_Json):
    """An agreement, memorandum, declaration or initiative signed or issued."""

    key: str
    title: str
    title_en: str
    kind: str  # AgreementKind: mou, communique, initiative, declaration, sister_city…
    parties: tuple[str, ...]  # cities or organisations named as the other side
    date: str | None
    blocks: tuple[Block, ...]
    evidence: str


@dataclass(frozen=True)
class Suggestions:
    people: tuple[PersonSuggestion, ...] = ()
    organisations: tuple[OrganisationSuggestion, ...] = ()
    cities: tuple[CitySuggestion, ...] = ()
    networks: tuple[NetworkSuggestion, ...] = ()
    events: tuple[EventSuggestion, ...] = ()
    presentations: tuple[PresentationSuggestion, ...] = ()
    site_visits: tuple[SiteVisitSuggestion, ...] = ()
    agreements: tuple[AgreementSuggestion, ...] = ()

    def to_json(self) -> dict:
        return {
            f.name: [s.to_json() for s in getattr(self, f.name)] for f in dataclasses.fields(self)
        }

    def all(self) -> list:
        return [s for f in dataclasses.fields(self) for s in getattr(self, f.name)]
