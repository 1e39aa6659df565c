"""The verbs of reports: importing a file, saving a document, exporting.

Each function runs in one transaction: a failure leaves the database as it was.
"""

import base64
import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from envoy.core import indexing
from envoy.core.lib.locking import EditConflict, delete_versioned, save_versioned
from envoy.core.lib.punctuation import join_list
from envoy.core.lib.rocdates import format_roc_long
from envoy.core.lib.text import check_lengths, clean_strings, clean_text
from envoy.core.models import AuditEntry
from envoy.core.services import record
from envoy.missions.enums import Direction
from envoy.missions.models import Mission
from envoy.missions.permissions import can_edit_mission
from envoy.missions.services import (
    change_direction,
    check_in_period,
    create_mission,
    create_mission_from_record,
)

from . import categories, numbering, writing
from .document import load_report, report_document
from .enums import BlockKind, CategoryKind, PointMarker, ReportStatus, ReturnReason
from .figures import renumber_figures
from .importing import ReadResult, UnreadableReport, read_report
from .importing.errors import too_large
from .importing.parser import Recognised
from .models import (
    QUALITY_ITEMS,
    SELF,
    Block,
    Chapter,
    Photo,
    Report,
    ReviewEvent,
    ReviewForm,
    SourceFile,
)
from .permissions import TRANSITIONS, can_edit_report, can_move_report, can_review_report
from .photos import PhotoRejected, photo_from_document
from .signals import report_moved

# The chapters of a new report, as the 出國報告綜合處理要點 lists them. They are the
# document's own words (a report is written in Chinese), not interface text.
BLANK_REPORT_CHAPTERS = ["目的", "過程", "心得", "建議"]


@transaction.atomic
def create_mission_with_report(*, user, **fields) -> Mission:
    """A new mission (``missions.services.create_mission``, which takes ``fields``) and, for a
    trip abroad, its blank report: a draft titled as the mission, with the empty chapters
    目的, 過程, 心得, 建議. A visit received (來訪) gets none: the rule that a report is
    due within three months of return (出國報告綜合處理要點) is about trips abroad, and
    with no report a visit has no deadline, no place among the reports to write or overdue,
    and nothing to review or publish."""
    mission = create_mission(user=user, **fields)
    if not mission.is_visit:
        add_blank_report(mission)
    return mission


def add_blank_report(mission: Mission) -> Report:
    """The blank report a trip abroad is written on: a draft titled as the mission, with the
    empty chapters 目的, 過程, 心得, 建議 (made with the mission, or when its plan is
    approved)."""
    report = Report.objects.create(mission=mission, title=mission.title, status=ReportStatus.DRAFT)
    Chapter.objects.bulk_create(
        Chapter(report=report, number=number, title=title)
        for number, title in enumerate(BLANK_REPORT_CHAPTERS, 1)
    )
    indexing.changed(report)
    return report


def report_is_blank(report: Report) -> bool:
    """Whether ``report`` holds nothing anyone wrote: a draft never submitted, with no text
    in its chapters, no metadata filled in, no original file. Its chapter titles (the blank
    report's, or renamed) do not count."""
    return (
        report.status == ReportStatus.DRAFT
        and not (report.keywords or report.summary.strip())
        and not (report.subject_category or report.policy_category or report.portal_id)
        and report.report_date is None
        and report.page_count is None
        and not Block.objects.filter(chapter__report=report).exists()
        and not report.source_files.exists()
        and not report.review_events.exists()
    )


def keeps_trip(report: Report) -> str:
    """Why a mission whose report has words in it cannot become a visit."""
    return _(
        "這個任務的出國報告已有內容（%(status)s），不能改為來訪：來訪不需出國報告，"
        "改變方向會失去報告。如確為來訪，請由國際事務承辦人刪除此任務後重新建立來訪。"
    ) % {"status": report.get_status_display()}


@transaction.atomic
def change_mission_direction(
    *, user, mission: Mission, direction: str, expected_version: int
) -> Mission:
    """Turn a trip abroad (出訪) into a visit received (來訪), or back, keeping the rule that
    only a trip abroad has a report.

    - To a visit: a blank report (``report_is_blank``: made with the mission and never
      written in) is removed with it; a report with anything in it refuses the change
      (``ValidationError``): no one's words are lost by changing a field. To make such a
      mission a visit, delete it (officers) and create the visit.
    - To a trip abroad: the mission gets its blank report, due three months after return.

    One audit entry (``mission.direction_changed``) saying what happened to the report;
    ``EditConflict`` when the mission was saved since ``expected_version``;
    ``PermissionDenied`` unless ``user`` may edit the mission."""
    if not can_edit_mission(user, mission):
        raise PermissionDenied
    if direction not in Direction.values:
        raise ValueError(direction)
    if direction == mission.direction:
        return mission
    report = Report.objects.filter(mission=mission).first()
    details = {}
    if direction == Direction.INBOUND and report is not None:
        if not report_is_blank(report):
            raise ValidationError(keeps_trip(report), code="report_not_blank")
        report.delete()
        details["report"] = "removed"
    elif direction == Direction.OUTBOUND and report is None:
        details["report"] = "created"
    mission = change_direction(
        user=user,
        mission=mission,
        direction=direction,
        expected_version=expected_version,
        details=details,
    )
    if details.get("report") == "created":
        add_blank_report(mission)
    return mission


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
    report, warnings = save_import(
        result.document,
        data,
        filename=filename,
        fmt=result.format,
        encoding=result.encoding,
        warnings=result.found.warnings,
        user=user,
        bureau=bureau,
    )
    result.found.warnings[:] = warnings
    return ImportOutcome(report, result.found, result.format, result.encoding)


