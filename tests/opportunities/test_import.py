"""Importing a spreadsheet of opportunities (CSV in UTF-8 with its BOM or Big5, or .xlsx):
dates as people type them, every refused row named with its line and nothing written,
the rows already recorded skipped — from the service, the command and the list page."""

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from envoy.core.models import AuditEntry
from envoy.opportunities import services
from envoy.opportunities.importing import ImportFileError
from envoy.opportunities.models import Opportunity
from envoy.relations.models import City, Organisation
from tests.conftest import client_for

from .conftest import spot

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
# The import page's queries: shown, and a file checked.
EXPECTED_PAGE, EXPECTED_CHECK = 3, 7


def load(user, name: str, **options):
    return services.import_opportunities(
        user=user, data=(FIXTURES / name).read_bytes(), name=name, **options
    )


def stored(title: str) -> Opportunity:
    return Opportunity.objects.select_related("city", "network", "organisation").get(title=title)


def test_a_utf8_file_with_its_bom_is_loaded_with_dates_as_people_type_them(
    cast, bureaus, tokyo, gnets
):
    result = load(cast["officer"], "forums_utf8_bom.csv")
    assert (result.errors, result.duplicates, result.written) == ([], [], True)
    assert Opportunity.objects.count() == 4
    forum = stored("2027 亞洲城市防災論壇")
    # 116/3/15 (民國), 116年1月10日; the network by its abbreviation; Tokyo's zone.
    assert (forum.start_date, forum.end_date) == (dt.date(2027, 3, 15), dt.date(2027, 3, 17))
    assert (forum.registration_deadline, forum.abstract_deadline) == (
        dt.date(2027, 1, 31),
        dt.date(2027, 1, 10),
    )
    assert (forum.network, forum.city, forum.timezone) == (gnets, tokyo, "Asia/Tokyo")
    assert (forum.kind, forum.topics, forum.title_en) == (
        "forum",
        ["防災", "韌性城市"],
        "2027 Asian Cities Disaster Resilience Forum",
    )
    assert (forum.bureau, forum.created_by, forum.status) == (
        bureaus["secretariat"],
        cast["officer"],
        "spotted",
    )
    summit = stored("世界城市高峰會")
    # 2027.04.30; "智慧城市, 永續"; a city and an organiser not yet recorded, added.
    assert (summit.kind, summit.registration_deadline, summit.topics) == (
        "conference",
        dt.date(2027, 4, 30),
        ["智慧城市", "永續"],
    )
    assert (summit.city.name, summit.city.country) == ("Singapore", "SG")
    assert summit.organisation.name == "新加坡宜居城市中心"
    # 「線上」 in the city column: online, no city.
    webinar = stored("ICLEI 線上研討會：城市淨零路徑")
    assert (webinar.kind, webinar.online, webinar.city) == ("online_meeting", True, None)
    # The country by its English name.
    expo = stored("Call for speakers: Smart City Expo 2027")
    assert (expo.kind, expo.city.country, expo.abstract_deadline) == (
        "call_for_speakers",
        "ES",
        dt.date(2027, 6, 30),
    )
    assert sorted(result.new_cities) == ["Barcelona", "Singapore"]
    # Each one's audit entry names the file and its line.
    entries = AuditEntry.objects.filter(action="opportunity.imported").order_by("id")
    assert [(e.summary, e.details) for e in entries][:2] == [
        ("2027 亞洲城市防災論壇", {"file": "forums_utf8_bom.csv", "line": 2}),
        ("世界城市高峰會", {"file": "forums_utf8_bom.csv", "line": 3}),
    ]


def test_a_big5_file_with_chinese_column_names(cast):
    result = load(cast["officer"], "forums_big5.csv")
    assert (result.errors, len(result.opportunities)) == ([], 3)
    forum = stored("亞太城市首長論壇")
    assert (forum.start_date, forum.registration_deadline) == (
        dt.date(2026, 10, 20),
        dt.date(2026, 9, 1),
    )
    assert (forum.city.name, forum.city.country, forum.topics) == (
        "福岡",
        "JP",
        ["城市外交", "觀光"],
    )
    assert forum.organisation.name == "亞太城市首長論壇秘書處"
    award = stored("城市永續獎")
    assert (award.kind, award.start_date, award.registration_deadline) == (
        "award",
        None,
        dt.date(2026, 12, 15),
    )


