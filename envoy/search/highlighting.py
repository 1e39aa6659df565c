"""Snippets and titles with the searched words marked: escaped here, the matches in
``<mark>`` — the one place search results become HTML."""

import html
import re
from functools import lru_cache

from .tokens import original_pattern

SNIPPET_LENGTH = 110
SNIPPET_BEFORE = 30


@lru_cache(maxsize=256)
def highlighter(runs: tuple[str, ...]) -> re.Pattern:
    """One pattern for every run of the query's terms, longest first; Latin words whole."""
    parts = []
    for run in sorted(set(runs), key=len, reverse=True):
        pattern = original_pattern(run)
        if run[0].isascii() and run[0].isalnum():
            pattern = rf"(?<![0-9A-Za-z\u00c0-\u024f]){pattern}(?![0-9A-Za-z\u00c0-\u024f])"
        parts.append(pattern)
    return re.compile("|".join(parts))


def marked(text: str, pattern: re.Pattern) -> str:
    """``text`` escaped, each match in ``<mark>``."""
    out, end = [], 0
    for match in pattern.finditer(text):
        if match.end() == match.start():
            continue
        out.append(html.escape(text[end : match.start()]))
        out.append("<mark>" + html.escape(match.group()) + "</mark>")
        end = match.end()
    out.append(html.escape(text[end:]))
    return "".join(out)


def snippet_html(body: str, pattern: re.Pattern | None) -> str:
    """About ``SNIPPET_LENGTH`` characters of ``body`` around its first match, escaped, the
    matches in ``<mark>``."""
    first = pattern.search(body) if pattern is not None else None
    start = max(0, first.start() - SNIPPET_BEFORE) if first else 0
    # Start at a line's start when one is near.
    line = body.rfind("\n", start, first.start() if first else start)
    if line >= 0:
        start = line + 1
    text = body[start : start + SNIPPET_LENGTH]
    shown = marked(text, pattern) if pattern is not None else html.escape(text)
    shown = shown.replace("\n", " ⋯ ")
    return ("…" if start else "") + shown + ("…" if start + SNIPPET_LENGTH < len(body) else "")
