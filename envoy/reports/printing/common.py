"""What every printed form of a report (PDF, ODT, DOCX) shows, worked out once.

The printers get the report as an ``envoy.report`` document (docs/json-export.md) and
ask this module for the cover lines, the itinerary rows and the labels, so the three
formats never disagree about content.
"""

import base64
import datetime as dt
import io
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from envoy.core.lib.places import country_names
from envoy.core.lib.rocdates import format_roc_long, format_roc_short, format_roc_span
from envoy.core.lib.titles import title_without_organisation
from envoy.missions.enums import TripCategory

from .. import numbering
from ..enums import HeadingStyle

# Fonts shared by all formats. The report is set in Kai (楷書), as agencies print with
# 標楷體 (DFKai-SB). The office formats name 標楷體, the font a government PC has, with
# TW-Kai (全字庫正楷體, Debian's fonts-cns11643-kai) as the fallback where the format
# allows one; the PDF uses TW-Kai itself.
KAI_FONT = "標楷體"
KAI_FALLBACK = "TW-Kai"
# The PDF's Chinese text: TW-Kai, its supplements for rare characters (CJK Ext-B and
# beyond), then Noto Serif CJK and DejaVu Serif for anything they lack.
KAI_FONTS = ["TW-Kai", "TW-Kai-Ext-B", "TW-Kai-Plus", "Noto Serif CJK TC", "DejaVu Serif"]
# The PDF's Latin letters come first, from a Latin serif face, and only for Latin text
# (Typst's "latin-in-cjk"): TW-Kai draws ā and ž full-width, and Noto CJK has no
# precomposed ž, so the shaper builds it from z and a combining háček that lands on the
# next letter (Sprindzǔks). DejaVu Serif has every precomposed letter.
LATIN_FONTS = ["Noto Serif", "DejaVu Serif"]
SERIF_FONTS = ["Noto Serif CJK TC", "Noto Serif", "DejaVu Serif"]
SANS_FONTS = ["Noto Sans CJK TC", "Noto Sans", "DejaVu Sans"]

# What a draft's cover shows for a field nobody has filled in yet.
MISSING = "（未填）"


@dataclass(frozen=True)
class CoverLine:
    label: str
    value: str


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def category_label(mission: dict) -> str:
    """其他(出席國際會議); empty when the mission has no category."""
    if not mission.get("category"):
        return ""
    label = str(TripCategory(mission["category"]).label)
    detail = mission.get("category_detail") or ""
    return f"{label}({detail})" if detail else label


def marks_missing(document: dict) -> bool:
    """Whether the cover prints an empty field as （未填）: while the report is being
    written (a draft, or returned for changes). A report that went further keeps the
    national layout's blank."""
    return document["report"].get("status", "draft") in ("draft", "returned")


def _filled(value: str, document: dict) -> str:
    return value if value.strip() or not marks_missing(document) else MISSING


def cover_heading(document: dict) -> str:
    """出國報告（出國類別：其他(出席國際會議)）."""
    category = _filled(category_label(document["mission"]), document)
    return f"出國報告（出國類別：{category}）"


def traveller_line(member: dict) -> str:
    """One traveller on the cover: 新北市政府秘書處 處長 祝惠美."""
    where = "".join(part for part in (member.get("agency"), member.get("unit")) if part)
    title = title_without_organisation(member.get("title") or "", where, member.get("unit") or "")
    return " ".join(part for part in (where, title, member["name"]) if part)


def cover_lines(document: dict) -> list[CoverLine]:
    """The labelled lines under the title on the national cover, in order."""
    mission, report = document["mission"], document["report"]
    start, end = _date(mission.get("start_date")), _date(mission.get("end_date"))
    countries = "、".join(country_names(mission.get("destination_countries") or [], "zh-hant"))
    countries = countries or mission.get("region") or ""
    travellers = "\n".join(traveller_line(m) for m in mission.get("members") or [])
    report_date = _date(report.get("report_date"))
    lines = [
        CoverLine("服務機關", mission.get("host_agency") or ""),
        CoverLine("姓名職稱", travellers),
        CoverLine("派赴國家/地區", countries),
        CoverLine("出國期間", format_roc_span(start, end) if start and end else ""),
        CoverLine("報告日期", format_roc_long(report_date) if report_date else ""),
    ]
    return [CoverLine(line.label, _filled(line.value, document)) for line in lines]


def figure_label(block: dict) -> str:
    """圖 1-3 / 圖 8."""
    first, last = block.get("figure_first"), block.get("figure_last")
    if first is None:
        return "圖"
    return f"圖 {first}-{last}" if last and last != first else f"圖 {first}"


def day_heading(block: dict) -> str:
    """The day heading as the officer wrote it, or a standard one from the date."""
    if block.get("text"):
        return block["text"]
    return format_roc_long(dt.date.fromisoformat(block["date"]), weekday=True)


