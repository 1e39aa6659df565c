"""PDF reports with a text layer. Scanned PDFs (images only) are refused with advice."""

import re

from django.utils.translation import gettext as _

from .errors import UnreadableReport

# A line that is only a page number: "3", "- 3 -", "第 3 頁", "3 / 12".
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-–—]\s*)?(?:第\s*)?[0-9ivxlcIVXLC]{1,5}(?:\s*頁)?(?:\s*[-–—])?\s*(?:/\s*\d+)?\s*$"
)


def lines(data: bytes) -> list[str]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise UnreadableReport(_("無法開啟這個 PDF 檔（可能已損壞或有密碼保護）。")) from error
    out: list[str] = []
    characters = 0
    try:
        for index in range(len(pdf)):
            try:
                page = pdf[index]
            except pdfium.PdfiumError:
                continue  # a damaged page: the others are read
            page_lines = [line for line in _page_lines(page) if not _PAGE_NUMBER.match(line)]
            characters += sum(len(line.strip()) for line in page_lines)
            # A form feed ends the page: the parser removes running headers and footers by
            # page, and rejoins a sentence a page break cuts.
            out += page_lines + ["\f"]
    finally:
        pdf.close()
    if characters == 0:
        raise UnreadableReport(
            _("這個 PDF 沒有文字層（可能是掃描檔），請先以 OCR 轉為文字後再匯入。")
        )
    return out


# A paragraph's first line is indented by about two characters (首行縮排); centred headings
# are further in.
INDENT = "\u3000\u3000"


def _page_lines(page) -> list[str]:
    """The page's lines, a paragraph's indented first line marked with two ideographic
    spaces, the way a typed text file shows it."""
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
        lines, starts, index = [], [], 0
        for line in text.split("\r\n"):
            lines.append(line.replace("\ufffe", "-"))
            starts.append(index)
            index += len(line) + 2
        boxes = [
            textpage.get_charbox(start) if line.strip() else None
            for line, start in zip(lines, starts, strict=True)
        ]
    finally:
        textpage.close()
    lefts = [box[0] for box in boxes if box]
    if not lefts:
        return lines
    margin = min(lefts)
    out = []
    for line, box in zip(lines, boxes, strict=True):
        if box:
            size = max(box[3] - box[1], 1)
            if 1.2 * size < box[0] - margin < 3.5 * size and not line.startswith(" "):
                line = INDENT + line
        out.append(line)
    return out
