"""Word (.docx) reports: paragraphs and tables in document order."""

import io

from django.utils.translation import gettext as _

from .errors import DAMAGED, UnreadableReport


def lines(data: bytes) -> list[str]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    out: list[str] = []
    try:
        document = docx.Document(io.BytesIO(data))
        for child in document.element.body.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
            if tag == "p":
                # A line break inside a paragraph (a cover's list of travellers) ends a line.
                out += Paragraph(child, document).text.split("\n") + [""]
            elif tag == "tbl":
                for row in Table(child, document).rows:
                    out.append("\t".join(cell.text.replace("\n", " ") for cell in row.cells))
                out.append("")
    except DAMAGED as error:
        raise UnreadableReport(_("無法開啟這個 Word 檔（.docx 可能已損壞）。")) from error
    return out
