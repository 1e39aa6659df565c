"""Imports from the browser, in two steps: the file is read and kept as a pending import
(待確認匯入) that only its uploader sees; nothing of the mission or report exists until they
confirm it, and discarding it leaves nothing behind.
"""

import dataclasses
import hashlib
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404

from envoy.core.lib.places import normalise_countries, settle_places
from envoy.core.models import Bureau
from envoy.core.services import record
from envoy.missions.models import Mission
from envoy.missions.permissions import can_create_mission, can_edit_mission, missions_for_user

from ..models import PendingImport, Report
from ..printing.common import chapter_heading
from . import read_report
from .errors import UnreadableReport, too_large


def summarize(document: dict) -> dict:
    """What the review page shows of a document: its cover facts, counts and itinerary."""
    mission, report = document["mission"], document["report"]
    blocks = [block for chapter in report["chapters"] for block in chapter["blocks"]]
    items = [item for day in mission["days"] for item in day["items"]]

    def count(kind: str) -> int:
        return sum(1 for block in blocks if block["kind"] == kind)

    return {
        "title": report["title"] or mission["title"],
        "mission_title": mission["title"],
        "category": mission["category"],
        "category_detail": mission["category_detail"],
        # As the mission will keep them (``missions.services``): ISO codes.
        "countries": settle_places(mission["destination_countries"], mission["region"]),
        "host_agency": mission["host_agency"],
        "start_date": mission["start_date"],
        "end_date": mission["end_date"],
        "members": len(mission["members"]),
        "days": len(mission["days"]),
        "items": len(items),
        "flights": sum(1 for item in items if item["kind"] == "flight"),
        "toc_entries": len(report.get("source_toc") or []),
        "chapters": len(report["chapters"]),
        "day_headings": count("day"),
        "sections": count("section"),
        "paragraphs": count("paragraph"),
        "points": count("point"),
        "figure_groups": count("figures"),
        "figures": sum(
            (block.get("figure_last") or block["figure_first"]) - block["figure_first"] + 1
            for block in blocks
            if block["kind"] == "figures" and block.get("figure_first")
        ),
        "photos": sum(len(block.get("photos") or []) for block in blocks),
        "chapter_titles": [
            {
                "number": chapter["number"],
                "title": chapter["title"],
                "heading": chapter_heading(chapter, report["heading_style"]),
            }
            for chapter in report["chapters"]
        ],
        "itinerary": [
            {
                "date": day["date"],
                "countries": normalise_countries(day["countries"]),
                "places": day["places"],
                "heading": day["heading"],
                "remarks": day["remarks"],
                "items": [
                    {
                        "kind": item["kind"],
                        "text": item["text"],
                        "start_time": item["start_time"],
                        "start_timezone": item.get("start_timezone", ""),
                        "end_time": item["end_time"],
                        "end_timezone": item.get("end_timezone", ""),
                        "end_date": item.get("end_date"),
                    }
                    for item in day["items"]
                ],
            }
            for day in mission["days"]
        ],
    }


def earlier_imports(user, pending: PendingImport) -> list[Mission]:
    """The missions ``user`` may open that already hold ``pending``'s report: imported from
    a file with the same content, or with the same title and the same dates (the same
    report printed again, or exported and re-imported)."""
    summary = pending.recognised["summary"]
    same = Q(report__source_files__sha256=pending.recognised["sha256"])
    if summary["title"] and summary["start_date"]:
        same |= Q(
            report__title=summary["title"],
            start_date=summary["start_date"],
            end_date=summary["end_date"],
        )
    return list(
        missions_for_user(user).filter(same).distinct().order_by("-id").only("id", "title")[:5]
    )


def get_pending_for_user(user, pk: int) -> PendingImport:
    """The pending import ``pk`` if ``user`` uploaded it; 404 for anyone else, whoever they
    are: a pending import is its uploader's own until they confirm it."""
    if not user.is_authenticated:
        raise Http404
    try:
        return PendingImport.objects.defer("document").get(pk=pk, user=user)
    except PendingImport.DoesNotExist:
        raise Http404 from None


