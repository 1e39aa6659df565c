"""What a report lacks prints as nothing, or, on a draft's cover, as visibly missing.

No blank 摘要 page, no 行程表 heading over an empty table and no empty 圖次 in any printed
form; a draft's cover says （未填） where a field is empty, so the writer sees the gap.
"""

import io

import docx
import pypdfium2 as pdfium
import pytest
from odfdo import Document

from envoy.reports.printing.docx import render_docx
from envoy.reports.printing.odt import render_odt
from envoy.reports.printing.pdf import render_pdf
from tests.reports.test_odt_docx import (
    _docx_body_paragraphs,
    _odt_body_paragraphs,
    report_document,
)

CHAPTERS = ["第一章 目的", "第二章 過程", "第三章 心得", "第四章 建議"]
NO_TEXT = "（未填）"


def pdf_pages(data: bytes) -> list[list[str]]:
    """Each page's lines of text."""
    pdf = pdfium.PdfDocument(data)
    try:
        return [
            [line.strip() for line in page.get_textpage().get_text_range().splitlines()]
            for page in pdf
        ]
    finally:
        pdf.close()


def odt_of(document: dict) -> Document:
    return Document(io.BytesIO(render_odt(document)))


def docx_of(document: dict):
    return docx.Document(io.BytesIO(render_docx(document)))


def without_cover_fields(document: dict) -> dict:
    mission = document["mission"]
    mission.update(
        category="",
        category_detail="",
        host_agency="",
        members=[],
        destination_countries=[],
        region="",
        start_date=None,
        end_date=None,
    )
    document["report"]["report_date"] = None
    return document


# 摘要


def test_pdf_without_summary_goes_from_cover_to_contents(tmp_path):
    document = report_document(tmp_path)
    document["report"]["summary"] = " \n"
    pages = pdf_pages(render_pdf(document))
    # The first line of each page: cover, 目次 (i), 圖次 (ii), then the body from 1.
    assert [lines[0] for lines in pages] == [
        "出國報告（出國類別：其他(出席國際會議)）",
        "目次",
        "圖次",
        "行程表",
        "第一章 目的",
        "第二章 過程",
        "小池百合子知事於開幕致詞",
        "第三章 心得",
        "第四章 建議",
    ]
    assert [lines[-1] for lines in pages[1:]] == ["i", "ii", "1", "2", "3", "4", "5", "6"]


def test_odt_without_summary_has_no_summary_heading(tmp_path):
    document = report_document(tmp_path)
    document["report"]["summary"] = ""
    paragraphs = _odt_body_paragraphs(odt_of(document))
    assert paragraphs[7:9] == [("Heading_20_1", "行程表"), ("Heading_20_1", "第一章 目的")]
    assert [style for style, _text in paragraphs if style.startswith("Summary")] == []


def test_docx_without_summary_has_no_summary_heading(tmp_path):
    document = report_document(tmp_path)
    document["report"]["summary"] = ""
    paragraphs = _docx_body_paragraphs(docx_of(document))
    assert paragraphs[7:10] == [
        ("Normal", ""),  # the front matter's section break
        ("Heading 1", "行程表"),
        ("Heading 1", "第一章 目的"),
    ]
    assert [style for style, _text in paragraphs if style.startswith("Summary")] == []


# 行程表


def test_pdf_without_days_has_no_itinerary(tmp_path):
    document = report_document(tmp_path)
    document["mission"]["days"] = []
    pages = pdf_pages(render_pdf(document))
    assert [lines[0] for lines in pages] == [
        "出國報告（出國類別：其他(出席國際會議)）",
        "摘要",
        "目次",
        "圖次",
        "第一章 目的",
        "第二章 過程",
        "小池百合子知事於開幕致詞",
        "第三章 心得",
        "第四章 建議",
    ]
    contents = [line.split(" .")[0] for line in pages[2][1:-1]]
    assert contents[0] == "第一章 目的"
    assert pages[4][-1] == "1"


