"""ODF text (.odt) reports: headings, paragraphs and tables in document order."""

import io

from django.utils.translation import gettext as _

from .errors import DAMAGED, UnreadableReport


def lines(data: bytes) -> list[str]:
    from odfdo import Document

    out: list[str] = []
    try:
        document = Document(io.BytesIO(data))
        for element in document.body.children:
            out += _element_lines(element)
    except (*DAMAGED, TypeError) as error:
        raise UnreadableReport(_("無法開啟這個 ODT 檔（可能已損壞）。")) from error
    return out


def _element_lines(element) -> list[str]:
    tag = element.tag
    if tag in ("text:p", "text:h"):
        return _text(element).split("\n") + [""]
    if tag == "table:table":
        rows = []
        for row in element.get_elements("table:table-row"):
            cells = row.get_elements("table:table-cell")
            rows.append("\t".join(" ".join(_text(p) for p in c.children).strip() for c in cells))
        return rows + [""]
    if tag in ("text:section", "text:list", "text:list-item", "draw:frame"):
        out = []
        for child in element.children:
            out += _element_lines(child)
        return out
    return []


def _text(element) -> str:
    return str(element.text_recursive or "")
