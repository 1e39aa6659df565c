"""The seed report imported: every fact of its facts file, mapped onto Envoy's records."""

import datetime as dt
import hashlib

import pytest
from django.core.management import call_command

from envoy.core.lib.places import country_code, country_names
from envoy.core.lib.rocdates import format_roc_short, weekday_name
from envoy.reports.enums import BlockKind
from envoy.reports.models import Block, SourceFile
from tests.conftest import SEED

pytestmark = pytest.mark.django_db


def blocks_of(report, kind):
    return list(
        Block.objects.filter(chapter__report=report, kind=kind).order_by(
            "chapter__number", "position"
        )
    )


def day_of_each_block(chapter):
    """Each block of a chapter with the date of the day heading above it."""
    current = None
    for block in chapter.blocks.all():
        if block.kind == BlockKind.DAY:
            current = block.date
        yield block, current


def test_import_recovers_the_metadata(seed_report, facts):
    expected = facts["metadata"]
    mission = seed_report.mission
    assert seed_report.title == expected["title"]
    assert mission.title == expected["title"]
    assert mission.category_label == expected["category"]
    # Countries are kept as codes; 前往地區 named one, so nothing of it is left to keep.
    assert mission.region == ""
    assert country_code(expected["region"]) in mission.destination_countries
    assert mission.host_agency == expected["host_agency"]
    assert mission.start_date.isoformat() == expected["start_date"]
    assert mission.end_date.isoformat() == expected["end_date"]
    assert country_names(mission.destination_countries, "zh-hant") == expected["countries_visited"]
    assert mission.destination_cities == expected["cities_visited"]


def test_import_keeps_the_source_table_of_contents_with_its_page_numbers(seed_report, facts):
    assert seed_report.source_toc == facts["source_toc"]


def test_import_recovers_every_figure_group_with_numbers_caption_page_and_day(seed_report, facts):
    groups = []
    for chapter in seed_report.chapters.all():
        for block, day in day_of_each_block(chapter):
            if block.kind == BlockKind.FIGURES:
                groups.append(
                    {
                        "numbers": list(range(block.figure_first, block.figure_last + 1)),
                        "caption": block.text,
                        "source_page": block.source_page,
                        "day": day.isoformat(),
                    }
                )
    assert groups == facts["figures"]


def test_import_recovers_the_itinerary_day_by_day(seed_report, facts):
    days = []
    for day in seed_report.mission.days.all():
        row = {
            "date": day.date.isoformat(),
            "roc_date": format_roc_short(day.date),
            "countries": country_names(day.countries, "zh-hant"),
            "places": day.places,
        }
        if day.heading:
            row["heading"] = day.heading
        row["items"] = [item.text for item in day.items.all()]
        days.append(row)
    assert days == facts["itinerary"]


def test_import_recovers_flights_with_local_times_and_zones(seed_report, facts):
    flights = [
        item
        for day in seed_report.mission.days.all()
        for item in day.items.all()
        if item.kind == "flight"
    ]
    assert [
        {
            "flight": f.flight_number,
            "date": f.day.date.isoformat(),
            "from": f.origin,
            "to": f.destination,
            "departs": f.start_time.strftime("%H:%M"),
            "arrives": f.end_time.strftime("%H:%M"),
        }
        for f in flights
    ] == [
        {
            "flight": f["flight"],
            "date": f["date"],
            "from": f["from"],
            "to": f["to"],
            "departs": f.get("departs") or f["departs_local"],
            "arrives": f.get("arrives") or f["arrives_local"],
        }
        for f in facts["flights"]
    ]
    outbound, inbound = flights
    assert (outbound.start_timezone, outbound.end_timezone) == ("Asia/Taipei", "Asia/Tokyo")
    assert (inbound.start_timezone, inbound.end_timezone) == ("Asia/Tokyo", "Asia/Taipei")
    # 09:00 in Taipei is 01:00 UTC; 12:55 in Tokyo is 03:55 UTC: a 2 h 55 min flight.
    assert outbound.starts_at == dt.datetime(2026, 4, 26, 1, 0, tzinfo=dt.UTC)
    assert outbound.ends_at - outbound.starts_at == dt.timedelta(hours=2, minutes=55)
    assert inbound.ends_at - inbound.starts_at == dt.timedelta(hours=3, minutes=25)