ITINERARY_COLUMNS = ["日期", "國家", "地點", "行程", "備註"]


def itinerary_rows(document: dict) -> list[list[str]]:
    """The 行程表 as rows of cell text, one row per day.

    The programme cell holds the heading then the numbered items, one per line:
    a day without heading whose first item is travel prints it unnumbered, as reports do.
    """
    rows = []
    for day in document["mission"]["days"]:
        lines = []
        items = list(day["items"])
        if day.get("heading"):
            lines.append(day["heading"] + "：")
        elif items and items[0]["kind"] == "flight":
            lines.append(items.pop(0)["text"])
        lines += [f"{n}. {item['text']}" for n, item in enumerate(items, 1)]
        rows.append(
            [
                format_roc_short(dt.date.fromisoformat(day["date"])),
                "/".join(country_names(day.get("countries") or [], "zh-hant")),
                "-".join(day.get("places") or []),
                "\n".join(lines),
                day.get("remarks") or "",
            ]
        )
    return rows


def itinerary_title(document: dict) -> str:
    return "行程表"


def has_itinerary(document: dict) -> bool:
    """Whether 行程表 prints: only for a mission with days, never as an empty table."""
    return bool(document["mission"].get("days"))


def has_figures(document: dict) -> bool:
    """Whether 圖次 prints: only when some chapter has a figure group."""
    return any(
        block["kind"] == "figures"
        for chapter in document["report"].get("chapters") or []
        for block in chapter["blocks"]
    )


def paragraphs(text: str) -> list[str]:
    """A paragraph block's text as the paragraphs it prints as: a blank line starts a new
    paragraph, a single line break stays a line break (\\n however it was typed)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [part for part in _BLANK_LINE.split(text.strip("\n")) if part.strip()]


# A line break, then one or more lines holding nothing but white space, each ended.
_BLANK_LINE = re.compile(r"\n(?:[^\S\n]*\n)+")


def heading_style(document: dict) -> str:
    """How the document numbers its chapters (documents from before the choice: 第一章)."""
    return document["report"].get("heading_style") or HeadingStyle.CHAPTER


def chapter_heading(chapter: dict, style: str) -> str:
    """第二章 過程, 貳、過程, 二、過程 or 過程, as the report numbers its chapters."""
    return numbering.chapter_heading(style, chapter["number"], chapter["title"])


def point_heading(block: dict) -> str:
    """一、強化韌性城市論述…, or （一）… for a point marked a level further down."""
    return f"{numbering.point_label(point_marker(block), block['number'])}{block['text']}"


def point_marker(block: dict) -> int:
    return block.get("marker", numbering.LOWER)


def point_depths(blocks: list[dict]) -> dict[int, int]:
    """How deep each point marker of a chapter sits (0 for its outermost points)."""
    return numbering.depths(point_marker(b) for b in blocks if b["kind"] == "point")


def figure_caption(block: dict) -> str:
    """圖 1-3 東京臨海廣域防災公園體驗學習設施: the label, then the group's caption."""
    return f"{figure_label(block)} {block.get('text') or ''}".strip()


def photo_name(photo: dict) -> str:
    """What a photo that cannot be printed is called in its place."""
    return photo.get("filename") or Path(photo.get("path") or "").name or "（相片）"


# Photos for the office formats (ODT, DOCX): these go in as they are, others as PNG.
_OFFICE_IMAGE_TYPES = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "GIF": ("gif", "image/gif"),
}

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class OfficePhoto:
    data: bytes
    extension: str
    mime_type: str
    width: int  # pixels
    height: int

    def size_cm(self, width: float, max_height: float) -> tuple[float, float]:
        """The printed size: ``width`` wide, or less when that would be over ``max_height``."""
        height = width * self.height / self.width
        if height > max_height:
            return width * max_height / height, max_height
        return width, height


def office_photo(photo: dict) -> OfficePhoto | None:
    """A figure-group photo ("path" to its file, or base64 "data") ready to embed in an
    ODT or DOCX; None, logged, when it is missing or not an image the report can show."""
    try:
        if photo.get("path"):
            data = Path(photo["path"]).read_bytes()
        else:
            data = base64.b64decode(photo.get("data") or "")
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if image.format not in _OFFICE_IMAGE_TYPES:  # WebP, TIFF…: as PNG
                out = io.BytesIO()
                if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
                    image = image.convert("RGBA")
                image.save(out, "PNG")
                data, image_format = out.getvalue(), "PNG"
            else:
                image_format = image.format
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
        logger.warning("photo %s: cannot be printed (%s)", photo_name(photo), error)
        return None
    extension, mime_type = _OFFICE_IMAGE_TYPES[image_format]
    return OfficePhoto(data, extension, mime_type, width, height)