def save_import(
    document: dict,
    data: bytes,
    *,
    filename: str,
    fmt: str,
    encoding: str,
    warnings: list[str],
    user=None,
    bureau=None,
) -> tuple[Report, list[str]]:
    """One import, from the command line, the browser or a bulk run: the mission and report
    of ``document`` (:func:`save_document`), the original file ``data`` kept beside them with
    its name, format, digest and the import's warnings, and the audit entry, in one
    transaction. The report and every warning (the reader's, then what was mended). A
    failure writes nothing and leaves no file behind."""
    source = SourceFile(
        original_filename=filename[:255],
        format=fmt,
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
    )
    try:
        with transaction.atomic():
            report, mended = save_document(document, user=user, bureau=bureau)
            source.report = report
            source.warnings = [*warnings, *mended]
            source.file.save(Path(filename).name[-100:] or "report", ContentFile(data), save=False)
            source.save()
            record(
                user=user,
                action="report.imported",
                obj=report,
                mission_id=report.mission_id,
                summary=filename,
                details={"format": fmt, "warnings": source.warnings},
            )
    except Exception:
        if source.file.name:
            source.file.storage.delete(source.file.name)
        raise
    return report, source.warnings


@transaction.atomic
def save_document(document: dict, *, user=None, bureau=None) -> tuple[Report, list[str]]:
    """Create a mission and its report from an ``envoy.report`` document; the report and
    what was mended to keep the missions' rules (``create_mission_from_record``). Ids in it
    are ignored: this always creates new records. The mission belongs to ``bureau``, or to
    the bureau of ``user`` when none is given.

    The report starts as a draft whatever ``status`` the document names: a file carries no
    review, and only the workflow (or ``import_archive --publish``, which writes its review
    event) moves a report on."""
    document = clean_strings(document)
    mended = []
    if document["mission"].get("direction") == Direction.INBOUND:
        # A report is a trip abroad's: a visit received has none.
        document["mission"] = {**document["mission"], "direction": Direction.OUTBOUND}
        mended.append(_("出國報告屬於出訪任務（來訪不需出國報告）：已將任務設為出訪。"))
    try:
        mission, warnings = create_mission_from_record(
            user=user, bureau=bureau, data=document["mission"]
        )
        report = _save_report(mission, document["report"])
    except ValidationError as error:
        raise UnreadableReport(" ".join(error.messages)) from None
    indexing.changed(report)
    return report, mended + warnings


def _save_report(mission: Mission, r: dict) -> Report:
    """The report part of a document, its chapters, blocks and photos."""
    report = Report(
        mission=mission,
        title=r["title"],
        keywords=r["keywords"],
        subject_category=categories.filed_as(CategoryKind.SUBJECT, r["subject_category"]),
        policy_category=categories.filed_as(CategoryKind.POLICY, r["policy_category"]),
        summary=r["summary"],
        report_date=_date(r["report_date"]),
        page_count=r["page_count"],
        portal_id=r["portal_id"],
        status=ReportStatus.DRAFT,
        heading_style=r["heading_style"],
        source_toc=r["source_toc"],
    )
    check_lengths([report])
    report.save()
    chapters = [Chapter(report=report, number=c["number"], title=c["title"]) for c in r["chapters"]]
    check_lengths(chapters)
    chapters = Chapter.objects.bulk_create(chapters)
    blocks = [
        (_new_block(chapter, n, b), b)
        for chapter, chapter_data in zip(chapters, r["chapters"], strict=True)
        for n, b in enumerate(chapter_data["blocks"])
    ]
    check_lengths([block for block, _ in blocks])
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
        marker=data.get("marker", PointMarker.LOWER),
        figure_first=data.get("figure_first") if kind == BlockKind.FIGURES else None,
        figure_last=data.get("figure_last") if kind == BlockKind.FIGURES else None,
        source_page=data.get("source_page") if kind == BlockKind.FIGURES else None,
        restricted=data.get("restricted") is True,
    )


def _save_photo(block: Block, position: int, data: dict) -> Photo:
    """Save a photo given as base64 ``data``, checked and cleaned like an upload. A file path
    is never followed: a document from outside must not make Envoy read the server's files."""
    filename = data.get("filename") or "photo"
    try:
        content = base64.b64decode(data["data"], validate=True)
    except (KeyError, TypeError, ValueError):
        raise UnreadableReport(_("照片「%s」沒有內容或內容不是 base64。") % filename) from None
    try:
        return photo_from_document(block, position, content, filename)
    except PhotoRejected as error:
        raise UnreadableReport(error.message) from None


