"""What a report's text carries that is not the report: page furniture from PDFs and printed
copies (running headers and footers, 第 5 頁／共 9 頁, 以下空白), web page chrome from copies
of portal pages (menus, 友善列印, share buttons, captcha text), and lines hard-wrapped at a
fixed width. Removed or rejoined before the parser reads the lines, so none of it reaches
the body, the title or the 目次.
"""

import re
from collections import Counter

from envoy.core.lib.chinese import fold

from .markers import (
    FIGURE,
    LEADER,
    SENTENCE_END,
    TABLE_ROW,
    chapter_candidate,
    field_at,
    is_heading,
    nfkc,
    point_at,
    width,
)

# 第 5 頁／共 9 頁, 第5頁，共9頁, 共 9 頁第 5 頁, Page 5 of 9, 5 / 9, - 5 -, 頁 5: never content,
# not even inside a line (a footer a PDF copy ran into a sentence).
_PAGE_OF = re.compile(
    r"\s*(?:第\s*\d{1,4}\s*[頁页]\s*[／/,，、 ]?\s*共\s*\d{1,4}\s*[頁页]"
    r"|共\s*\d{1,4}\s*[頁页]\s*[／/,，、 ]?\s*第\s*\d{1,4}\s*[頁页]"
    r"|\b[Pp]age\s+\d{1,4}\s+of\s+\d{1,4}\b)\s*"
)
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-–—]\s*)?(?:第\s*)?(?:[Pp]age\s*|[頁页]\s*)?(\d{1,4}|[ivxlcIVXLC]{1,6})"
    r"(?:\s*[頁页])?(?:\s*[-–—])?\s*(?:[/／]\s*\d{1,4})?\s*$"
)
# The rule under a Markdown-style table's header (---|---|), from copies of web pages.
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_BLANK_PAGE = re.compile(r"^[（(]?\s*(?:以下空白|本頁空白|此頁空白|以下空白頁|空白頁)\s*[)）]?$")

# Web page chrome: whole lines only, compared folded.
_CHROME_LINES = {
    fold(line)
    for line in (
        ":::",
        "友善列印",
        "列印",
        "列印本頁",
        "分享",
        "分享至",
        "轉寄",
        "回上一頁",
        "回上頁",
        "回首頁",
        "回頁首",
        "上一則",
        "下一則",
        "跳到主要內容",
        "跳到主要內容區塊",
        "網站導覽",
        "Facebook",
        "Line",
        "LINE",
        "Twitter",
        "X",
        "Plurk",
        "Email",
        "E-mail",
        "字級",
        "字級：",
        "字級:",
        "小",
        "中",
        "大",
        "小 中 大",
        "請輸入驗證碼",
        "驗證碼",
        "重新產生驗證碼",
        "產生新的驗證碼",
        "語音播放",
        "送出",
        "清除",
        "搜尋",
        "進階搜尋",
        "English",
        "RSS",
        "隱私權政策",
        "隱私權保護政策",
        "資訊安全政策",
        "政府網站資料開放宣告",
        "網站安全政策",
        "常見問答",
        "下載",
        "檔案下載",
        "相關連結",
        "回列表",
        "返回列表",
        "Top",
        "TOP",
        "MENU",
        "Menu",
        "選單",
        "主選單",
        "訂閱",
        "轉寄好友",
        "轉寄此頁",
        "分享到Facebook",
        "分享到Line",
        "分享到Twitter",
        "加入書籤",
        "首頁",
        "回到首頁",
        "最新消息",
        "banner",
        "按 Enter 到主內容區",
        "進入內容區塊",
        "分享此頁",
        "列印此頁",
    )
}
_CHROME_START = re.compile(
    r"^(?:瀏覽人次|點閱次數|點閱數|瀏覽次數|累計瀏覽|今日瀏覽|更新日期|最後更新|發布單位|發布日期|"
    r"上版日期|資料來源|相關附件|附件下載|(?:本\S{0,2})?地址[：:]|(?:服務|聯絡)?電話[：:]|傳真[：:]|服務時間|"
    r"上班時間|Copyright|©|\d{4}\s*©|版權所有|前往原始報告頁面|原始網頁|"
    r"本網站|建議使用|最佳瀏覽|網站更新|:::\s|請輸入驗證碼|驗證碼[：:])"
)


