"""manage.py import_archive DIR: a folder of report files in one run, resumable, logged."""

import codecs
import csv
import hashlib
import json
import re
import signal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from envoy.core.models import AuditEntry
from envoy.missions.models import Mission
from envoy.reports.importing import archive
from envoy.reports.models import Block, Report, ReviewEvent, SourceFile
from envoy.reports.services import export_report
from tests.conftest import SEED

pytestmark = pytest.mark.django_db

SEED_TEXT = SEED.read_text(encoding="utf-8")
SEED_TITLE = "赴日本東京出席 2026 全球城市永續網絡(G-Nets)首長高峰會出國報告"
SEED_WARNINGS = (
    "找不到摘要，請於報告中補上（200–300 字）。；找不到出國人員，請於任務中補上。；找不到報告日期。"
)
NOT_A_REPORT = "找不到出國報告的內容（封面欄位、摘要、章節或行程表），這個檔案似乎不是出國報告。"


def titled(n: int) -> str:
    """The seed with a title of its own: a different report with different bytes."""
    return SEED_TEXT.replace(SEED_TITLE, SEED_TITLE.replace("首長", f"第 {n} 次首長"), 1)


def title_of(n: int) -> str:
    return SEED_TITLE.replace("首長", f"第 {n} 次首長")


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_archive", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def log_rows(path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def results(path) -> list[tuple[str, str, str]]:
    return [(r["path"], r["result"], r["message"]) for r in log_rows(path)]


def counts() -> tuple[int, ...]:
    return (
        Mission.objects.count(),
        Report.objects.count(),
        Block.objects.count(),
        SourceFile.objects.count(),
        ReviewEvent.objects.count(),
    )


def stored_files(media_root) -> list:
    return sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.exists() else []