def export_report(report_id: int, fmt: str) -> bytes:
    """The report printed or exported in ``fmt`` (pdf, odt, docx, json), as bytes."""
    report = load_report(report_id)
    if fmt == "json":
        document = report_document(report, photos="embed")
        return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    # Imported here: the printers load Typst and the fonts, which no other request needs.
    from .printing import render

    # The official report is in Chinese whatever language the person printing it reads.
    with translation.override(settings.LANGUAGE_CODE):
        return render(report_document(report, photos="path"), fmt)


def export_review_form(report_id: int, fmt: str) -> bytes:
    """The report's review form (審核表) printed in ``fmt`` (pdf, odt), as bytes: the form as
    it stands, with its signatures and the checks' findings for items 1 and 2."""
    from .printing.review_form import render_review, sheet_data
    from .review import review_sheet

    report = Report.objects.select_related("mission").get(pk=report_id)
    # An official form: printed in Chinese whatever language the person printing it reads.
    with translation.override(settings.LANGUAGE_CODE):
        return render_review(sheet_data(review_sheet(report)), fmt)


# ----- Editing the report: portal metadata, chapters and blocks (報告編輯) -----
#
# Each verb below runs in one transaction and writes one audit entry with the mission's id.
# Saves of a record someone may have open in a form are optimistic-locked on its ``version``
# (``EditConflict``); moves are not, because they change no words anybody is typing.

METADATA_FIELDS = [
    "title",
    "keywords",
    "subject_category",
    "policy_category",
    "summary",
    "report_date",
    "page_count",
    "portal_id",
]
# What each kind of block keeps of the data it is given; the rest stays empty.
BLOCK_FIELDS = {
    BlockKind.PARAGRAPH: ["text"],
    BlockKind.SECTION: ["text"],
    BlockKind.POINT: ["text", "marker"],
    BlockKind.FIGURES: ["text"],
    BlockKind.DAY: ["text", "date"],
}
DIRECTIONS = {"up": -1, "down": 1}


def _require_editable(user, report: Report) -> None:
    """Services refuse too, not only the views: a change must never slip past the rule."""
    if not can_edit_report(user, report):
        raise PermissionDenied


def _check_day_date(mission: Mission, date: dt.date | None) -> None:
    if date is None:
        raise ValidationError({"date": _("請輸入日期。")})
    check_in_period(mission, date)


def _block_values(kind: str, data: dict, mission: Mission, *, dates_as_text=False) -> dict:
    """The fields a block of ``kind`` keeps, from ``data``; a day heading left empty is
    written from its date (115 年 4 月 26 日（星期日）). ``restricted`` (限閱) is changed only
    when ``data`` has it: a caller that does not know the flag never publishes a classified
    block by leaving it out."""
    values = {name: data.get(name) for name in BLOCK_FIELDS[kind]}
    if dates_as_text and isinstance(values.get("date"), str):
        values["date"] = dt.date.fromisoformat(values["date"])  # as a document writes it
    values["text"] = clean_text(values.get("text") or "")
    if values.get("marker") is None:
        values.pop("marker", None)  # the model's 一、, or the point's own when updating
    if "restricted" in data:
        values["restricted"] = bool(data["restricted"])
    if kind == BlockKind.DAY:
        _check_day_date(mission, values["date"])
        if not values["text"].strip():
            values["text"] = format_roc_long(values["date"], weekday=True)
    return values


def update_report_metadata(*, user, report: Report, data: dict, expected_version: int) -> Report:
    """Save the portal metadata (報告名稱, 關鍵詞, 分類, 摘要, 報告日期, 頁數, 系統識別號).

    ``data`` holds every name of ``METADATA_FIELDS``; ``keywords`` is a list. Raises
    ``EditConflict`` (nothing saved) when the report changed since ``expected_version``.
    A short or long 摘要 is allowed: the page warns, the save is not blocked.
    """
    _require_editable(user, report)
    data = clean_strings(data)
    for name, kind in (
        ("subject_category", CategoryKind.SUBJECT),
        ("policy_category", CategoryKind.POLICY),
    ):
        data[name] = categories.filed_as(kind, data[name])
    with transaction.atomic():
        for name in METADATA_FIELDS:
            setattr(report, name, data[name])
        save_versioned(report, expected_version, METADATA_FIELDS)
        record(
            user=user,
            action="report.metadata_updated",
            obj=report,
            mission_id=report.mission_id,
            summary=report.title,
        )
    return report


def _renumber_chapters(report: Report) -> None:
    """Chapters numbered 1..n in their order. Ascending updates never collide with the
    one-number-per-chapter constraint, since numbers only go down."""
    for n, chapter in enumerate(Chapter.objects.filter(report=report).order_by("number"), 1):
        if chapter.number != n:
            Chapter.objects.filter(pk=chapter.pk).update(number=n)
            chapter.number = n
            indexing.changed(chapter)


