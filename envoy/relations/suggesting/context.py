"""What every finder needs to know about the report: its text, and who "we" are."""

from dataclasses import dataclass, field

from ..names import strip_city_suffix
from .gazetteer import Gazetteer, Place, fold_chars
from .text import Mentions, Segment, segments


@dataclass(frozen=True)
class CityHint:
    """A city seen in the text (or in the itinerary), with the country written beside it."""

    written: str  # as written, e.g. 東京都, 杜林
    place: Place | None
    country: str
    segment: Segment
    start: int
    end: int


@dataclass(frozen=True)
class OrganisationHint:
    name: str
    kind: str
    city: str
    country: str
    our_side: bool
    segment: Segment
    start: int
    end: int


@dataclass
class Context:
    document: dict
    segments: list[Segment]
    gazetteer: Gazetteer
    host_agency: str  # 新北市政府秘書處
    home_city: str  # 新北 (without 市)
    home_country: str  # TW
    home_government: str  # 新北市政府
    home_place: Place | None
    members: list[dict]
    cities: list[CityHint] = field(default_factory=list)
    organisations: list[OrganisationHint] = field(default_factory=list)

    def is_home_city(self, name: str) -> bool:
        return bool(name) and fold_chars(strip_city_suffix(name)) == fold_chars(self.home_city)

    def mentions_of(self, *forms: str) -> Mentions:
        """Every place in the report where one of ``forms`` is written."""
        found = Mentions()
        folded_forms = [fold_chars(f) for f in forms if f and len(f) >= 2]
        for segment in self.segments:
            for form in folded_forms:
                start = segment.folded.find(form)
                while start != -1:
                    found.add(segment, start, start + len(form))
                    start = segment.folded.find(form, start + len(form))
        return found


def make_context(
    document: dict, gazetteer: Gazetteer, *, home_city: str = "", home_country: str = ""
) -> Context:
    """The host agency names the home city (新北市政府秘書處 → 新北); ``home_city`` and
    ``home_country`` are used when it does not."""
    mission = document["mission"]
    host = mission.get("host_agency", "") or ""
    folded = fold_chars(host)
    place, written = None, ""
    found = gazetteer.city_at(folded, 0) if host else None
    if found:
        written = host[: len(found[0])]
        place = found[1]
    elif home_city:
        written = home_city
        place = gazetteer.city(home_city, home_country or None)
    government = ""
    if "政府" in host:
        government = host[: host.index("政府") + 2]
    elif written:
        government = written + ("政府" if written.endswith(("市", "縣")) else "市政府")
    return Context(
        document=document,
        segments=segments(document),
        gazetteer=gazetteer,
        host_agency=host,
        home_city=strip_city_suffix(written),
        home_country=(place.country if place else "") or home_country,
        home_government=government,
        home_place=place,
        members=list(mission.get("members") or []),
    )
