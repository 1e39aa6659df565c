"""How chapters and numbered points are labelled: one scheme for the editor, the pages, the
printers and the importer.

Taiwanese official documents number their levels in a fixed order: 壹、 → 一、 → （一） → 1. →
（1） → ① (enums.PointMarker). A report's chapters take one of these (or 第一章, or none); each
point keeps the marker it was written with, and new points take the level below the chapters.
"""

from .enums import HeadingStyle, PointMarker

_DIGITS = "零一二三四五六七八九"
_UPPER_DIGITS = "零壹貳參肆伍陸柒捌玖"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

UPPER, LOWER, PAREN, ARABIC, PAREN_ARABIC, CIRCLED = PointMarker.values

# The marker of the first level of points under each chapter style.
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


def first_point_marker(style: str) -> int:
    """The marker new points take under chapters of ``style``: 一、 under 壹、 and 第一章,
    （一） under 一、."""
    return _FIRST_POINT.get(style, LOWER)


def point_label(marker_level: int, number: int) -> str:
    """一、, （一）, 1. … for point ``number`` written with ``marker_level``."""
    return marker(marker_level, number or 1)


def depths(markers) -> dict[int, int]:
    """How deep each marker a chapter uses sits, from 0 for the outermost used: a chapter of
    1. points with （1） under them has {ARABIC: 0, PAREN_ARABIC: 1}."""
    return {m: depth for depth, m in enumerate(sorted(set(markers)))}