def add_chapter(*, user, report: Report, title: str) -> Chapter:
    """Add a chapter titled ``title`` after the last one."""
    _require_editable(user, report)
    with transaction.atomic():
        last = Chapter.objects.filter(report=report).aggregate(n=Max("number"))["n"] or 0
        chapter = Chapter.objects.create(report=report, number=last + 1, title=title)
        record(
            user=user,
            action="chapter.added",
            obj=chapter,
            mission_id=report.mission_id,
            summary=f"{chapter.number} {title}",
        )
    return chapter


def rename_chapter(*, user, chapter: Chapter, title: str, expected_version: int) -> Chapter:
    """Rename a chapter; ``EditConflict`` when it changed since ``expected_version``."""
    report = chapter.report
    _require_editable(user, report)
    with transaction.atomic():
        old = chapter.title
        chapter.title = title
        save_versioned(chapter, expected_version, ["title"])
        record(
            user=user,
            action="chapter.renamed",
            obj=chapter,
            mission_id=report.mission_id,
            summary=f"{chapter.number} {old} → {title}",
        )
    return chapter


def remove_chapter(*, user, chapter: Chapter, expected_version: int | None = None) -> None:
    """Remove a chapter with its blocks and photos; the chapters after it move up a number
    and figures are renumbered. With ``expected_version``, ``EditConflict`` when the chapter
    was renamed since. Photo files stay on disk (the database rows go)."""
    report = chapter.report
    _require_editable(user, report)
    with transaction.atomic():
        delete_versioned(chapter, expected_version)
        record(
            user=user,
            action="chapter.removed",
            obj=chapter,
            mission_id=report.mission_id,
            summary=f"{chapter.number} {chapter.title}",
        )
        _renumber_chapters(report)
        renumber_figures(report)


def move_chapter(*, user, chapter: Chapter, direction: str) -> bool:
    """Swap a chapter with the one before (``"up"``) or after (``"down"``) it and renumber
    the figures. Returns False, changing nothing, at either end."""
    report = chapter.report
    _require_editable(user, report)
    step = DIRECTIONS[direction]
    with transaction.atomic():
        chapters = list(Chapter.objects.filter(report=report).order_by("number"))
        index = next(i for i, c in enumerate(chapters) if c.pk == chapter.pk)
        if not 0 <= index + step < len(chapters):
            return False
        other = chapters[index + step]
        mine, theirs = chapters[index].number, other.number
        # Through a free number: both cannot hold each other's number at once.
        free = max(c.number for c in chapters) + 1
        Chapter.objects.filter(pk=chapter.pk).update(number=free)
        Chapter.objects.filter(pk=other.pk).update(number=mine)
        Chapter.objects.filter(pk=chapter.pk).update(number=theirs)
        chapter.number = theirs
        indexing.changed(chapter)
        renumber_figures(report)
        record(
            user=user,
            action="chapter.moved",
            obj=chapter,
            mission_id=report.mission_id,
            summary=f"{chapter.title}: {mine} → {theirs}",
        )
    return True


def _set_positions(blocks: list[Block]) -> None:
    """Blocks at positions 0..n-1 in list order; only the changed rows are written."""
    changed = []
    for n, block in enumerate(blocks):
        if block.position != n:
            block.position = n
            changed.append(block)
    Block.objects.bulk_update(changed, ["position"])
    indexing.changed(*changed)


def add_block(*, user, chapter: Chapter, after: Block | None, kind: str, data: dict) -> Block:
    """Add a block of ``kind`` after ``after`` (at the chapter's start when None).

    ``data`` holds ``text`` and, for a day, ``date`` (which must lie in the mission period:
    ``ValidationError`` otherwise), for a point maybe its ``marker`` (by default the first
    level under the report's chapters: 一、 under 壹、), and maybe ``restricted`` (限閱).
    Points and figures are renumbered afterwards.
    """
    report = chapter.report
    _require_editable(user, report)
    if after is not None and after.chapter_id != chapter.pk:
        raise ValueError("after must be a block of the chapter")
    values = _block_values(kind, data, report.mission)
    if kind == BlockKind.POINT:
        values.setdefault("marker", numbering.first_point_marker(report.heading_style))
    with transaction.atomic():
        blocks = list(Block.objects.filter(chapter=chapter))
        block = Block(chapter=chapter, kind=kind, position=len(blocks), **values)
        index = (
            0 if after is None else next(i for i, b in enumerate(blocks) if b.pk == after.pk) + 1
        )
        block.save()
        blocks.insert(index, block)
        _set_positions(blocks)
        renumber_points(chapter)
        renumber_figures(report)
        block.refresh_from_db()
        record(
            user=user,
            action="block.added",
            obj=block,
            mission_id=report.mission_id,
            summary=f"{chapter.title}：{block.get_kind_display()} {block.text[:80]}",
        )
    return block


def update_block(*, user, block: Block, data: dict, expected_version: int) -> Block:
    """Save a block's words (and a day's date) exactly as typed, and its 限閱 flag when
    ``data`` has ``restricted``. ``EditConflict`` when it changed since
    ``expected_version``; ``ValidationError`` for a day outside the mission."""
    report = block.chapter.report
    _require_editable(user, report)
    return _change_block(
        user=user, block=block, kind=block.kind, data=data, expected_version=expected_version
    )


