"""The photo service: what it takes, what it refuses, and what it keeps of a photo."""

import hashlib
import io
import struct
import zlib

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from envoy.core.models import AuditEntry
from envoy.reports.enums import BlockKind, ReportStatus
from envoy.reports.models import Block, Photo
from envoy.reports.photos import PhotoRejected, add_photo, move_photo, remove_photo

pytestmark = pytest.mark.django_db

RED, BLUE = (220, 20, 20), (20, 20, 220)


def image_bytes(fmt: str, size=(120, 80), mode="RGB", color=RED, **options) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, fmt, **options)
    return buffer.getvalue()


def noise_jpeg(size=(400, 300)) -> bytes:
    """A JPEG of random pixels: it cannot be compressed, so cutting it loses image data."""
    import random

    rng = random.Random(7)
    image = Image.frombytes(
        "RGB", size, bytes(rng.getrandbits(8) for _ in range(size[0] * size[1] * 3))
    )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` × ``height`` pixels (a decompression bomb)."""
    data = bytearray(image_bytes("PNG", size=(1, 1)))
    ihdr = struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return bytes(data)


def upload(name: str, data: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture
def group(mission_report) -> Block:
    """The seed's first figure group (圖 1-3), without photos."""
    return (
        Block.objects.select_related("chapter__report__mission")
        .filter(chapter__report=mission_report, kind=BlockKind.FIGURES)
        .order_by("chapter__number", "position")
        .first()
    )


def stored(field) -> Image.Image:
    with field.open("rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
        image.load()
    return image


def files_under(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


# ----- Accepted -----


def test_a_jpeg_is_stored_re_encoded_with_a_thumbnail_and_its_facts(group, cast):
    owner = cast["owner"]
    photo = add_photo(
        user=owner, block=group, upload=upload("會場.jpg", image_bytes("JPEG", size=(1200, 900)))
    )
    photo.refresh_from_db()
    image = stored(photo.image)
    thumbnail = stored(photo.thumbnail)
    with photo.image.open("rb") as handle:
        digest = hashlib.sha256(handle.read()).hexdigest()
    assert (image.format, image.size) == ("JPEG", (1200, 900))
    assert (thumbnail.format, thumbnail.size) == ("JPEG", (400, 300))
    assert (photo.width, photo.height) == (1200, 900)
    assert photo.sha256 == digest
    assert photo.original_filename == "會場.jpg"
    assert photo.uploaded_by == owner
    assert photo.position == 0
    assert photo.figure_group_id == group.pk


def test_a_png_without_transparency_is_stored_as_jpeg(group, cast):
    photo = add_photo(user=cast["owner"], block=group, upload=upload("a.png", image_bytes("PNG")))
    assert stored(photo.image).format == "JPEG"
    assert photo.image.name.endswith(".jpg")


def test_a_png_with_transparency_stays_a_png_with_its_alpha(group, cast):
    data = image_bytes("PNG", mode="RGBA", color=(220, 20, 20, 128))
    photo = add_photo(user=cast["owner"], block=group, upload=upload("logo.png", data, "image/png"))
    image = stored(photo.image)
    assert (image.format, image.mode) == ("PNG", "RGBA")
    assert image.getpixel((0, 0)) == (220, 20, 20, 128)
    assert stored(photo.thumbnail).format == "JPEG"


def test_a_webp_is_taken_and_stored_as_jpeg(group, cast):
    photo = add_photo(
        user=cast["owner"], block=group, upload=upload("a.webp", image_bytes("WEBP"), "image/webp")
    )
    assert (stored(photo.image).format, photo.width, photo.height) == ("JPEG", 120, 80)


def test_the_browser_content_type_and_file_name_are_not_trusted(group, cast):
    photo = add_photo(
        user=cast["owner"], block=group, upload=upload("scan.gif", image_bytes("PNG"), "image/gif")
    )
    assert stored(photo.image).format == "JPEG"


def test_a_big_photo_is_shrunk_to_3000_pixels_on_its_long_side(group, cast):
    photo = add_photo(
        user=cast["owner"],
        block=group,
        upload=upload("wide.jpg", image_bytes("JPEG", size=(6000, 1500))),
    )
    assert (photo.width, photo.height) == (3000, 750)
    assert stored(photo.image).size == (3000, 750)


def test_no_exif_gps_or_comment_of_the_original_survives(group, cast):
    exif = Image.Exif()
    exif[0x010F] = "Canon"  # Make
    exif[0x8825] = {1: "N", 2: (25.0, 2.0, 3.0), 3: "E", 4: (121.0, 30.0, 0.0)}  # GPS
    data = image_bytes("JPEG", exif=exif.tobytes(), comment=b"taken at home")
    assert dict(Image.open(io.BytesIO(data)).getexif())  # the original has them
    photo = add_photo(user=cast["owner"], block=group, upload=upload("gps.jpg", data))
    for field in (photo.image, photo.thumbnail):
        image = stored(field)
        assert dict(image.getexif()) == {}
        assert "exif" not in image.info
        assert "comment" not in image.info
        assert "xmp" not in image.info
        with field.open("rb") as handle:
            raw = handle.read()
        assert b"Exif" not in raw
        assert b"Canon" not in raw
        assert b"taken at home" not in raw


def test_a_photo_turned_by_its_exif_orientation_is_stored_upright(group, cast):
    # Left half red, right half blue, with "rotate 90° clockwise to show" (orientation 6).
    image = Image.new("RGB", (120, 80), RED)
    image.paste(Image.new("RGB", (60, 80), BLUE), (60, 0))
    exif = Image.Exif()
    exif[0x0112] = 6
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95, exif=exif.tobytes())
    photo = add_photo(
        user=cast["owner"], block=group, upload=upload("turned.jpg", buffer.getvalue())
    )
    upright = stored(photo.image)
    assert upright.size == (80, 120)
    assert (photo.width, photo.height) == (80, 120)
    top, bottom = upright.getpixel((40, 20)), upright.getpixel((40, 100))
    assert top[0] > 180 and top[2] < 60  # red on top
    assert bottom[2] > 180 and bottom[0] < 60  # blue below
    assert dict(upright.getexif()) == {}


def test_photos_are_added_at_the_end_of_the_group(group, cast):
    first = add_photo(user=cast["owner"], block=group, upload=upload("1.jpg", image_bytes("JPEG")))
    second = add_photo(user=cast["owner"], block=group, upload=upload("2.jpg", image_bytes("JPEG")))
    assert list(group.photos.values_list("pk", "position")) == [(first.pk, 0), (second.pk, 1)]


def test_adding_a_photo_writes_an_audit_entry(group, cast):
    photo = add_photo(user=cast["owner"], block=group, upload=upload("a.jpg", image_bytes("JPEG")))
    entry = AuditEntry.objects.get(action="photo.added")
    assert (entry.user, entry.object_type, entry.object_id, entry.mission_id) == (
        cast["owner"],
        "reports.photo",
        photo.pk,
        group.chapter.report.mission_id,
    )


# ----- Refused -----

REFUSED = [
    pytest.param(
        "anim.gif",
        lambda: image_bytes("GIF"),
        "「anim.gif」是 GIF 檔，只接受 JPEG、PNG 或 WebP 圖片。",
        id="gif",
    ),
    pytest.param(
        "renamed.jpg",
        lambda: image_bytes("GIF"),
        "「renamed.jpg」是 GIF 檔，只接受 JPEG、PNG 或 WebP 圖片。",
        id="gif-named-jpg",
    ),
    pytest.param(
        "IMG_0001.HEIC",
        lambda: b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64,
        "「IMG_0001.HEIC」是 HEIC 檔，只接受 JPEG、PNG 或 WebP 圖片。",
        id="heic",
    ),
    pytest.param(
        "logo.svg",
        lambda: b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "「logo.svg」是 SVG 檔，只接受 JPEG、PNG 或 WebP 圖片。",
        id="svg",
    ),
    pytest.param(
        "slides.pdf",
        lambda: b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n",
        "「slides.pdf」是 PDF 檔，只接受 JPEG、PNG 或 WebP 圖片。",
        id="pdf",
    ),
    pytest.param(
        "notes.jpg",
        lambda: "這不是照片，是會議筆記。".encode(),
        "「notes.jpg」不是 JPEG、PNG 或 WebP 圖片，無法上傳。",
        id="text-named-jpg",
    ),
    pytest.param(
        "cut.jpg",
        lambda: noise_jpeg()[: len(noise_jpeg()) // 2],
        "「cut.jpg」的圖片資料不完整或已損毀，請重新匯出後再上傳。",
        id="truncated-jpeg",
    ),
    pytest.param(
        "empty.jpg",
        lambda: b"",
        "「empty.jpg」是空的檔案。",
        id="empty",
    ),
    pytest.param(
        "bomb.png",
        lambda: png_claiming(30000, 30000),
        "「bomb.png」的像素過多（超過 6000 萬像素），請縮小後再上傳。",
        id="decompression-bomb",
    ),
    pytest.param(
        "huge.png",
        lambda: png_claiming(9000, 8000),
        "「huge.png」的像素過多（超過 6000 萬像素），請縮小後再上傳。",
        id="huge-pixel-count",
    ),
]


@pytest.mark.parametrize(("name", "make", "message"), REFUSED)
def test_a_file_that_is_not_a_photo_envoy_takes_is_refused_with_its_reason(
    group, cast, media_root, name, make, message
):
    with pytest.raises(PhotoRejected) as refused:
        add_photo(user=cast["owner"], block=group, upload=upload(name, make()))
    assert refused.value.message == message
    assert Photo.objects.count() == 0
    assert not (media_root / "photos").exists()
    assert not AuditEntry.objects.filter(action="photo.added").exists()


def test_a_file_larger_than_the_limit_is_refused_before_it_is_read(
    group, cast, settings, media_root
):
    settings.ENVOY_MAX_PHOTO_BYTES = 1024 * 1024
    data = image_bytes("JPEG")
    data += b"\x00" * (1536 * 1024 - len(data))  # 1.5 MB; JPEG readers ignore the tail
    with pytest.raises(PhotoRejected) as refused:
        add_photo(user=cast["owner"], block=group, upload=upload("big.jpg", data))
    assert refused.value.message == "「big.jpg」太大（1.5 MB），照片上限為 1 MB。"
    assert Photo.objects.count() == 0
    assert not (media_root / "photos").exists()


# ----- Who may -----


@pytest.mark.parametrize("who", ["viewer", "reviewer", "outsider"])
def test_someone_who_may_not_edit_the_report_cannot_add_a_photo(group, cast, who, media_root):
    with pytest.raises(PermissionDenied):
        add_photo(user=cast[who], block=group, upload=upload("a.jpg", image_bytes("JPEG")))
    assert Photo.objects.count() == 0


def test_a_submitted_report_takes_no_photo_from_its_editors_but_from_an_administrator(group, cast):
    report = group.chapter.report
    report.status = ReportStatus.SUBMITTED
    report.save()
    with pytest.raises(PermissionDenied):
        add_photo(user=cast["owner"], block=group, upload=upload("a.jpg", image_bytes("JPEG")))
    photo = add_photo(user=cast["admin"], block=group, upload=upload("a.jpg", image_bytes("JPEG")))
    assert photo.uploaded_by == cast["admin"]


def test_only_a_figure_group_takes_photos(mission_report, cast):
    paragraph = Block.objects.filter(
        chapter__report=mission_report, kind=BlockKind.PARAGRAPH
    ).first()
    with pytest.raises(ValueError):
        add_photo(user=cast["owner"], block=paragraph, upload=upload("a.jpg", image_bytes("JPEG")))


# ----- Removing and moving -----


def test_removing_a_photo_deletes_it_and_its_files_once_committed(
    group, cast, media_root, django_capture_on_commit_callbacks
):
    photo = add_photo(user=cast["owner"], block=group, upload=upload("a.jpg", image_bytes("JPEG")))
    assert len(files_under(media_root / "photos")) == 2
    photo_id = photo.pk
    with django_capture_on_commit_callbacks(execute=True):
        remove_photo(user=cast["owner"], photo=photo)
    assert Photo.objects.count() == 0
    assert files_under(media_root / "photos") == []
    entry = AuditEntry.objects.get(action="photo.removed")
    assert (entry.object_id, entry.summary) == (photo_id, f"{group.text[:80]}：移除照片 a.jpg")


def test_a_viewer_cannot_remove_a_photo(group, cast):
    photo = add_photo(user=cast["owner"], block=group, upload=upload("a.jpg", image_bytes("JPEG")))
    with pytest.raises(PermissionDenied):
        remove_photo(user=cast["viewer"], photo=photo)
    assert Photo.objects.count() == 1


def test_moving_a_photo_swaps_it_with_its_neighbour(group, cast):
    a, b, c = (
        add_photo(user=cast["owner"], block=group, upload=upload(f"{n}.jpg", image_bytes("JPEG")))
        for n in "abc"
    )
    move_photo(user=cast["owner"], photo=c, direction="left")
    assert list(group.photos.values_list("original_filename", flat=True)) == [
        "a.jpg",
        "c.jpg",
        "b.jpg",
    ]
    move_photo(user=cast["owner"], photo=a, direction="right")
    assert list(group.photos.values_list("original_filename", flat=True)) == [
        "c.jpg",
        "a.jpg",
        "b.jpg",
    ]
    assert list(group.photos.values_list("position", flat=True)) == [0, 1, 2]
    assert AuditEntry.objects.filter(action="photo.moved").count() == 2


def test_moving_the_first_photo_left_or_the_last_right_changes_nothing(group, cast):
    a, b = (
        add_photo(user=cast["owner"], block=group, upload=upload(f"{n}.jpg", image_bytes("JPEG")))
        for n in "ab"
    )
    move_photo(user=cast["owner"], photo=a, direction="left")
    move_photo(user=cast["owner"], photo=b, direction="right")
    assert list(group.photos.values_list("original_filename", flat=True)) == ["a.jpg", "b.jpg"]
    assert not AuditEntry.objects.filter(action="photo.moved").exists()


# ----- Figure numbers -----


def test_adding_and_removing_photos_renumbers_the_figures_when_the_report_numbers_them(group, cast):
    groups = Block.objects.filter(
        chapter__report=group.chapter.report, kind=BlockKind.FIGURES
    ).order_by("chapter__number", "position")
    add_photo(user=cast["owner"], block=group, upload=upload("1.jpg", image_bytes("JPEG")))
    second = add_photo(user=cast["owner"], block=group, upload=upload("2.jpg", image_bytes("JPEG")))
    # The next group has no photo yet: it keeps its imported span of two (圖 4-5).
    assert [(g.figure_first, g.figure_last) for g in groups[:2]] == [(1, 2), (3, 4)]
    remove_photo(user=cast["owner"], photo=second)
    assert [(g.figure_first, g.figure_last) for g in groups[:2]] == [(1, 1), (2, 3)]
