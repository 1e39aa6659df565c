"""Envoy's own ODT and DOCX come back as the record they were printed from: the delegation,
the kinds of itinerary items (拜會 stays 拜會), the numbering and the pictures; without the
record inside (an office suite dropped it), their text is read like any report's."""

import io

import pytest
from PIL import Image

from envoy.missions.models import DelegationMember, ItineraryItem
from envoy.reports.docformat import PACKAGED_RECORD
from envoy.reports.document import load_report, report_document
from envoy.reports.enums import BlockKind, HeadingStyle, PointMarker, ReportStatus
from envoy.reports.importing import UnreadableReport, read_report
from envoy.reports.models import Block, Photo
from envoy.reports.photos import photo_from_document
from envoy.reports.services import export_report, import_report_bytes
from tests.reports.packages import rewritten, without_record

pytestmark = pytest.mark.django_db


def _jpeg(colour: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def rich_report(seed_report):
    """The seed with a delegation, a 拜會 meeting, a （一） point, 壹、 headings and photos."""
    mission = seed_report.mission
    DelegationMember.objects.create(
        mission=mission,
        position=0,
        name="祝惠美",
        agency="新北市政府",
        unit="秘書處",
        title="處長",
        rank="簡任第十二職等",
        is_head=True,
    )
    DelegationMember.objects.create(
        mission=mission, position=1, name="Māris Sprindžuks", agency="Riga", title="Deputy Mayor"
    )
    day = mission.days.first()
    ItineraryItem.objects.create(day=day, position=9, kind="meeting", text="拜會東京都副知事")
    seed_report.heading_style = HeadingStyle.UPPER
    seed_report.save()
    point = Block.objects.filter(chapter__report=seed_report, kind=BlockKind.POINT).first()
    point.marker = PointMarker.PAREN
    point.save()
    group = Block.objects.filter(chapter__report=seed_report, kind=BlockKind.FIGURES).first()
    for n, colour in enumerate(["teal", "orange"]):
        photo_from_document(group, n, _jpeg(colour), f"photo-{n}.jpg")
    seed_report.status = ReportStatus.PUBLISHED
    seed_report.save()
    return seed_report


def _record(report) -> dict:
    """What must survive the trip: the document without ids, status and photo bytes."""
    document = report_document(load_report(report.pk), photos="path")
    document.pop("id")
    document["mission"].pop("id")
    document["report"].pop("status")
    for chapter in document["report"]["chapters"]:
        for block in chapter["blocks"]:
            for photo in block.get("photos") or []:
                photo.pop("path")
                photo.pop("sha256")  # re-encoded on the way in, like every upload
    return document


@pytest.mark.parametrize("fmt", ["odt", "docx"])
def test_an_office_print_imports_back_as_the_same_record(rich_report, fmt):
    copy = import_report_bytes(export_report(rich_report.pk, fmt), filename=f"r.{fmt}").report
    assert _record(copy) == _record(rich_report)
    assert Photo.objects.filter(figure_group__chapter__report=copy).count() == 2
    # A file carries no review: the copy starts as a draft.
    assert copy.status == ReportStatus.DRAFT


@pytest.mark.parametrize("fmt", ["odt", "docx"])
def test_an_office_print_without_its_record_is_read_from_its_text(rich_report, fmt):
    stripped = rewritten(export_report(rich_report.pk, fmt), without_record)
    result = read_report(f"r.{fmt}", stripped)
    assert "envoy.report" not in result.found.fields
    names = [m["name"] for m in result.document["mission"]["members"]]
    assert names == ["祝惠美", "Māris Sprindžuks"]
    assert [c["title"] for c in result.document["report"]["chapters"]] == [
        "目的",
        "過程",
        "心得",
        "建議",
    ]
    assert result.document["report"]["heading_style"] == HeadingStyle.UPPER


@pytest.mark.parametrize("fmt", ["odt", "docx"])
def test_a_record_that_is_not_valid_is_refused_with_a_message(rich_report, fmt):
    broken = rewritten(
        export_report(rich_report.pk, fmt),
        lambda name, data: b'{"format": "envoy.report"' if name == PACKAGED_RECORD else data,
    )
    with pytest.raises(UnreadableReport) as refused:
        read_report(f"r.{fmt}", broken)
    assert refused.value.message.startswith("JSON 檔格式錯誤")