def remove_block(*, user, block: Block, expected_version: int | None = None) -> None:
    """Remove a block (a figure group with its photos); points and figures are renumbered.
    With ``expected_version``, ``EditConflict`` when someone saved the block since."""
    chapter = block.chapter
    report = chapter.report
    _require_editable(user, report)
    with transaction.atomic():
        delete_versioned(block, expected_version)
        record(
            user=user,
            action="block.removed",
            obj=block,
            mission_id=report.mission_id,
            summary=f"{chapter.title}：{block.get_kind_display()} {block.text[:80]}",
        )
        _set_positions(list(Block.objects.filter(chapter=chapter)))
        renumber_points(chapter)
        renumber_figures(report)


def move_block(*, user, block: Block, direction: str) -> bool:
    """Move a block one place ``"up"`` or ``"down"`` in its chapter and renumber points and
    figures. Returns False, changing nothing, at either end of the chapter."""
    chapter = block.chapter
    report = chapter.report
    _require_editable(user, report)
    step = DIRECTIONS[direction]
    with transaction.atomic():
        blocks = list(Block.objects.filter(chapter=chapter))
        index = next(i for i, b in enumerate(blocks) if b.pk == block.pk)
        if not 0 <= index + step < len(blocks):
            return False
        blocks[index], blocks[index + step] = blocks[index + step], blocks[index]
        _set_positions(blocks)
        renumber_points(chapter)
        renumber_figures(report)
        record(
            user=user,
            action="block.moved",
            obj=block,
            mission_id=report.mission_id,
            summary=f"{chapter.title}：{block.get_kind_display()} {block.text[:80]}",
        )
    return True


def _snapshot(block: Block) -> dict:
    """A block's words as the audit keeps them, to undo a change (``undo_block_change``)."""
    return {
        "kind": block.kind,
        "text": block.text,
        "date": block.date.isoformat() if block.date else None,
        "marker": block.marker,
        "restricted": block.restricted,
    }


def last_block_change(block: Block):
    """The audit entry of the last change of ``block``'s words that can be undone, or None."""
    entry = (
        AuditEntry.objects.filter(
            action="block.updated", object_type=Block._meta.label_lower, object_id=block.pk
        )
        .order_by("-at", "-id")
        .first()
    )
    return entry if entry and "before" in entry.details else None


def undo_block_change(*, user, block: Block, expected_version: int) -> Block:
    """Put ``block``'s words (and date, marker, 限閱 mark) back as they were before its last
    change — a change undone is itself the last change, so undoing again redoes it.
    ``ValidationError`` when there is nothing to undo, or the old kind no longer fits (a
    figure group never becomes text); ``EditConflict`` when the block changed since
    ``expected_version``."""
    report = block.chapter.report
    _require_editable(user, report)
    entry = last_block_change(block)
    if entry is None:
        raise ValidationError(_("這個區塊沒有可以復原的修改。"))
    before = entry.details["before"]
    if (before["kind"] == BlockKind.FIGURES) != (block.kind == BlockKind.FIGURES):
        raise ValidationError(_("這個區塊沒有可以復原的修改。"))
    data = {**before, "date": dt.date.fromisoformat(before["date"]) if before["date"] else None}
    return _change_block(
        user=user, block=block, kind=before["kind"], data=data, expected_version=expected_version
    )


def _change_block(*, user, block: Block, kind: str, data: dict, expected_version: int) -> Block:
    """Save a block's new kind and words, recording what they were (for undo)."""
    report = block.chapter.report
    before = _snapshot(block)
    values = _block_values(kind, data, report.mission)
    if kind == BlockKind.POINT and block.kind != BlockKind.POINT:
        values.setdefault("marker", numbering.first_point_marker(report.heading_style))
    with transaction.atomic():
        block.kind = kind
        for name, value in values.items():
            setattr(block, name, value)
        save_versioned(block, expected_version, ["kind", *values])
        if before["kind"] != kind:
            renumber_points(block.chapter)
        record(
            user=user,
            action="block.updated",
            obj=block,
            mission_id=report.mission_id,
            summary=f"{block.chapter.title}：{block.get_kind_display()} {block.text[:80]}",
            details={"before": before},
        )
    return block


# ----- The body written as one text (writing.py) -----


