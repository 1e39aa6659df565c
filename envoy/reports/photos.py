"""Photos of figure groups (圖組): adding, removing and reordering them.

An upload is trusted for nothing: its kind is read from its content (not its name or the
browser's content type), only JPEG, PNG and WebP are taken, and every accepted photo is
decoded and encoded anew — turned upright by its EXIF orientation, converted to sRGB, at most
3000 px on its long side — so that no EXIF, GPS position, XMP, comment or other metadata
of the original survives. A small JPEG thumbnail is made beside it.
"""

import hashlib
import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from envoy.core.services import record

from .enums import BlockKind
from .figures import renumber_figures
from .models import Block, Photo
from .permissions import can_edit_report

# Pillow's names of the formats taken.
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
# More pixels than this is refused before decoding: a small file can claim a huge image
# (a "decompression bomb"). 60 million takes the 50-megapixel photos of today's phones.
MAX_PIXELS = 60_000_000
MAX_LONG_SIDE = 3000
THUMBNAIL_LONG_SIDE = 400
JPEG_QUALITY = 85
THUMBNAIL_QUALITY = 80

# First bytes of formats people try to upload that Envoy does not take, to name them.
_OTHER_KINDS = [
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"%PDF", "PDF"),
    (b"BM", "BMP"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
]
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1", b"avif")


