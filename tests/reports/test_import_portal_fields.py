"""A report laid out as the national portal (公務出國報告資訊網) asks: every metadata field."""

import datetime as dt

import pytest

from envoy.reports.enums import BlockKind
from envoy.reports.models import Block
from envoy.reports.services import import_report_bytes

pytestmark = pytest.mark.django_db

SUMMARY = (
    "本處為汲取日本大都市下水道維護管理與防災經驗，於民國106年7月赴東京都下水道局考察。"
    "考察重點包括合流式下水道改善、雨水貯留設施之營運、管線更生工法及防災應變體制。"
    "東京都以長期計畫推動老舊管線更新，並以地下調節池因應短延時強降雨，"
    "其跨局處協調及市民溝通之作法值得借鏡。本報告整理考察過程與心得，並提出"
    "建立管線資產管理資料庫、推動雨水貯留設施多目標使用、強化防災演練與國際交流等建議，"
    "作為本市推動韌性城市與下水道永續經營之參考，期能提升本市下水道系統因應氣候變遷之能力，"
    "並持續與東京都維持技術交流，分享彼此之經驗。"
)

REPORT = f"""出國報告（出國類別：考察）

臺北市政府工務局衛生下水道工程處赴日本東京考察下水道維護管理出國報告

服務機關：臺北市政府工務局衛生下水道工程處
出國人員：王小明/臺北市政府工務局/衛生下水道工程處/正工程司/薦任第九職等
　　　　　李大華/臺北市政府工務局/衛生下水道工程處/幫工程司/委任第五職等
派赴國家/地區：日本
出國期間：106 年 7 月 19~20 日
報告日期：民國106年10月2日
計畫名稱：106年度下水道維護管理國外考察計畫
參訪機關：東京都下水道局、東京都建設局
系統識別號：C10602345
頁數：12
關鍵詞：下水道、防災、韌性城市
主題分類：公共工程
施政分類：工務

摘要

{SUMMARY}

第一章 目的

為汲取東京都下水道維護管理經驗，特赴東京都下水道局考察。

第二章 過程

106 年 7 月 19 日（星期三）

拜會東京都下水道局

聽取下水道局簡報，瞭解其管線更生計畫。

106 年 7 月 20 日（星期四）

參觀和田彌生幹線

參觀地下調節池之操作與維護。

第三章 心得及建議

一、建立管線資產管理資料庫

宜建立全市管線資產管理資料庫，以利預防性維護。

二、推動雨水貯留設施多目標使用

雨水貯留設施平時可作為公園或運動場，以提高土地利用效益。
"""


def test_every_portal_field_is_recovered():
    outcome = import_report_bytes(REPORT.encode("utf-8"), filename="sewer.txt")
    report, mission = outcome.report, outcome.report.mission
    assert mission.category_label == "考察"
    assert report.title == "臺北市政府工務局衛生下水道工程處赴日本東京考察下水道維護管理出國報告"
    assert mission.title == "106年度下水道維護管理國外考察計畫"
    assert mission.host_agency == "臺北市政府工務局衛生下水道工程處"
    # 前往地區 日本 names a country: kept as its code, the region derived from it.
    assert (mission.region, mission.destination_countries) == ("", ["JP"])
    assert mission.visited_agencies == "東京都下水道局、東京都建設局"
    assert (mission.start_date, mission.end_date) == (dt.date(2017, 7, 19), dt.date(2017, 7, 20))
    assert report.report_date == dt.date(2017, 10, 2)
    assert report.portal_id == "C10602345"
    assert report.page_count == 12
    assert report.keywords == ["下水道", "防災", "韌性城市"]
    assert report.subject_category == "公共工程"
    assert report.policy_category == "工務"
    assert report.summary == SUMMARY
    assert [
        (m.name, m.agency, m.unit, m.title, m.rank, m.is_head) for m in mission.members.all()
    ] == [
        ("王小明", "臺北市政府工務局", "衛生下水道工程處", "正工程司", "薦任第九職等", True),
        ("李大華", "臺北市政府工務局", "衛生下水道工程處", "幫工程司", "委任第五職等", False),
    ]
    assert [c.title for c in report.chapters.all()] == ["目的", "過程", "心得及建議"]
    points = Block.objects.filter(chapter__report=report, kind=BlockKind.POINT)
    assert [p.text for p in points] == ["建立管線資產管理資料庫", "推動雨水貯留設施多目標使用"]
    assert outcome.found.warnings == ["找不到行程表。"]


def test_a_summary_outside_200_to_300_characters_is_warned_about_not_refused():
    short = REPORT.replace(SUMMARY, "本處赴東京考察下水道。")
    outcome = import_report_bytes(short.encode("utf-8"), filename="short.txt")
    assert outcome.report.summary == "本處赴東京考察下水道。"
    assert "摘要長度為 11 字，建議 200–300 字。" in outcome.found.warnings


def test_travellers_written_as_on_a_cover_are_read_as_agency_title_name():
    text = REPORT.replace(
        "出國人員：王小明/臺北市政府工務局/衛生下水道工程處/正工程司/薦任第九職等\n"
        "　　　　　李大華/臺北市政府工務局/衛生下水道工程處/幫工程司/委任第五職等",
        "姓名職稱：臺北市政府工務局 正工程司 王小明",
    )
    mission = import_report_bytes(text.encode("utf-8"), filename="cover.txt").report.mission
    assert [(m.agency, m.title, m.name) for m in mission.members.all()] == [
        ("臺北市政府工務局", "正工程司", "王小明")
    ]
