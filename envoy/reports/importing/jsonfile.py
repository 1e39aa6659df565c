"""Envoy's own JSON export (docs/json-export.md) read back, checked field by field."""

import datetime as dt
import json

from django.utils.translation import gettext as _

from ..docformat import FORMAT, VERSION
from ..enums import BlockKind, HeadingStyle, PointMarker, ReportStatus
from .errors import UnreadableReport
from .itinerary import EMPTY_ITEM
from .parser import empty_document

_DAY_KEYS = {"countries": [], "places": [], "heading": "", "remarks": ""}
_MEMBER_KEYS = {"agency": "", "unit": "", "title": "", "rank": "", "is_head": False}


def load_document(data: bytes) -> dict:
    """Parse and check an ``envoy.report`` document; return it with every key present."""
    try:
        raw = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UnreadableReport(_("JSON 檔格式錯誤：%s") % error) from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise UnreadableReport(_('這不是 Envoy 匯出的報告 JSON（缺少 "format": "envoy.report"）。'))
    if raw.get("version") != VERSION:
        raise UnreadableReport(
            _("不支援的 JSON 版本 %(found)s（本系統讀取第 %(known)s 版）。")
            % {"found": raw.get("version"), "known": VERSION}
        )
    document = empty_document()
    mission, report = _dict(raw, "mission"), _dict(raw, "report")
    for key, default in document["mission"].items():
        if key not in ("members", "days"):
            document["mission"][key] = mission.get(key, default)
    for key, default in document["report"].items():
        if key != "chapters":
            document["report"][key] = report.get(key, default)
    # Documents from before the choice existed were all numbered 第一章.
    document["report"]["heading_style"] = report.get("heading_style", HeadingStyle.CHAPTER)
    if document["report"]["heading_style"] not in HeadingStyle.values:
        raise _bad("report.heading_style")
    _text(document["mission"], "title", "mission.title")
    _text(document["report"], "title", "report.title")
    for key in ("start_date", "end_date"):
        _date(document["mission"][key], f"mission.{key}")
    _date(document["report"]["report_date"], "report.report_date")
    if document["report"]["status"] not in ReportStatus.values:
        raise _bad("report.status")
    document["mission"]["members"] = [
        {**_MEMBER_KEYS, **_need(m, "name", f"mission.members[{n}]")}
        for n, m in enumerate(_list(mission, "members"))
    ]
    for n, day in enumerate(_list(mission, "days")):
        where = f"mission.days[{n}]"
        _date(_need(day, "date", where)["date"], where + ".date")
        items = [
            {**EMPTY_ITEM, **_need(i, "text", f"{where}.items[{k}]")}
            for k, i in enumerate(_list(day, "items"))
        ]
        document["mission"]["days"].append({**_DAY_KEYS, **day, "items": items})
    for n, chapter in enumerate(_list(report, "chapters")):
        where = f"report.chapters[{n}]"
        _need(chapter, "number", where)
        _need(chapter, "title", where)
        blocks = []
        for k, block in enumerate(_list(chapter, "blocks")):
            block_where = f"{where}.blocks[{k}]"
            if not isinstance(block, dict) or block.get("kind") not in BlockKind.values:
                raise _bad(block_where + ".kind")
            if block["kind"] == "day":
                _date(_need(block, "date", block_where)["date"], block_where + ".date")
            if not isinstance(block.get("restricted", False), bool):
                raise _bad(block_where + ".restricted")
            # Documents from before markers were kept numbered their points 一、.
            marker = block.setdefault("marker", PointMarker.LOWER.value)
            if marker not in PointMarker.values or isinstance(marker, bool):
                raise _bad(block_where + ".marker")
            blocks.append({"text": "", **block})
        document["report"]["chapters"].append(
            {"number": chapter["number"], "title": chapter["title"], "blocks": blocks}
        )
    return document


def _bad(where: str) -> UnreadableReport:
    return UnreadableReport(_("JSON 檔的「%s」內容不正確。") % where)


def _dict(raw: dict, key: str) -> dict:
    value = raw.get(key)
    if not isinstance(value, dict):
        raise _bad(key)
    return value


def _list(raw: dict, key: str) -> list:
    value = raw.get(key, [])
    if not isinstance(value, list):
        raise _bad(key)
    return value


def _need(raw, key: str, where: str) -> dict:
    if not isinstance(raw, dict) or key not in raw:
        raise _bad(f"{where}.{key}")
    return raw


def _text(raw: dict, key: str, where: str) -> None:
    if not isinstance(raw.get(key), str):
        raise _bad(where)


def _date(value, where: str) -> None:
    if value is None:
        return
    try:
        dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise _bad(where) from None
