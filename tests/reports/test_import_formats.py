"""Word, ODF and PDF reports come in as records too: the seed, printed by Envoy, read back."""

import pytest

from envoy.reports.enums import BlockKind
from envoy.reports.models import Block
from envoy.reports.services import export_report, import_report_bytes
from tests.reports.test_import_encodings import SEED_OUTLINE, outline

pytestmark = pytest.mark.django_db


def paragraphs(report) -> list[str]:
    blocks = Block.objects.filter(chapter__report=report, kind=BlockKind.PARAGRAPH)
    return [b.text for b in blocks.order_by("chapter__number", "position")]


def sections(report) -> list[str]:
    blocks = Block.objects.filter(chapter__report=report, kind=BlockKind.SECTION)
    return [b.text for b in blocks.order_by("chapter__number", "position")]


def itinerary(report) -> list[tuple]:
    return [
        (d.date.isoformat(), d.countries, d.places, d.heading, [i.text for i in d.items.all()])
        for d in report.mission.days.all()
    ]


@pytest.mark.parametrize("fmt", ["pdf", "odt", "docx"])
def test_a_printed_report_reads_back_as_the_same_record(seed_report, fmt):
    printed = export_report(seed_report.pk, fmt)
    outcome = import_report_bytes(printed, filename=f"report.{fmt}")
    copy = outcome.report
    assert outcome.format == fmt
    assert copy.title == seed_report.title
    assert copy.mission.category_label == "其他(出席國際會議)"
    assert copy.mission.host_agency == "新北市政府秘書處"
    assert (copy.mission.start_date, copy.mission.end_date) == (
        seed_report.mission.start_date,
        seed_report.mission.end_date,
    )
    assert outline(copy) == SEED_OUTLINE
    assert paragraphs(copy) == paragraphs(seed_report)
    assert sections(copy) == sections(seed_report)
    assert itinerary(copy) == itinerary(seed_report)
    # A PDF is read from its text; Envoy's ODT and DOCX carry their record (no guessing).
    assert outcome.found.warnings == (
        [
            "找不到摘要，請於報告中補上（200–300 字）。",
            "找不到出國人員，請於任務中補上。",
            "找不到報告日期。",
        ]
        if fmt == "pdf"
        else []
    )


def test_a_word_file_typed_by_an_officer_reads_like_the_text_file(tmp_path):
    """The seed as an office would keep it in Word: one paragraph per line, 行程表 a table."""
    import docx

    from tests.conftest import SEED
    from tests.reports.test_import_encodings import SEED_TEXT

    document = docx.Document()
    for line in SEED_TEXT.splitlines():
        cells = line.split("\t")
        if len(cells) == 5 and (cells[0] == "日期" or cells[0][:3].isdigit()):
            if cells[0] == "日期":
                table = document.add_table(rows=0, cols=5)
            row = table.add_row()
            for cell, text in zip(row.cells, cells, strict=True):
                cell.text = text
        elif line.strip():
            document.add_paragraph(line)
    path = tmp_path / "typed.docx"
    document.save(path)
    typed = import_report_bytes(path.read_bytes(), filename="typed.docx").report
    from_text = import_report_bytes(SEED.read_bytes(), filename=SEED.name).report
    assert outline(typed) == SEED_OUTLINE
    assert paragraphs(typed) == paragraphs(from_text)
    assert itinerary(typed) == itinerary(from_text)
    assert typed.source_toc == from_text.source_toc