def rewrite_body(
    *,
    user,
    report: Report,
    text: str,
    base: str,
    chapter: Chapter | None = None,
    kinds: dict | None = None,
) -> writing.Plan:
    """Save ``chapter``'s body — or, without ``chapter``, the whole body with its chapter
    headings — written as one text (``writing.plan`` says what it does): blocks kept,
    changed, added, moved and removed, chapters added, renamed and removed, then points,
    chapters and figures renumbered; each change audited as when made one by one.

    Raises ``EditConflict`` (nothing saved) when the chapters changed since the text was
    written out (``base``: ``writing.fingerprint``), and ``ValidationError`` for what stops
    the text being saved (a figure group's photos it would remove, a day outside the trip).
    """
    _require_editable(user, report)
    mission = report.mission
    with transaction.atomic():
        Report.objects.select_for_update().filter(pk=report.pk).first()
        chapters = writing.load_chapters(report, chapter)
        if writing.fingerprint(chapters) != base:
            raise EditConflict()
        plan = writing.plan(report, chapters, text, whole=chapter is None, kinds=kinds)
        if plan.problems:
            raise ValidationError(plan.problems)
        if not plan.changes_anything:
            return plan
        whole = chapter is None
        for block in plan.removed:
            block.delete()
            _record_block(user, report, block, "block.removed")
        # Chapter numbers through free ones: two chapters never hold one number at once.
        free = (Chapter.objects.filter(report=report).aggregate(n=Max("number"))["n"] or 0) + 1
        for n, item in enumerate(plan.chapters):
            target = item.chapter
            if target is None:
                target = Chapter.objects.create(report=report, number=free + n, title=item.title)
                record(
                    user=user,
                    action="chapter.added",
                    obj=target,
                    mission_id=report.mission_id,
                    summary=item.title,
                )
                item.chapter = target
            else:
                if whole:
                    Chapter.objects.filter(pk=target.pk).update(number=free + n)
                if item.renamed:
                    old = target.title
                    target.title = item.title
                    save_versioned(target, target.version, ["title"])
                    record(
                        user=user,
                        action="chapter.renamed",
                        obj=target,
                        mission_id=report.mission_id,
                        summary=f"{old} → {item.title}",
                    )
            target.report = report
            _write_steps(user, report, mission, target, item.steps)
        # Only now: blocks moved out of a removed chapter went with it otherwise.
        for gone in plan.removed_chapters:
            gone.delete()
            record(
                user=user,
                action="chapter.removed",
                obj=gone,
                mission_id=report.mission_id,
                summary=f"{gone.number} {gone.title}",
            )
        for n, item in enumerate(plan.chapters if whole else [], 1):
            Chapter.objects.filter(pk=item.chapter.pk).update(number=n)
            item.chapter.number = n
            indexing.changed(item.chapter)
        for item in plan.chapters:
            renumber_points(item.chapter)
        renumber_figures(report)
    return plan


def _record_block(user, report: Report, block: Block, action: str, details=None) -> None:
    record(
        user=user,
        action=action,
        obj=block,
        mission_id=report.mission_id,
        summary=f"{block.chapter.title}：{block.get_kind_display()} {block.text[:80]}",
        details=details,
    )


def _write_steps(user, report: Report, mission: Mission, chapter: Chapter, steps) -> None:
    """One chapter's blocks as the plan has them, in order."""
    moved = []
    for position, step in enumerate(steps):
        try:
            values = _block_values(step.kind, step.values, mission, dates_as_text=True)
        except ValidationError as error:
            line = step.values.get("line") or step.text
            raise ValidationError(
                [f"「{line[:40]}」：{message}" for message in error.messages]
            ) from None
        if step.kind == BlockKind.POINT:
            values.setdefault("marker", numbering.first_point_marker(report.heading_style))
        if step.kind == BlockKind.FIGURES:
            values["figure_first"] = step.values.get("figure_first")
            values["figure_last"] = step.values.get("figure_last")
        block = step.block
        if block is None:
            block = Block.objects.create(
                chapter=chapter, kind=step.kind, position=position, **values
            )
            block.chapter = chapter
            _record_block(user, report, block, "block.added")
            continue
        block.chapter = chapter
        if step.status == "kept":
            if (block.chapter_id, block.position) != (chapter.pk, position):
                block.chapter_id, block.position = chapter.pk, position
                moved.append(block)
            continue
        before = _snapshot(block)
        block.kind, block.chapter_id, block.position = step.kind, chapter.pk, position
        for name, value in values.items():
            setattr(block, name, value)
        save_versioned(block, block.version, ["kind", "chapter", "position", *values])
        _record_block(user, report, block, "block.updated", {"before": before})
    Block.objects.bulk_update(moved, ["chapter", "position"])
    indexing.changed(*moved)


@transaction.atomic
def renumber_points(chapter: Chapter) -> None:
    """Number the chapter's points 1..n in order, each marker on its own count: the （一）
    under 一、 start again after the next 一、. Part of the change that calls it: no audit
    entry of its own, and versions are kept (the number is not in any form)."""
    changed = []
    points = Block.objects.filter(chapter=chapter, kind=BlockKind.POINT).only(
        "id", "number", "marker"
    )
    counts: dict[int, int] = {}
    for point in points:
        counts = {marker: n for marker, n in counts.items() if marker <= point.marker}
        counts[point.marker] = n = counts.get(point.marker, 0) + 1
        if point.number != n:
            point.number = n
            changed.append(point)
    Block.objects.bulk_update(changed, ["number"])
    indexing.changed(*changed)


# ----- The workflow (送審, 退回, 核定, 公開) -----


