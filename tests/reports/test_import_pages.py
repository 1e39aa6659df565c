"""Importing a report from the browser: upload, review, confirm or discard."""

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from envoy.core.models import AuditEntry
from envoy.missions.models import Mission
from envoy.reports.importing import read_report
from envoy.reports.importing.staging import stage_import
from envoy.reports.models import PendingImport, Report, SourceFile
from tests.conftest import SEED, client_for
from tests.missions.conftest import has_class, tree

pytestmark = pytest.mark.django_db

SEED_BYTES = SEED.read_bytes()

MAY_IMPORT = {
    "officer": 200,
    "owner": 200,
    "colleague": 200,
    "outsider": 200,
    "reviewer": 403,
    "viewer": 403,
    "admin": 200,
    "anonymous": "sign-in",
}


def outcome(response) -> int | str:
    if response.status_code == 302 and response["Location"].startswith(reverse("login")):
        return "sign-in"
    return response.status_code


def seed_upload(name: str = SEED.name, data: bytes = SEED_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, "text/plain")


def files_under(root) -> list[str]:
    if not root.exists():
        return []
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def between(html: str, start: str, end: str) -> str:
    return html.split(start, 1)[1].split(end, 1)[0]


def items(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li>(.*?)</li>", html, re.S)
    ]


@pytest.fixture
def pending(cast) -> PendingImport:
    """The seed uploaded by the owner, waiting for them."""
    return stage_import(user=cast["owner"], upload=seed_upload())


# ----- Who may -----


@pytest.mark.parametrize(("who", "expected"), MAY_IMPORT.items())
def test_who_may_open_the_import_page(cast, who, expected):
    response = client_for(cast[who]).get(reverse("reports:import_new"))
    assert outcome(response) == expected


@pytest.mark.parametrize(("who", "expected"), MAY_IMPORT.items())
def test_who_may_upload_a_report(cast, who, expected, media_root):
    response = client_for(cast[who]).post(reverse("reports:import_new"), {"file": seed_upload()})
    assert outcome(response) == (302 if expected == 200 else expected)
    assert PendingImport.objects.count() == (1 if expected == 200 else 0)
    assert Mission.objects.count() == 0


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("owner", 200),
        ("officer", 404),
        ("colleague", 404),
        ("outsider", 404),
        ("reviewer", 404),
        ("viewer", 404),
        ("admin", 404),
        ("anonymous", "sign-in"),
    ],
)
def test_only_the_uploader_sees_their_pending_import(pending, cast, who, expected):
    response = client_for(cast[who]).get(reverse("reports:import_review", args=[pending.pk]))
    assert outcome(response) == expected


@pytest.mark.parametrize("action", ["confirm", "discard"])
def test_nobody_else_can_confirm_or_discard_a_pending_import(pending, cast, action):
    response = client_for(cast["officer"]).post(
        reverse("reports:import_review", args=[pending.pk]), {"action": action}
    )
    assert response.status_code == 404
    assert PendingImport.objects.filter(pk=pending.pk).exists()
    assert Mission.objects.count() == 0


# ----- Upload and review -----


def test_uploading_the_seed_keeps_it_pending_and_shows_what_was_recognised(cast, media_root):
    client = client_for(cast["owner"])
    response = client.post(reverse("reports:import_new"), {"file": seed_upload()})
    pending = PendingImport.objects.get()
    assert response["Location"] == reverse("reports:import_review", args=[pending.pk])
    assert Mission.objects.count() == 0
    assert Report.objects.count() == 0
    with pending.file.open("rb") as handle:
        assert handle.read() == SEED_BYTES
    assert (pending.user, pending.original_filename, pending.format, pending.encoding) == (
        cast["owner"],
        SEED.name,
        "txt",
        "utf-8",
    )

    html = client.get(response["Location"]).content.decode()
    expected_warnings = read_report(SEED.name, SEED_BYTES).found.warnings
    assert items(between(html, '<ul class="warnings">', "</ul>")) == expected_warnings
    assert len(expected_warnings) == 3
    assert '<li class="count-days"><strong>5</strong>' in html
    assert '<li class="count-chapters"><strong>4</strong>' in html
    assert '<li class="count-flights"><strong>2</strong>' in html
    assert '<li class="count-figures"><strong>9</strong>' in html
    assert items(between(html, '<ol class="plain-list chapters">', "</ol>")) == [
        "第一章 目的",
        "第二章 過程",
        "第三章 心得",
        "第四章 建議",
    ]
    rows = between(html, '<table class="data itinerary">', "</table>").split("<tr>")[2:]
    assert [re.search(r'<td class="nowrap">(.*?)</td>', row).group(1) for row in rows] == [
        "115/4/26",
        "115/4/27",
        "115/4/28",
        "115/4/29",
        "115/4/30",
    ]
    assert "搭乘華航 CI220 班機啟程前往日本東京" in rows[0]
    flight = re.sub(r"<[^>]+>", "", re.search(r"<li>(.*?)</li>", rows[0]).group(1))
    assert flight == "09:00 UTC+8–12:55 UTC+9 搭乘華航 CI220 班機啟程前往日本東京 航班"
    assert "赴日本東京出席 2026 全球城市永續網絡(G-Nets)首長高峰會出國報告" in html
    assert "其他(出席國際會議)" in html
    assert "民國 115 年 4 月 26 日至民國 115 年 4 月 30 日" in html
    assert ">確認匯入</button>" in html
    assert ">捨棄</button>" in html


