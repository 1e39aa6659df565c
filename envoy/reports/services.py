"""The verbs of reports: importing a file, saving a document, exporting.

Each function runs in one transaction: a failure leaves the database as it was.
"""

import base64
import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from envoy.core.services import record
from envoy.missions.models import DelegationMember, ItineraryDay, ItineraryItem, Mission

from .document import load_report, report_document
from .enums import BlockKind
from .importing import ReadResult, UnreadableReport, read_report
from .importing.errors import too_large
from .importing.parser import Recognised
from .models import Block, Chapter, Photo, Report, SourceFile


@dataclass
class ImportOutcome:
    report: Report
    found: Recognised
    format: str
    encoding: str


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _time(value: str | None) -> dt.time | None:
    return dt.time.fromisoformat(value) if value else None


def import_report_file(
    path: Path | str, *, filename: str | None = None, user=None, bureau=None
) -> ImportOutcome:
    """Read a report file and save it as a new mission and report, keeping the original.

    Raises :class:`UnreadableReport` (with a message for the user) and writes nothing when
    the file is too large, empty, not a report, or in a format Envoy does not read. The file
    at ``path`` is only read, never moved or changed.
    """
    path = Path(path)
    size = path.stat().st_size
    if size > settings.ENVOY_MAX_UPLOAD_BYTES:
        raise too_large(size, settings.ENVOY_MAX_UPLOAD_BYTES)
    data = path.read_bytes()
    return import_report_bytes(data, filename=filename or path.name, user=user, bureau=bureau)


def import_report_bytes(data: bytes, *, filename: str, user=None, bureau=None) -> ImportOutcome:
    """As :func:`import_report_file`, for bytes already in memory (an upload)."""
    if len(data) > settings.ENVOY_MAX_UPLOAD_BYTES:
        raise too_large(len(data), settings.ENVOY_MAX_UPLOAD_BYTES)
    result: ReadResult = read_report(filename, data)
    with transaction.atomic():
        report = save_document(result.document, user=user, bureau=bureau)
        source = SourceFile(
            report=report,
            original_filename=filename[:255],
            format=result.format,
            encoding=result.encoding,
            sha256=hashlib.sha256(data).hexdigest(),
            size=len(data),
            warnings=result.found.warnings,
        )
        # A failure after this line rolls the rows back; the stray file is removed below.
        source.file.save(Path(filename).name[-100:] or "report", ContentFile(data), save=False)
        try:
            source.save()
        except Exception:
            source.file.delete(save=False)
            raise
        record(
            user=user,
            action="report.imported",
            obj=report,
            mission_id=report.mission_id,
            summary=filename,
            details={"format": result.format, "warnings": result.found.warnings},
        )
    return ImportOutcome(report, result.found, result.format, result.encoding)


@transaction.atomic
def save_document(document: dict, *, user=None, bureau=None) -> Report:
    """Create a mission and its report from an ``envoy.report`` document. Ids in it are
    ignored: this always creates new records. The mission belongs to ``bureau``, or to the
    bureau of ``user`` when none is given."""
    m = document["mission"]
    if bureau is None and user is not None:
        bureau = getattr(user, "bureau", None)
    mission = Mission.objects.create(
        bureau=bureau,
        created_by=user if user is not None and user.is_authenticated else None,
        direction=m["direction"],
        title=m["title"],
        category=m["category"],
        category_detail=m["category_detail"],
        region=m["region"],
        host_agency=m["host_agency"],
        visited_agencies=m["visited_agencies"],
        start_date=_date(m["start_date"]),
        end_date=_date(m["end_date"]),
        destination_countries=m["destination_countries"],
        destination_cities=m["destination_cities"],
    )
    DelegationMember.objects.bulk_create(
        DelegationMember(mission=mission, position=n, **member)
        for n, member in enumerate(m["members"])
    )
    days = ItineraryDay.objects.bulk_create(
        ItineraryDay(
            mission=mission,
            date=_date(day_data["date"]),
            countries=day_data["countries"],
            places=day_data["places"],
            heading=day_data["heading"],
            remarks=day_data["remarks"],
        )
        for day_data in m["days"]
    )
    items = [
        ItineraryItem(
            day=day,
            position=n,
            kind=item["kind"],
            text=item["text"],
            place=item["place"],
            start_time=_time(item["start_time"]),
            start_timezone=item["start_timezone"],
            end_time=_time(item["end_time"]),
            end_timezone=item["end_timezone"],
            end_date=_date(item["end_date"]),
            flight_number=item["flight_number"],
            origin=item["origin"],
            destination=item["destination"],
        )
        for day, day_data in zip(days, m["days"], strict=True)
        for n, item in enumerate(day_data["items"])
    ]
    for item in items:
        item.set_instants()
    ItineraryItem.objects.bulk_create(items)
    r = document["report"]
    report = Report.objects.create(
        mission=mission,
        title=r["title"],
        keywords=r["keywords"],
        subject_category=r["subject_category"],
        policy_category=r["policy_category"],
        summary=r["summary"],
        report_date=_date(r["report_date"]),
        page_count=r["page_count"],
        portal_id=r["portal_id"],
        status=r["status"],
        source_toc=r["source_toc"],
    )
    chapters = Chapter.objects.bulk_create(
        Chapter(report=report, number=c["number"], title=c["title"]) for c in r["chapters"]
    )
    blocks = [
        (_new_block(chapter, n, b), b)
        for chapter, chapter_data in zip(chapters, r["chapters"], strict=True)
        for n, b in enumerate(chapter_data["blocks"])
    ]
    Block.objects.bulk_create(block for block, _ in blocks)
    for block, data in blocks:
        for n, photo in enumerate(data.get("photos") or []):
            _save_photo(block, n, photo)
    return report


def _new_block(chapter: Chapter, position: int, data: dict) -> Block:
    kind = data["kind"]
    return Block(
        chapter=chapter,
        position=position,
        kind=kind,
        text=data.get("text", ""),
        date=_date(data.get("date")) if kind == BlockKind.DAY else None,
        number=data.get("number") if kind == BlockKind.POINT else None,
        figure_first=data.get("figure_first") if kind == BlockKind.FIGURES else None,
        figure_last=data.get("figure_last") if kind == BlockKind.FIGURES else None,
        source_page=data.get("source_page") if kind == BlockKind.FIGURES else None,
    )


def _save_photo(block: Block, position: int, data: dict) -> Photo:
    """Save a photo given as base64 ``data``. A file path is never followed: a document
    that comes in from outside must not make Envoy read files on the server."""
    try:
        content = base64.b64decode(data["data"], validate=True)
    except (KeyError, TypeError, ValueError):
        raise UnreadableReport(
            _("照片「%s」沒有內容或內容不是 base64。") % data.get("filename", "")
        ) from None
    photo = Photo(
        figure_group_id=block.pk,
        position=position,
        original_filename=data.get("filename", "")[:255],
        sha256=hashlib.sha256(content).hexdigest(),
    )
    photo.image.save(data.get("filename") or "photo", ContentFile(content), save=False)
    photo.save()
    return photo


def export_report(report_id: int, fmt: str) -> bytes:
    """The report printed or exported in ``fmt`` (pdf, odt, docx, json), as bytes."""
    import json

    report = load_report(report_id)
    if fmt == "json":
        document = report_document(report, photos="embed")
        return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    from .printing import render

    return render(report_document(report, photos="path"), fmt)