def pending_imports_for_user(user) -> QuerySet[PendingImport]:
    """The user's own pending imports, newest first (without their documents: large)."""
    if not user.is_authenticated:
        return PendingImport.objects.none()
    return PendingImport.objects.filter(user=user).defer("document")


def bureaus_for_import(user) -> QuerySet[Bureau]:
    """The bureaus ``user`` may import a report for: those whose missions they may change."""
    allowed = [
        bureau.pk
        for bureau in Bureau.objects.only("pk")
        if can_edit_mission(user, Mission(bureau=bureau))
    ]
    return Bureau.objects.filter(pk__in=allowed).order_by("name")


def stage_import(*, user, upload) -> PendingImport:
    """Read the uploaded report and keep it, with what was read, as a pending import.

    Raises :class:`UnreadableReport` (with the user's message) and stores nothing when the
    file is larger than ``ENVOY_MAX_UPLOAD_BYTES`` (refused before it is read), empty, or
    not a report Envoy can read. ``PermissionDenied`` unless ``user`` may create missions.
    No mission or report is created.
    """
    if not can_create_mission(user):
        raise PermissionDenied
    limit = settings.ENVOY_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise too_large(upload.size, limit)
    data = upload.read()
    filename = Path(upload.name or "report").name[:255]
    result = read_report(filename, data)
    found = dataclasses.asdict(result.found)
    pending = PendingImport(
        user=user,
        original_filename=filename,
        format=result.format,
        encoding=result.encoding,
        document=result.document,
        recognised={
            "fields": found["fields"],
            "rejoined": found["rejoined"],
            "summary": summarize(result.document),
            "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
        },
        warnings=found["warnings"],
    )
    pending.file.save(filename[-100:], ContentFile(data), save=False)
    try:
        with transaction.atomic():
            pending.save()
            record(
                user=user,
                action="report.import_staged",
                obj=pending,
                summary=filename,
                details={"format": result.format, "warnings": found["warnings"]},
            )
    except Exception:
        pending.file.delete(save=False)
        raise
    return pending


def confirm_import(*, user, pending: PendingImport, bureau: Bureau | None = None) -> Report:
    """Create the mission and report of ``pending``, keep its file as the report's
    :class:`SourceFile`, and remove the pending import — all in one transaction.

    The mission belongs to ``bureau``, or to the user's own bureau when none is given;
    ``PermissionDenied`` when the user may not create missions for that bureau or did not
    upload ``pending``. Raises :class:`UnreadableReport` (nothing created, the pending import
    kept) when the document cannot be saved, e.g. a photo in it is not valid base64.
    """
    if pending.user_id != user.pk or not can_create_mission(user):
        raise PermissionDenied
    if bureau is None:
        bureau = user.bureau
    if not can_edit_mission(user, Mission(bureau=bureau)):
        raise PermissionDenied
    from ..services import save_import

    with pending.file.open("rb") as handle:
        data = handle.read()
    storage, name = pending.file.storage, pending.file.name
    with transaction.atomic():
        report, _saved_warnings = save_import(
            pending.document,
            data,
            filename=pending.original_filename,
            fmt=pending.format,
            encoding=pending.encoding,
            warnings=pending.warnings,
            user=user,
            bureau=bureau,
        )
        pending.delete()
        transaction.on_commit(lambda: storage.delete(name))
    return report


def discard_import(*, user, pending: PendingImport) -> None:
    """Delete ``pending`` and its file. Nothing else was ever created for it."""
    if pending.user_id != user.pk:
        raise PermissionDenied
    storage, name = pending.file.storage, pending.file.name
    with transaction.atomic():
        record(
            user=user,
            action="report.import_discarded",
            obj=pending,
            summary=pending.original_filename,
        )
        pending.delete()
        transaction.on_commit(lambda: storage.delete(name))


__all__ = [
    "UnreadableReport",
    "bureaus_for_import",
    "earlier_imports",
    "confirm_import",
    "discard_import",
    "get_pending_for_user",
    "pending_imports_for_user",
    "stage_import",
    "summarize",
]