@pytest.fixture
def archive_dir(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    return folder


@pytest.fixture
def log(tmp_path):
    return tmp_path / "log.csv"


def write_reports(folder, numbers) -> None:
    for n in numbers:
        (folder / f"report-{n}.txt").write_text(titled(n), encoding="utf-8")


@pytest.fixture
def seed_exports(seed_report, media_root):
    """The seed printed by Envoy as PDF, ODT, DOCX and JSON; then the seed removed again,
    so the archive starts from an empty database."""
    exported = {fmt: export_report(seed_report.pk, fmt) for fmt in ("pdf", "odt", "docx", "json")}
    for source in seed_report.source_files.all():
        source.file.delete(save=False)
    seed_report.mission.delete()
    return exported


def test_every_supported_format_is_imported(archive_dir, log, seed_exports):
    (archive_dir / "big5.txt").write_bytes(titled(1).encode("cp950", errors="replace"))
    (archive_dir / "utf8.txt").write_text(titled(2), encoding="utf-8")
    (archive_dir / "word.DOCX").write_bytes(seed_exports["docx"])
    (archive_dir / "odf.odt").write_bytes(seed_exports["odt"])
    (archive_dir / "printed.pdf").write_bytes(seed_exports["pdf"])
    (archive_dir / "export.json").write_bytes(seed_exports["json"])
    run(archive_dir, "--log", log)
    rows = log_rows(log)
    assert [(r["path"], r["result"], r["format"], r["encoding"]) for r in rows] == [
        ("big5.txt", "imported", "txt", "cp950"),
        ("export.json", "imported", "json", "utf-8"),
        ("odf.odt", "imported", "odt", ""),
        ("printed.pdf", "imported", "pdf", ""),
        ("utf8.txt", "imported", "txt", "utf-8"),
        ("word.DOCX", "imported", "docx", ""),
    ]
    reports = Report.objects.order_by("pk")
    assert [r["report_id"] for r in rows] == [str(r.pk) for r in reports]
    assert [r.mission.title for r in reports] == [
        title_of(1),
        SEED_TITLE,
        SEED_TITLE,
        SEED_TITLE,
        title_of(2),
        SEED_TITLE,
    ]
    assert [s.original_filename for s in SourceFile.objects.order_by("report_id")] == [
        "big5.txt",
        "export.json",
        "odf.odt",
        "printed.pdf",
        "utf8.txt",
        "word.DOCX",
    ]


def test_files_in_sub_folders_are_imported_in_name_order_and_hidden_ones_ignored(archive_dir, log):
    (archive_dir / "2019" / "東京").mkdir(parents=True)
    (archive_dir / "2018").mkdir()
    (archive_dir / ".git").mkdir()
    (archive_dir / "2019" / "東京" / "b.txt").write_text(titled(1), encoding="utf-8")
    (archive_dir / "2019" / "a.txt").write_text(titled(2), encoding="utf-8")
    (archive_dir / "2018" / "c.txt").write_text(titled(3), encoding="utf-8")
    (archive_dir / ".git" / "d.txt").write_text(titled(4), encoding="utf-8")
    (archive_dir / ".DS_Store").write_bytes(b"\x00\x01")
    (archive_dir / "~$report.docx").write_bytes(b"lock")
    run(archive_dir, "--log", log)
    assert [(r["path"], r["result"]) for r in log_rows(log)] == [
        ("2018/c.txt", "imported"),
        ("2019/a.txt", "imported"),
        ("2019/東京/b.txt", "imported"),
    ]
    assert Report.objects.count() == 3


def test_bad_files_are_logged_as_failed_or_skipped_and_the_run_goes_on(
    archive_dir, log, media_root
):
    write_reports(archive_dir, [1, 9])
    (archive_dir / "empty.txt").write_bytes(b"")
    (archive_dir / "broken.pdf").write_bytes(b"%PDF-1.4\n garbage")
    (archive_dir / "broken.docx").write_bytes(b"PK\x03\x04 not a zip at all")
    (archive_dir / "memo.txt").write_text("會議紀錄：明天開會。", encoding="utf-8")
    (archive_dir / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (archive_dir / "photo.JPG").write_bytes(b"\xff\xd8\xff")
    out, err = run(archive_dir, "--log", log)
    assert results(log) == [
        ("broken.docx", "failed", "無法開啟這個 Word 檔（.docx 可能已損壞）。"),
        ("broken.pdf", "failed", "無法開啟這個 PDF 檔（可能已損壞或有密碼保護）。"),
        ("empty.txt", "failed", "檔案是空的。"),
        ("memo.txt", "failed", NOT_A_REPORT),
        ("old.doc", "skipped", "不支援的格式"),
        ("photo.JPG", "skipped", "不支援的格式"),
        ("report-1.txt", "imported", SEED_WARNINGS),
        ("report-9.txt", "imported", SEED_WARNINGS),
    ]
    assert [m.title for m in Mission.objects.order_by("pk")] == [title_of(1), title_of(9)]
    assert len(stored_files(media_root)) == 2
    assert "Traceback" not in out + err
    assert out.splitlines()[2].startswith(
        "完成：8／8 個檔案，新匯入 2，已匯入 0，略過 2，失敗 4；用時 "
    )
    assert out.splitlines()[3:] == [
        "失敗的檔案：",
        "  broken.docx：無法開啟這個 Word 檔（.docx 可能已損壞）。",
        "  broken.pdf：無法開啟這個 PDF 檔（可能已損壞或有密碼保護）。",
        "  empty.txt：檔案是空的。",
        f"  memo.txt：{NOT_A_REPORT}",
        f"紀錄檔：{log}",
    ]


def test_a_file_that_fails_half_way_through_saving_leaves_nothing_behind(
    archive_dir, log, seed_exports, media_root
):
    """A JSON export whose photo is not base64 fails after its mission was created: rolled
    back, with the original of the file before it kept."""
    document = json.loads(seed_exports["json"])
    figures = next(
        b for c in document["report"]["chapters"] for b in c["blocks"] if b["kind"] == "figures"
    )
    figures["photos"] = [{"filename": "bad.jpg", "data": "not base64!"}]
    (archive_dir / "a.txt").write_text(titled(1), encoding="utf-8")
    (archive_dir / "b.json").write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    audit_before = AuditEntry.objects.count()
    run(archive_dir, "--log", log)
    assert results(log) == [
        ("a.txt", "imported", SEED_WARNINGS),
        ("b.json", "failed", "照片「bad.jpg」沒有內容或內容不是 base64。"),
    ]
    assert counts() == (
        1,
        1,
        Block.objects.filter(chapter__report__mission__title=title_of(1)).count(),
        1,
        0,
    )
    assert AuditEntry.objects.count() == audit_before + 1
    assert len(stored_files(media_root)) == 1


def test_an_unexpected_error_is_logged_by_name_and_leaves_no_stored_original(
    archive_dir, log, media_root, monkeypatch
):
    def broken(report):
        raise RuntimeError("the disk said no")

    monkeypatch.setattr(archive, "publish_imported_report", broken)
    write_reports(archive_dir, [1, 2])
    out, err = run(archive_dir, "--log", log, "--publish")
    assert results(log) == [
        ("report-1.txt", "failed", "RuntimeError: the disk said no"),
        ("report-2.txt", "failed", "RuntimeError: the disk said no"),
    ]
    assert counts() == (0, 0, 0, 0, 0)
    assert stored_files(media_root) == []
    assert "Traceback" not in out + err


def test_the_original_files_are_left_as_they_were(archive_dir, log):
    write_reports(archive_dir, [1, 2])
    (archive_dir / "empty.txt").write_bytes(b"")
    (archive_dir / "memo.txt").write_text("會議紀錄", encoding="utf-8")
    (archive_dir / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    before = {p.name: p.read_bytes() for p in archive_dir.iterdir()}
    run(archive_dir, "--log", log)
    assert {p.name: p.read_bytes() for p in archive_dir.iterdir()} == before


def test_the_log_is_a_csv_with_a_bom_and_a_row_of_every_column(archive_dir, log):
    (archive_dir / "report.txt").write_text(titled(1), encoding="utf-8")
    (archive_dir / "=cmd.txt").write_bytes(b"")
    run(archive_dir, "--log", log)
    raw = log.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)
    assert raw.count(codecs.BOM_UTF8) == 1
    with log.open(encoding="utf-8-sig", newline="") as f:
        header, *rows = list(csv.reader(f))
    assert header == [
        "path",
        "result",
        "report_id",
        "mission_title",
        "format",
        "encoding",
        "warnings",
        "message",
        "sha256",
        "seconds",
    ]
    report = Report.objects.get()
    seconds = [float(row.pop()) for row in rows]
    assert rows == [
        [
            "'=cmd.txt",
            "failed",
            "",
            "",
            "",
            "",
            "",
            "檔案是空的。",
            hashlib.sha256(b"").hexdigest(),
        ],
        [
            "report.txt",
            "imported",
            str(report.pk),
            title_of(1),
            "txt",
            "utf-8",
            "3",
            SEED_WARNINGS,
            hashlib.sha256(titled(1).encode()).hexdigest(),
        ],
    ]
    assert all(0 <= s < 30 for s in seconds)


def test_an_existing_log_is_appended_to_without_a_second_header(archive_dir, log):
    write_reports(archive_dir, [1])
    run(archive_dir, "--log", log)
    write_reports(archive_dir, [2])
    run(archive_dir, "--log", log)
    assert log.read_text(encoding="utf-8").count("path,result") == 1
    assert [(r["path"], r["result"]) for r in log_rows(log)] == [
        ("report-1.txt", "imported"),
        ("report-1.txt", "already imported"),
        ("report-2.txt", "imported"),
    ]


def test_without_log_option_a_new_log_is_written_in_the_data_folder(
    archive_dir, settings, tmp_path
):
    settings.DATA_DIR = tmp_path / "data"
    write_reports(archive_dir, [1])
    out, _ = run(archive_dir)
    [path] = (tmp_path / "data" / "logs").glob("import-archive-*.csv")
    assert re.fullmatch(r"import-archive-\d{8}-\d{6}\.csv", path.name)
    assert out.splitlines()[1] == f"紀錄檔：{path}"
    assert out.splitlines()[-1] == f"紀錄檔：{path}"
    assert [r["result"] for r in log_rows(path)] == ["imported"]


def test_a_rerun_imports_nothing_new_and_logs_every_file_as_already_imported(archive_dir, tmp_path):
    write_reports(archive_dir, [1, 2, 3])
    (archive_dir / "empty.txt").write_bytes(b"")
    run(archive_dir, "--log", tmp_path / "first.csv")
    first = counts()
    ids = {r["path"]: r["report_id"] for r in log_rows(tmp_path / "first.csv")}
    out, _ = run(archive_dir, "--log", tmp_path / "second.csv")
    assert counts() == first
    assert [
        (r["path"], r["result"], r["report_id"], r["mission_title"], r["message"])
        for r in log_rows(tmp_path / "second.csv")
    ] == [
        ("empty.txt", "failed", "", "", "檔案是空的。"),
        (
            "report-1.txt",
            "already imported",
            ids["report-1.txt"],
            title_of(1),
            f"已匯入（報告 #{ids['report-1.txt']}）",
        ),
        (
            "report-2.txt",
            "already imported",
            ids["report-2.txt"],
            title_of(2),
            f"已匯入（報告 #{ids['report-2.txt']}）",
        ),
        (
            "report-3.txt",
            "already imported",
            ids["report-3.txt"],
            title_of(3),
            f"已匯入（報告 #{ids['report-3.txt']}）",
        ),
    ]
    assert out.splitlines()[2].startswith("完成：4／4 個檔案，新匯入 0，已匯入 3，略過 0，失敗 1；")


def test_a_run_interrupted_on_the_third_file_resumes_with_the_rest_exactly_once(
    archive_dir, log, media_root, monkeypatch
):
    write_reports(archive_dir, [1, 2, 3, 4, 5])
    real = archive.import_report_bytes
    calls = []

    def interrupted_on_the_third(data, **kwargs):
        calls.append(kwargs["filename"])
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(data, **kwargs)

    monkeypatch.setattr(archive, "import_report_bytes", interrupted_on_the_third)
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_archive", str(archive_dir), "--log", str(log), stdout=out, stderr=err)
    assert str(error.value) == "已中斷：2／5 個檔案已處理。重新執行同一指令即可從中斷處繼續。"
    assert error.value.returncode == 130
    assert (
        out.getvalue()
        .splitlines()[2]
        .startswith("已停止：2／5 個檔案，新匯入 2，已匯入 0，略過 0，失敗 0；")
    )
    assert [(r["path"], r["result"]) for r in log_rows(log)] == [
        ("report-1.txt", "imported"),
        ("report-2.txt", "imported"),
    ]
    assert [m.title for m in Mission.objects.order_by("pk")] == [title_of(1), title_of(2)]
    assert len(stored_files(media_root)) == 2

    monkeypatch.setattr(archive, "import_report_bytes", real)
    run(archive_dir, "--log", log)
    assert [(r["path"], r["result"]) for r in log_rows(log)][2:] == [
        ("report-1.txt", "already imported"),
        ("report-2.txt", "already imported"),
        ("report-3.txt", "imported"),
        ("report-4.txt", "imported"),
        ("report-5.txt", "imported"),
    ]
    assert sorted(m.title for m in Mission.objects.all()) == sorted(
        title_of(n) for n in [1, 2, 3, 4, 5]
    )
    assert len(stored_files(media_root)) == 5


def test_ctrl_c_is_restored_to_what_it_was_after_the_run(archive_dir, log):
    before = signal.getsignal(signal.SIGINT)
    write_reports(archive_dir, [1])
    run(archive_dir, "--log", log)
    assert signal.getsignal(signal.SIGINT) is before


def test_identical_files_become_one_report(archive_dir, log):
    (archive_dir / "a.txt").write_text(titled(1), encoding="utf-8")
    (archive_dir / "copy").mkdir()
    (archive_dir / "copy" / "a (1).txt").write_text(titled(1), encoding="utf-8")
    run(archive_dir, "--log", log)
    report = Report.objects.get()
    assert results(log) == [
        ("a.txt", "imported", SEED_WARNINGS),
        ("copy/a (1).txt", "already imported", f"已匯入（報告 #{report.pk}，與「a.txt」內容相同）"),
    ]
    assert [r["report_id"] for r in log_rows(log)] == [str(report.pk), str(report.pk)]


def test_publish_marks_imported_reports_as_published_with_a_review_event(archive_dir, log):
    write_reports(archive_dir, [1, 2])
    run(archive_dir, "--log", log, "--publish")
    assert [r.status for r in Report.objects.all()] == ["published", "published"]
    assert (
        sorted(ReviewEvent.objects.values_list("from_status", "to_status", "actor", "comment"))
        == [("draft", "published", None, "封存報告匯入時公開")] * 2
    )
    assert (
        sorted(
            AuditEntry.objects.filter(action="report.published").values_list("summary", flat=True)
        )
        == ["草稿 → 已公開：封存報告匯入時公開"] * 2
    )


def test_without_publish_reports_stay_drafts_and_publish_leaves_earlier_imports_alone(
    archive_dir, log
):
    write_reports(archive_dir, [1])
    run(archive_dir, "--log", log)
    assert [r.status for r in Report.objects.all()] == ["draft"]
    write_reports(archive_dir, [2])
    run(archive_dir, "--log", log, "--publish")
    assert list(Report.objects.order_by("pk").values_list("status", flat=True)) == [
        "draft",
        "published",
    ]


def test_bureau_option_attaches_the_missions_to_that_bureau(archive_dir, log, bureaus):
    write_reports(archive_dir, [1, 2])
    run(archive_dir, "--log", log, "--bureau", "public-works")
    assert list(Mission.objects.values_list("bureau__name", flat=True)) == ["工務局", "工務局"]


def test_bureau_can_be_named_in_chinese(archive_dir, log, bureaus):
    write_reports(archive_dir, [1])
    run(archive_dir, "--log", log, "--bureau", "秘書處")
    assert Mission.objects.get().bureau == bureaus["secretariat"]


def test_an_unknown_bureau_is_refused_before_anything_is_imported(archive_dir, log, bureaus):
    write_reports(archive_dir, [1])
    with pytest.raises(CommandError) as error:
        run(archive_dir, "--log", log, "--bureau", "nowhere")
    assert str(error.value) == "找不到局處「nowhere」。可用的代碼：public-works、secretariat"
    assert counts() == (0, 0, 0, 0, 0)
    assert not log.exists()


def test_progress_is_shown_on_stderr(archive_dir, log):
    write_reports(archive_dir, [1, 2])
    (archive_dir / "empty.txt").write_bytes(b"")
    _, err = run(archive_dir, "--log", log)
    lines = err.splitlines()
    # Not a terminal: a line an update, the first and the last at least.
    assert re.fullmatch(
        r"\[#{10} {20}\] 1/3 新匯入 0，已匯入 0，略過 0，失敗 1｜每秒 [\d.]+ 個，尚需 [\d.]+ s",
        lines[0],
    )
    assert re.fullmatch(
        r"\[#{30}\] 3/3 新匯入 2，已匯入 0，略過 0，失敗 1｜每秒 [\d.]+ 個", lines[-1]
    )


def test_no_progress_leaves_stderr_empty(archive_dir, log):
    write_reports(archive_dir, [1])
    _, err = run(archive_dir, "--log", log, "--no-progress")
    assert err == ""


def test_dry_run_reads_every_file_and_saves_nothing(archive_dir, log, media_root):
    write_reports(archive_dir, [1])
    (archive_dir / "same.txt").write_text(titled(1), encoding="utf-8")
    (archive_dir / "empty.txt").write_bytes(b"")
    out, _ = run(archive_dir, "--log", log, "--dry-run")
    assert [(r["path"], r["result"], r["mission_title"], r["message"]) for r in log_rows(log)] == [
        ("empty.txt", "failed", "", "檔案是空的。"),
        ("report-1.txt", "readable", title_of(1), SEED_WARNINGS),
        ("same.txt", "already imported", title_of(1), "與「report-1.txt」內容相同，只會匯入一次"),
    ]
    assert counts() == (0, 0, 0, 0, 0)
    assert stored_files(media_root) == []
    assert out.splitlines()[0] == f"檢查 3 個檔案（不寫入資料）：{archive_dir}"
    assert out.splitlines()[2].startswith("完成：3／3 個檔案，可匯入 1，已匯入 1，略過 0，失敗 1；")


def test_strict_ends_with_an_error_when_a_file_failed(archive_dir, log):
    write_reports(archive_dir, [1])
    (archive_dir / "empty.txt").write_bytes(b"")
    with pytest.raises(CommandError) as error:
        run(archive_dir, "--log", log, "--strict")
    assert str(error.value) == f"有 1 個檔案匯入失敗，詳見紀錄檔：{log}"
    assert Report.objects.count() == 1


def test_strict_ends_normally_when_every_file_went_in(archive_dir, log):
    write_reports(archive_dir, [1])
    run(archive_dir, "--log", log, "--strict")
    assert Report.objects.count() == 1


def test_a_folder_that_does_not_exist_is_refused_in_chinese(tmp_path):
    with pytest.raises(CommandError) as error:
        run(tmp_path / "nowhere")
    assert str(error.value) == f"找不到資料夾：{tmp_path / 'nowhere'}"


def test_a_file_given_for_the_folder_is_refused(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(SEED_TEXT, encoding="utf-8")
    with pytest.raises(CommandError) as error:
        run(path)
    assert str(error.value) == f"「{path}」不是資料夾，請指定存放報告檔的資料夾。"
    assert Report.objects.count() == 0


def test_an_empty_folder_imports_nothing_and_says_so(archive_dir, log):
    out, err = run(archive_dir, "--log", log)
    assert out.splitlines()[0] == f"匯入 0 個檔案：{archive_dir}"
    assert out.splitlines()[2].startswith("完成：0／0 個檔案，新匯入 0，已匯入 0，略過 0，失敗 0；")
    assert err == ""
    assert log_rows(log) == []


def test_a_file_over_the_size_limit_is_failed_without_being_read(archive_dir, log, settings):
    settings.ENVOY_MAX_UPLOAD_BYTES = 1024 * 1024
    (archive_dir / "huge.txt").write_bytes(b"x" * (2 * 1024 * 1024))
    write_reports(archive_dir, [1])
    run(archive_dir, "--log", log)
    assert [(r["path"], r["result"], r["message"], r["sha256"]) for r in log_rows(log)] == [
        ("huge.txt", "failed", "檔案太大（2.0 MB），上限為 1 MB。", ""),
        ("report-1.txt", "imported", SEED_WARNINGS, hashlib.sha256(titled(1).encode()).hexdigest()),
    ]
