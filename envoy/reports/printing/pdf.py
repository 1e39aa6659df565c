"""The official report (公務出國報告) as PDF, typeset by Typst.

:func:`render_pdf` takes an ``envoy.report`` document (docs/json-export.md), works out
what the pages show with :mod:`.common` (cover lines, itinerary rows, headings, figure
labels) and hands that to the Typst template ``report.typ`` as JSON in
``sys.inputs``. The template prints every string as text, so nothing a user typed is
read as Typst markup.

Photos: Typst reads files only below its project root, so each call gets a temporary
root. Photos given as ``data`` (base64) are written into it; photos given as ``path``
are linked into it (so the printer trusts ``path``: importers must not pass on a
``path`` from an uploaded file). A photo that is missing, not a JPEG, PNG, GIF or WebP,
or does not decode is printed as a framed box with its file name, and the rest of the
report still prints.

Speed: fonts are loaded once per process (``typst.Fonts``) and each thread keeps a
``typst.Compiler``, so a warm call only lays out the document.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import os
import tempfile
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import typst
from django.conf import settings
from PIL import Image

from envoy.core.lib.text import clean_strings

from . import common

logger = logging.getLogger(__name__)

TEMPLATE = Path(__file__).with_name("report.typ")

SUMMARY_TITLE = "摘要"
CONTENTS_TITLE = "目次"
FIGURES_TITLE = "圖次"

# Heading levels listed in 目次: 1 = 行程表 and the chapters, 2 = days (and the
# sections or points of a chapter without days).
CONTENTS_DEPTH = 2

# Rows of photos (two to a row) kept with the caption in one figure; see _figures().
FIGURE_ROWS = 3

# Where Debian's fonts-cns11643-kai puts TW-Kai (bin/setup installs it).
KAI_FONT_PATH = "/usr/share/fonts/truetype/cns11643"

# File types Typst reads, by their first bytes.
_IMAGE_SIGNATURES = (
    (b"\xff\xd8\xff", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", ".png"),
    (b"GIF87a", ".gif"),
    (b"GIF89a", ".gif"),
)


def render_pdf(document: dict) -> bytes:
    """The report as a PDF file (A4, Traditional Chinese)."""
    return _typeset(clean_strings(document), _compile)


@dataclass(frozen=True)
class PrintedPages:
    """Where the PDF prints the body's headings and the figures, in order: (text, page
    number as printed)."""

    headings: list[tuple[str, str]]
    figures: list[tuple[str, str]]


def printed_pages(document: dict) -> PrintedPages:
    """The page of each heading and figure caption in the PDF of ``document``, as its
    footer prints it, for the Word file's 目次 and 圖次. It lays the report out as
    :func:`render_pdf` does, so it costs about as much, less when the same report was just
    printed (Typst reuses that layout)."""
    found = json.loads(_typeset(clean_strings(document), _query_pages))[0]
    return PrintedPages(
        headings=[tuple(heading) for heading in found["headings"]],
        figures=[tuple(figure) for figure in found["figures"]],
    )


def _typeset(document: dict, action):
    """``action(root, data)`` on the report's data, its photos in a temporary root."""
    _check_format(document)
    with tempfile.TemporaryDirectory(prefix="envoy-pdf-") as root:
        photos = _PhotoFolder(Path(root))
        data = _report_data(document, photos)
        try:
            return action(root, data)
        except typst.TypstError:
            # A photo that looks like an image but does not decode stops Typst. Find
            # such photos (only now: decoding them all first would slow every call),
            # print them as named boxes, and try once more.
            if not _drop_broken_photos(data, Path(root)):
                raise
            return action(root, data)


def _report_data(document: dict, photos: _PhotoFolder) -> dict:
    """What report.typ prints, as plain JSON-able data; photos go into ``photos``."""
    mission, report = document["mission"], document["report"]
    title = report.get("title") or mission.get("title") or ""
    style = common.heading_style(document)
    chapters = [
        {
            "heading": common.chapter_heading(chapter, style),
            "blocks": _blocks(chapter["blocks"], photos),
        }
        for chapter in report.get("chapters") or []
    ]
    return {
        "title": title,
        "authors": [m["name"] for m in mission.get("members") or [] if m.get("name")],
        "keywords": [k for k in report.get("keywords") or [] if k],
        "fonts": {"body": _body_fonts()},
        "labels": {
            "summary": SUMMARY_TITLE,
            "contents": CONTENTS_TITLE,
            "figures": FIGURES_TITLE,
        },
        "contents_depth": CONTENTS_DEPTH,
        "cover": {
            "heading": common.cover_heading(document),
            "title": title,
            "lines": [
                {"label": line.label, "lines": _lines(line.value)}
                for line in common.cover_lines(document)
            ],
        },
        "summary": _paragraphs(report.get("summary") or ""),
        "itinerary": {
            "title": common.itinerary_title(document),
            "columns": common.ITINERARY_COLUMNS,
            "rows": [[_lines(cell) for cell in row] for row in common.itinerary_rows(document)],
        }
        if common.has_itinerary(document)
        else None,
        "chapters": chapters,
        "has_figures": common.has_figures(document),
    }


