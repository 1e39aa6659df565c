"""Reading reports from files: one module per format, one shared text parser.

:func:`read_report` turns a file's bytes into an ``envoy.report`` document plus what was
recognised; it writes nothing. Saving is :func:`envoy.reports.services.import_report_file`.
"""

import logging
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from ..enums import SourceFormat
from . import docx, odt, package, pdf, text
from .errors import UnreadableReport
from .parser import Recognised, parse_lines

__all__ = ["ReadResult", "UnreadableReport", "read_report", "detect_format"]

logger = logging.getLogger(__name__)


@dataclass
class ReadResult:
    document: dict
    found: Recognised
    format: str
    encoding: str = ""


def detect_format(filename: str, data: bytes) -> str:
    """The format from the file's first bytes, falling back on its extension."""
    suffix = Path(filename).suffix.lower().lstrip(".")
    if data.startswith(b"%PDF"):
        return SourceFormat.PDF
    if data.startswith(b"PK\x03\x04"):
        if b"mimetypeapplication/vnd.oasis.opendocument.text" in data[:100] or suffix == "odt":
            return SourceFormat.ODT
        return SourceFormat.DOCX
    if suffix == "json" or data.lstrip()[:1] == b"{":
        return SourceFormat.JSON
    if suffix in ("doc", "xls", "ppt", "zip", "png", "jpg", "jpeg"):
        raise UnreadableReport(
            _("不支援「.%s」檔，請匯入 .txt、.docx、.odt、.pdf 或 Envoy JSON。") % suffix
        )
    return SourceFormat.TXT


def read_report(filename: str, data: bytes) -> ReadResult:
    """Parse a report file; raise :class:`UnreadableReport` with the user's message if not.

    A file that makes a reader fail in a way it does not foresee (a library's own error on a
    damaged file) is refused the same way, and the failure logged with its traceback: a bad
    file never becomes a server error."""
    try:
        return _read(filename, data)
    except UnreadableReport:
        raise
    except Exception as error:
        logger.exception("import of %r failed unexpectedly", filename)
        raise UnreadableReport(_("無法讀取這個檔案（內容不符合它的格式，可能已損壞）。")) from error


def _read(filename: str, data: bytes) -> ReadResult:
    if not data.strip():
        raise UnreadableReport(_("檔案是空的。"))
    fmt = detect_format(filename, data)
    if fmt == SourceFormat.JSON:
        from .jsonfile import load_document

        return ReadResult(load_document(data), Recognised(), fmt, "utf-8")
    encoding = ""
    if fmt in (SourceFormat.DOCX, SourceFormat.ODT):
        broken = {
            SourceFormat.DOCX: _("無法開啟這個 Word 檔（.docx 可能已損壞）。"),
            SourceFormat.ODT: _("無法開啟這個 ODT 檔（可能已損壞）。"),
        }[fmt]
        zipped = package.open_package(data, broken)
        if packaged := package.packaged_document(zipped):
            # Envoy's own print: its record, not the text a reader sees.
            document, warnings = packaged
            return ReadResult(document, Recognised(fields=["envoy.report"], warnings=warnings), fmt)
    if fmt == SourceFormat.TXT:
        lines, encoding = text.lines(data)
    elif fmt == SourceFormat.DOCX:
        lines = docx.lines(data)
    elif fmt == SourceFormat.ODT:
        lines = odt.lines(data)
    else:
        lines = pdf.lines(data)
    document, found = parse_lines(lines, visual_lines=fmt == SourceFormat.PDF)
    return ReadResult(document, found, fmt, encoding)
