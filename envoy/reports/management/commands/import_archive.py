"""manage.py import_archive DIR: years of report files imported in one run.

Walks DIR and its sub-folders in name order and imports every .txt, .docx, .odt, .pdf and
.json file as ``import_report`` would, each in a transaction of its own (see
:mod:`envoy.reports.importing.archive`). Other files are logged as skipped; hidden files and folders
(``.*``) and Word's lock files (``~$*``) are passed over without a word.

- A file that fails is logged with the reason and the run goes on; nothing of it is saved.
- A file whose bytes Envoy already keeps is logged as already imported with its report id:
  running the command again after a stop imports only what is left, and a file found twice
  becomes one report.
- Ctrl-C stops after the current file; a second Ctrl-C stops at once, rolling that file
  back. Either way the log holds every file finished, and the exit status is 130.
- The log: ``--log PATH`` (appended to when it exists), by default a new
  ``import-archive-<date>-<time>.csv`` in var/logs/ (ENVOY_DATA_DIR/logs).
- Exit status 0 when the run went through, failed files or not (they are counted at the
  end and in the log); with ``--strict``, 1 when any file failed.
"""

import signal
import threading
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from envoy.core.indexing import batched
from envoy.core.lib.numbers import thousands
from envoy.core.lib.progress import ProgressBar, format_duration
from envoy.core.models import Bureau
from envoy.reports.importing import archive

# Failed files named on screen at the end; the log has them all.
SHOWN_FAILURES = 20


class StopRequests:
    """Ctrl-C while the archive is imported: the first asks to stop after the current file,
    the second stops at once. Only the main thread can catch signals; elsewhere (a test
    runner's thread) Ctrl-C keeps its usual meaning."""

    def __init__(self, notice):
        self.requested = False
        self.notice = notice
        self._previous = None

    def __enter__(self):
        # A run started in the background with Ctrl-C ignored (nohup, cron) keeps ignoring it.
        if (
            threading.current_thread() is threading.main_thread()
            and signal.getsignal(signal.SIGINT) is not signal.SIG_IGN
        ):
            self._previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *exc):
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)

    def _handle(self, signum, frame):
        if self.requested:
            raise KeyboardInterrupt
        self.requested = True
        self.notice()


