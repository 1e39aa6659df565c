"""A saved report as an ``envoy.report`` document (docs/json-export.md) — the one shape the
JSON export, the printers and the importers share."""

import base64
import copy
import datetime as dt
import json

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from envoy.missions.models import ItineraryDay, Mission

from .docformat import FORMAT, VERSION
from .enums import BlockKind
from .models import Block, Chapter, Photo, Report


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _time(value: dt.time | None) -> str | None:
    return value.strftime("%H:%M") if value else None


def load_report(report_id: int) -> Report:
    """A report with everything its document needs, in a fixed number of queries."""
    return (
        Report.objects.select_related("mission")
        .prefetch_related(
            "mission__members",
            Prefetch("mission__days", queryset=ItineraryDay.objects.prefetch_related("items")),
            Prefetch(
                "chapters",
                queryset=Chapter.objects.prefetch_related(
                    Prefetch(
                        "blocks",
                        queryset=Block.objects.prefetch_related(
                            Prefetch("photos", queryset=Photo.objects.order_by("position", "id"))
                        ),
                    )
                ),
            ),
        )
        .get(pk=report_id)
    )


def withheld_notice() -> str:
    """What stands in the published copy for a chapter whose every block is classified."""
    return _("本章內容限閱，不予公開。")


def public_blocks(chapter: Chapter) -> list[Block]:
    """The blocks of ``chapter`` that may be published, in order (its blocks prefetched)."""
    return [block for block in chapter.blocks.all() if not block.restricted]


def _public_chapter_blocks(chapter: Chapter, photos: str) -> list[dict]:
    blocks = [_block(block, photos) for block in public_blocks(chapter)]
    if not blocks and chapter.blocks.all():
        # Every block withheld: the heading stays, so that the chapters keep the numbers the
        # official record (and its 目次) gives them, and a reader sees that something was
        # withheld rather than an empty chapter.
        blocks = [{"kind": BlockKind.PARAGRAPH.value, "text": withheld_notice()}]
    return blocks


def report_document(report: Report, *, photos: str = "embed", public: bool = False) -> dict:
    """The whole record as a document.

    ``photos="embed"`` puts each photo's bytes in base64 (files that travel);
    ``photos="path"`` gives its path on disk instead (printing inside Envoy).

    ``public=True`` is the copy that may be published (the public archive and its PDF):
    classified blocks (``Block.restricted``, 限閱) are left out, and a chapter all of whose
    blocks are classified keeps its heading over a one-line notice that its content is
    withheld. Without it the document is the complete internal record, classified blocks
    marked ``"restricted": true``.
    """
    mission: Mission = report.mission
    return {
        "format": FORMAT,
        "version": VERSION,
        "id": report.pk,
        "mission": {
            "id": mission.pk,
            "direction": mission.direction,
            "title": mission.title,
            "category": mission.category,
            "category_detail": mission.category_detail,
            "region": mission.region,
            "host_agency": mission.host_agency,
            "visited_agencies": mission.visited_agencies,
            "start_date": _iso(mission.start_date),
            "end_date": _iso(mission.end_date),
            "destination_countries": list(mission.destination_countries),
            "destination_cities": list(mission.destination_cities),
            "members": [
                {
                    "name": m.name,
                    "agency": m.agency,
                    "unit": m.unit,
                    "title": m.title,
                    "rank": m.rank,
                    "is_head": m.is_head,
                }
                for m in mission.members.all()
            ],
            "days": [
                {
                    "date": _iso(day.date),
                    "countries": list(day.countries),
                    "places": list(day.places),
                    "heading": day.heading,
                    "remarks": day.remarks,
                    "items": [
                        {
                            "kind": item.kind,
                            "text": item.text,
                            "place": item.place,
                            "start_time": _time(item.start_time),
                            "start_timezone": item.start_timezone,
                            "end_time": _time(item.end_time),
                            "end_timezone": item.end_timezone,
                            "end_date": _iso(item.end_date),
                            "flight_number": item.flight_number,
                            "origin": item.origin,
                            "destination": item.destination,
                        }
                        for item in day.items.all()
                    ],
                }
                for day in mission.days.all()
            ],
        },
        "report": {
            "title": report.title,
            "keywords": list(report.keywords),
            "subject_category": report.subject_category,
            "policy_category": report.policy_category,
            "summary": report.summary,
            "report_date": _iso(report.report_date),
            "page_count": report.page_count,
            "portal_id": report.portal_id,
            "status": report.status,
            "heading_style": report.heading_style,
            # The imported document's 目次 may name classified sections: not published.
            "source_toc": [] if public else list(report.source_toc),
            "chapters": [
                {
                    "number": chapter.number,
                    "title": chapter.title,
                    "blocks": (
                        _public_chapter_blocks(chapter, photos)
                        if public
                        else [_block(block, photos) for block in chapter.blocks.all()]
                    ),
                }
                for chapter in report.chapters.all()
            ],
        },
    }


def _block(block: Block, photos: str) -> dict:
    out = {"kind": block.kind, "text": block.text}
    if block.kind == BlockKind.DAY:
        out["date"] = _iso(block.date)
    elif block.kind == BlockKind.POINT:
        out["number"] = block.number
        out["marker"] = block.marker
    elif block.kind == BlockKind.FIGURES:
        out.update(
            figure_first=block.figure_first,
            figure_last=block.figure_last,
            source_page=block.source_page,
            photos=[_photo(photo, photos) for photo in block.photos.all()],
        )
    if block.restricted:
        # Only when true: documents written before the flag existed stay as they were.
        out["restricted"] = True
    return out


def _photo(photo: Photo, mode: str) -> dict:
    out = {"filename": photo.original_filename, "sha256": photo.sha256}
    if mode == "path":
        out["path"] = photo.image.path
    else:
        with photo.image.open("rb") as handle:
            out["data"] = base64.b64encode(handle.read()).decode("ascii")
    return out


def packaged_record(document: dict, embedded: dict[str, str]) -> bytes:
    """The document as JSON for the package of an office file (docformat.PACKAGED_RECORD), so
    that Envoy's own ODT and DOCX import back as the same record (delegation, itinerary kinds,
    heading style) rather than as the text a reader sees. Photos are not copied into it: each
    names the image the file shows by its SHA-256. ``embedded`` maps a photo's
    ``sha256`` to the SHA-256 of the image printed for it (a photo that could not be
    printed is left out)."""
    record = copy.deepcopy(document)
    for chapter in record["report"]["chapters"]:
        for block in chapter["blocks"]:
            if block.get("photos"):
                block["photos"] = [
                    {
                        "filename": photo.get("filename") or "",
                        "sha256": photo.get("sha256") or "",
                        "embedded_sha256": embedded[photo["sha256"]],
                    }
                    for photo in block["photos"]
                    if photo.get("sha256") in embedded
                ]
    return json.dumps(record, ensure_ascii=False).encode("utf-8")