class PhotoRejected(Exception):
    """An upload that is not taken as a photo. The message names the file and the reason."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class _Encoded:
    content: bytes
    extension: str
    width: int
    height: int
    thumbnail: bytes


def _other_kind(data: bytes) -> str:
    """The name of a format Envoy does not take, when it can be told from the first bytes."""
    head = data[:64]
    for magic, name in _OTHER_KINDS:
        if head.startswith(magic):
            return name
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return "AVIF" if head[8:12] == b"avif" else "HEIC"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<svg", b"<?xml")):
        return "SVG"
    return ""


def _to_srgb(image: Image.Image) -> Image.Image:
    """Colours converted from the photo's own profile (e.g. Display P3) to sRGB, so that
    dropping the profile with the other metadata does not change how the photo looks."""
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in ("RGB", "RGBA"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        return ImageCms.profileToProfile(
            image, source, ImageCms.createProfile("sRGB"), outputMode=image.mode
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image


def _has_transparency(image: Image.Image) -> bool:
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        alpha = image.convert("RGBA").getchannel("A")
        return alpha.getextrema()[0] < 255
    return False


def encode_photo(data: bytes, filename: str) -> _Encoded:
    """Check ``data`` is a JPEG, PNG or WebP photo and encode it anew without metadata.

    Raises :class:`PhotoRejected` for anything else: another format, a file that only
    pretends to be an image, a truncated or damaged image, or one with too many pixels.
    """
    not_a_photo = PhotoRejected(_("「%s」不是 JPEG、PNG 或 WebP 圖片，無法上傳。") % filename)
    other = _other_kind(data)
    if other:
        raise PhotoRejected(
            _("「%(name)s」是 %(kind)s 檔，只接受 JPEG、PNG 或 WebP 圖片。")
            % {"name": filename, "kind": other}
        )
    too_many_pixels = PhotoRejected(
        _("「%(name)s」的像素過多（超過 %(limit)d 萬像素），請縮小後再上傳。")
        % {"name": filename, "limit": MAX_PIXELS // 10_000}
    )
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its own limit and twice that: refuse those too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_many_pixels from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise not_a_photo from None
    if image.width * image.height > MAX_PIXELS:
        raise too_many_pixels
    source_format = image.format
    if source_format in ("JPEG", "MPO"):
        # Decode big JPEGs at a reduced scale straight away: faster and far less memory.
        image.draft("RGB", (MAX_LONG_SIDE, MAX_LONG_SIDE))
    try:
        image.load()
        upright = ImageOps.exif_transpose(image)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise PhotoRejected(
            _("「%s」的圖片資料不完整或已損毀，請重新匯出後再上傳。") % filename
        ) from None

    keep_png = source_format in ("PNG", "WEBP") and _has_transparency(upright)
    mode = "RGBA" if keep_png else "RGB"
    if upright.mode != mode:
        profile = upright.info.get("icc_profile")
        upright = upright.convert(mode)
        if profile:
            upright.info["icc_profile"] = profile
    upright = _to_srgb(upright)
    upright.thumbnail((MAX_LONG_SIDE, MAX_LONG_SIDE), Image.Resampling.LANCZOS)
    # Nothing of the original's metadata may travel with the pixels.
    upright.info = {}

    out = io.BytesIO()
    if keep_png:
        upright.save(out, "PNG", optimize=True)
        extension = "png"
    else:
        upright.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
        extension = "jpg"

    thumb = upright.copy()
    thumb.thumbnail((THUMBNAIL_LONG_SIDE, THUMBNAIL_LONG_SIDE), Image.Resampling.LANCZOS)
    if thumb.mode == "RGBA":
        white = Image.new("RGB", thumb.size, (255, 255, 255))
        white.paste(thumb, mask=thumb.getchannel("A"))
        thumb = white
    thumb_out = io.BytesIO()
    thumb.save(thumb_out, "JPEG", quality=THUMBNAIL_QUALITY, optimize=True)
    return _Encoded(out.getvalue(), extension, upright.width, upright.height, thumb_out.getvalue())


def _read_upload(upload, filename: str) -> bytes:
    limit = settings.ENVOY_MAX_PHOTO_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise PhotoRejected(_too_large(filename, size, limit))
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise PhotoRejected(_too_large(filename, len(data), limit))
    if not data:
        raise PhotoRejected(_("「%s」是空的檔案。") % filename)
    return data


def _too_large(filename: str, size: int, limit: int) -> str:
    return _("「%(name)s」太大（%(size).1f MB），照片上限為 %(limit).0f MB。") % {
        "name": filename,
        "size": size / 1024 / 1024,
        "limit": limit / 1024 / 1024,
    }


def _check_may_edit(user, block: Block):
    if block.kind != BlockKind.FIGURES:
        raise ValueError("photos belong to figure groups only")
    report = block.chapter.report
    if not can_edit_report(user, report):
        raise PermissionDenied
    return report


def add_photo(*, user, block: Block, upload) -> Photo:
    """Add the uploaded file as the last photo of the figure group ``block``.

    Raises :class:`PhotoRejected` (nothing stored) when the file is not a JPEG, PNG or WebP
    photo Envoy can take, and ``PermissionDenied`` when ``user`` may not edit the report.
    The stored photo and its thumbnail are new encodings without any metadata; ``sha256``
    is of the stored file. Figures are renumbered afterwards.
    """
    report = _check_may_edit(user, block)
    filename = (getattr(upload, "name", "") or "").rsplit("/", 1)[-1][:255] or _("照片")
    encoded = encode_photo(_read_upload(upload, filename), filename)
    digest = hashlib.sha256(encoded.content).hexdigest()
    photo = Photo(
        figure_group=block,
        width=encoded.width,
        height=encoded.height,
        sha256=digest,
        original_filename=filename,
        uploaded_by=user if user is not None and user.is_authenticated else None,
    )
    try:
        with transaction.atomic():
            # Lock the group so two uploads at once do not take the same position.
            Block.objects.select_for_update().filter(pk=block.pk).first()
            last = Photo.objects.filter(figure_group=block).aggregate(last=Max("position"))["last"]
            photo.position = 0 if last is None else last + 1
            photo.image.save(
                f"{digest[:24]}.{encoded.extension}", ContentFile(encoded.content), save=False
            )
            photo.thumbnail.save(f"{digest[:24]}.jpg", ContentFile(encoded.thumbnail), save=False)
            photo.save()
            record(
                user=user,
                action="photo.added",
                obj=photo,
                mission_id=report.mission_id,
                summary=_("%(caption)s：新增照片 %(name)s")
                % {"caption": block.text[:80], "name": filename},
                details={"figure_group": block.pk, "sha256": digest},
            )
            renumber_figures(report)
    except Exception:
        for field in (photo.image, photo.thumbnail):
            if field.name:
                field.storage.delete(field.name)
        raise
    return photo


def remove_photo(*, user, photo: Photo) -> None:
    """Remove ``photo`` from its figure group; its files are deleted once that is committed.
    Figures are renumbered afterwards."""
    block = photo.figure_group
    report = _check_may_edit(user, block)
    files = [(f.storage, f.name) for f in (photo.image, photo.thumbnail) if f.name]
    with transaction.atomic():
        record(
            user=user,
            action="photo.removed",
            obj=photo,
            mission_id=report.mission_id,
            summary=_("%(caption)s：移除照片 %(name)s")
            % {"caption": block.text[:80], "name": photo.original_filename},
            details={"figure_group": block.pk, "sha256": photo.sha256},
        )
        photo.delete()
        renumber_figures(report)
        transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])


MOVES = {"left": -1, "right": 1}


def move_photo(*, user, photo: Photo, direction: str) -> None:
    """Swap ``photo`` with its neighbour on the ``"left"`` (earlier) or ``"right"`` (later).

    Moving the first photo left or the last right changes nothing. Positions of the group are
    rewritten as 0, 1, 2 … so that gaps and ties left by earlier changes disappear.
    """
    if direction not in MOVES:
        raise ValueError(f"unknown direction {direction!r}")
    block = photo.figure_group
    report = _check_may_edit(user, block)
    with transaction.atomic():
        Block.objects.select_for_update().filter(pk=block.pk).first()
        photos = list(Photo.objects.filter(figure_group=block).order_by("position", "id"))
        index = next(i for i, p in enumerate(photos) if p.pk == photo.pk)
        other = index + MOVES[direction]
        if not 0 <= other < len(photos):
            return
        photos[index], photos[other] = photos[other], photos[index]
        changed = []
        for position, item in enumerate(photos):
            if item.position != position:
                item.position = position
                changed.append(item)
        Photo.objects.bulk_update(changed, ["position"])
        record(
            user=user,
            action="photo.moved",
            obj=photo,
            mission_id=report.mission_id,
            summary=_("%(caption)s：調整照片順序") % {"caption": block.text[:80]},
            details={"figure_group": block.pk, "direction": direction, "to": other},
        )
    photo.position = other


# What a JPEG may hold beside its pixels and still be kept byte for byte: a JFIF header,
# quantisation and Huffman tables, a frame header, restart intervals (no APP1–APP15 segment,
# where EXIF, XMP, IPTC GPS and makers' notes live, and no comment).
_JPEG_SEGMENTS = {0xDB, 0xC4, 0xDD, *range(0xC0, 0xC4), *range(0xC5, 0xC8), *range(0xC9, 0xCC)}
_JPEG_SEGMENTS |= set(range(0xCD, 0xD0))
# The PNG chunks that only describe pixels (no tEXt, iTXt, zTXt, eXIf, iCCP or private ones).
_PNG_CHUNKS = {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"sBIT"}
_PNG_CHUNKS |= {b"pHYs", b"bKGD"}


def _only_pixels(data: bytes) -> bool:
    """Whether an image file holds its pixels and nothing else: no metadata segment or chunk
    and no bytes after its end (where data can hide). Only such a file is kept as it is."""
    if data.startswith(b"\xff\xd8"):
        return _jpeg_only_pixels(data)
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return _png_only_pixels(data)
    return False


def _jpeg_only_pixels(data: bytes) -> bool:
    at = 2
    while at + 4 <= len(data) and data[at] == 0xFF:
        marker = data[at + 1]
        length = int.from_bytes(data[at + 2 : at + 4], "big")
        if marker == 0xDA:
            # The scans: coded data, restart markers and (progressive) the tables and
            # headers of further scans, to the end of the image and nothing after it.
            scans = data[at + 2 + length : -2].replace(b"\xff\x00", b"")
            markers = [scans[i + 1] for i in range(len(scans) - 1) if scans[i] == 0xFF]
            return data.endswith(b"\xff\xd9") and all(
                0xD0 <= m <= 0xD7 or m in (0xC4, 0xDA, 0xDB, 0xDD, 0xFF) for m in markers
            )
        jfif = marker == 0xE0 and data[at + 4 : at + 9] == b"JFIF\x00"
        if not (jfif or marker in _JPEG_SEGMENTS):
            return False
        at += 2 + length
    return False


def _png_only_pixels(data: bytes) -> bool:
    at = 8
    while at + 8 <= len(data):
        length = int.from_bytes(data[at : at + 4], "big")
        kind = data[at + 4 : at + 8]
        if kind not in _PNG_CHUNKS:
            return False
        at += 12 + length
        if kind == b"IEND":
            return at == len(data)
    return False


def photo_from_document(block: Block, position: int, data: bytes, filename: str) -> Photo:
    """Store a photo that came inside an imported document (no audit entry: part of the
    import). It is checked like an upload; a JPEG or PNG that holds its pixels and nothing
    else — as Envoy exports them — is kept byte for byte, so an export read back is the same
    export; any other is encoded anew, without whatever it carried. Raises
    :class:`PhotoRejected`."""
    encoded = encode_photo(data, filename)
    content, extension = encoded.content, encoded.extension
    if _only_pixels(data):
        with Image.open(io.BytesIO(data)) as image:
            content, extension = data, {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}[image.format]
    digest = hashlib.sha256(content).hexdigest()
    photo = Photo(
        figure_group=block,
        position=position,
        width=encoded.width,
        height=encoded.height,
        sha256=digest,
        original_filename=filename[:255],
    )
    photo.image.save(f"{digest[:24]}.{extension}", ContentFile(content), save=False)
    photo.thumbnail.save(f"{digest[:24]}.jpg", ContentFile(encoded.thumbnail), save=False)
    photo.save()
    return photo
