"""The report in a Kai face, as agencies print it (標楷體), with Latin names whole.

The PDF uses TW-Kai (Debian's fonts-cns11643-kai) for Chinese and DejaVu Serif for Latin
letters: Noto Serif CJK has no precomposed ž, and drew Sprindžuks as z plus a combining
háček that landed on the u. The office formats name 標楷體, ODF with TW-Kai after it.
"""

import ctypes
import io
import subprocess

import docx
import pypdfium2 as pdfium
import pytest
from docx.oxml.ns import qn
from odfdo import Document

from envoy.reports.printing.docx import render_docx
from envoy.reports.printing.odt import render_odt
from envoy.reports.printing.pdf import render_pdf
from tests.reports.test_odt_docx import report_document

NAME = "Māris Sprindžuks"
SENTENCE = "拉脫維亞 Māris Sprindžuks 代表於開幕式致詞。"  # a paragraph of report_document
KAI, LATIN = "TW-Kai-98_1", "DejaVuSerif"  # PostScript names as embedded


@pytest.fixture(scope="module")
def pdf_bytes(tmp_path_factory) -> bytes:
    return render_pdf(report_document(tmp_path_factory.mktemp("photos")))


def _font_name(text_page, index: int) -> str:
    """The font a character is drawn with, without the subset's ABCDEF+ prefix."""
    buffer = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    pdfium.raw.FPDFText_GetFontInfo(text_page, index, buffer, 256, ctypes.byref(flags))
    return buffer.value.decode().split("+", 1)[-1]


def _sentence(pdf_bytes):
    """(text page's content, index of SENTENCE, fonts of its characters, tight and loose
    boxes of NAME's characters)."""
    pdf = pdfium.PdfDocument(pdf_bytes)
    try:
        for page in pdf:
            text = page.get_textpage()
            content = text.get_text_range()
            if SENTENCE in content.splitlines():
                start = content.index(SENTENCE)
                fonts = [_font_name(text, start + n) for n in range(len(SENTENCE))]
                name = start + SENTENCE.index(NAME)
                tight = [text.get_charbox(name + n) for n in range(len(NAME))]
                loose = [text.get_charbox(name + n, loose=True) for n in range(len(NAME))]
                return fonts, tight, loose
        raise AssertionError(f"not printed as one line: {SENTENCE}")
    finally:
        pdf.close()


def test_pdf_prints_the_name_as_typed_in_the_latin_face(pdf_bytes):
    fonts, _tight, _loose = _sentence(pdf_bytes)
    drawn = [(char, font) for char, font in zip(SENTENCE, fonts, strict=True) if char != " "]
    assert drawn == [(char, KAI) for char in "拉脫維亞"] + [
        (char, LATIN) for char in NAME.replace(" ", "")
    ] + [(char, KAI) for char in "代表於開幕式致詞。"]


def test_pdf_draws_each_letter_of_the_name_within_its_own_advance(pdf_bytes):
    """The háček of ž sits on the z: no letter's ink reaches into the next letter (more
    than kerning's fraction of a point; the háček drawn on the u reached 8 pt into it)."""
    _fonts, tight, loose = _sentence(pdf_bytes)
    overlaps = [
        NAME[n]
        for n in range(len(NAME) - 1)
        if NAME[n] != " " and tight[n][2] > loose[n + 1][0] + 0.5
    ]
    assert overlaps == []
    z = NAME.index("ž")
    assert tight[z][3] > tight[z + 1][3]  # the háček rises above the u


def test_pdf_embeds_tw_kai_and_dejavu_serif_with_their_unicode_maps(pdf_bytes, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf_bytes)
    listing = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout
    rows = [line.split() for line in listing.splitlines()[2:]]
    # name, type…, embedded, subset, unicode map: every font embedded, subset, mapped.
    assert sorted((row[0].split("+", 1)[1], row[-5:-2]) for row in rows) == [
        (LATIN, ["yes", "yes", "yes"]),
        (KAI, ["yes", "yes", "yes"]),
    ]


def test_pdf_headings_are_kai_as_well(pdf_bytes):
    pdf = pdfium.PdfDocument(pdf_bytes)
    try:
        page = next(p for p in pdf if "第三章 心得" in p.get_textpage().get_text_range())
        text = page.get_textpage()
        start = text.get_text_range().index("第三章 心得")
        fonts = [_font_name(text, start + n) for n in (0, 1, 2, 4, 5)]
    finally:
        pdf.close()
    assert fonts == [KAI] * 5


def test_odt_names_biaokai_with_tw_kai_as_its_fallback(tmp_path):
    odf = Document(io.BytesIO(render_odt(report_document(tmp_path))))
    faces = {
        face.get_attribute("style:name"): face.get_attribute("svg:font-family")
        for face in odf.styles.get_elements("//style:font-face")
    }
    assert faces["標楷體"] == "'標楷體', 'TW-Kai'"
    body = odf.get_style("paragraph", "Text_20_body")
    default = odf.get_style("paragraph")
    assert default.get_properties(area="text")["style:font-name-asian"] == "標楷體"
    # The body text inherits it: no style of the text names another East-Asian font.
    assert "style:font-name-asian" not in (body.get_properties(area="text") or {})


def test_docx_names_biaokai_as_the_east_asian_font_of_the_text(tmp_path):
    word = docx.Document(io.BytesIO(render_docx(report_document(tmp_path))))
    east_asian = {
        name: word.styles[name].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))
        for name in ("Normal", "Body Text", "Title", "Cover Line", "Table Contents", "Footer")
    }
    assert east_asian == dict.fromkeys(east_asian, "標楷體")
