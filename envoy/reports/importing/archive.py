"""Bulk import of an archive of report files (``manage.py import_archive DIR``).

Each file goes through :func:`envoy.reports.services.import_report_bytes`, as one upload
would, in a transaction of its own: a file that cannot be read is rolled back alone and the
run goes on. Files are only read, never moved or changed.

A file counts as already imported when a :class:`SourceFile` holds its bytes (the same
sha256, looked up in an index before the file is parsed), so a run stopped half-way —
Ctrl-C, a crash, a power cut — is resumed by running it again, and the same bytes under two
names become one report. The database, not the log, is what a rerun trusts.

The log is a CSV file (UTF-8 with a BOM, for Excel), one row a file, written and flushed as
each file is done, so a crash keeps the rows of every file finished before it.
"""

import csv
import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from envoy.core.lib.csvcells import formula_safe
from envoy.core.services import record

from ..enums import ReportStatus
from ..models import Report, ReviewEvent, SourceFile
from ..services import import_report_bytes
from . import UnreadableReport, read_report
from .errors import too_large

SUPPORTED_SUFFIXES = (".txt", ".docx", ".odt", ".pdf", ".json")

# What happened to a file: the ``result`` column of the log.
IMPORTED = "imported"
ALREADY_IMPORTED = "already imported"
FAILED = "failed"
SKIPPED = "skipped"
READABLE = "readable"  # --dry-run: would be imported
RESULTS = (IMPORTED, READABLE, ALREADY_IMPORTED, SKIPPED, FAILED)

LOG_COLUMNS = (
    "path",
    "result",
    "report_id",
    "mission_title",
    "format",
    "encoding",
    "warnings",
    "message",
    "sha256",
    "seconds",
)


@dataclass
class FileResult:
    """One row of the log."""

    path: str
    result: str
    report_id: int | None = None
    mission_title: str = ""
    format: str = ""
    encoding: str = ""
    warnings: int | None = None
    message: str = ""
    sha256: str = ""
    seconds: float = 0.0

    def row(self) -> list[str]:
        values = [
            self.path,
            self.result,
            "" if self.report_id is None else str(self.report_id),
            self.mission_title,
            self.format,
            self.encoding,
            "" if self.warnings is None else str(self.warnings),
            self.message,
            self.sha256,
            f"{self.seconds:.3f}",
        ]
        return [formula_safe(value) for value in values]


def is_hidden(name: str) -> bool:
    """Dot files (.DS_Store, .git) and the lock files Word leaves open documents with (~$…)."""
    return name.startswith((".", "~$"))


def archive_files(root: Path) -> tuple[list[Path], list[FileResult]]:
    """Every file under ``root`` but hidden ones, folder by folder in name order; and a
    failed row for each folder that could not be read."""
    found: list[Path] = []
    unreadable: list[FileResult] = []

    def folder_error(error: OSError) -> None:
        unreadable.append(
            FileResult(
                path=relative(Path(error.filename), root) + "/",
                result=FAILED,
                message=_("無法讀取資料夾：%s") % (error.strerror or error),
            )
        )

    for folder, dirnames, filenames in os.walk(root, onerror=folder_error):
        dirnames[:] = sorted(d for d in dirnames if not is_hidden(d))
        found += [Path(folder) / name for name in sorted(filenames) if not is_hidden(name)]
    return found, unreadable


def relative(path: Path, root: Path) -> str:
    """The path under ``root`` as text a log and a database can hold: a name that is not
    UTF-8 on disk (Big5 names from Windows archives) is read as Big5, else its odd bytes
    are written as \\xNN."""
    try:
        name = path.relative_to(root).as_posix()
    except ValueError:
        name = path.as_posix()
    raw = os.fsencode(name)
    for encoding in ("utf-8", "cp950"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "backslashreplace")


def stored_source(sha256: str) -> tuple[int, str] | None:
    """(report id, mission title) of the report whose original has these bytes, if any:
    one indexed query. Where the same bytes were imported twice (uploads), the oldest."""
    return (
        SourceFile.objects.filter(sha256=sha256)
        .order_by("report_id")
        .values_list("report_id", "report__mission__title")
        .first()
    )