def test_import_recovers_chapters_days_sections_and_numbered_points(seed_report, facts):
    chapters = []
    for chapter in seed_report.chapters.all():
        entry = {"number": chapter.number, "title": chapter.title}
        blocks = list(chapter.blocks.all())
        kinds = {b.kind for b in blocks}
        if BlockKind.DAY in kinds:
            entry["days"] = []
            for block, day in day_of_each_block(chapter):
                if block.kind == BlockKind.DAY:
                    entry["days"].append(
                        {"date": day.isoformat(), "weekday": weekday_name(day), "sections": []}
                    )
                elif block.kind == BlockKind.SECTION:
                    entry["days"][-1]["sections"].append(block.text)
        elif BlockKind.POINT in kinds:
            entry["numbered_points"] = [b.text for b in blocks if b.kind == BlockKind.POINT]
        else:
            entry["paragraphs"] = len([b for b in blocks if b.kind == BlockKind.PARAGRAPH])
        chapters.append(entry)
    assert chapters == facts["chapters"]


def test_import_keeps_the_weekday_heading_as_written(seed_report):
    days = blocks_of(seed_report, BlockKind.DAY)
    assert [d.text for d in days] == [
        "115 年 4 月 26 日（星期日）",
        "115 年 4 月 27 日（星期一）",
        "115 年 4 月 28 日 (星期二)",
        "115 年 4 月 29 日 (星期三)",
        "115 年 4 月 30 日 (星期四)",
    ]


def test_import_numbers_points_in_order(seed_report):
    points = blocks_of(seed_report, BlockKind.POINT)
    assert [(p.chapter.number, p.number) for p in points] == [
        (3, 1),
        (3, 2),
        (3, 3),
        (3, 4),
        (4, 1),
        (4, 2),
        (4, 3),
    ]


def test_import_rejoins_paragraphs_split_by_page_breaks(seed_report, facts):
    paragraphs = [b.text for b in blocks_of(seed_report, BlockKind.PARAGRAPH)]
    for fragment in facts["paragraphs_broken_by_page_breaks_in_source"]:
        holding = [p for p in paragraphs if fragment in p]
        assert len(holding) == 1, fragment
    assert not any(p.startswith(("展示尖端科技", "了日本在文化外交上")) for p in paragraphs)


def test_import_keeps_every_paragraph_of_the_seed_exactly(seed_report):
    """Every line of body text in the source is in exactly one paragraph, unchanged."""
    source = SEED.read_text(encoding="utf-8")
    body = source[source.index("第一章 目的\n\n全球") :]
    paragraphs = "".join(b.text for b in blocks_of(seed_report, BlockKind.PARAGRAPH))
    for line in body.splitlines():
        line = line.strip()
        if len(line) > 60:
            assert line in paragraphs, line[:30]
    assert len(blocks_of(seed_report, BlockKind.PARAGRAPH)) == 24


def test_import_keeps_the_original_file_byte_for_byte(seed_report):
    source = SourceFile.objects.get(report=seed_report)
    data = SEED.read_bytes()
    assert source.original_filename == SEED.name
    assert source.format == "txt"
    assert source.sha256 == hashlib.sha256(data).hexdigest()
    with source.file.open("rb") as handle:
        assert handle.read() == data


def test_import_command_prints_a_summary_and_warnings(db, capsys):
    call_command("import_report", str(SEED))
    out = capsys.readouterr().out
    assert "行程表 5 天、12 個行程項目、2 個航班" in out
    assert "章 4 章：目的、過程、心得、建議" in out
    assert "日期 5 個、小節標題 9 個、段落 24 段、條列要點 7 點" in out
    assert "圖組 9 組（圖 22 張）" in out
    assert "已接回 2 個被分頁切斷的段落" in out
    assert "警告：找不到摘要，請於報告中補上（200–300 字）。" in out
    assert "警告：找不到出國人員，請於任務中補上。" in out


def test_import_command_with_json_prints_the_record_on_stdout_and_the_summary_on_stderr(db, capsys):
    import json

    call_command("import_report", str(SEED), "--json")
    captured = capsys.readouterr()
    document = json.loads(captured.out)
    assert document["format"] == "envoy.report"
    assert document["id"] == SourceFile.objects.get().report_id
    assert document["report"]["title"].startswith("赴日本東京出席 2026")
    assert "已匯入報告" in captured.err
    assert "警告" in captured.err
