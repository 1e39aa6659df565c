"""Uploaded contact files as text: UTF-8 (with or without BOM), UTF-16 with BOM, and the
Big5/CP950 that Excel in Taiwan writes."""

import codecs
import re

from charset_normalizer import from_bytes
from django.utils.translation import gettext as _

from . import UnreadableFile

# CP950 is Big5 as Taiwanese Windows writes it (a superset: 碁, 銹, €…); Big5-HKSCS adds
# Hong Kong characters. GB18030 for files from the mainland.
_LEGACY = ("cp950", "big5hkscs", "gb18030")

# Control characters, private-use glyphs and replacement characters: signs of binary data.
_ODD = re.compile("[\x00-\x08\x0b\x0e-\x1f\ue000-\uf8ff\ufffd]")


def decode(data: bytes) -> tuple[str, str]:
    """The text of ``data`` and the encoding it was read with.

    Raises :class:`UnreadableFile` for an empty file, binary data, or text in no encoding
    we know. UTF-8 is tried before the legacy encodings: a UTF-8 file is almost never also
    valid CP950 text, while the reverse is common.
    """
    if not data.strip():
        raise UnreadableFile(_("檔案是空的。"))
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding), encoding)
            except UnicodeDecodeError:
                raise UnreadableFile(
                    _("無法辨識這個檔案的文字編碼（支援 UTF-8 與 Big5）。")
                ) from None
    if b"\x00" in data:
        raise UnreadableFile(_("這不是文字檔（含有二進位資料），無法匯入。"))
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    for encoding in _LEGACY:
        try:
            return _checked(data.decode(encoding), encoding)
        except (UnicodeDecodeError, UnreadableFile):
            continue
    best = from_bytes(data).best()
    if best is not None:
        return _checked(str(best), best.encoding)
    raise UnreadableFile(_("無法辨識這個檔案的文字編碼（支援 UTF-8 與 Big5）。"))


def _checked(text: str, encoding: str) -> tuple[str, str]:
    """Refuse text that decoded but is mostly control characters or private-use glyphs."""
    if not text.strip():
        raise UnreadableFile(_("檔案是空的。"))
    odd = len(_ODD.findall(text))
    if odd > max(3, len(text) // 100):
        raise UnreadableFile(_("這不是文字檔（含有二進位資料），無法匯入。"))
    return text, encoding
