"""Envoy's own JSON export (docs/json-export.md) read back, checked field by field."""

import datetime as dt
import json
from zoneinfo import available_timezones

from django.utils.translation import gettext as _

from envoy.missions.enums import Direction, ItemKind, TripCategory

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
    _check_shape(document)
    return document


# The type of every value of the document, by where it is: str, int (None allowed where the
# format says null), bool, a list of str, or a choice.
_STR, _INT, _OPT_INT, _BOOL, _STRS, _DATE, _TIME, _ZONE = (
    "str int int? bool [str] date time zone".split()
)
_MISSION = {
    "direction": Direction.values,
    "title": _STR,
    "category": TripCategory.values,
    "category_detail": _STR,
    "region": _STR,
    "host_agency": _STR,
    "visited_agencies": _STR,
    "destination_countries": _STRS,
    "destination_cities": _STRS,
}
_MEMBER = {
    "name": _STR,
    "agency": _STR,
    "unit": _STR,
    "title": _STR,
    "rank": _STR,
    "is_head": _BOOL,
}
_DAY = {"countries": _STRS, "places": _STRS, "heading": _STR, "remarks": _STR}
_ITEM = {
    "kind": ItemKind.values,
    "text": _STR,
    "place": _STR,
    "start_time": _TIME,
    "start_timezone": _ZONE,
    "end_time": _TIME,
    "end_timezone": _ZONE,
    "end_date": _DATE,
    "flight_number": _STR,
    "origin": _STR,
    "destination": _STR,
}
_REPORT = {
    "title": _STR,
    "keywords": _STRS,
    "subject_category": _STR,
    "policy_category": _STR,
    "summary": _STR,
    "page_count": _OPT_INT,
    "portal_id": _STR,
}
_BLOCK = {
    "text": _STR,
    "number": _OPT_INT,
    "figure_first": _OPT_INT,
    "figure_last": _OPT_INT,
    "source_page": _OPT_INT,
}
# PostgreSQL's integer column holds no more.
_MAX_INT = 2**31 - 1


def _check_shape(document: dict) -> None:
    """Refuse, naming the place, any value of the wrong type, a repeated chapter number or
    itinerary date, and anything the database would refuse after the import began."""
    mission, report = document["mission"], document["report"]
    _check(mission, _MISSION, "mission")
    for n, member in enumerate(mission["members"]):
        _check(member, _MEMBER, f"mission.members[{n}]")
    dates = set()
    for n, day in enumerate(mission["days"]):
        _check(day, _DAY, f"mission.days[{n}]")
        if day["date"] in dates:
            raise UnreadableReport(_("JSON 檔的行程有兩天都是 %s。") % day["date"])
        dates.add(day["date"])
        for k, item in enumerate(day["items"]):
            _check(item, _ITEM, f"mission.days[{n}].items[{k}]")
    _check(report, _REPORT, "report")
    if not isinstance(report["source_toc"], list):
        raise _bad("report.source_toc")
    for n, entry in enumerate(report["source_toc"]):
        if not isinstance(entry, dict):
            raise _bad(f"report.source_toc[{n}]")
        _check(entry, {"title": _STR, "page": _OPT_INT}, f"report.source_toc[{n}]")
    numbers = set()
    for n, chapter in enumerate(report["chapters"]):
        _check(chapter, {"number": _INT, "title": _STR}, f"report.chapters[{n}]")
        if chapter["number"] in numbers:
            raise UnreadableReport(_("JSON 檔有兩個第 %s 章。") % chapter["number"])
        numbers.add(chapter["number"])
        for k, block in enumerate(chapter["blocks"]):
            where = f"report.chapters[{n}].blocks[{k}]"
            _check(block, _BLOCK, where)
            photos = block.get("photos", [])
            if not isinstance(photos, list) or not all(isinstance(p, dict) for p in photos):
                raise _bad(where + ".photos")


def _check(values: dict, spec: dict, where: str) -> None:
    for key, kind in spec.items():
        if key not in values:
            continue
        value = values[key]
        if isinstance(kind, list):
            ok = value in kind
        elif kind == _STR:
            ok = isinstance(value, str)
        elif kind == _STRS:
            ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        elif kind == _BOOL:
            ok = isinstance(value, bool)
        elif kind in (_INT, _OPT_INT):
            ok = (value is None and kind == _OPT_INT) or (
                isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= _MAX_INT
            )
        elif kind == _ZONE:
            ok = value == "" or (isinstance(value, str) and value in available_timezones())
        elif kind == _DATE:
            ok = value is None or _is_iso(value, dt.date.fromisoformat)
        else:
            ok = value is None or _is_iso(value, dt.time.fromisoformat)
        if not ok:
            raise _bad(f"{where}.{key}")


def _is_iso(value, parse) -> bool:
    try:
        parse(value)
    except (TypeError, ValueError):
        return False
    return True


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