class InvalidTransition(Exception):
    """The step cannot be taken from the report's current status."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# The audit action of each step, by (from, to).
STEP_ACTIONS = {
    (ReportStatus.DRAFT, ReportStatus.SUBMITTED): "report.submitted",
    (ReportStatus.RETURNED, ReportStatus.SUBMITTED): "report.submitted",
    (ReportStatus.SUBMITTED, ReportStatus.RETURNED): "report.returned",
    (ReportStatus.SUBMITTED, ReportStatus.APPROVED): "report.approved",
    (ReportStatus.APPROVED, ReportStatus.PUBLISHED): "report.published",
    (ReportStatus.PUBLISHED, ReportStatus.APPROVED): "report.unpublished",
}


def missing_for_submission(report: Report) -> list[str]:
    """What the portal and the cover require and the report still lacks: 報告名稱, 摘要, the
    cover's 服務機關, 出國人員, 派赴國家地區, 出國期間 and 報告日期, and some content. A draft
    prints what is missing as （未填）; it cannot be submitted until it is filled in."""
    mission = report.mission
    members = list(mission.members.all())
    missing = []
    if not report.title.strip():
        missing.append(_("報告名稱"))
    if not report.summary.strip():
        missing.append(_("摘要"))
    if not (mission.host_agency.strip() or any(m.agency.strip() for m in members)):
        missing.append(_("服務機關"))
    if not members:
        missing.append(_("出國人員"))
    if not (mission.region.strip() or mission.destination_countries):
        missing.append(_("派赴國家地區"))
    if not (mission.start_date and mission.end_date):
        missing.append(_("出國期間"))
    if not report.report_date:
        missing.append(_("報告日期"))
    if not Block.objects.filter(chapter__report=report).exclude(text="").exists():
        missing.append(_("至少一章有內容"))
    return missing


def move_report(
    *, user, report: Report, to_status: str, comment: str = "", reasons: list[str] | None = None
) -> ReviewEvent:
    """Take one workflow step, write its ``ReviewEvent`` and an audit entry.

    Returning (退回) needs a comment or a reason (``ReturnReason``): ``reasons`` when given
    are ticked on the review form (退回補正) in the same transaction; else the reasons ticked
    there already count. The event keeps the reasons. Approving (核定) is refused while the
    review form has 退回補正 ticked. Submitting (送審) clears the reasons of the round before
    (the events keep them).

    Raises ``InvalidTransition`` when the step does not exist from the current status (or
    someone moved the report meanwhile), ``PermissionDenied`` when ``user`` may not take it,
    ``ValidationError`` when returning without a comment or reason, approving with reasons
    ticked, or submitting a report that lacks what the portal requires (the message lists
    what is missing).
    """
    from_status = report.status
    if (from_status, to_status) not in TRANSITIONS:
        raise InvalidTransition(
            _("報告目前為「%(current)s」，不能改為「%(target)s」。")
            % {
                "current": ReportStatus(from_status).label,
                "target": ReportStatus(to_status).label
                if to_status in ReportStatus.values
                else to_status,
            }
        )
    if not can_move_report(user, report, to_status):
        raise PermissionDenied
    comment = comment.replace("\r\n", "\n")
    form = ReviewForm.objects.filter(report=report).first()
    saved_reasons = form.return_reasons if form else []
    if reasons is not None:
        reasons = _check_reasons(reasons)
    if to_status == ReportStatus.RETURNED:
        if not (comment.strip() or reasons or (reasons is None and saved_reasons)):
            raise ValidationError(
                {"comment": _("退回時請勾選退回補正原因或寫明意見，讓撰寫人知道要修改什麼。")}
            )
        reasons = saved_reasons if reasons is None else reasons
    if to_status == ReportStatus.APPROVED and saved_reasons:
        raise ValidationError(
            _("審核表已勾選「退回補正」原因，不能核定：請取消勾選，或改為退回修改。")
        )
    if to_status == ReportStatus.SUBMITTED:
        missing = missing_for_submission(report)
        if missing:
            raise ValidationError(_("送審前請補齊：%s。") % join_list(missing))
    with transaction.atomic():
        moved = Report.objects.filter(pk=report.pk, status=from_status).update(
            status=to_status, version=F("version") + 1, updated_at=timezone.now()
        )
        if not moved:
            raise InvalidTransition(_("報告狀態已被其他人變更，請重新載入頁面。"))
        report.status = to_status
        report.version += 1
        indexing.changed(report)
        event = ReviewEvent.objects.create(
            report=report,
            actor=user,
            from_status=from_status,
            to_status=to_status,
            comment=comment,
            reasons=reasons if to_status == ReportStatus.RETURNED else [],
        )
        # Reasons given with the step are the form's item 8; a new round starts clean.
        kept = reasons if to_status == ReportStatus.RETURNED else []
        if to_status in (ReportStatus.RETURNED, ReportStatus.SUBMITTED) and kept != saved_reasons:
            form, _created = ReviewForm.objects.get_or_create(report=report)
            ReviewForm.objects.filter(pk=form.pk).update(
                return_reasons=kept, version=F("version") + 1, updated_at=timezone.now()
            )
        summary = f"{ReportStatus(from_status).label} → {ReportStatus(to_status).label}"
        if event.reasons:
            summary += "（" + "、".join(str(ReturnReason(r).label) for r in event.reasons) + "）"
        record(
            user=user,
            action=STEP_ACTIONS[(from_status, to_status)],
            obj=report,
            mission_id=report.mission_id,
            summary=f"{summary}：{comment}" if comment else summary,
        )
        transaction.on_commit(
            lambda: report_moved.send(sender=Report, report=report, event=event, user=user)
        )
    return event


# ----- The review form (出國報告審核表) -----

# The reviewer's part, besides the five items both tick.
REVIEWER_FIELDS = [
    *QUALITY_ITEMS,
    "refer_internal",
    "refer_superior",
    "return_reasons",
    "publication_methods",
    "publication_other",
    "other_opinion",
    "reviewer_title",
]
SELF_FIELDS = [SELF + name for name in QUALITY_ITEMS]


def _check_reasons(reasons) -> list[str]:
    unknown = [r for r in reasons if r not in ReturnReason.values]
    if unknown:
        raise ValidationError({"return_reasons": _("不明的退回補正原因。")})
    # In the form's order, each once.
    return [r for r in ReturnReason.values if r in reasons]


def review_form_of(report: Report) -> ReviewForm:
    """The report's review form; a blank one (not saved) when nobody has filled it yet."""
    try:
        return ReviewForm.objects.get(report=report)
    except ReviewForm.DoesNotExist:
        return ReviewForm(report=report)