def test_an_excel_workbook_with_date_cells_and_a_blank_row(cast):
    result = load(cast["officer"], "forums.xlsx")
    assert result.errors == []
    # Line numbers as the sheet shows them: the blank row 4 is left out.
    assert [(o.line, o.title) for o in result.opportunities] == [
        (2, "歐洲城市創新論壇"),
        (3, "C40 線上交流"),
        (5, "東南亞智慧城市研討會"),
    ]
    assert result.ignored_columns == ["負責科室"]
    forum = stored("歐洲城市創新論壇")
    assert (forum.start_date, forum.registration_deadline, forum.city.country) == (
        dt.date(2027, 5, 12),
        dt.date(2027, 3, 31),
        "BE",
    )
    assert stored("C40 線上交流").online is True
    assert stored("東南亞智慧城市研討會").online is False


def test_a_file_with_bad_rows_is_refused_whole_each_row_said(cast):
    before = (Opportunity.objects.count(), City.objects.count(), AuditEntry.objects.count())
    result = load(cast["officer"], "forums_bad_rows.csv")
    assert result.errors == [
        "第 3 列：開始日期：沒有「115/13/40」這一天，請檢查月份與日期。",
        "第 4 列：結束日期：結束日期不可早於開始日期。",
        "第 5 列：類型「研習營」不認得，請填論壇、國際會議、講者徵求、線上會議或獎項。",
        "第 6 列：找不到城市「奧斯陸特區」；請一併填寫國家，以便新增這個城市。",
        "第 7 列：資訊來源網址：請輸入有效的 URL。",
        "第 8 列：開始日期：「10/5」沒有年份，請寫出完整日期，例如 115/4/26。",
        "第 9 列：名稱：這個欄位是必須的。",
        "第 10 列：「線上」欄的「也許」看不懂，線上參與請填「是」，否則留空。",
    ]
    # The good row (line 2) is not written either, nor its new city: all or nothing.
    assert not result.written
    assert [o.line for o in result.opportunities] == [2]
    after = (Opportunity.objects.count(), City.objects.count(), AuditEntry.objects.count())
    assert after == before


def test_times_zones_languages_talk_and_bureau_are_read(cast, bureaus, gnets):
    result = load(cast["officer"], "forums_details.csv")
    assert (result.errors, result.written) == ([], True)
    dialogue = stored("G-NETS 線上首長對話")
    # 9:30 as typed; the zone from a place (東京); 日語、英語 as the pool's codes; b2 → B2.
    assert (dialogue.start_time, dialogue.end_time, dialogue.timezone) == (
        dt.time(9, 30),
        dt.time(11, 0),
        "Asia/Tokyo",
    )
    assert (dialogue.languages, dialogue.language_level) == (["ja", "en"], "B2")
    assert (dialogue.talk_title, dialogue.bureau) == ("新北市的防災社區", bureaus["works"])
    webinar = stored("歐盟城市淨零線上研討會")
    # The zone by its IANA name; the bureau by its code.
    assert (webinar.timezone, webinar.languages, webinar.bureau) == (
        "Europe/Brussels",
        ["en"],
        bureaus["works"],
    )
    forum = stored("亞太城市韌性論壇")
    # No 局處: the importer's bureau; no zone: the new city's, from its place.
    assert (forum.bureau, forum.languages, forum.start_time) == (
        bureaus["secretariat"],
        ["ko"],
        None,
    )
    assert forum.timezone == "Asia/Seoul"


def test_bad_times_zones_languages_and_bureaus_are_each_said(cast):
    before = Opportunity.objects.count()
    result = load(cast["officer"], "forums_bad_details.csv")
    assert result.errors == [
        "第 2 列：時區「Mars/Olympus」不認得，請填例如 Asia/Tokyo 或城市名稱（東京）。",
        "第 3 列：使用語言：不認得「克林貢語」這個語言，請寫例如：日語、英語、Japanese。",
        "第 4 列：語言程度「Z9」不認得，請填 A1、A2、B1、B2、C1 或 C2。",
        "第 5 列：找不到局處「太空局」。",
        "第 6 列：開始時間：輸入有效的時間",
    ]
    assert Opportunity.objects.count() == before


