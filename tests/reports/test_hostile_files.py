"""Files made to hurt: a report that publishes itself, packages that unpack into gigabytes,
damaged files of every format, control characters, names that are not UTF-8, photos that
carry where they were taken. Each ends as a record (with warnings) or a clear refusal; none
is a server error, none publishes anything, none leaves half a record."""

import base64
import io
import json
import os
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse
from PIL import Image, PngImagePlugin

from envoy.missions.models import Mission
from envoy.reports.enums import ReportStatus
from envoy.reports.importing import UnreadableReport, read_report
from envoy.reports.models import Block, PendingImport, Photo, Report, ReviewEvent
from envoy.reports.services import export_report, import_report_bytes, update_block
from tests.conftest import SEED, client_for
from tests.reports.packages import rewritten, without_record

pytestmark = pytest.mark.django_db


def _upload(user, name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client_for(user).post(
        reverse("reports:import_new"), {"file": SimpleUploadedFile(name, data)}
    )


def _published_json(seed_report) -> bytes:
    document = json.loads(export_report(seed_report.pk, "json"))
    document["report"]["status"] = "published"
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


# ----- 1. Nothing is published without review -----


def test_a_json_that_says_published_is_imported_as_a_draft_without_review(seed_report, cast):
    data = _published_json(seed_report)
    response = _upload(cast["owner"], "published.json", data)
    pending = PendingImport.objects.get()
    assert response.status_code == 302
    client_for(cast["owner"]).post(
        reverse("reports:import_review", args=[pending.pk]),
        {"action": "confirm", "bureau": cast["owner"].bureau_id},
    )
    copy = Report.objects.exclude(pk=seed_report.pk).get()
    assert copy.status == ReportStatus.DRAFT
    assert ReviewEvent.objects.filter(report=copy).count() == 0
    archive = client_for(None).get(reverse("portal:report", args=[copy.pk]))
    assert archive.status_code == 404


def test_import_archive_without_publish_imports_a_published_json_as_a_draft(seed_report, tmp_path):
    (tmp_path / "published.json").write_bytes(_published_json(seed_report))
    call_command("import_archive", str(tmp_path), "--no-progress", "--log", str(tmp_path / "l.csv"))
    copy = Report.objects.exclude(pk=seed_report.pk).get()
    assert (copy.status, copy.review_events.count()) == (ReportStatus.DRAFT, 0)


# ----- 2. Decompression bombs -----


def _bomb(fmt: str) -> bytes:
    """A small Word or ODF file whose main XML part unpacks into 40 MB."""
    part = "word/document.xml" if fmt == "docx" else "content.xml"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        if fmt == "odt":
            package.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        package.writestr(part, b"<a>" + b" " * 40_000_000 + b"</a>")
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_a_package_that_unpacks_into_megabytes_is_refused_before_parsing(cast, fmt, media_root):
    data = _bomb(fmt)
    assert len(data) < 100_000
    with pytest.raises(UnreadableReport) as refused:
        read_report(f"bomb.{fmt}", data)
    part = "word/document.xml" if fmt == "docx" else "content.xml"
    assert refused.value.message == (
        f"這個檔案解壓縮後過大（{part} 為 38 MB），可能是惡意檔案，未匯入。"
    )
    response = _upload(cast["owner"], f"bomb.{fmt}", data)
    assert response.status_code == 422
    assert PendingImport.objects.count() == 0


# ----- 3. Damaged files of every format -----


def _without_record(data: bytes, mutate) -> bytes:
    """An Envoy office file without its record (so its XML is read), a member changed."""

    def change(name: str, content: bytes) -> bytes | None:
        content = without_record(name, content)
        return None if content is None else mutate(name, content)

    return rewritten(data, change)


def _damaged(seed_report) -> dict[str, bytes]:
    docx = export_report(seed_report.pk, "docx")
    odt = export_report(seed_report.pk, "odt")
    pdf = export_report(seed_report.pk, "pdf")
    document = json.loads(export_report(seed_report.pk, "json"))
    broken_xml = _without_record(
        docx, lambda name, c: c[: len(c) // 2] if name == "word/document.xml" else c
    )
    broken_odt = _without_record(
        odt, lambda name, c: c.replace(b"<", b"<<", 3) if name == "content.xml" else c
    )
    deflated = bytearray(docx)
    deflated[len(deflated) // 3 : len(deflated) // 3 + 40] = b"\x00" * 40
    bad_places = json.loads(json.dumps(document))
    bad_places["mission"]["days"][0]["places"] = [1.5]
    twice = json.loads(json.dumps(document))
    twice["report"]["chapters"].append(twice["report"]["chapters"][0])
    same_day = json.loads(json.dumps(document))
    same_day["mission"]["days"].append(same_day["mission"]["days"][0])
    zip_version = bytearray(docx)
    central = zip_version.rfind(b"PK\x01\x02")
    zip_version[central + 6 : central + 8] = (248).to_bytes(2, "little")
    pdf_pages = pdf.replace(b"/Type /Page\n", b"/Type /Pagx\n", 1)
    return {
        "broken-xml.docx": broken_xml,
        "broken-xml.odt": broken_odt,
        "bad-deflate.docx": bytes(deflated),
        "places.json": json.dumps(bad_places).encode(),
        "chapter-twice.json": json.dumps(twice).encode(),
        "day-twice.json": json.dumps(same_day).encode(),
        "zip-version.docx": bytes(zip_version),
        "page.pdf": pdf_pages,
        "half.pdf": pdf[: len(pdf) // 2],
    }


def test_every_damaged_file_is_refused_with_a_message_and_nothing_saved(seed_report, cast):
    for name, data in _damaged(seed_report).items():
        response = _upload(cast["owner"], name, data)
        assert response.status_code in (302, 422), name
        if response.status_code == 302:  # read, with warnings: confirmed, it saves whole
            pending = PendingImport.objects.get()
            confirmed = client_for(cast["owner"]).post(
                reverse("reports:import_review", args=[pending.pk]),
                {"action": "confirm", "bureau": cast["owner"].bureau_id},
            )
            assert confirmed.status_code in (302, 422), name
            PendingImport.objects.all().delete()
        else:
            assert "無法" in response.content.decode() or "不正確" in response.content.decode()
    # Whatever was saved was saved whole: every report has its chapters.
    for report in Report.objects.all():
        assert report.chapters.count() > 0


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("places.json", "JSON 檔的「mission.days[0].places」內容不正確。"),
        ("chapter-twice.json", "JSON 檔有兩個第 1 章。"),
        ("day-twice.json", "JSON 檔的行程有兩天都是 2026-04-26。"),
        ("zip-version.docx", "無法開啟這個 Word 檔（.docx 可能已損壞）。"),
        ("broken-xml.docx", "無法開啟這個 Word 檔（.docx 可能已損壞）。"),
        ("broken-xml.odt", "無法開啟這個 ODT 檔（可能已損壞）。"),
    ],
)
def test_a_damaged_file_is_refused_with_what_is_wrong(seed_report, name, message):
    with pytest.raises(UnreadableReport) as refused:
        read_report(name, _damaged(seed_report)[name])
    assert refused.value.message == message


def test_a_text_file_with_a_bom_and_one_bad_byte_is_imported():
    data = "\ufeff".encode() + SEED.read_bytes().replace("防災".encode(), b"\xff\xfe", 1)
    report = import_report_bytes(data, filename="bom.txt").report
    assert report.chapters.count() == 4


def test_a_nul_in_a_json_text_is_removed_not_refused_by_the_database(seed_report):
    document = json.loads(export_report(seed_report.pk, "json"))
    document["report"]["title"] = "出國\u0000報告"
    report = import_report_bytes(json.dumps(document).encode(), filename="nul.json").report
    assert report.title == "出國報告"


def test_a_title_longer_than_its_field_is_refused_before_anything_is_saved(seed_report):
    document = json.loads(export_report(seed_report.pk, "json"))
    document["report"]["chapters"][0]["title"] = "章" * 600
    missions = Mission.objects.count()
    with pytest.raises(UnreadableReport) as refused:
        import_report_bytes(json.dumps(document).encode(), filename="long.json")
    assert refused.value.message == "「章名」超過 500 字（600 字），無法匯入。"
    assert Mission.objects.count() == missions


# ----- 4. Control characters -----


CONTROLS = "a\vb\x0cc\x1bd\x01e\ufffef\u2028g"


def test_control_characters_typed_into_a_block_are_cleaned_and_every_format_prints(
    seed_report, cast
):
    block = Block.objects.filter(chapter__report=seed_report, kind="paragraph").first()
    update_block(
        user=cast["admin"], block=block, data={"text": CONTROLS}, expected_version=block.version
    )
    block.refresh_from_db()
    assert block.text == "a\nb\ncdef\ng"
    for fmt in ("odt", "docx", "pdf", "json"):
        assert export_report(seed_report.pk, fmt)


def test_a_record_saved_with_control_characters_before_still_prints(seed_report):
    Block.objects.filter(chapter__report=seed_report, kind="paragraph").update(text=CONTROLS)
    for fmt in ("odt", "docx", "pdf"):
        assert export_report(seed_report.pk, fmt)


# ----- 5. File names that are not UTF-8 -----


def test_import_archive_goes_on_past_names_that_are_not_utf8(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    data = SEED.read_bytes()
    with open(os.path.join(os.fsencode(folder), b"\xff\xfe-x.txt"), "wb") as handle:
        handle.write(data)
    big5 = "出國報告.txt".encode("cp950")
    with open(os.path.join(os.fsencode(folder), big5), "wb") as handle:
        handle.write(data.replace("赴日本".encode(), "赴東京".encode(), 1))
    log = tmp_path / "log.csv"
    call_command("import_archive", str(folder), "--no-progress", "--log", str(log))
    rows = log.read_text(encoding="utf-8-sig").splitlines()[1:]
    assert sorted(row.split(",")[:2] for row in rows) == [
        ["\\xff\\xfe-x.txt", "imported"],
        ["出國報告.txt", "imported"],
    ]


# ----- 6. Photos carry nothing but their pixels -----


def _jpeg_with_app13() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(out, "JPEG")
    data = out.getvalue()
    iptc = b"Photoshop 3.0\x008BIM\x04\x04GPS 25.03N 121.56E"
    return data[:2] + b"\xff\xed" + (len(iptc) + 2).to_bytes(2, "big") + iptc + data[2:]


def _png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("GPS", "25.03N 121.56E")
    info.add_itxt("Location", "臺北市信義區")
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "blue").save(out, "PNG", pnginfo=info)
    return out.getvalue()


def _with_trailing_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(out, "JPEG")
    return out.getvalue() + b"GPS 25.03N 121.56E"


@pytest.mark.parametrize("photo", [_jpeg_with_app13, _png_with_text, _with_trailing_bytes])
def test_a_photo_in_a_json_is_stored_without_what_it_carried(seed_report, photo):
    document = json.loads(export_report(seed_report.pk, "json"))
    group = next(b for b in document["report"]["chapters"][1]["blocks"] if b["kind"] == "figures")
    group["photos"] = [{"filename": "p", "data": base64.b64encode(photo()).decode()}]
    import_report_bytes(json.dumps(document).encode(), filename="photo.json")
    stored = Photo.objects.get()
    with stored.image.open("rb") as handle:
        data = handle.read()
    assert b"GPS" not in data and "臺北".encode() not in data
    assert b"25.03N" not in data


def test_a_photo_as_envoy_exports_it_is_kept_byte_for_byte(seed_report):
    from envoy.reports.photos import encode_photo

    out = io.BytesIO()
    Image.new("RGB", (300, 200), "teal").save(out, "JPEG")
    clean = encode_photo(out.getvalue(), "x.jpg").content
    document = json.loads(export_report(seed_report.pk, "json"))
    group = next(b for b in document["report"]["chapters"][1]["blocks"] if b["kind"] == "figures")
    group["photos"] = [{"filename": "p.jpg", "data": base64.b64encode(clean).decode()}]
    import_report_bytes(json.dumps(document).encode(), filename="photo.json")
    with Photo.objects.get().image.open("rb") as handle:
        assert handle.read() == clean
