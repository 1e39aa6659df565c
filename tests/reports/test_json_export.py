"""The JSON export: the whole record, read back by import_report, stable across a round trip."""

import base64
import json

import pytest
from django.core.management import CommandError, call_command

from envoy.reports.models import Block, Photo, Report
from envoy.reports.services import _save_photo, export_report

pytestmark = pytest.mark.django_db

PNG_PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"
)


def without_ids(value):
    if isinstance(value, dict):
        return {k: without_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list):
        return [without_ids(v) for v in value]
    return value


def export_to(tmp_path, report_id, name) -> dict:
    path = tmp_path / name
    call_command("export_report", str(report_id), "--format", "json", "-o", str(path))
    return json.loads(path.read_text(encoding="utf-8"))


def test_export_then_import_then_export_gives_identical_json(seed_report, tmp_path, capsys):
    group = Block.objects.filter(chapter__report=seed_report, kind="figures").first()
    _save_photo(group, 0, {"filename": "pixel.png", "data": base64.b64encode(PNG_PIXEL).decode()})
    first = export_to(tmp_path, seed_report.pk, "first.json")
    capsys.readouterr()
    call_command("import_report", str(tmp_path / "first.json"), "--json")
    reimported = json.loads(capsys.readouterr().out)
    assert reimported["id"] != first["id"]
    second = export_to(tmp_path, reimported["id"], "second.json")
    assert without_ids(second) == without_ids(first)
    assert Photo.objects.count() == 2
    photo = second["report"]["chapters"][1]["blocks"][4]["photos"][0]
    assert base64.b64decode(photo["data"]) == PNG_PIXEL


def test_export_holds_the_versioned_format_and_the_record_ids(seed_report):
    document = json.loads(export_report(seed_report.pk, "json"))
    assert (document["format"], document["version"]) == ("envoy.report", 1)
    assert document["id"] == seed_report.pk
    assert document["mission"]["id"] == seed_report.mission_id
    assert document["mission"]["days"][0]["items"][0] == {
        "kind": "flight",
        "text": "搭乘華航 CI220 班機啟程前往日本東京",
        "place": "",
        "start_time": "09:00",
        "start_timezone": "Asia/Taipei",
        "end_time": "12:55",
        "end_timezone": "Asia/Tokyo",
        "end_date": None,
        "flight_number": "CI220",
        "origin": "台北松山機場",
        "destination": "東京羽田機場",
    }


def test_export_of_an_unknown_report_says_so(tmp_path):
    with pytest.raises(CommandError) as error:
        call_command("export_report", "999", "--format", "json", "-o", str(tmp_path / "x.json"))
    assert str(error.value) == "找不到 id 為 999 的報告。"
    assert not (tmp_path / "x.json").exists()


def test_a_photo_given_by_path_in_an_uploaded_json_is_refused(seed_report, tmp_path):
    """A JSON file from outside cannot make Envoy read a file of the server's."""
    document = json.loads(export_report(seed_report.pk, "json"))
    secret = tmp_path / "secret.txt"
    secret.write_text("not for you", encoding="utf-8")
    document["report"]["chapters"][1]["blocks"][4]["photos"] = [
        {"filename": "x.png", "path": str(secret)}
    ]
    path = tmp_path / "path.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("import_report", str(path))
    assert str(error.value) == "無法匯入「path.json」：照片「x.png」沒有內容或內容不是 base64。"
    assert Photo.objects.count() == 0
    assert Report.objects.count() == 1


def test_a_photo_with_gps_in_an_imported_json_is_stored_without_its_metadata(seed_report, tmp_path):
    import io

    from PIL import Image

    document = json.loads(export_report(seed_report.pk, "json"))
    exif = Image.Exif()
    exif[0x8825] = {2: (25.0, 2.0, 0.0)}  # GPSInfo: a latitude
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "JPEG", exif=exif)
    assert Image.open(io.BytesIO(buffer.getvalue())).getexif()
    document["report"]["chapters"][1]["blocks"][4]["photos"] = [
        {"filename": "gps.jpg", "data": base64.b64encode(buffer.getvalue()).decode()}
    ]
    path = tmp_path / "gps.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    call_command("import_report", str(path))
    photo = Photo.objects.get()
    with photo.image.open("rb") as handle:
        stored = Image.open(io.BytesIO(handle.read()))
        assert not stored.getexif()
        assert "exif" not in stored.info
    assert (photo.width, photo.height) == (40, 30)
    assert photo.thumbnail


def test_a_json_photo_that_is_not_an_image_is_refused(seed_report, tmp_path):
    document = json.loads(export_report(seed_report.pk, "json"))
    document["report"]["chapters"][1]["blocks"][4]["photos"] = [
        {"filename": "notes.jpg", "data": base64.b64encode(b"just text").decode()}
    ]
    path = tmp_path / "text.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("import_report", str(path))
    assert (
        str(error.value)
        == "無法匯入「text.json」：「notes.jpg」不是 JPEG、PNG 或 WebP 圖片，無法上傳。"
    )
    assert Report.objects.count() == 1


def test_countries_travel_as_codes_and_a_file_naming_them_is_read_as_codes(
    seed_report, tmp_path, capsys
):
    document = json.loads(export_report(seed_report.pk, "json"))
    assert document["mission"]["destination_countries"] == ["JP"]
    assert document["mission"]["days"][0]["countries"] == ["TW", "JP"]
    # A file written by hand names countries in any language: they come back as codes.
    document["mission"]["destination_countries"] = ["日本", "South Korea", "首爾"]
    document["mission"]["region"] = "亞洲"
    document["mission"]["days"][0]["countries"] = ["台灣", "Japan"]
    path = tmp_path / "named.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    call_command("import_report", str(path), "--json")
    reimported = json.loads(capsys.readouterr().out)
    assert (
        reimported["mission"]["destination_countries"],
        reimported["mission"]["region"],
        reimported["mission"]["days"][0]["countries"],
    ) == (["JP", "KR", "首爾"], "", ["TW", "JP"])
