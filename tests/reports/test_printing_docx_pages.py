"""The Word file's pages as the PDF's: the front matter (cover, 摘要, 目次, 圖次) a section of
its own numbered i, ii… from 摘要, the body a section numbered from 1, and 目次 and 圖次 showing
the pages the PDF prints each heading and caption on, before any field is updated."""

import io
import re

import docx
import pypdfium2 as pdfium
import pytest
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from envoy.reports.printing.docx import render_docx
from envoy.reports.printing.pdf import printed_pages, render_pdf
from envoy.reports.services import export_report
from tests.reports.test_odt_docx import CAPTIONS, HEADINGS, report_document


def numbering(section) -> tuple:
    """(format, start, cover without number, footers it names) of a section."""
    properties = section._sectPr
    numbers = properties.find(qn("w:pgNumType"))
    return (
        numbers.get(qn("w:fmt")),
        numbers.get(qn("w:start")),
        properties.find(qn("w:titlePg")) is not None,
        [ref.get(qn("w:type")) for ref in properties.findall(qn("w:footerReference"))],
    )


def index_entries(word, title: str) -> list[tuple[str, str]]:
    """(text, page) of the entries of the index titled ``title``."""
    for sdt in word.element.body.findall(qn("w:sdt")):
        paragraphs = [Paragraph(p, word) for p in sdt.find(qn("w:sdtContent")).findall(qn("w:p"))]
        if paragraphs[0].text == title:
            return [tuple(p.text.split("\t")) for p in paragraphs[1:]]
    raise AssertionError(f"no {title}")


def test_docx_front_matter_is_numbered_i_ii_and_the_body_from_1(tmp_path):
    word = docx.Document(io.BytesIO(render_docx(report_document(tmp_path))))
    front, body = word.sections
    # The cover is page 0 with no footer, so 摘要 is page i; the body keeps the footer.
    assert numbering(front) == ("lowerRoman", "0", True, ["default"])
    assert numbering(body) == ("decimal", "1", False, [])
    footer = front.footer.paragraphs[0]._p
    assert [t.text for t in footer.iter(qn("w:instrText"))] == [" PAGE "]

    # The front matter ends after 圖次, the body starts with 行程表.
    elements = list(word.element.body)
    end = next(
        n for n, e in enumerate(elements) if e.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None
    )
    assert "".join(elements[end - 1].itertext()).startswith("圖次")
    assert Paragraph(elements[end + 1], word).text == "行程表"


def test_docx_contents_and_figures_show_the_pdfs_pages(tmp_path):
    document = report_document(tmp_path)
    printed = printed_pages(document)
    word = docx.Document(io.BytesIO(render_docx(document)))
    assert index_entries(word, "目次") == printed.headings
    assert [text for text, _page in printed.headings] == [text for _level, text in HEADINGS]
    assert index_entries(word, "圖次") == printed.figures
    assert [text for text, _page in printed.figures] == CAPTIONS


def test_docx_contents_stays_a_field_word_updates(tmp_path):
    word = docx.Document(io.BytesIO(render_docx(report_document(tmp_path))))
    contents = word.element.body.findall(qn("w:sdt"))[0]
    begin = contents.find(f".//{qn('w:fldChar')}")
    assert (begin.get(qn("w:fldCharType")), begin.get(qn("w:dirty"))) == ("begin", "true")
    codes = [t.text for t in contents.iter(qn("w:instrText"))]
    assert codes[0] == ' TOC \\o "1-3" \\h \\z \\u '
    assert [code.split()[0] for code in codes[1:]] == ["PAGEREF"] * len(HEADINGS)


def test_printed_pages_are_where_the_pdf_prints_headings_and_captions(tmp_path):
    document = report_document(tmp_path)
    printed = printed_pages(document)
    pdf = pdfium.PdfDocument(render_pdf(document))
    try:
        pages = [page.get_textpage().get_text_range().split() for page in pdf]
    finally:
        pdf.close()
    # A body page's footer is its last word; the heading or caption is on that page.
    for text, page in printed.headings + printed.figures:
        (found,) = [words for words in pages if words[-1] == page and words[0] != "目次"][:1]
        assert "".join(text.split()) in "".join(found), (text, page)


@pytest.mark.django_db
def test_the_seeds_word_contents_matches_its_pdf_contents(seed_report):
    """目次 of the seed's Word file lists every heading the PDF's 目次 lists (days and
    chapters' points, to two levels) with the same page number."""
    pdf = pdfium.PdfDocument(export_report(seed_report.pk, "pdf"))
    try:
        texts = [page.get_textpage().get_text_range() for page in pdf]
    finally:
        pdf.close()
    start = next(n for n, text in enumerate(texts) if text.startswith("目次"))
    lines = texts[start].splitlines()[1:-1]  # without the title and the page number
    for text in texts[start + 1 :]:  # 目次 running over pages, up to 圖次 or the body
        if text.startswith("圖次") or text.splitlines()[-1].strip() == "1":
            break
        lines += text.splitlines()[:-1]
    pdf_entries = []
    for line in lines:
        match = re.match(r"^(.*?)[\s.]*\.\s*(\d+)\s*$", line)
        pdf_entries.append((" ".join(match.group(1).split()), match.group(2)))
    word = docx.Document(io.BytesIO(export_report(seed_report.pk, "docx")))
    word_entries = dict(index_entries(word, "目次"))
    assert len(pdf_entries) == 17
    assert [(text, word_entries.get(text)) for text, _page in pdf_entries] == pdf_entries
