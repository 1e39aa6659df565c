"""Plain-text reports: UTF-8 (with or without BOM), UTF-16 with BOM, Big5/CP950."""

import codecs
import re

from charset_normalizer import from_bytes
from django.utils.translation import gettext as _

from .errors import UnreadableReport

# Big5 as Taiwanese Windows writes it: CP950 is a superset of Big5 (adds 碁, 銹, € …).
_CHINESE_LEGACY = ("cp950", "big5hkscs", "gb18030")


# Control characters, private-use glyphs and replacement characters: signs of binary data.
_ODD = re.compile("[\x00-\x08\x0b\x0e-\x1f\ue000-\uf8ff\ufffd]")


def decode(data: bytes) -> tuple[str, str]:
    """Return the text and the encoding it was read with.

    Raises :class:`UnreadableReport` for binary data or text in no encoding we know.
    """
    if not data.strip():
        raise UnreadableReport(_("檔案是空的。"))
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            # A bad byte in a file that says what it is: replaced, and counted as odd below.
            return _checked(data.decode(encoding, errors="replace"), encoding)
    if b"\x00" in data:
        raise UnreadableReport(_("這不是文字檔（含有二進位資料），無法匯入。"))
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    for encoding in _CHINESE_LEGACY:
        try:
            return _checked(data.decode(encoding), encoding)
        except (UnicodeDecodeError, UnreadableReport):
            continue
    best = from_bytes(data).best()
    if best is not None:
        return _checked(str(best), best.encoding)
    raise UnreadableReport(_("無法辨識這個檔案的文字編碼（支援 UTF-8 與 Big5）。"))


def _checked(text: str, encoding: str) -> tuple[str, str]:
    """Refuse text that decoded but is mostly control characters or private-use glyphs."""
    if not text.strip():
        raise UnreadableReport(_("檔案是空的。"))
    odd = len(_ODD.findall(text))
    if odd > max(3, len(text) // 100):
        raise UnreadableReport(_("這不是文字檔（含有二進位資料），無法匯入。"))
    return text, encoding


def lines(data: bytes) -> tuple[list[str], str]:
    text, encoding = decode(data)
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), encoding
