"""Text reports as offices keep them: UTF-8 with a BOM, Big5/CP950, Simplified Chinese."""

import codecs

import pytest

from envoy.core.lib.chinese import to_simplified
from envoy.reports.enums import BlockKind
from envoy.reports.models import Block
from envoy.reports.services import import_report_bytes
from tests.conftest import SEED

pytestmark = pytest.mark.django_db

SEED_TEXT = SEED.read_text(encoding="utf-8")


def outline(report) -> dict:
    blocks = Block.objects.filter(chapter__report=report)
    return {
        "chapters": [c.title for c in report.chapters.all()],
        "days": [d.date.isoformat() for d in report.mission.days.all()],
        "figures": [b.figure_label for b in blocks.filter(kind=BlockKind.FIGURES)],
        "paragraphs": blocks.filter(kind=BlockKind.PARAGRAPH).count(),
        "points": blocks.filter(kind=BlockKind.POINT).count(),
        "flights": [
            (i.flight_number, i.start_time.strftime("%H:%M"), i.end_time.strftime("%H:%M"))
            for d in report.mission.days.all()
            for i in d.items.filter(kind="flight")
        ],
    }


SEED_OUTLINE = {
    "chapters": ["目的", "過程", "心得", "建議"],
    "days": ["2026-04-26", "2026-04-27", "2026-04-28", "2026-04-29", "2026-04-30"],
    "figures": ["1-3", "4-5", "6-7", "8", "9-12", "13-14", "15-16", "17-20", "21-22"],
    "paragraphs": 24,
    "points": 7,
    "flights": [("CI220", "09:00", "12:55"), ("CI221", "14:30", "16:55")],
}


def test_utf8_with_a_byte_order_mark_reads_like_plain_utf8():
    outcome = import_report_bytes(codecs.BOM_UTF8 + SEED_TEXT.encode("utf-8"), filename="bom.txt")
    assert outcome.encoding == "utf-8-sig"
    assert outline(outcome.report) == SEED_OUTLINE
    assert outcome.report.title == "赴日本東京出席 2026 全球城市永續網絡(G-Nets)首長高峰會出國報告"


def test_windows_line_endings_read_like_unix_ones():
    data = SEED_TEXT.replace("\n", "\r\n").encode("utf-8")
    assert outline(import_report_bytes(data, filename="crlf.txt").report) == SEED_OUTLINE


def test_big5_text_is_decoded_as_cp950():
    # Big5 has no ā, ž or é: those letters become "?" here, as they would in a Big5 file.
    data = SEED_TEXT.encode("cp950", errors="replace")
    outcome = import_report_bytes(data, filename="big5.txt")
    assert outcome.encoding == "cp950"
    assert outline(outcome.report) == SEED_OUTLINE
    paragraph = Block.objects.filter(
        chapter__report=outcome.report, text__contains="千代田下水幹線全長"
    )
    assert paragraph.get().text.startswith("其二為千代田下水幹線工程。千代田下水幹線全長 8.7 公里")


def test_simplified_chinese_is_understood_and_kept_as_written():
    simplified = to_simplified(SEED_TEXT)
    outcome = import_report_bytes(simplified.encode("utf-8"), filename="simplified.txt")
    report = outcome.report
    assert outline(report) == {**SEED_OUTLINE, "chapters": ["目的", "过程", "心得", "建议"]}
    assert report.title == "赴日本东京出席 2026 全球城市永续网络(G-Nets)首长高峰会出国报告"
    assert report.mission.category_label == "其他(出席国际会议)"
    assert report.mission.destination_countries == ["JP"]  # 日本 as Simplified writes it
    assert report.mission.destination_cities == ["东京"]
    flight = report.mission.days.first().items.get(kind="flight")
    assert (flight.origin, flight.destination) == ("台北松山机场", "东京羽田机场")
    assert (flight.start_timezone, flight.end_timezone) == ("Asia/Taipei", "Asia/Tokyo")