class Command(BaseCommand):
    help = _(
        "匯入整個資料夾（含子資料夾）的出國報告檔：.txt（UTF-8/Big5）、.docx、.odt、有文字層的 "
        ".pdf 與 Envoy 匯出的 .json，每個檔案各自匯入，失敗的檔案不會中斷匯入，也不留下任何資料。"
        "已匯入過的檔案（內容相同）會略過，因此中斷後重新執行同一指令即可從中斷處繼續。"
        "每個檔案的結果寫入 CSV 紀錄檔（UTF-8 含 BOM，可用 Excel 開啟）；進度顯示在標準錯誤。"
        "紀錄檔欄位：path（相對於資料夾）、result（imported、already imported、failed、skipped；"
        "--dry-run 時為 readable）、report_id、mission_title、format、encoding、warnings、message、"
        "sha256、seconds。按一次 Ctrl-C 會在目前檔案完成後停止，再按一次立即停止（該檔案不寫入）。"
        "有檔案失敗時結束狀態仍為 0，除非指定 --strict；中斷時為 130。"
    )

    def add_arguments(self, parser):
        parser.add_argument("dir", help=_("存放報告檔的資料夾"))
        parser.add_argument(
            "--log",
            metavar="PATH",
            help=_(
                "CSV 紀錄檔的路徑；檔案已存在時接在後面寫入。"
                "預設為資料目錄 logs/ 下新的 import-archive-YYYYMMDD-HHMMSS.csv"
            ),
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help=_("將匯入的報告標為「已公開」（原本即已公開的封存報告）；已匯入過的不變"),
        )
        parser.add_argument(
            "--bureau",
            metavar="CODE",
            help=_("匯入的任務所屬局處（代碼或名稱）；未指定則不屬於任何局處"),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("只讀取並解析每個檔案，不寫入任何資料（紀錄檔照寫）"),
        )
        parser.add_argument(
            "--strict", action="store_true", help=_("有任何檔案匯入失敗時以狀態 1 結束")
        )
        parser.add_argument("--no-progress", action="store_true", help=_("不顯示進度列"))

    def handle(self, *args, **options):
        root = Path(options["dir"]).expanduser()
        if not root.exists():
            raise CommandError(_("找不到資料夾：%s") % root)
        if not root.is_dir():
            raise CommandError(_("「%s」不是資料夾，請指定存放報告檔的資料夾。") % root)
        bureau = find_bureau(options["bureau"]) if options["bureau"] else None
        root = root.resolve()
        files, unreadable = archive.archive_files(root)
        run = archive.ArchiveImport(
            root, bureau=bureau, publish=options["publish"], dry_run=options["dry_run"]
        )
        log_path = Path(options["log"]).expanduser() if options["log"] else None
        log_path = (log_path or archive.default_log_path()).resolve()
        try:
            log = archive.ImportLog(log_path)
        except OSError as error:
            raise CommandError(
                _("無法寫入紀錄檔「%(path)s」：%(reason)s")
                % {"path": log_path, "reason": error.strerror or error}
            ) from None
        self.stdout.write(
            (
                _("檢查 %(count)s 個檔案（不寫入資料）：%(dir)s")
                if run.dry_run
                else _("匯入 %(count)s 個檔案：%(dir)s")
            )
            % {"count": thousands(len(files)), "dir": root}
        )
        self.stdout.write(_("紀錄檔：%s") % log_path)
        self.stdout.flush()
        started = time.monotonic()
        bar = self.bar = None
        if not options["no_progress"] and files:
            on_terminal = self.stderr.isatty()
            bar = self.bar = ProgressBar(
                self.stderr, redraw=on_terminal, every=0.2 if on_terminal else 10
            )
        failures = list(unreadable)
        interrupted = False
        done = 0
        try:
            for result in unreadable:
                log.write(result)
                run.counts[archive.FAILED] += 1
            # The search index follows 50 files at a time (half the time of a run otherwise).
            with StopRequests(self._stopping) as stop, batched(size=50):
                try:
                    for path in files:
                        if stop.requested:
                            interrupted = True
                            break
                        result = run.import_file(path)
                        log.write(result)
                        done += 1
                        if result.result == archive.FAILED:
                            failures.append(result)
                        if bar:
                            bar.show(done, len(files), progress_text(run, bar, done, len(files)))
                except KeyboardInterrupt:
                    # The file being imported was rolled back; one imported but not yet
                    # logged is found as already imported by the next run.
                    interrupted = True
        finally:
            log.close()
        if bar and bar.redraw and interrupted:
            self.stderr.write("")
        seconds = time.monotonic() - started
        self.summary(run, seconds, done, len(files), failures, log_path, interrupted)
        if interrupted:
            raise CommandError(
                _("已中斷：%(done)s／%(total)s 個檔案已處理。重新執行同一指令即可從中斷處繼續。")
                % {"done": thousands(done), "total": thousands(len(files))},
                returncode=130,
            )
        if options["strict"] and failures:
            raise CommandError(
                _("有 %(count)s 個檔案匯入失敗，詳見紀錄檔：%(log)s")
                % {"count": thousands(len(failures)), "log": log_path}
            )

    def _stopping(self) -> None:
        # Below the bar a terminal is redrawing, not on it.
        self.stderr.write(
            ("\n" if self.bar and self.bar.redraw else "")
            + _("收到中斷要求：目前的檔案完成後即停止（再按一次 Ctrl-C 立即停止）。")
        )

    def summary(self, run, seconds, done, total, failures, log_path, interrupted) -> None:
        write = self.stdout.write
        values = {
            "done": thousands(done),
            "total": thousands(total),
            "counts": counts_text(run),
            "time": format_duration(seconds),
            "rate": done / seconds if seconds else 0.0,
        }
        if interrupted:
            line = _(
                "已停止：%(done)s／%(total)s 個檔案，%(counts)s；用時 %(time)s（每秒 %(rate).1f 個）。"
            )
        else:
            line = _(
                "完成：%(done)s／%(total)s 個檔案，%(counts)s；用時 %(time)s（每秒 %(rate).1f 個）。"
            )
        write(line % values)
        if failures:
            write(_("失敗的檔案："))
            for result in failures[:SHOWN_FAILURES]:
                write(
                    "  "
                    + _("%(path)s：%(message)s") % {"path": result.path, "message": result.message}
                )
            if len(failures) > SHOWN_FAILURES:
                write(_("  ……其餘 %d 個見紀錄檔") % (len(failures) - SHOWN_FAILURES))
        write(_("紀錄檔：%s") % log_path)


def counts_text(run: archive.ArchiveImport) -> str:
    counts = run.counts
    parts = [
        (_("可匯入 %s") if run.dry_run else _("新匯入 %s"))
        % thousands(counts[archive.READABLE if run.dry_run else archive.IMPORTED]),
        _("已匯入 %s") % thousands(counts[archive.ALREADY_IMPORTED]),
        _("略過 %s") % thousands(counts[archive.SKIPPED]),
        _("失敗 %s") % thousands(counts[archive.FAILED]),
    ]
    return _("，").join(parts)


def progress_text(run: archive.ArchiveImport, bar: ProgressBar, done: int, total: int) -> str:
    remaining = bar.remaining(done, total)
    if remaining is not None and done < total:
        timing = _("每秒 %(rate).1f 個，尚需 %(left)s") % {
            "rate": bar.rate(done),
            "left": format_duration(remaining),
        }
    else:
        timing = _("每秒 %.1f 個") % bar.rate(done)
    return f"{counts_text(run)}｜{timing}"


def find_bureau(value: str) -> Bureau:
    bureau = Bureau.objects.named(value)
    if bureau is None:
        codes = _("、").join(Bureau.objects.values_list("code", flat=True)) or _("（尚無局處）")
        raise CommandError(
            _("找不到局處「%(value)s」。可用的代碼：%(codes)s") % {"value": value, "codes": codes}
        )
    return bureau