def _save_form(report: Report, values: dict, expected_version: int) -> ReviewForm:
    """Save ``values`` on the report's review form if it is still at ``expected_version``
    (a form nobody has saved is at version 1); ``EditConflict`` otherwise. Call inside a
    transaction."""
    form, _created = ReviewForm.objects.get_or_create(report=report)
    for name, value in values.items():
        setattr(form, name, value)
    save_versioned(form, expected_version, list(values))
    return form


def save_self_check(*, user, report: Report, data: dict, expected_version: int) -> ReviewForm:
    """Save the traveller's self-check (出國人員自評) of items 1–5 (``data``: the five
    ``self_…`` booleans). For whoever may change the report, while they may
    (``PermissionDenied`` otherwise); ``EditConflict`` when the form was saved since
    ``expected_version``. Writes an audit entry."""
    _require_editable(user, report)
    values = {name: bool(data.get(name)) for name in SELF_FIELDS}
    values |= {"self_checked_by": user, "self_checked_at": timezone.now()}
    with transaction.atomic():
        form = _save_form(report, values, expected_version)
        ticked = sum(values[name] for name in SELF_FIELDS)
        record(
            user=user,
            action="review_form.self_checked",
            obj=form,
            mission_id=report.mission_id,
            summary=f"{ticked}/{len(SELF_FIELDS)}",
        )
    return form


def save_review(*, user, report: Report, data: dict, expected_version: int) -> ReviewForm:
    """Save the reviewer's part of the review form (items 1–10 and the reviewer's 職稱).

    ``data`` holds every name of ``REVIEWER_FIELDS``; ``return_reasons`` and
    ``publication_methods`` are lists of ``ReturnReason`` and ``PublicationMethod`` values.
    For whoever may return or approve the report, while it is submitted
    (``PermissionDenied``); ``ValidationError`` for an unknown reason or 其他 without its
    words; ``EditConflict`` when the form was saved since ``expected_version``. Writes an
    audit entry. Taking the step (退回, 核定) is ``move_report``'s."""
    from .enums import PublicationMethod

    if not can_review_report(user, report):
        raise PermissionDenied
    data = clean_strings(data)
    values = {name: data.get(name) for name in REVIEWER_FIELDS}
    for name in QUALITY_ITEMS + ["refer_internal", "refer_superior"]:
        values[name] = bool(values[name])
    values["return_reasons"] = _check_reasons(values["return_reasons"] or [])
    methods = values["publication_methods"] or []
    if any(m not in PublicationMethod.values for m in methods):
        raise ValidationError({"publication_methods": _("不明的公開發表方式。")})
    values["publication_methods"] = [m for m in PublicationMethod.values if m in methods]
    values["publication_other"] = (values["publication_other"] or "").strip()
    if PublicationMethod.OTHER in methods and not values["publication_other"]:
        raise ValidationError({"publication_other": _("勾選「其他」時請寫明公開發表方式。")})
    if PublicationMethod.OTHER not in methods:
        values["publication_other"] = ""
    values["other_opinion"] = (values["other_opinion"] or "").replace("\r\n", "\n")
    values["reviewer_title"] = (values["reviewer_title"] or "").strip()
    values |= {"reviewed_by": user, "reviewed_at": timezone.now()}
    with transaction.atomic():
        form = _save_form(report, values, expected_version)
        record(
            user=user,
            action="review_form.reviewed",
            obj=form,
            mission_id=report.mission_id,
            summary=values["other_opinion"][:200],
        )
    return form