def _check_format(document: dict) -> None:
    if document.get("format") != "envoy.report" or document.get("version") != 1:
        raise ValueError(
            f"not an envoy.report version 1 document: "
            f"{document.get('format')!r} version {document.get('version')!r}"
        )


def _lines(text: str) -> list[str]:
    """Text as its lines, printed with line breaks between them."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _paragraphs(text: str) -> list[str]:
    """The summary's paragraphs: one per non-blank line."""
    return [line for line in _lines(text) if line.strip()]


def _blocks(blocks: list[dict], photos: _PhotoFolder) -> list[dict]:
    """A chapter's blocks as headings, paragraphs and figure groups.

    Heading levels: days are level 2 and what follows a day one level deeper, so that in
    a chapter of days the sections are level 3, while in a chapter without days (心得,
    建議) its sections or points are level 2 and listed in 目次.
    """
    depths = common.point_depths(blocks)
    out = []
    day = section = False
    for block in blocks:
        kind, text = block["kind"], block.get("text") or ""
        if kind == "day":
            day, section = True, False
            out.append(_heading("day", 2, common.day_heading(block)))
        elif kind == "section":
            if not text.strip():
                continue
            section = True
            out.append(_heading("section", 2 + day, text))
        elif kind == "point":
            depth = 2 + day + section + depths[common.point_marker(block)]
            out.append(_heading("point", depth, common.point_heading(block)))
        elif kind == "figures":
            out.append(_figures(block, photos))
        else:
            out += [{"kind": "paragraph", "lines": _lines(p)} for p in common.paragraphs(text)]
    return out


def _heading(style: str, level: int, text: str) -> dict:
    return {"kind": "heading", "style": style, "level": level, "text": text}


def _figures(block: dict, photos: _PhotoFolder) -> dict:
    """A figure group: rows of up to two photos, the caption 圖 1-3 … below.

    A figure does not break across pages and three rows of photos and the caption
    always fit on one. Rows before the last three (groups of more than six photos) print
    before the figure, so that a long group runs over pages while its caption stays
    with the figure, and 圖次 gives the page where the caption is.
    """
    text = block.get("text") or ""
    items = [_photo(photo, photos) for photo in block.get("photos") or []]
    rows = [items[i : i + 2] for i in range(0, len(items), 2)]
    return {
        "kind": "figures",
        "caption": f"{common.figure_label(block)} {text}".strip(),
        "text": text,
        "lead": rows[:-FIGURE_ROWS],
        "rows": rows[-FIGURE_ROWS:],
        "single": len(items) == 1,
    }


def _photo(photo: dict, photos: _PhotoFolder) -> dict:
    name = photo.get("filename") or Path(photo.get("path") or "").name or "（相片）"
    src = photos.add(photo)
    return {"src": src, "name": name} if src else {"missing": name}


def _drop_broken_photos(data: dict, root: Path) -> bool:
    """Turn photos that do not decode into named boxes; False if all decode."""
    dropped = False
    for chapter in data["chapters"]:
        for block in chapter["blocks"]:
            if block["kind"] != "figures":
                continue
            for item in (item for row in block["lead"] + block["rows"] for item in row):
                if "src" in item and not _decodes(root / item["src"]):
                    logger.warning("photo %s: cannot be decoded", item["name"])
                    item["missing"] = item.pop("name")
                    del item["src"]
                    dropped = True
    return dropped


def _decodes(path: Path) -> bool:
    try:
        with Image.open(path) as image:
            image.load()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return False
    return True