def default_log_path() -> Path:
    """var/logs/import-archive-20261127-143000.csv (under ENVOY_DATA_DIR)."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(settings.DATA_DIR) / "logs" / f"import-archive-{stamp}.csv"


class ImportLog:
    """The CSV log, a row flushed per file. An existing log is appended to (a resumed run
    can keep one log); a new or empty one starts with the BOM and the header."""

    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        is_new = not path.exists() or path.stat().st_size == 0
        self._file = path.open("a", encoding="utf-8-sig" if is_new else "utf-8", newline="")
        self._writer = csv.writer(self._file)
        if is_new:
            self._writer.writerow(LOG_COLUMNS)
            self._file.flush()

    def write(self, result: FileResult) -> None:
        self._writer.writerow(result.row())
        self._file.flush()

    def close(self) -> None:
        self._file.close()


@dataclass
class ArchiveImport:
    """One run over an archive: what it imports into and what it has done.

    ``publish`` marks the reports it imports as published (archive material already public);
    ``bureau`` is the bureau their missions belong to; ``dry_run`` reads and parses every
    file and saves nothing.
    """

    root: Path
    bureau: object = None
    publish: bool = False
    dry_run: bool = False
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RESULTS, 0))
    # sha256 → (report id, mission title, path) of each file imported (or, in a dry run,
    # read) by this run: its duplicates are named after it.
    seen: dict[str, tuple[int | None, str, str]] = field(default_factory=dict)

    def import_file(self, path: Path) -> FileResult:
        """Import one file and say what happened. Never raises but for KeyboardInterrupt
        and SystemExit; a failure leaves no record and no stored file behind."""
        started = time.perf_counter()
        name = relative(path, self.root)
        result = FileResult(path=name, result=FAILED)
        try:
            self._import(path, result)
        except UnreadableReport as error:
            result.result, result.message = FAILED, error.message
        except OSError as error:
            result.result = FAILED
            result.message = _("無法讀取檔案：%s") % (error.strerror or error)
        except Exception as error:
            # Something Envoy did not expect: its name and message, for whoever reads the log.
            result.result, result.message = FAILED, f"{type(error).__name__}: {error}"
        result.seconds = time.perf_counter() - started
        self.counts[result.result] += 1
        return result

    def _import(self, path: Path, result: FileResult) -> None:
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            result.result = SKIPPED
            result.message = _("不支援的格式")
            return
        size = path.stat().st_size
        if size > settings.ENVOY_MAX_UPLOAD_BYTES:
            raise too_large(size, settings.ENVOY_MAX_UPLOAD_BYTES)
        data = path.read_bytes()
        sha = result.sha256 = hashlib.sha256(data).hexdigest()
        # Looked up for every file rather than read once a run: a web upload or a second
        # run importing meanwhile is seen too, for the cost of an indexed query.
        if sha in self.seen:
            report_id, title, first = self.seen[sha]
        else:
            report_id, title = stored_source(sha) or (None, "")
            first = None
        if report_id is not None or first:
            result.result, result.report_id, result.mission_title = (
                ALREADY_IMPORTED,
                report_id,
                title,
            )
            if first and report_id is None:  # --dry-run
                result.message = _("與「%s」內容相同，只會匯入一次") % first
            elif first:
                result.message = _("已匯入（報告 #%(id)s，與「%(path)s」內容相同）") % {
                    "id": report_id,
                    "path": first,
                }
            else:
                result.message = _("已匯入（報告 #%s）") % report_id
            return
        if self.dry_run:
            read = read_report(result.path, data)
            result.result, result.mission_title = READABLE, read.document["mission"]["title"]
            result.format, result.encoding = read.format, read.encoding
            self._note(result, read.found.warnings)
            self.seen[sha] = (None, result.mission_title, result.path)
            return
        with transaction.atomic():
            outcome = import_report_bytes(data, filename=result.path, bureau=self.bureau)
            if self.publish:
                _publish_with_cleanup(outcome.report)
        report = outcome.report
        result.result, result.report_id, result.mission_title = (
            IMPORTED,
            report.pk,
            report.mission.title,
        )
        result.format, result.encoding = outcome.format, outcome.encoding
        self._note(result, outcome.found.warnings)
        self.seen[sha] = (report.pk, report.mission.title, result.path)

    @staticmethod
    def _note(result: FileResult, warnings: list[str]) -> None:
        result.warnings = len(warnings)
        result.message = "；".join(warnings)


def _publish_with_cleanup(report: Report) -> None:
    """Publish ``report``; if that fails, remove the original the import stored (its row
    goes with the transaction, the file on disk would not)."""
    storage = SourceFile._meta.get_field("file").storage
    stored = list(SourceFile.objects.filter(report=report).values_list("file", flat=True))
    try:
        publish_imported_report(report)
    except BaseException:
        for name in stored:
            storage.delete(name)
        raise


def publish_imported_report(report: Report) -> None:
    """Mark a report imported from an archive as published (公開), with the review event and
    audit entry a workflow step writes, skipping the review steps: archive material that was
    already public. Run it in the import's transaction. Nothing happens if it is published."""
    if report.status == ReportStatus.PUBLISHED:
        return
    from_status = report.status
    report.status = ReportStatus.PUBLISHED
    report.save(update_fields=["status", "updated_at"])
    comment = _("封存報告匯入時公開")
    ReviewEvent.objects.create(
        report=report,
        actor=None,
        from_status=from_status,
        to_status=ReportStatus.PUBLISHED,
        comment=comment,
    )
    record(
        user=None,
        action="report.published",
        obj=report,
        mission_id=report.mission_id,
        summary=f"{ReportStatus(from_status).label} → {ReportStatus.PUBLISHED.label}：{comment}",
    )