_BULLET = re.compile(r"^[•・·*‧●○■□▪►▶-]\s*")
_LINK_NOTE = re.compile(r"\s*[（(](?:開啟新視窗|另開新視窗|新視窗|外部連結|PDF|另開視窗)[)）]\s*$")
# 首頁 > 公開資訊 > 出國報告: where a web page sits in its site.
_BREADCRUMB = re.compile(r"^\S{1,10}(?:\s*[>＞›»]\s*\S{1,16}){1,6}\s*[>＞›»]?$")


def strip_chrome(line: str) -> bool:
    """Whether ``line`` is web page chrome (a menu item, a share button, a visitor counter,
    a breadcrumb)."""
    line = fold(_LINK_NOTE.sub("", _BULLET.sub("", line)).strip())
    return line in _CHROME_LINES or bool(_CHROME_START.match(line)) or bool(_BREADCRUMB.match(line))


def remove_furniture(pages: list[list[str]]) -> tuple[list[str], int]:
    """The lines of ``pages`` (one list of lines per printed page; a text without pages is one
    page) without page furniture and web chrome, pages joined with a blank line. Returns the
    lines and how many were removed.

    - 第 N 頁／共 M 頁 and its kin anywhere in a line; 以下空白;
    - bare page numbers (a number alone on a line, when the text has at least two of them);
    - running headers and footers: on a paged text, a line at the top or bottom of at least
      half the pages (digits aside); on a text without pages, a short line repeated three
      times or more that is not a date, a figure or a table row;
    - web chrome (:func:`strip_chrome`).
    """
    removed = 0
    cleaned_pages = []
    for page in pages:
        out = []
        for line in page:
            clean = _PAGE_OF.sub("", line).rstrip() if _PAGE_OF.search(line) else line
            if clean != line and not clean.strip():
                removed += 1
                continue
            stripped = clean.strip()
            if stripped and (
                _BLANK_PAGE.match(nfkc(stripped))
                or strip_chrome(stripped)
                or ("|" in stripped and _TABLE_RULE.match(stripped))
            ):
                removed += 1
                continue
            out.append(clean)
        cleaned_pages.append(out)
    cleaned_pages, count = _remove_page_numbers(cleaned_pages)
    removed += count
    if len(cleaned_pages) > 1:
        cleaned_pages, count = _remove_running_lines(cleaned_pages)
        removed += count
        cleaned_pages, count = _remove_running_chapter_headers(cleaned_pages)
    else:
        cleaned_pages, count = _remove_repeated_lines(cleaned_pages)
    removed += count
    lines: list[str] = []
    for page in cleaned_pages:
        if lines:
            lines.append("")
        lines += page
    return lines, removed


def _remove_page_numbers(pages: list[list[str]]) -> tuple[list[list[str]], int]:
    numbers = [
        (p, i)
        for p, page in enumerate(pages)
        for i, line in enumerate(page)
        if _PAGE_NUMBER.match(nfkc(line))
    ]
    if len(numbers) < 2 and len(pages) < 2:
        return pages, 0
    drop = set(numbers)
    return [
        [line for i, line in enumerate(page) if (p, i) not in drop] for p, page in enumerate(pages)
    ], len(drop)


