"""A report's numbering is the same wherever it is shown: the mission page, the editor, the
public archive, the PDF, the ODT and the DOCX — as the report wrote it (壹、, 第一章, 一、), and
for a new report the national template's 壹、目的 / 貳、過程 / 參、心得 / 肆、建議."""

import io
import re
import zipfile

import pypdfium2
import pytest
from django.urls import reverse

from envoy.reports.enums import BlockKind, HeadingStyle, PointMarker, ReportStatus
from envoy.reports.models import Block, Report
from envoy.reports.services import export_report, import_report_bytes
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

UPPER_REPORT = """出國報告（出國類別：考察）

臺中市政府消防局赴日本東京考察防災教育出國報告

服務機關：臺中市政府消防局
姓名職稱：科長 王小明
派赴國家/地區：日本
出國期間：114/07/20 至 114/07/24
報告日期：114/09/01

摘要

本局赴日本東京考察防災教育與防災公園之規劃與運作。

壹、目的

本次考察旨在瞭解東京都防災教育之推動方式。

貳、過程

東京臨海廣域防災公園平時為教育設施，災時為指揮中心。

參、心得

一、防災教育須從小扎根

（一）情境化的體驗最能留下印象

東京的防災體驗館以災後七十二小時為主軸設計動線。

肆、建議

一、設置本市防災體驗館

建議於新建消防大樓規劃體驗空間。
"""


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pdf_text(data: bytes) -> str:
    pdf = pypdfium2.PdfDocument(data)
    try:
        return _squash("".join(page.get_textpage().get_text_range() for page in pdf))
    finally:
        pdf.close()


def _office_text(data: bytes, member: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = package.read(member).decode("utf-8")
    return _squash(re.sub(r"<[^>]+>", "", xml))


@pytest.fixture
def upper(cast, bureaus):
    report = import_report_bytes(
        UPPER_REPORT.encode("utf-8"),
        filename="upper.txt",
        user=cast["owner"],
        bureau=bureaus["secretariat"],
    ).report
    return report


SHOWN = [
    "壹、目的",
    "貳、過程",
    "參、心得",
    "一、防災教育須從小扎根",
    "（一）情境化的體驗最能留下印象",
]


def test_an_imported_report_keeps_its_numbering_as_written(upper):
    assert upper.heading_style == HeadingStyle.UPPER
    points = Block.objects.filter(chapter__report=upper, kind=BlockKind.POINT)
    assert [
        (p.marker, p.number, p.text) for p in points.order_by("chapter__number", "position")
    ] == [
        (PointMarker.LOWER, 1, "防災教育須從小扎根"),
        (PointMarker.PAREN, 1, "情境化的體驗最能留下印象"),
        (PointMarker.LOWER, 1, "設置本市防災體驗館"),
    ]


def test_every_page_and_print_shows_the_same_numbering(upper, cast):
    pages = {
        "mission page": client_for(cast["owner"]).get(
            reverse("missions:detail", args=[upper.mission_id])
        ),
        "editor": client_for(cast["owner"]).get(reverse("reports:edit", args=[upper.pk])),
    }
    Report.objects.filter(pk=upper.pk).update(status=ReportStatus.PUBLISHED)
    pages["public archive"] = client_for(None).get(reverse("portal:report", args=[upper.pk]))
    shown = {name: _squash(re.sub(r"<[^>]+>", "", r.content.decode())) for name, r in pages.items()}
    shown["pdf"] = _pdf_text(export_report(upper.pk, "pdf"))
    shown["odt"] = _office_text(export_report(upper.pk, "odt"), "content.xml")
    shown["docx"] = _office_text(export_report(upper.pk, "docx"), "word/document.xml")
    missing = {name: [s for s in SHOWN if s not in text] for name, text in shown.items()}
    assert missing == {name: [] for name in shown}
    # Nowhere the numbering of another style.
    assert {name: "第一章" in text or "第 1 章" in text for name, text in shown.items()} == {
        name: False for name in shown
    }


def test_a_new_report_takes_the_national_template(cast, bureaus):
    import datetime as dt

    from envoy.reports.services import create_mission_with_report as create_mission

    mission = create_mission(
        user=cast["owner"],
        title="新任務",
        bureau=bureaus["secretariat"],
        start_date=dt.date(2026, 9, 1),
        end_date=dt.date(2026, 9, 5),
    )
    report = mission.report
    assert report.heading_style == HeadingStyle.UPPER
    text = _pdf_text(export_report(report.pk, "pdf"))
    assert [h for h in ("壹、目的", "貳、過程", "參、心得", "肆、建議") if h in text] == [
        "壹、目的",
        "貳、過程",
        "參、心得",
        "肆、建議",
    ]
