"""A paragraph block's text as written: a blank line starts a new, indented paragraph, a
single line break stays a line break inside the paragraph, in the PDF, ODT and DOCX."""

import io

import docx
import pypdfium2 as pdfium
from odfdo import Document

from envoy.reports.printing.docx import render_docx
from envoy.reports.printing.odt import render_odt
from envoy.reports.printing.pdf import render_pdf
from tests.reports.test_odt_docx import (
    _docx_body_paragraphs,
    _odt_body_paragraphs,
    report_document,
)

# Two paragraphs, the first of two lines, then a third after a blank line holding a space
# and a second blank line; typed on Windows (\r\n) for the last one.
TEXT = "第一段第一行，\n第一段第二行。\n\n第二段。\r\n \r\n\r\n第三段。"
PRINTED = ["第一段第一行，\n第一段第二行。", "第二段。", "第三段。"]

# report.typ: 2.5 cm margins, 12 pt text, paragraphs indented 2 em, lines 0.9 em apart
# and paragraphs 1.1 em.
MARGIN = round(2.5 / 2.54 * 72, 2)
INDENT = 24.0
LINE_GAP_DIFFERENCE = round((1.1 - 0.9) * 12, 2)


def with_text(tmp_path) -> dict:
    document = report_document(tmp_path)
    document["report"]["chapters"][0]["blocks"][1]["text"] = TEXT
    return document


def test_pdf_prints_each_paragraph_indented_and_a_line_break_unindented(tmp_path):
    pdf = pdfium.PdfDocument(render_pdf(with_text(tmp_path)))
    try:
        # The page of 第一章 (the body's first page after 行程表).
        page = next(p for p in pdf if "第一段第一行" in p.get_textpage().get_text_range())
        text = page.get_textpage()
        content = text.get_text_range()
        starts = []  # (left, bottom) of each line's first character, loose box
        for line in ("第一段第一行", "第一段第二行", "第二段", "第三段"):
            left, bottom, _right, _top = text.get_charbox(content.index(line), loose=True)
            starts.append((round(left, 2), bottom))
        lines = [line.strip() for line in content.splitlines()]
    finally:
        pdf.close()
    assert [left for left, _bottom in starts] == [
        round(MARGIN + INDENT, 2),
        MARGIN,
        round(MARGIN + INDENT, 2),
        round(MARGIN + INDENT, 2),
    ]
    within = starts[0][1] - starts[1][1]
    between = [starts[1][1] - starts[2][1], starts[2][1] - starts[3][1]]
    assert [round(gap - within, 2) for gap in between] == [LINE_GAP_DIFFERENCE] * 2
    start = lines.index("第一段第一行，")
    assert lines[start : start + 4] == ["第一段第一行，", "第一段第二行。", "第二段。", "第三段。"]


def test_odt_prints_a_paragraph_per_blank_line_and_keeps_line_breaks(tmp_path):
    odf = Document(io.BytesIO(render_odt(with_text(tmp_path))))
    paragraphs = _odt_body_paragraphs(odf)
    start = paragraphs.index(("Text_20_body", PRINTED[0]))
    assert paragraphs[start : start + 4] == [
        ("Text_20_body", PRINTED[0]),
        ("Text_20_body", PRINTED[1]),
        ("Text_20_body", PRINTED[2]),
        ("Heading_20_1", "第二章 過程"),
    ]


def test_docx_prints_a_paragraph_per_blank_line_and_keeps_line_breaks(tmp_path):
    word = docx.Document(io.BytesIO(render_docx(with_text(tmp_path))))
    paragraphs = _docx_body_paragraphs(word)
    start = paragraphs.index(("Body Text", PRINTED[0]))
    assert paragraphs[start : start + 4] == [
        ("Body Text", PRINTED[0]),
        ("Body Text", PRINTED[1]),
        ("Body Text", PRINTED[2]),
        ("Heading 1", "第二章 過程"),
    ]
    # The line break is a break inside the paragraph, not a paragraph of its own.
    runs = word.paragraphs[start]._p.r_lst
    assert [child.tag.rsplit("}", 1)[1] for run in runs for child in run] == ["t", "br", "t"]
