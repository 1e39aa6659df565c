"""Comparing names the way officers write them: Māris Sprindžuks = Maris Sprindzuks,
臺北 = 台北 = 台北 (Simplified), Stefano Lo Russo = Lo Russo Stefano."""

import re
import unicodedata
from functools import lru_cache

from envoy.core.lib.chinese import fold

# What a city's name may end with; 東京都 is 東京 and 釜山廣域市 is 釜山 when compared.
CITY_SUFFIXES = ("都會區", "特別市", "廣域市", "自治市", "市", "都", "府", "縣", "區", "鎮")

_NOT_WORD = re.compile(r"[\W_]+")
_HAN = re.compile(r"[\u3400-\u9fff]")


@lru_cache(maxsize=8192)
def name_key(name: str) -> str:
    """A key equal for spellings that differ only in diacritics, case, spacing, punctuation,
    台/臺 or Traditional/Simplified characters."""
    text = fold(name or "")
    text = "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )
    # Letters the decomposition keeps whole.
    text = text.translate(str.maketrans({"ø": "o", "đ": "d", "ł": "l", "ß": "ss", "æ": "ae"}))
    return _NOT_WORD.sub(" ", text).strip()


def word_set_key(name: str) -> str:
    """The words of ``name_key`` in sorted order: family name first or last agree."""
    return " ".join(sorted(name_key(name).split()))


def is_han(text: str) -> bool:
    return bool(_HAN.search(text or ""))


def strip_city_suffix(name: str) -> str:
    """東京都 → 東京, 新北市 → 新北, 奧克蘭都會區 → 奧克蘭; 京都 stays (a name is two
    characters at least)."""
    for suffix in CITY_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name
