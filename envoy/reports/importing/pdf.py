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
        for page in pdf:
            text = page.get_textpage().get_text_range()
            text = text.replace("\ufffe", "-").replace("\r\n", "\n").replace("\r", "\n")
            page_lines = [line for line in text.split("\n") if not _PAGE_NUMBER.match(line)]
            characters += sum(len(line.strip()) for line in page_lines)
            # A page break is a blank line: the parser rejoins a sentence it cuts.
            out += page_lines + [""]
    finally:
        pdf.close()
    if characters == 0:
        raise UnreadableReport(
            _("這個 PDF 沒有文字層（可能是掃描檔），請先以 OCR 轉為文字後再匯入。")
        )
    return out
