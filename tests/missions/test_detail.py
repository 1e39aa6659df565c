"""One mission's page: the portal metadata, delegation, itinerary, report and figures."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from envoy.missions import services
from envoy.reports.enums import BlockKind
from envoy.reports.models import Block, Photo, Report
from envoy.reports.services import create_mission_with_report
from tests.conftest import client_for

from .conftest import has_class, outcome, texts, tree

pytestmark = pytest.mark.django_db


def detail(mission) -> str:
    return reverse("missions:detail", args=[mission.pk])


@pytest.fixture
def page(mission_report, cast):
    response = client_for(cast["officer"]).get(detail(mission_report.mission))
    assert response.status_code == 200
    return response


def metadata(response) -> dict[str, str]:
    rows = tree(response).xpath("//table[" + has_class("meta") + "]//tr")
    return {
        row.xpath("th")[0].text_content(): " ".join(row.xpath("td")[0].text_content().split())
        for row in rows
    }


def cells(response, rows_xpath: str) -> list[list[str]]:
    return [
        [" ".join(cell.text_content().split()) for cell in row.xpath("td")]
        for row in tree(response).xpath(rows_xpath)
    ]


def test_the_page_shows_the_metadata_as_the_national_portal_does(page, mission_report):
    title = "赴日本東京出席 2026 全球城市永續網絡(G-Nets)首長高峰會出國報告"
    assert metadata(page) == {
        "計畫名稱": title,
        "報告名稱": title,
        "出國類別": "其他(出席國際會議)",
        "前往國家": "日本",
        "前往地區": "亞洲",
        "前往城市": "東京",
        "主辦機關": "新北市政府秘書處",
        "參訪機關": "—",
        "出國期間": "民國 115 年 4 月 26 日至民國 115 年 4 月 30 日（共 5 天）",
        "關鍵詞": "—",
        "主題分類": "—",
        "施政分類": "—",
        "摘要": "尚未填寫摘要。",
    }


def test_the_portal_fields_of_the_report_show_when_filled(mission_report, cast):
    Report.objects.filter(pk=mission_report.pk).update(
        keywords=["G-NETS", "韌性城市"],
        subject_category="國際交流",
        policy_category="外交僑務",
        summary="本府代表團出席高峰會。",
        portal_id="C11500123",
        report_date=dt.date(2026, 7, 20),
    )
    response = client_for(cast["viewer"]).get(detail(mission_report.mission))
    shown = metadata(response)
    assert texts(response, "//span[" + has_class("keyword") + "]") == ["G-NETS", "韌性城市"]
    assert (shown["主題分類"], shown["施政分類"], shown["摘要"]) == (
        "國際交流",
        "外交僑務",
        "本府代表團出席高峰會。",
    )
    assert (shown["報告日期"], shown["系統識別號"]) == ("民國 115 年 7 月 20 日", "C11500123")


def test_the_timeline_shows_the_five_days_of_the_seed(page):
    assert texts(page, "//ul[" + has_class("timeline") + "]/li/h3") == [
        "115 年 4 月 26 日（星期日）",
        "115 年 4 月 27 日（星期一）",
        "115 年 4 月 28 日（星期二）",
        "115 年 4 月 29 日（星期三）",
        "115 年 4 月 30 日（星期四）",
    ]
    assert texts(
        page, "//ul[" + has_class("timeline") + "]/li/p[" + has_class("day-where") + "]"
    ) == [
        "臺灣、日本 · 臺北 → 東京",
        "日本 · 東京",
        "日本 · 東京",
        "日本 · 東京",
        "日本、臺灣 · 東京 → 臺北",
    ]


def test_the_flight_shows_local_times_with_their_offsets_never_abbreviations(page):
    first_day = texts(page, "//ul[" + has_class("timeline") + "]/li[1]//ol/li")
    assert first_day == [
        "航班 09:00 UTC+8 → 12:55 UTC+9 搭乘華航 CI220 班機啟程前往日本東京 CI220 台北松山機場 → 東京羽田機場",
        "參訪 考察東京臨海廣域防災公園",
    ]
    zones = tree(page).xpath("//ul[" + has_class("timeline") + "]/li[1]//abbr")
    assert [(z.text, z.get("title")) for z in zones] == [
        ("UTC+8", "臺北 (Asia/Taipei)"),
        ("UTC+9", "東京 (Asia/Tokyo)"),
    ]
    times = tree(page).xpath("//ul[" + has_class("timeline") + "]/li[1]//time[not(ancestor::h3)]")
    assert [t.get("datetime") for t in times] == [
        "2026-04-26T09:00+08:00",
        "2026-04-26T12:55+09:00",
    ]


def test_the_report_chapters_are_shown_with_their_headings_points_and_figures(page):
    body = "//section[@id='report-body']"
    assert texts(page, body + "//h3") == [
        "第一章 目的",
        "第二章 過程",
        "第三章 心得",
        "第四章 建議",
    ]
    assert texts(page, body + "//h4")[:2] == [
        "115 年 4 月 26 日（星期日）",
        "115 年 4 月 27 日（星期一）",
    ]
    assert texts(page, body + "//h5[" + has_class("block-point") + "]") == [
        "一、強化韌性城市論述，輸出「新北模式」治理經驗",
        "二、科技驅動永續轉型，實地考察未來城市願景",
        "三、深化多邊國際連結，拓展城市外交實質效益",
        "四、借鏡國際活動籌辦，提升本市接待與品牌軟實力",
        "一、積極參與國際組織活動",
        "二、國際事務人才培育精進",
        "三、深化國際城市交流",
    ]
    assert texts(page, body + "//p[" + has_class("block-figures") + "]")[0] == (
        "圖 1-3 東京臨海廣域防災公園體驗學習設施"
    )
    assert texts(page, body + "//article[1]/p")[0].startswith("全球城市永續網絡（Global City")


def test_the_gallery_shows_a_placeholder_for_each_figure_group_without_photos(page):
    assert texts(
        page, "//section[@id='figures']//figcaption[" + has_class("placeholder") + "]"
    ) == [
        "圖 1-3 東京臨海廣域防災公園體驗學習設施",
        "圖 4-5 小池百合子知事於開幕致詞並與特別來賓互動",
        "圖 6-7 本府代表團參觀 SusHi Tech Tokyo 2026 台灣館",
        "圖 8 東京都知事小池百合子於 G-NETS 主論壇發表",
        "圖 9-12 祝處長於歡迎晚宴與各城市首長或代表交流",
        "圖 13-14 本府於平行論壇進行發表",
        "圖 15-16 全體大會及聯合記者會",
        "圖 17-20 祝處長與東京都副知事及東京都官員交流",
        "圖 21-22 參觀江戶東京博物館及千代田下水道工程",
    ]


def add_photo(block: Block, position: int) -> Photo:
    photo = Photo(figure_group=block, position=position, sha256="0" * 64)
    photo.image.save("p.png", ContentFile(b"not read by the page"), save=False)
    photo.save()
    return photo


def test_the_gallery_shows_thumbnails_of_the_photos(mission_report, cast):
    first = Block.objects.filter(chapter__report=mission_report, kind=BlockKind.FIGURES).first()
    photos = [add_photo(first, 0), add_photo(first, 1)]
    response = client_for(cast["viewer"]).get(detail(mission_report.mission))
    figure = tree(response).xpath("//section[@id='figures']//figure")[0]
    assert [img.get("src") for img in figure.xpath(".//img")] == [
        reverse("reports:photo", args=[photo.pk, "thumb"]) for photo in photos
    ]
    assert figure.xpath("string(.//figcaption)") == "圖 1-3 東京臨海廣域防災公園體驗學習設施"
    assert len(tree(response).xpath("//figcaption[" + has_class("placeholder") + "]")) == 8


def test_the_delegation_marks_its_head(small_mission, cast):
    response = client_for(cast["viewer"]).get(detail(small_mission))
    assert cells(response, "//section[@id='delegation']//tbody/tr") == [
        ["祝惠美 團長", "新北市政府", "秘書處", "處長", ""],
        ["林怡君", "新北市政府", "秘書處", "科長", ""],
    ]


def test_the_status_and_due_date_are_shown_with_a_countdown(cast, bureaus):
    today = timezone.localdate()
    mission = create_mission_with_report(
        user=cast["owner"], title="t", start_date=today - dt.timedelta(days=3), end_date=today
    )
    due = mission.report.due_date
    response = client_for(cast["owner"]).get(detail(mission))
    line = texts(response, "//p[" + has_class("status-line") + "]")
    assert line == [
        f"報告狀態 草稿 · 報告期限 民國 {due.year - 1911} 年 {due.month} 月 {due.day} 日 "
        f"還有 {(due - today).days} 天"
    ]


WRITER = [
    "編輯任務",
    "行前簡報",
    "生活費試算",
    "出國手冊",
    "編輯報告",
    "報告提及的關係",
    "追蹤事項",
    "列印與下載",
]
READER = ["行前簡報", "生活費試算", "出國手冊", "追蹤事項", "列印與下載"]
ACTIONS = {
    "officer": [*WRITER, "刪除任務"],
    "owner": WRITER,
    "colleague": WRITER,
    "reviewer": READER,
    "viewer": READER,
    "admin": [*WRITER, "刪除任務"],
}


@pytest.mark.parametrize(("who", "expected"), ACTIONS.items())
def test_the_page_offers_each_user_what_they_may_do(small_mission, cast, who, expected):
    response = client_for(cast[who]).get(detail(small_mission))
    assert texts(response, "//div[" + has_class("page-head") + "]//a") == expected


def test_the_links_lead_to_the_editing_and_printing_pages(small_mission, cast):
    response = client_for(cast["owner"]).get(detail(small_mission))
    report = small_mission.report
    assert [
        a.get("href") for a in tree(response).xpath("//div[" + has_class("page-head") + "]//a")
    ] == [
        reverse("missions:edit", args=[small_mission.pk]),
        reverse("relations:briefing", args=[small_mission.pk]),
        reverse("planning:per_diem", args=[small_mission.pk]),
        reverse("planning:handbook", args=[small_mission.pk]),
        reverse("reports:edit", args=[report.pk]),
        reverse("relations:suggestions", args=[report.pk]),
        reverse("actions:report", args=[report.pk]),
        reverse("reports:print", args=[report.pk]),
    ]


def test_a_submitted_report_is_no_longer_offered_for_editing_to_its_editors(small_mission, cast):
    Report.objects.filter(mission=small_mission).update(status="submitted")
    response = client_for(cast["owner"]).get(detail(small_mission))
    assert texts(response, "//div[" + has_class("page-head") + "]//a") == [
        "編輯任務",
        "行前簡報",
        "生活費試算",
        "出國手冊",
        "報告提及的關係",
        "追蹤事項",
        "列印與下載",
    ]


SEE = {
    "officer": 200,
    "owner": 200,
    "colleague": 200,
    "outsider": 404,
    "reviewer": 200,
    "viewer": 200,
    "admin": 200,
    "anonymous": "sign-in",
}


@pytest.mark.parametrize(("who", "expected"), SEE.items())
def test_who_may_open_the_mission_page(small_mission, cast, who, expected):
    assert outcome(client_for(cast[who]).get(detail(small_mission))) == expected


def test_a_mission_without_a_report_is_shown_without_report_links(small_mission, cast):
    Report.objects.filter(mission=small_mission).delete()
    response = client_for(cast["owner"]).get(detail(small_mission))
    assert response.status_code == 200
    assert texts(response, "//div[" + has_class("page-head") + "]//a") == [
        "編輯任務",
        "行前簡報",
        "生活費試算",
        "出國手冊",
    ]
    assert metadata(response)["報告名稱"] == "尚無報告"
    assert tree(response).xpath("//section[@id='report-body']") == []


def test_a_mission_that_does_not_exist_is_not_found(cast):
    assert client_for(cast["admin"]).get(reverse("missions:detail", args=[999])).status_code == 404


def queries_for(user, mission) -> int:
    client = client_for(user)
    client.get(detail(mission))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(detail(mission)).status_code == 200
    return len(queries)


def test_the_page_takes_as_many_queries_for_the_whole_seed_as_for_a_small_mission(
    mission_report, small_mission, cast
):
    """Both have something at every level: travellers, days, items, blocks, photos."""
    chapter = small_mission.report.chapters.first()
    add_photo(Block.objects.create(chapter=chapter, kind=BlockKind.FIGURES, text="圖"), 0)
    seed = mission_report.mission
    services.add_member(user=cast["owner"], mission=seed, data={"name": "祝惠美"})
    first = Block.objects.filter(chapter__report=mission_report, kind=BlockKind.FIGURES).first()
    add_photo(first, 0)
    add_photo(first, 1)
    assert queries_for(cast["owner"], seed) == queries_for(cast["owner"], small_mission)
