"""Folding Chinese text for matching: Simplified → Traditional, 台 → 臺, full-width → half-width.

Folding is only ever used to compare text; what the user wrote is stored as written.
"""

import unicodedata
from functools import cache, lru_cache

import opencc

# Variants that mean the same in names and places; the first is what Envoy compares with.
_VARIANTS = str.maketrans({"台": "臺", "着": "著", "裏": "裡", "峯": "峰", "綫": "線"})


@cache
def _s2t() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_traditional_lines(lines: list[str]) -> list[str]:
    """Each line in Traditional characters, converted in one call; a line is converted on its
    own, so a line of one character gets no phrase rule."""
    converted = _s2t().convert("\n".join(lines)).split("\n")
    if len(converted) != len(lines):  # pragma: no cover - OpenCC keeps line breaks
        raise RuntimeError("OpenCC changed the number of lines")
    return converted


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """A form of ``text`` for comparison only: 台北 and 臺北 and 台北 (Simplified) agree."""
    text = unicodedata.normalize("NFKC", text)
    return _s2t().convert(text).translate(_VARIANTS).lower()


def to_simplified(text: str) -> str:
    return _t2s().convert(text)


@cache
def variants_pattern(word: str) -> str:
    """A regex matching ``word`` written in Traditional or Simplified characters, each
    character independently (so 第二章 過程, 第二章 过程 both match)."""
    import re

    out = []
    for ch in word:
        forms = {ch, to_simplified(ch), _s2t().convert(ch)}
        if ch in "臺台":
            forms |= {"臺", "台"}
        out.append(re.escape(ch) if len(forms) == 1 else "[" + "".join(sorted(forms)) + "]")
    return "".join(out)
