"""Countries and their time zones from packaged CLDR data (babel), never typed by hand."""

from functools import cache

from babel import Locale
from babel.core import get_global

from .chinese import fold


@cache
def country_codes() -> dict[str, str]:
    """Every name of a country (Traditional and Simplified Chinese, English, and the names
    officers write that CLDR spells otherwise), folded (``chinese.fold``), and its ISO code:
    日本 → JP. Regions CLDR also names (歐盟, 歐元區) are among them."""
    names: dict[str, str] = {}
    for locale in ("zh_Hant_TW", "zh_Hans_CN", "en"):
        for code, name in Locale.parse(locale).territories.items():
            if len(code) == 2 and code.isalpha():
                names.setdefault(fold(name), code)
    # Names officers write that CLDR spells otherwise.
    for alias, code in (
        ("中華民國", "TW"),
        ("台灣", "TW"),
        ("美國", "US"),
        ("南韓", "KR"),
        ("韓國", "KR"),
        ("紐西蘭", "NZ"),
        ("義大利", "IT"),
    ):
        names.setdefault(fold(alias), code)
    return names


def country_code(name: str) -> str | None:
    """日本 → JP, 臺灣 → TW, Japan → JP; None when unknown."""
    return country_codes().get(fold(name.strip()))


def country_timezone(code: str) -> str | None:
    """The main IANA zone of a country (the first CLDR lists): JP → Asia/Tokyo."""
    zones = get_global("territory_zones").get(code.upper())
    return zones[0] if zones else None


@cache
def _territory_names(locale: str) -> dict[str, str]:
    return dict(Locale.parse(locale).territories)


def country_name(code: str, language: str | None = None) -> str:
    """JP → 日本 (zh-Hant, as Taiwan writes it) or Japan (en), in the current language
    unless ``language`` is given; the code itself when CLDR does not know it."""
    from django.utils.translation import get_language

    language = language or get_language() or "zh-hant"
    locale = "en" if language.startswith("en") else "zh_Hant_TW"
    return _territory_names(locale).get(code.upper(), code)
