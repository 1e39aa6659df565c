"""Comparing names the way officers write them: Māris Sprindžuks = Maris Sprindzuks,
臺北 = 台北 = 台北 (Simplified), Stefano Lo Russo = Lo Russo Stefano."""

import re
import unicodedata
from functools import lru_cache

from envoy.core.lib.chinese import fold

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