def test_staging_writes_an_audit_entry_and_nothing_else(pending, cast):
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.user, entry.object_id, entry.summary) == (
        "report.import_staged",
        cast["owner"],
        pending.pk,
        SEED.name,
    )


def test_the_review_page_takes_a_fixed_number_of_queries(pending, cast):
    client = client_for(cast["owner"])
    url = reverse("reports:import_review", args=[pending.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert len(queries) <= 7  # the 7th looks for earlier imports of the same report


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"   \n", "檔案是空的。"),
        ("slides.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, None),
        ("notes.txt", "今天天氣很好。\n".encode(), None),
    ],
)
def test_an_unreadable_file_shows_its_message_and_stores_nothing(
    cast, media_root, name, data, message
):
    from envoy.reports.importing import UnreadableReport

    if message is None:
        with pytest.raises(UnreadableReport) as unreadable:
            read_report(name, data)
        message = unreadable.value.message
    response = client_for(cast["owner"]).post(
        reverse("reports:import_new"), {"file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert 'type="file"' in response.content.decode()
    assert PendingImport.objects.count() == 0
    assert files_under(media_root) == []


def test_a_file_over_the_upload_limit_is_refused_unread(cast, settings, media_root):
    settings.ENVOY_MAX_UPLOAD_BYTES = 1024 * 1024
    data = SEED_BYTES + b"\n" * (2 * 1024 * 1024)
    response = client_for(cast["owner"]).post(
        reverse("reports:import_new"), {"file": seed_upload(data=data)}
    )
    assert response.status_code == 422
    assert "檔案太大（2.0 MB），上限為 1 MB。" in response.content.decode()
    assert PendingImport.objects.count() == 0
    assert files_under(media_root) == []


def test_an_upload_without_a_file_asks_for_one(cast):
    response = client_for(cast["owner"]).post(reverse("reports:import_new"), {})
    assert response.status_code == 422
    assert "請選擇要匯入的報告檔案。" in response.content.decode()


def test_the_import_page_lists_only_the_users_own_pending_imports(pending, cast):
    stage_import(user=cast["colleague"], upload=seed_upload("colleague.txt"))
    html = client_for(cast["owner"]).get(reverse("reports:import_new")).content.decode()
    assert reverse("reports:import_review", args=[pending.pk]) in html
    assert "colleague.txt" not in html


# ----- Confirm -----


def test_confirming_creates_one_mission_with_the_original_file_and_drops_the_pending_import(
    pending, cast, bureaus, media_root, django_capture_on_commit_callbacks
):
    client = client_for(cast["owner"])
    pending_file = pending.file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:import_review", args=[pending.pk]),
            {"action": "confirm", "bureau": bureaus["secretariat"].pk},
        )
    report = Report.objects.select_related("mission").get()
    assert Mission.objects.count() == 1
    assert response.status_code == 302
    assert response["Location"] == reverse("missions:detail", args=[report.mission_id])
    assert report.mission.bureau == bureaus["secretariat"]
    assert report.mission.created_by == cast["owner"]
    assert report.mission.days.count() == 5
    assert report.chapters.count() == 4
    source = SourceFile.objects.get()
    with source.file.open("rb") as handle:
        assert handle.read() == SEED_BYTES
    assert (source.report, source.original_filename, source.format, source.size) == (
        report,
        SEED.name,
        "txt",
        len(SEED_BYTES),
    )
    assert source.warnings == read_report(SEED.name, SEED_BYTES).found.warnings
    assert PendingImport.objects.count() == 0
    assert not (media_root / pending_file).exists()
    assert list(
        AuditEntry.objects.filter(action="report.imported").values_list("object_id", "mission_id")
    ) == [(report.pk, report.mission_id)]


def test_an_editor_imports_for_their_own_bureau_without_choosing(pending, cast, bureaus):
    html = (
        client_for(cast["owner"])
        .get(reverse("reports:import_review", args=[pending.pk]))
        .content.decode()
    )
    assert "<select" not in html
    assert f'<input type="hidden" name="bureau" value="{bureaus["secretariat"].pk}">' in html


def test_an_editor_cannot_import_for_another_bureau(pending, cast, bureaus):
    response = client_for(cast["owner"]).post(
        reverse("reports:import_review", args=[pending.pk]),
        {"action": "confirm", "bureau": bureaus["works"].pk},
    )
    assert response.status_code == 422
    assert Mission.objects.count() == 0
    assert PendingImport.objects.filter(pk=pending.pk).exists()


def test_an_officer_chooses_the_bureau_that_owns_the_mission(cast, bureaus):
    officer_pending = stage_import(user=cast["officer"], upload=seed_upload())
    client = client_for(cast["officer"])
    html = client.get(reverse("reports:import_review", args=[officer_pending.pk])).content.decode()
    assert '<select name="bureau"' in html
    assert "工務局" in html
    client.post(
        reverse("reports:import_review", args=[officer_pending.pk]),
        {"action": "confirm", "bureau": bureaus["works"].pk},
    )
    assert Mission.objects.get().bureau == bureaus["works"]


def test_a_document_that_cannot_be_saved_keeps_the_pending_import_and_says_why(
    cast, bureaus, media_root
):
    document = read_report(SEED.name, SEED_BYTES).document
    figures = next(
        block
        for chapter in document["report"]["chapters"]
        for block in chapter["blocks"]
        if block["kind"] == "figures"
    )
    figures["photos"] = [{"filename": "park.jpg", "data": "not base64!"}]
    upload = SimpleUploadedFile("report.json", json.dumps(document, ensure_ascii=False).encode())
    staged = stage_import(user=cast["owner"], upload=upload)
    response = client_for(cast["owner"]).post(
        reverse("reports:import_review", args=[staged.pk]),
        {"action": "confirm", "bureau": bureaus["secretariat"].pk},
    )
    assert response.status_code == 422
    assert "照片「park.jpg」沒有內容或內容不是 base64。" in response.content.decode()
    assert Mission.objects.count() == 0
    assert SourceFile.objects.count() == 0
    assert PendingImport.objects.filter(pk=staged.pk).exists()
    assert files_under(media_root / "originals") == []


# ----- Discard -----


def test_discarding_leaves_no_mission_and_no_file(
    pending, cast, media_root, django_capture_on_commit_callbacks
):
    assert len(files_under(media_root / "imports")) == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(cast["owner"]).post(
            reverse("reports:import_review", args=[pending.pk]), {"action": "discard"}
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:import_new")
    assert PendingImport.objects.count() == 0
    assert Mission.objects.count() == 0
    assert files_under(media_root) == []
    assert AuditEntry.objects.filter(action="report.import_discarded").count() == 1


def test_discarding_with_htmx_sends_the_browser_back_to_the_import_page(pending, cast):
    response = client_for(cast["owner"]).post(
        reverse("reports:import_review", args=[pending.pk]),
        {"action": "discard"},
        HTTP_HX_REQUEST="true",
    )
    assert response["HX-Redirect"] == reverse("reports:import_new")
    assert PendingImport.objects.count() == 0


def test_the_import_page_is_linked_from_the_navigation_for_those_who_may_import(cast):
    url = reverse("reports:import_new")
    for who in ("officer", "owner", "admin", "reviewer", "viewer"):
        response = client_for(cast[who]).get(reverse("missions:list"))
        nav = tree(response).xpath("//nav[" + has_class("mainnav") + "]//a/@href")
        assert (url in nav) == (who in ("officer", "owner", "admin")), who


def test_a_file_imported_before_is_shown_with_its_mission_before_confirming(cast, media_root):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from envoy.reports.importing.staging import stage_import
    from envoy.reports.services import import_report_file

    first = import_report_file(SEED, user=cast["owner"]).report
    upload = SimpleUploadedFile("again.txt", SEED.read_bytes())
    pending = stage_import(user=cast["owner"], upload=upload)
    response = client_for(cast["owner"]).get(reverse("reports:import_review", args=[pending.pk]))
    links = tree(response).xpath("//section[@aria-labelledby='earlier-heading']//a/@href")
    assert links == [reverse("missions:detail", args=[first.mission_id])]


def test_the_same_report_printed_again_is_found_by_its_title_and_dates(cast, media_root):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from envoy.reports.importing.staging import earlier_imports, stage_import
    from envoy.reports.services import import_report_file

    first = import_report_file(SEED, user=cast["owner"]).report
    edited = SEED.read_text(encoding="utf-8").replace("本次有逾 50 個", "本次有逾五十個")
    pending = stage_import(
        user=cast["owner"], upload=SimpleUploadedFile("edited.txt", edited.encode("utf-8"))
    )
    assert [m.pk for m in earlier_imports(cast["owner"], pending)] == [first.mission_id]
    # Another bureau's editor is not told of a mission they may not open.
    assert earlier_imports(cast["outsider"], pending) == []


def test_a_new_file_has_no_earlier_imports(cast, pending):
    from envoy.reports.importing.staging import earlier_imports

    assert earlier_imports(cast["owner"], pending) == []