def _shape(line: str) -> str:
    """A line with its digits masked: 第 3 頁 and 第 4 頁 are the same furniture."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", nfkc(line)))


def _keepable(line: str) -> bool:
    """Lines that repeat in real reports for good reasons."""
    return bool(
        "\t" in line
        or FIGURE.match(line)
        or TABLE_ROW.match(line)
        or LEADER.search(line)
        or field_at(line)
        or not is_heading(line)
    )


def _remove_running_lines(pages: list[list[str]]) -> tuple[list[list[str]], int]:
    """Lines among the first or last three of a page that recur on half the pages or more."""
    edges: Counter = Counter()
    for page in pages:
        content = [line for line in page if line.strip()]
        for line in {_shape(line) for line in content[:3] + content[-3:]}:
            edges[line] += 1
    threshold = max(2, len(pages) // 2)
    running = {shape for shape, n in edges.items() if n >= threshold and shape}
    if not running:
        return pages, 0
    removed, out = 0, []
    for page in pages:
        content_index = [i for i, line in enumerate(page) if line.strip()]
        edge = set(content_index[:3] + content_index[-3:])
        kept = []
        for i, line in enumerate(page):
            if i in edge and _shape(line) in running and not _is_running_exception(line):
                removed += 1
                continue
            kept.append(line)
        out.append(kept)
    return out, removed


def _remove_running_chapter_headers(pages: list[list[str]]) -> tuple[list[list[str]], int]:
    """A chapter's heading at the top of every page (第二章 過程 over each page of it): when
    most pages start with a chapter heading, such a first line is dropped wherever the same
    heading is also written lower on a page — the heading itself."""
    tops = {}
    for p, page in enumerate(pages):
        first = next((i for i, line in enumerate(page) if line.strip()), None)
        if first is not None and chapter_candidate(page[first].strip()):
            tops[p] = first
    if len(pages) < 3 or len(tops) < len(pages) / 2:
        return pages, 0
    lower = {
        _shape(line)
        for p, page in enumerate(pages)
        for i, line in enumerate(page)
        if line.strip() and tops.get(p) != i
    }
    removed, out = 0, []
    for p, page in enumerate(pages):
        top = tops.get(p)
        if top is not None and _shape(page[top]) in lower:
            page = page[:top] + page[top + 1 :]
            removed += 1
        out.append(page)
    return out, removed


def _is_running_exception(line: str) -> bool:
    """A table's header row repeats on every page of a long table: it stays (the parser
    skips repeated header rows itself)."""
    return "\t" in line


def _remove_repeated_lines(pages: list[list[str]]) -> tuple[list[list[str]], int]:
    """On a text without pages: short lines seen three times or more, at least eight lines
    apart, that are not dates, figures, table rows or fields. The first is kept when it is on
    the cover (the title) or a chapter heading (its running header's source)."""
    lines = pages[0]
    positions: dict[str, list[int]] = {}
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped and not _keepable(stripped) and not _looks_dated(stripped):
            positions.setdefault(_shape(stripped), []).append(i)
    drop = set()
    cover_end = max(10, len(lines) // 20)
    for where in positions.values():
        if len(where) < 3 or min(b - a for a, b in zip(where, where[1:], strict=False)) < 8:
            continue
        first = lines[where[0]].strip()
        keep_first = where[0] < cover_end or chapter_candidate(first) is not None
        drop.update(where[1:] if keep_first else where)
    if not drop:
        return pages, 0
    return [[line for i, line in enumerate(lines) if i not in drop]], len(drop)


_DATED = re.compile(
    r"^(?:中華民國|民國)?\s*\d{2,4}\s*(?:年|[/.\-])\s*\d{1,2}\s*(?:月|[/.\-])\s*\d{1,2}"
)


def _looks_dated(line: str) -> bool:
    """A day heading or a numbered point: lines that repeat in a report for good reasons
    (95年度…｜臺中市政府 is a running header, not a date)."""
    return bool(_DATED.match(nfkc(line))) or bool(point_at(line))


# ----- Hard-wrapped text -----


def is_hard_wrapped(lines: list[str]) -> bool:
    """Whether the text's lines were cut at a fixed width (a PDF or web copy) rather than
    being one paragraph each: many lines of the same full width that do not end a sentence."""
    widths = [width(line.strip()) for line in lines if line.strip()]
    long = sorted(w for w in widths if w >= 12)
    if len(long) < 6:
        return False
    full = long[int(len(long) * 0.9)]
    if full < 15 or full > 120:
        return False
    cut = sum(
        1
        for line in lines
        if line.strip()
        and width(line.strip()) >= 0.9 * full
        and not line.strip().endswith(SENTENCE_END)
    )
    return cut >= 5 and cut >= 0.25 * len(long)


def starts_structure(line: str) -> bool:
    """A line that never continues the paragraph before it."""
    return bool(
        chapter_candidate(line)
        or FIGURE.match(line)
        or point_at(line)
        or TABLE_ROW.match(line)
        or (LEADER.search(line) and len(line) < 120)
        or field_at(line)
    )