class _PhotoFolder:
    """Photos placed under the Typst root, as root-relative paths."""

    def __init__(self, root: Path):
        self.folder = root / "photos"
        self.count = 0

    def add(self, photo: dict) -> str | None:
        """The photo's path for Typst, or None when it cannot be printed."""
        if not self.folder.exists():
            self.folder.mkdir()
        self.count += 1
        if photo.get("data"):
            try:
                content = base64.b64decode(photo["data"])
            except (binascii.Error, ValueError):
                logger.warning("photo %s: data is not base64", photo.get("filename"))
                return None
            suffix = _image_suffix(content[:16])
            if suffix is None:
                logger.warning("photo %s: not a JPEG, PNG, GIF or WebP", photo.get("filename"))
                return None
            name = f"{self.count}{suffix}"
            (self.folder / name).write_bytes(content)
            return f"photos/{name}"
        if photo.get("path"):
            path = Path(photo["path"])
            try:
                with path.open("rb") as file:
                    suffix = _image_suffix(file.read(16))
            except OSError as error:
                logger.warning("photo %s: %s", path, error)
                return None
            if suffix is None:
                logger.warning("photo %s: not a JPEG, PNG, GIF or WebP", path)
                return None
            name = f"{self.count}{suffix}"
            os.symlink(path.resolve(), self.folder / name)
            return f"photos/{name}"
        return None


def _image_suffix(head: bytes) -> str | None:
    for signature, suffix in _IMAGE_SIGNATURES:
        if head.startswith(signature):
            return suffix
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return ".webp"
    return None


@cache
def _fonts() -> typst.Fonts:
    """The fonts in settings.ENVOY_FONT_PATHS and TW-Kai's folder, loaded once per process."""
    folders = [*settings.ENVOY_FONT_PATHS, KAI_FONT_PATH]
    paths = [path for path in dict.fromkeys(folders) if os.path.isdir(path)]
    return typst.Fonts(include_system_fonts=False, font_paths=paths)


@cache
def _body_fonts() -> list:
    """Typst's font list for the report: the Latin face for Latin letters only, then the
    Kai faces and their fallbacks (see common.KAI_FONTS)."""
    latin = _installed(tuple(common.LATIN_FONTS))
    return [{"name": name, "covers": "latin-in-cjk"} for name in latin] + available_fonts(
        tuple(common.KAI_FONTS)
    )


def body_fonts() -> list:
    """The report's font list (Latin face, then Kai and fallbacks), for every Typst printer
    that prints official text: the report, its review form."""
    return _body_fonts()


@cache
def _installed(families: tuple[str, ...]) -> list[str]:
    installed = {family.lower() for family in _fonts().families()}
    return [family for family in families if family.lower() in installed]


@cache
def available_fonts(families: tuple[str, ...]) -> list[str]:
    """The families of a fallback list that are installed, in order; all of them, with a
    warning, when none is. Shared by every Typst printer (reports, briefing packs)."""
    found = _installed(families)
    if not found:
        logger.warning("none of the fonts %s is installed: see ENVOY_FONT_PATHS", families)
    return found or list(families)


_local = threading.local()


def typst_compiler() -> typst.Compiler:
    """This thread's Typst compiler, with the fonts loaded once per process. Every Typst
    printer (reports, briefing packs) uses it, so a warm call only lays the pages out; a
    Compiler is not shared between threads."""
    compiler = getattr(_local, "compiler", None)
    if compiler is None:
        compiler = _local.compiler = typst.Compiler(font_paths=_fonts())
    return compiler


def _query_pages(root: str, data: dict) -> str:
    # A compiler given the template as bytes answers one query only: a new one each time.
    compiler = typst.Compiler(
        input=TEMPLATE.read_bytes(),
        root=root,
        font_paths=_fonts(),
        sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
    )
    return compiler.query("<printed-pages>", field="value")


def _compile(root: str, data: dict) -> bytes:
    return compile_pdf(TEMPLATE, data, root=root)


def compile_pdf(template: Path, data: dict, *, root: str | None = None) -> bytes:
    """``template`` (a .typ file reading ``sys.inputs.data``) filled with ``data`` as JSON,
    typeset by this thread's compiler; Typst's warnings go to the log. ``root``: the
    folder the template may read files from (its own by default)."""
    pdf, warnings = typst_compiler().compile_with_warnings(
        input=template.read_bytes(),
        root=root or str(template.parent),
        format="pdf",
        sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
    )
    for warning in warnings:
        logger.warning("typst: %s", warning.message)
    return pdf
