"""Files Envoy cannot import: a clear message, a non-zero exit, nothing written, the file kept."""

import hashlib

import pytest
from django.core.management import CommandError, call_command

from envoy.missions.models import Mission
from envoy.reports.models import Block, Report, SourceFile
from tests.conftest import SEED

pytestmark = pytest.mark.django_db


def import_fails(path, media_root) -> str:
    """Run the command on a bad file; return its message after checking nothing changed."""
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(CommandError) as error:
        call_command("import_report", str(path))
    assert Mission.objects.count() == 0
    assert Report.objects.count() == 0
    assert Block.objects.count() == 0
    assert SourceFile.objects.count() == 0
    assert not media_root.exists() or not any(p.is_file() for p in media_root.rglob("*"))
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    return str(error.value)


def test_an_empty_file_is_refused(tmp_path, media_root):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert import_fails(path, media_root) == "無法匯入「empty.txt」：檔案是空的。"


def test_a_file_of_blank_lines_is_refused_as_empty(tmp_path, media_root):
    path = tmp_path / "blank.txt"
    path.write_bytes(b"\n\n   \r\n")
    assert import_fails(path, media_root) == "無法匯入「blank.txt」：檔案是空的。"


def test_binary_garbage_is_refused(tmp_path, media_root):
    path = tmp_path / "garbage.txt"
    path.write_bytes(bytes(range(256)) * 40)
    assert import_fails(path, media_root) == (
        "無法匯入「garbage.txt」：這不是文字檔（含有二進位資料），無法匯入。"
    )


def test_random_bytes_without_nul_are_refused(tmp_path, media_root):
    import random

    rng = random.Random(7)
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(rng.randrange(1, 256) for _ in range(20000)))
    message = import_fails(path, media_root)
    assert message.startswith("無法匯入「noise.txt」：")


def test_text_that_is_not_a_report_is_refused(tmp_path, media_root):
    path = tmp_path / "notes.txt"
    path.write_text(
        "會議紀錄\n\n今天討論了下半年的預算，請各局處於月底前回覆。\n\n散會。\n", encoding="utf-8"
    )
    assert import_fails(path, media_root) == (
        "無法匯入「notes.txt」：找不到出國報告的內容（封面欄位、摘要、章節或行程表），這個檔案似乎不是出國報告。"
    )


def test_a_pdf_without_a_text_layer_is_refused_with_advice(tmp_path, media_root):
    from PIL import Image

    path = tmp_path / "scan.pdf"
    Image.new("RGB", (600, 800), "white").save(path, "PDF")
    assert import_fails(path, media_root) == (
        "無法匯入「scan.pdf」：這個 PDF 沒有文字層（可能是掃描檔），請先以 OCR 轉為文字後再匯入。"
    )


def test_a_damaged_pdf_is_refused(tmp_path, media_root):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"x" * 500)
    assert import_fails(path, media_root) == (
        "無法匯入「broken.pdf」：無法開啟這個 PDF 檔（可能已損壞或有密碼保護）。"
    )


def test_a_damaged_docx_is_refused(tmp_path, media_root):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    assert import_fails(path, media_root) == (
        "無法匯入「broken.docx」：無法開啟這個 Word 檔（.docx 可能已損壞）。"
    )


def test_a_50_mb_file_is_refused_before_it_is_read(tmp_path, media_root):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    assert (
        import_fails(path, media_root)
        == "無法匯入「huge.txt」：檔案太大（50.0 MB），上限為 40 MB。"
    )


def test_an_old_word_file_is_refused_with_the_formats_we_read(tmp_path, media_root):
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x01" * 100)
    assert import_fails(path, media_root) == (
        "無法匯入「old.doc」：不支援「.doc」檔，請匯入 .txt、.docx、.odt、.pdf 或 Envoy JSON。"
    )


def test_json_of_another_kind_is_refused(tmp_path, media_root):
    path = tmp_path / "other.json"
    path.write_text('{"hello": "world"}', encoding="utf-8")
    assert import_fails(path, media_root) == (
        '無法匯入「other.json」：這不是 Envoy 匯出的報告 JSON（缺少 "format": "envoy.report"）。'
    )


def test_json_of_a_future_version_is_refused(tmp_path, media_root):
    path = tmp_path / "future.json"
    path.write_text('{"format": "envoy.report", "version": 9}', encoding="utf-8")
    assert import_fails(path, media_root) == (
        "無法匯入「future.json」：不支援的 JSON 版本 9（本系統讀取第 1 版）。"
    )


def test_json_with_a_bad_date_names_the_field(tmp_path, media_root, seed_report):
    import json

    from envoy.reports.services import export_report

    document = json.loads(export_report(seed_report.pk, "json"))
    document["mission"]["days"][2]["date"] = "2026-02-30"
    path = tmp_path / "bad-date.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    seed_report.mission.delete()
    SourceFile.objects.all().delete()
    for leftover in media_root.rglob("*"):
        if leftover.is_file():
            leftover.unlink()
    assert import_fails(path, media_root) == (
        "無法匯入「bad-date.json」：JSON 檔的「mission.days[2].date」內容不正確。"
    )


def test_a_missing_file_is_reported_without_a_traceback(tmp_path):
    with pytest.raises(CommandError) as error:
        call_command("import_report", str(tmp_path / "nowhere.txt"))
    assert str(error.value) == f"找不到檔案：{tmp_path / 'nowhere.txt'}"


def test_a_report_cut_off_mid_text_is_imported_with_warnings(tmp_path, capsys):
    """Nothing of what is there is lost: it is imported, and the user is told what is missing."""
    text = SEED.read_text(encoding="utf-8")
    cut = text[: text.index("其二，致詞中聚焦於") + 40]
    path = tmp_path / "cut.txt"
    path.write_text(cut, encoding="utf-8")
    call_command("import_report", str(path))
    out = capsys.readouterr().out
    report = Report.objects.get()
    assert [c.title for c in report.chapters.all()] == ["目的", "過程"]
    assert "警告：目次列出的「第三章 心得」在內文中找不到。" in out
    assert "警告：目次列出的「第四章 建議」在內文中找不到。" in out
    assert (
        "警告：圖次列出的「圖 6-7 本府代表團參觀 SusHi Tech Tokyo 2026 台灣館」在內文中找不到。"
        in out
    )
    assert "檔案可能不完整" in out
    last = (
        Block.objects.filter(chapter__report=report).order_by("chapter__number", "position").last()
    )
    assert cut.rstrip().endswith(last.text[-20:])


def test_command_exit_status_is_non_zero_for_a_bad_file(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    result = subprocess.run(
        [sys.executable, "manage.py", "import_report", str(path)],
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "ENVOY_DATA_DIR": str(tmp_path / "data")},
    )
    assert result.returncode == 1
    assert result.stderr.strip() == "CommandError: 無法匯入「empty.txt」：檔案是空的。"
    assert "Traceback" not in result.stderr