def test_rows_already_recorded_or_given_twice_are_skipped_and_said(cast, tokyo):
    spot(cast["owner"])  # 2026 亞洲城市防災論壇, from 2026-10-05
    result = load(cast["officer"], "forums_duplicates.csv")
    assert result.errors == []
    assert result.duplicates == [(2, "2026 亞洲城市防災論壇"), (5, "城市韌性工作坊")]
    # The same title another year is another opportunity.
    assert sorted(Opportunity.objects.values_list("title", "start_date")) == [
        ("2026 亞洲城市防災論壇", dt.date(2026, 10, 5)),
        ("2026 亞洲城市防災論壇", dt.date(2027, 10, 4)),
        ("城市韌性工作坊", dt.date(2026, 12, 10)),
    ]
    # Loaded again, everything is skipped.
    again = load(cast["officer"], "forums_duplicates.csv")
    assert (len(again.duplicates), again.opportunities, again.written) == (4, [], False)
    assert Opportunity.objects.count() == 3


def test_a_dry_run_says_what_would_be_done_and_writes_nothing(cast):
    result = load(cast["officer"], "forums_utf8_bom.csv", dry_run=True)
    assert (len(result.opportunities), result.errors, result.written) == (4, [], False)
    assert all(o.pk is None for o in result.opportunities)
    assert (Opportunity.objects.count(), Organisation.objects.count(), City.objects.count()) == (
        0,
        0,
        0,
    )


@pytest.mark.parametrize(
    "data, said",
    [
        (b"", "沒有任何資料列"),
        (b"name,date\nA,2026-01-01\n", "至少要有「名稱」"),
        (b"title,start_date\n", "沒有任何資料列"),
        ("名稱\n論壇\n".encode("utf-16"), "無法讀取"),
        (b"PK\x03\x04 not really a workbook", "無法讀取這個 Excel 檔案"),
    ],
)
def test_a_file_that_is_no_table_of_opportunities_is_refused(cast, data, said):
    with pytest.raises(ImportFileError) as error:
        services.import_opportunities(user=cast["officer"], data=data)
    assert said in error.value.message


@pytest.mark.parametrize("who", ["owner", "reviewer", "viewer"])
def test_only_officers_and_administrators_import(cast, who):
    with pytest.raises(PermissionDenied):
        load(cast[who], "forums_big5.csv")
    assert Opportunity.objects.count() == 0


# ----- The command -----