def test_odt_without_days_has_no_itinerary_table(tmp_path):
    document = report_document(tmp_path)
    document["mission"]["days"] = []
    odf = odt_of(document)
    assert odf.body.tables == []
    headings = [h.text_recursive for h in odf.body.headers if int(h.level) == 1]
    assert headings == CHAPTERS


def test_docx_without_days_has_no_itinerary_table(tmp_path):
    document = report_document(tmp_path)
    document["mission"]["days"] = []
    word = docx_of(document)
    assert word.tables == []
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings == CHAPTERS


# 圖次


def test_office_formats_without_figures_have_no_figure_index(tmp_path):
    document = report_document(tmp_path)
    for chapter in document["report"]["chapters"]:
        chapter["blocks"] = [b for b in chapter["blocks"] if b["kind"] != "figures"]
    (contents,) = odt_of(document).body.get_elements("text:table-of-content")
    assert contents.get_title() == "目次"
    (index,) = docx_of(document).element.body.findall(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}sdt"
    )
    assert "TOC \\o" in "".join(index.itertext())


# The cover

DRAFT_COVER = [
    "出國報告（出國類別：（未填））",
    "赴日本東京出席 2026 全球城市永續網絡(G-Nets)首長高峰會出國報告",
    "服務機關：（未填）",
    "姓名職稱：（未填）",
    "派赴國家/地區：（未填）",
    "出國期間：（未填）",
    "報告日期：（未填）",
]


def test_pdf_draft_cover_marks_empty_fields(tmp_path):
    document = without_cover_fields(report_document(tmp_path))
    cover = pdf_pages(render_pdf(document))[0]
    assert [line.replace(" ", "") for line in cover] == [
        line.replace(" ", "")
        for line in [
            DRAFT_COVER[0],
            "赴日本東京出席 2026 全球城市永續",
            "網絡(G-Nets)首長高峰會出國報告",
            *DRAFT_COVER[2:],
        ]
    ]


def test_odt_draft_cover_marks_empty_fields(tmp_path):
    document = without_cover_fields(report_document(tmp_path))
    cover = [text for _style, text in _odt_body_paragraphs(odt_of(document))[:7]]
    assert cover == DRAFT_COVER


def test_docx_draft_cover_marks_empty_fields(tmp_path):
    document = without_cover_fields(report_document(tmp_path))
    cover = [text for _style, text in _docx_body_paragraphs(docx_of(document))[:7]]
    assert cover == DRAFT_COVER


def test_a_returned_report_is_a_draft_again(tmp_path):
    document = without_cover_fields(report_document(tmp_path))
    document["report"]["status"] = "returned"
    cover = [text for _style, text in _docx_body_paragraphs(docx_of(document))[:7]]
    assert cover == DRAFT_COVER


@pytest.mark.parametrize("status", ["submitted", "approved", "published"])
def test_a_report_past_the_draft_keeps_the_national_blanks(tmp_path, status):
    document = without_cover_fields(report_document(tmp_path))
    document["report"]["status"] = status
    cover = [text for _style, text in _odt_body_paragraphs(odt_of(document))[:7]]
    assert cover == [line.replace(NO_TEXT, "") for line in DRAFT_COVER]


def test_a_draft_cover_marks_only_what_is_empty(tmp_path):
    document = report_document(tmp_path)
    document["mission"]["members"] = []
    document["report"]["report_date"] = None
    cover = [text for _style, text in _docx_body_paragraphs(docx_of(document))[:7]]
    assert cover == [
        "出國報告（出國類別：其他(出席國際會議)）",
        "赴日本東京出席 2026 全球城市永續網絡(G-Nets)首長高峰會出國報告",
        "服務機關：新北市政府秘書處",
        "姓名職稱：（未填）",
        "派赴國家/地區：日本",
        "出國期間：115 年 4 月 26 日至 115 年 4 月 28 日",
        "報告日期：（未填）",
    ]
