"""The seed report printed: every paragraph in the PDF, ODT and DOCX, and a true 目次/圖次."""

import io
import re

import pypdfium2 as pdfium
import pytest

from envoy.reports.enums import BlockKind
from envoy.reports.models import Block
from envoy.reports.services import export_report

pytestmark = pytest.mark.django_db


def squeeze(text: str) -> str:
    """Text without white space, for comparing across line wraps. pdfium returns a hyphen
    that ends a line as U+FFFE (G-NETS broken after G-): it is a hyphen all the same."""
    return re.sub(r"\s", "", text.replace("\ufffe", "-"))


def pdf_pages(data: bytes) -> list[str]:
    pdf = pdfium.PdfDocument(data)
    try:
        return [page.get_textpage().get_text_range() for page in pdf]
    finally:
        pdf.close()


def footer_number(page_text: str) -> int | None:
    """The page number printed at the foot of a page, if it has one."""
    lines = [line.strip() for line in page_text.strip().splitlines() if line.strip()]
    return int(lines[-1]) if lines and lines[-1].isdigit() else None


def body_without_footers(pages: list[str]) -> str:
    out = []
    for text in pages:
        lines = [line for line in text.strip().splitlines() if line.strip()]
        if lines and lines[-1].strip().isdigit():
            lines = lines[:-1]
        out.append("\n".join(lines))
    return squeeze("".join(out))


@pytest.fixture
def paragraphs(seed_report) -> list[str]:
    blocks = Block.objects.filter(chapter__report=seed_report, kind=BlockKind.PARAGRAPH)
    return [b.text for b in blocks]


@pytest.fixture
def seed_pdf(seed_report) -> bytes:
    return export_report(seed_report.pk, "pdf")


def test_every_paragraph_of_the_seed_is_in_the_pdf_text(seed_pdf, paragraphs):
    text = body_without_footers(pdf_pages(seed_pdf))
    assert len(paragraphs) == 24
    missing = [p[:30] for p in paragraphs if squeeze(p) not in text]
    assert missing == []


def test_pdf_is_a4_with_a_cover_in_the_national_layout(seed_pdf, seed_report):
    pdf = pdfium.PdfDocument(seed_pdf)
    width, height = pdf[0].get_size()
    cover = pdf[0].get_textpage().get_text_range()
    pdf.close()
    assert (round(width), round(height)) == (595, 842)
    assert squeeze("出國報告（出國類別：其他(出席國際會議)）") in squeeze(cover)
    assert squeeze(seed_report.title) in squeeze(cover)
    for label in ("服務機關", "派赴國家", "出國期間", "報告日期"):
        assert label in cover
    assert squeeze("新北市政府秘書處") in squeeze(cover)
    assert squeeze("115 年 4 月 26 日至 115 年 4 月 30 日") in squeeze(cover)


def toc_entries(pages: list[str], heading: str, pattern: str) -> list[tuple[str, int]]:
    """The entries of the 目次 or 圖次 page: (title, page number)."""
    page = next(p for p in pages if squeeze(p).startswith(heading) or f"\n{heading}" in p[:40])
    entries = []
    for line in page.splitlines():
        line = line.strip()
        if m := re.match(pattern, line):
            entries.append((m.group(1).rstrip(" .…"), int(m.group(2))))
    return entries


def page_numbered(pages: list[str], number: int) -> str:
    matches = [p for p in pages if footer_number(p) == number]
    assert len(matches) == 1, f"{len(matches)} pages print the number {number}"
    return matches[0]


def test_every_table_of_contents_entry_points_to_the_page_of_its_heading(seed_pdf):
    pages = pdf_pages(seed_pdf)
    entries = toc_entries(pages, "目次", r"^(行程表|第.章 \S+)[\s.…]*?(\d+)$")
    assert [title for title, _ in entries] == [
        "行程表",
        "第一章 目的",
        "第二章 過程",
        "第三章 心得",
        "第四章 建議",
    ]
    for title, number in entries:
        assert squeeze(title) in squeeze(page_numbered(pages, number)), title


def test_every_list_of_figures_entry_points_to_the_page_of_its_caption(seed_pdf, seed_report):
    pages = pdf_pages(seed_pdf)
    entries = toc_entries(pages, "圖次", r"^(圖 \d+(?:-\d+)? .+?)[\s.…]*?(\d+)$")
    groups = Block.objects.filter(chapter__report=seed_report, kind=BlockKind.FIGURES)
    assert [squeeze(title) for title, _ in entries] == [
        squeeze(f"圖 {g.figure_label} {g.text}") for g in groups
    ]
    for title, number in entries:
        assert squeeze(title) in squeeze(page_numbered(pages, number)), title


def test_the_itinerary_is_printed_as_a_table(seed_pdf):
    pages = pdf_pages(seed_pdf)
    itinerary = squeeze(page_numbered(pages, 1))
    for cell in ("日期", "國家", "地點", "行程", "備註", "115/4/26", "臺灣/日本", "臺北-東京"):
        assert squeeze(cell) in itinerary
    assert squeeze("搭乘華航 CI221 班機返抵臺灣") in itinerary


def test_figure_groups_without_photos_print_a_placeholder_with_the_caption(seed_pdf):
    text = body_without_footers(pdf_pages(seed_pdf))
    # The caption appears in the placeholder frame and under it, and once in the 圖次.
    assert text.count(squeeze("東京臨海廣域防災公園體驗學習設施")) == 3


def test_every_paragraph_of_the_seed_is_in_the_odt(seed_report, paragraphs):
    from odfdo import Document

    document = Document(io.BytesIO(export_report(seed_report.pk, "odt")))
    texts = [str(p.text_recursive) for p in document.body.get_paragraphs()]
    assert [p for p in paragraphs if p not in texts] == []
    headings = [(int(h.level), str(h.text_recursive)) for h in document.body.get_headers()]
    assert (1, "第二章 過程") in headings
    assert (2, "115 年 4 月 26 日（星期日）") in headings
    assert (3, "考察東京臨海廣域防災公園") in headings
    assert (3, "一、積極參與國際組織活動") in headings


def test_every_paragraph_of_the_seed_is_in_the_docx(seed_report, paragraphs):
    import docx

    document = docx.Document(io.BytesIO(export_report(seed_report.pk, "docx")))
    texts = [p.text for p in document.paragraphs]
    assert [p for p in paragraphs if p not in texts] == []
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert ("Heading 1", "第二章 過程") in headings
    assert ("Heading 2", "115 年 4 月 26 日（星期日）") in headings
    assert ("Heading 3", "考察東京臨海廣域防災公園") in headings
    assert ("Heading 3", "一、積極參與國際組織活動") in headings