def test_the_command_imports_and_reports_as_json(cast):
    out = io.StringIO()
    path = FIXTURES / "forums_big5.csv"
    call_command("import_opportunities", str(path), "--user", "officer", "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert (report["written"], report["errors"], report["dry_run"]) == (True, [], False)
    assert [(row["line"], row["title"], row["start_date"]) for row in report["opportunities"]] == [
        (2, "亞太城市首長論壇", "2026-10-20"),
        (3, "全球姊妹市交流會議", "2026-11-03"),
        (4, "城市永續獎", None),
    ]
    assert all(row["id"] for row in report["opportunities"])
    assert report["new_cities"] == ["福岡", "華盛頓"]
    assert Opportunity.objects.filter(bureau__code=cast["officer"].bureau.code).count() == 3


def test_the_command_dry_run_and_a_refused_file(cast):
    out = io.StringIO()
    call_command("import_opportunities", str(FIXTURES / "forums.xlsx"), "--dry-run", stdout=out)
    assert "可匯入 3 筆" in out.getvalue()
    assert Opportunity.objects.count() == 0
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command(
            "import_opportunities",
            str(FIXTURES / "forums_bad_rows.csv"),
            "--json",
            stdout=out,
            stderr=err,
        )
    assert "整份檔案都沒有匯入" in str(error.value)
    assert len(json.loads(out.getvalue())["errors"]) == 8
    assert Opportunity.objects.count() == 0
    with pytest.raises(CommandError, match="沒有匯入國際參與機會的權限"):
        call_command("import_opportunities", str(FIXTURES / "forums.xlsx"), "--user", "viewer")


# ----- The page -----


def upload(client, name: str, *, dry_run=False):
    data = {"file": SimpleUploadedFile(name, (FIXTURES / name).read_bytes())}
    if dry_run:
        data["dry_run"] = "1"
    return client.post(reverse("opportunities:import"), data)


@pytest.mark.parametrize("who, shown", [("officer", True), ("admin", True), ("owner", False)])
def test_the_list_offers_the_upload_to_officers_only(cast, who, shown):
    page = client_for(cast[who]).get(reverse("opportunities:list")).content.decode()
    assert (reverse("opportunities:import") in page) == shown
    status = 200 if shown else 403
    assert client_for(cast[who]).get(reverse("opportunities:import")).status_code == status


def test_the_page_checks_then_imports_a_file(cast):
    client = client_for(cast["officer"])
    checked = upload(client, "forums_big5.csv", dry_run=True)
    assert checked.status_code == 200
    assert "可匯入 3 筆" in checked.content.decode()
    assert Opportunity.objects.count() == 0
    loaded = upload(client, "forums_big5.csv")
    assert loaded.status_code == 200
    page = loaded.content.decode()
    assert "已匯入 3 筆" in page
    forum = Opportunity.objects.get(title="亞太城市首長論壇")
    assert reverse("opportunities:detail", args=[forum.pk]) in page
    again = upload(client, "forums_big5.csv").content.decode()
    assert "略過" in again and "第 2 列：亞太城市首長論壇" in again
    assert Opportunity.objects.count() == 3


def test_the_page_lists_every_refused_row_and_writes_nothing(cast):
    response = upload(client_for(cast["officer"]), "forums_bad_rows.csv")
    assert response.status_code == 422
    page = response.content.decode()
    assert "整份檔案都沒有匯入" in page
    assert "第 3 列：開始日期：沒有「115/13/40」這一天" in page
    assert "第 10 列：" in page
    assert Opportunity.objects.count() == 0


def test_the_page_refuses_what_is_no_spreadsheet_and_a_reader(cast):
    client = client_for(cast["officer"])
    response = client.post(
        reverse("opportunities:import"),
        {"file": SimpleUploadedFile("notes.csv", b"name,date\nA,B\n")},
    )
    assert response.status_code == 422
    assert "至少要有「名稱」" in response.content.decode()
    assert client.post(reverse("opportunities:import"), {}).status_code == 422
    viewer = upload(client_for(cast["viewer"]), "forums_big5.csv")
    assert viewer.status_code == 403 and Opportunity.objects.count() == 0


def forums(count: int) -> bytes:
    lines = ["title,organiser,start_date,end_date,city,country"]
    lines += [f"城市論壇 {n},G-NETS,2027-03-{n % 28 + 1:02d},,東京,JP" for n in range(count)]
    return "\n".join(lines).encode()


def queries_of_upload(client, data: bytes, **extra) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.post(
            reverse("opportunities:import"),
            {"file": SimpleUploadedFile("forums.csv", data), **extra},
        )
        assert response.status_code == 200
    return len(captured)


def test_the_import_page_takes_a_fixed_number_of_queries(cast, tokyo, gnets):
    """Checking a file takes the same queries for 3 rows as for 30 (each city and organiser
    looked up once); importing it adds only each row's save and its audit entry."""
    client = client_for(cast["officer"])
    client.get(reverse("opportunities:import"))
    with CaptureQueriesContext(connection) as page:
        assert client.get(reverse("opportunities:import")).status_code == 200
    few = queries_of_upload(client, forums(3), dry_run="1")
    assert queries_of_upload(client, forums(30), dry_run="1") == few
    assert (len(page), few) == (EXPECTED_PAGE, EXPECTED_CHECK)
    written = queries_of_upload(client, forums(3))
    Opportunity.objects.all().delete()
    assert queries_of_upload(client, forums(30)) == written + 27 * 2


def test_kinds_are_read_by_their_chinese_or_english_names_whatever_the_language(cast):
    from django.utils import translation

    data = "title,kind\n甲,論壇\n乙,Conference\n丙,call_for_speakers\n丁,Online Meeting\n戊,獎項\n"
    with translation.override("en"):
        result = services.import_opportunities(
            user=cast["officer"], data=data.encode(), dry_run=True
        )
    assert result.errors == []
    assert [o.kind for o in result.opportunities] == [
        "forum",
        "conference",
        "call_for_speakers",
        "online_meeting",
        "award",
    ]
