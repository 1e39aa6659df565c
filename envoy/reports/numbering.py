"""How chapters and numbered points are labelled: one scheme for the editor, the pages, the
printers and the importer.

Taiwanese official documents number their levels in a fixed order: 壹、 → 一、 → （一） → 1. →
（1） → ①. A report's chapters take one of these (or 第一章, or none), and its points take
the levels below: a point of ``level`` 1 is the first level under the chapter heading.
"""

from .enums import HeadingStyle

_DIGITS = "零一二三四五六七八九"
_UPPER_DIGITS = "零壹貳參肆伍陸柒捌玖"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# The marker levels in the order official documents nest them.
UPPER, LOWER, PAREN, ARABIC, PAREN_ARABIC, CIRCLED = range(6)

# The marker level of a point of level 1 under each chapter style.
_FIRST_POINT = {
    HeadingStyle.UPPER: LOWER,
    HeadingStyle.CHAPTER: LOWER,
    HeadingStyle.LOWER: PAREN,
    HeadingStyle.PLAIN: LOWER,
}


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九."""
    return _tens(n, _DIGITS, "十")


def upper_number(n: int) -> str:
    """1 → 壹, 10 → 拾, 12 → 拾貳: the 大寫 numerals of chapter headings."""
    return _tens(n, _UPPER_DIGITS, "拾")


def _tens(n: int, digits: str, ten: str) -> str:
    if n < 10:
        return digits[n]
    if n < 20:
        return ten + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + ten + (digits[n % 10] if n % 10 else "")
    return str(n)


def marker(level: int, n: int) -> str:
    """The label of item ``n`` at marker ``level``: 壹、 一、 （一） 1. （1） ①."""
    if level == UPPER:
        return f"{upper_number(n)}、"
    if level == LOWER:
        return f"{chinese_number(n)}、"
    if level == PAREN:
        return f"（{chinese_number(n)}）"
    if level == ARABIC:
        return f"{n}."
    if level == PAREN_ARABIC:
        return f"（{n}）"
    return _CIRCLED[n - 1] if 1 <= n <= len(_CIRCLED) else f"({n})"


def chapter_label(style: str, number: int) -> str:
    """第二章, 貳、, 二、 or nothing (a report that does not number its chapters)."""
    if style == HeadingStyle.CHAPTER:
        return f"第{chinese_number(number)}章"
    if style == HeadingStyle.UPPER:
        return marker(UPPER, number)
    if style == HeadingStyle.LOWER:
        return marker(LOWER, number)
    return ""


def chapter_heading(style: str, number: int, title: str) -> str:
    """第二章 過程, 貳、過程, 二、過程 or 過程."""
    label = chapter_label(style, number)
    if not label:
        return title
    return f"{label} {title}" if style == HeadingStyle.CHAPTER else f"{label}{title}"


def point_level_marker(style: str, level: int) -> int:
    """The marker level a point of ``level`` (1 = first under the chapter) is written with."""
    return min(_FIRST_POINT.get(style, LOWER) + max(level, 1) - 1, CIRCLED)


def point_label(style: str, level: int, number: int) -> str:
    """一、 for the first level under 第一章 or 壹、; （一） under 一、 chapters."""
    return marker(point_level_marker(style, level), number)


def point_level(style: str, marker_level: int) -> int:
    """The point level of a marker found in a report of ``style`` (the importer's inverse of
    :func:`point_level_marker`); a marker above the first point level counts as level 1."""
    return max(marker_level - _FIRST_POINT.get(style, LOWER) + 1, 1)
