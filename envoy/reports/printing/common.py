"""What every printed form of a report (PDF, ODT, DOCX) shows, worked out once.

The printers get the report as an ``envoy.report`` document (docs/json-export.md) and
ask this module for the cover lines, the itinerary rows and the labels, so the three
formats never disagree about content.
"""

import base64
import datetime as dt
import io
import logging
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from envoy.core.lib.rocdates import format_roc_long, format_roc_short, format_roc_span
from envoy.missions.enums import TripCategory

# Paper and fonts shared by all formats. Noto CJK lacks some Latin-Extended letters
# (ž in Sprindžuks): the Latin fallbacks come after it.
SERIF_FONTS = ["Noto Serif CJK TC", "Noto Serif", "DejaVu Serif"]
SANS_FONTS = ["Noto Sans CJK TC", "Noto Sans", "DejaVu Sans"]


@dataclass(frozen=True)
class CoverLine:
    label: str
    value: str


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def category_label(mission: dict) -> str:
    """其他(出席國際會議)."""
    label = str(TripCategory(mission["category"]).label)
    detail = mission.get("category_detail") or ""
    return f"{label}({detail})" if detail else label


def cover_heading(document: dict) -> str:
    """出國報告（出國類別：其他(出席國際會議)）."""
    return f"出國報告（出國類別：{category_label(document['mission'])}）"


def traveller_line(member: dict) -> str:
    """One traveller on the cover: 新北市政府秘書處 處長 祝惠美."""
    where = "".join(part for part in (member.get("agency"), member.get("unit")) if part)
    return " ".join(part for part in (where, member.get("title"), member["name"]) if part)


def cover_lines(document: dict) -> list[CoverLine]:
    """The labelled lines under the title on the national cover, in order."""
    mission, report = document["mission"], document["report"]
    start, end = _date(mission["start_date"]), _date(mission["end_date"])
    countries = "、".join(mission.get("destination_countries") or []) or mission.get("region", "")
    travellers = "\n".join(traveller_line(m) for m in mission["members"])
    report_date = _date(report.get("report_date"))
    return [
        CoverLine("服務機關", mission.get("host_agency", "")),
        CoverLine("姓名職稱", travellers),
        CoverLine("派赴國家/地區", countries),
        CoverLine("出國期間", format_roc_span(start, end) if start and end else ""),
        CoverLine("報告日期", format_roc_long(report_date) if report_date else ""),
    ]


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
                "/".join(day.get("countries") or []),
                "-".join(day.get("places") or []),
                "\n".join(lines),
                day.get("remarks") or "",
            ]
        )
    return rows


def itinerary_title(document: dict) -> str:
    return "行程表"


def chapter_heading(chapter: dict) -> str:
    """第二章 過程."""
    return f"第{chinese_number(chapter['number'])}章 {chapter['title']}"


def point_heading(block: dict) -> str:
    """一、強化韌性城市論述…"""
    return f"{chinese_number(block['number'])}、{block['text']}"


_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九."""
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    return str(n)


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
