"""Cities: the mission's destinations, the cities people came from, and every city written
right after its country (紐西蘭奧克蘭, 拉脫維亞里加). A city written on its own is not
taken from running text: too many two-character city names are also ordinary words."""

from envoy.core.lib.places import country_code

from ..names import strip_city_suffix
from .context import CityHint, Context
from .gazetteer import fold_chars
from .suggestions import CitySuggestion, make_key
from .text import Segment


def _destination_hints(context: Context) -> list[CityHint]:
    gazetteer = context.gazetteer
    mission = context.document["mission"]
    countries = [c for c in map(country_code, mission.get("destination_countries") or []) if c]
    names = list(mission.get("destination_cities") or [])
    for day in mission.get("days") or []:
        names.extend(day.get("places") or [])
    out, seen = [], set()
    # The first segment that writes the destination, for its evidence.
    for name in names:
        key = fold_chars(strip_city_suffix(name))
        if not name or key in seen or context.is_home_city(name):
            continue
        seen.add(key)
        place = None
        for country in countries:
            place = gazetteer.city(name, country)
            if place:
                break
        if place is None:
            continue  # the place the delegation left from, or not a city at all
        segment, start = _first_mention(context, name)
        out.append(CityHint(name, place, place.country, segment, start, start + len(name)))
    return out


def _first_mention(context: Context, name: str) -> tuple[Segment | None, int]:
    folded = fold_chars(name)
    for segment in context.segments:
        start = segment.folded.find(folded)
        if start != -1:
            return segment, start
    return None, 0


def _country_city_hints(context: Context) -> list[CityHint]:
    """A country name followed by a city of that country the gazetteer knows."""
    gazetteer = context.gazetteer
    out = []
    for segment in context.segments:
        if segment.chapter is None:
            continue
        folded = segment.folded
        for country in gazetteer.country_re.finditer(folded):
            code = gazetteer.countries[country.group()]
            city = gazetteer.city_at(folded, country.end(), code)
            if city:
                j = country.end()
                written = segment.text[j : j + len(city[0])]
                out.append(CityHint(written, city[1], code, segment, j, j + len(written)))
    return out


def find_cities(context: Context) -> list[CitySuggestion]:
    hints = _destination_hints(context) + context.cities + _country_city_hints(context)
    merged: dict[str, list[CityHint]] = {}
    for hint in hints:
        if context.is_home_city(hint.written):
            continue
        name = strip_city_suffix(hint.written)
        same = hint.place.geonames_id if hint.place else fold_chars(name)
        merged.setdefault(same, []).append(hint)
    out = []
    for group in merged.values():
        first = group[0]
        name = strip_city_suffix(first.written)
        written = {h.written for h in group} | {name}
        found = context.mentions_of(*written)
        place = first.place
        out.append(
            CitySuggestion(
                key=make_key("city", name),
                name_zh=name,
                name_en=place.name_en if place else "",
                country=first.country or (place.country if place else ""),
                geonames_id=place.geonames_id if place else None,
                latitude=place.latitude if place else None,
                longitude=place.longitude if place else None,
                timezone=place.timezone if place else "",
                dates=found.dates(),
                blocks=found.blocks(),
                evidence=found.evidence(),
            )
        )
    return out
