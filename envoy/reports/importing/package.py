"""Word and ODF files are zip packages. Opened here before any parser sees them: every member
is checked for size and compression ratio (a small file must not unpack into gigabytes), and
the record Envoy's own prints carry inside is read back with its photos.
"""

import base64
import hashlib
import io
import zipfile
import zlib

from django.utils.translation import gettext as _

from ..docformat import PACKAGED_RECORD
from .errors import UnreadableReport

# A report's document.xml is a few MB at most; its photos are stored or barely compressed.
MAX_MEMBER_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
# XML compresses about 10:1; beyond this a member is built to expand, not written.
MAX_RATIO = 200
_IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".tif", ".tiff")


def open_package(data: bytes, broken: str) -> zipfile.ZipFile:
    """The zip package of ``data``, its members checked; :class:`UnreadableReport` with
    ``broken`` when it is no zip, or with a message of its own when it would unpack into more
    than Envoy reads."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        members = package.infolist()
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        ValueError,
        EOFError,
        OSError,
        NotImplementedError,
    ):
        raise UnreadableReport(broken) from None
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if (
            member.file_size > MAX_MEMBER_BYTES
            or total > MAX_TOTAL_BYTES
            or (ratio > MAX_RATIO and member.file_size > 1024 * 1024)
        ):
            raise UnreadableReport(
                _("這個檔案解壓縮後過大（%(name)s 為 %(size).0f MB），可能是惡意檔案，未匯入。")
                % {"name": member.filename[:60], "size": member.file_size / 1024 / 1024}
            )
    return package


def packaged_document(package: zipfile.ZipFile) -> tuple[dict, list[str]] | None:
    """The record an Envoy print carries (document.PACKAGED_RECORD), checked like a JSON
    import, with each photo's bytes taken from the image the file shows; with a warning for
    each photo the file no longer holds. None when the file carries no record."""
    from .jsonfile import load_document

    try:
        raw = package.read(PACKAGED_RECORD)
    except KeyError:
        return None
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError):
        raise UnreadableReport(_("無法讀取檔案中的報告紀錄（檔案可能已損壞）。")) from None
    document = load_document(raw)
    images = _images_by_digest(package)
    warnings = []
    for chapter in document["report"]["chapters"]:
        for block in chapter["blocks"]:
            kept = []
            for photo in block.get("photos") or []:
                data = images.get(photo.get("embedded_sha256") if isinstance(photo, dict) else None)
                if data is None:
                    warnings.append(
                        _("照片「%s」不在檔案中，未匯入。") % str(photo.get("filename"))[:60]
                    )
                    continue
                kept.append({"filename": photo.get("filename") or "photo", "data": data})
            if "photos" in block:
                block["photos"] = kept
    return document, warnings


def _images_by_digest(package: zipfile.ZipFile) -> dict[str, str]:
    """The package's images as base64, keyed by the SHA-256 of their bytes."""
    out = {}
    for member in package.infolist():
        if member.filename.lower().endswith(_IMAGE_SUFFIXES):
            try:
                data = package.read(member)
            except (
                zipfile.BadZipFile,
                zlib.error,
                OSError,
                EOFError,
                ValueError,
                NotImplementedError,
            ):
                continue
            out[hashlib.sha256(data).hexdigest()] = base64.b64encode(data).decode("ascii")
    return out


__all__ = ["open_package", "packaged_document"]
