"""Bulk archive import: files a second into a fresh SQLite database, peak memory, the rerun.

.venv/bin/python bench/bench_import_archive.py [--files 1000] [--rebuild-archive]

The archive is built once in var/bench/archive-<files>/ (kept; --rebuild-archive makes it
again): the seed report in one folder a year with a title and a year of its own (plain
UTF-8 text), some in Big5, Envoy JSON exports, printed PDF/ODT/DOCX copies, identical
copies, and the files an old share drive holds: corrupt, empty, scanned (a PDF without a
text layer), unsupported (.doc, .xls, .jpg), notes that are no report. Building it uses a
scratch database of its own (in a child process), so the import starts from an empty one.

Prints: files a second for the first run, what the search index adds per imported file
(time spent in the index's commit hook), mean seconds per file by format from the log,
peak RSS, the rerun (every file already imported) and the database and media sizes.
"""

import argparse
import csv
import io
import json
import resource
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from io import StringIO
from pathlib import Path

from _setup import ROOT, SEED, django_with_scratch_database

MARKER = ".complete"  # hidden: the import passes it over


def vary(text: str, n: int) -> str:
    """The seed as report ``n``: its own title, and its dates moved to another year."""
    shift = n % 12
    roc, year = 115 - shift, 2026 - shift
    return (
        text.replace("首長高峰會出國報告", f"首長高峰會（第 {n} 號）出國報告", 1)
        .replace("115 年", f"{roc} 年")
        .replace("115/", f"{roc}/")
        .replace("2026", str(year))
    )


def build_archive(folder: Path, files: int) -> None:
    """Write the archive (in a child process: it needs a database for the exports)."""
    import shutil

    import pypdfium2 as pdfium

    from envoy.reports.services import export_report, import_report_bytes

    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    seed = SEED.read_text(encoding="utf-8")
    odd = 0

    def put(name: str, data: bytes) -> None:
        nonlocal odd
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        odd += 1

    # The share drive's leftovers: 2 empty, 3 corrupt, 2 scanned, 3 unsupported, 2 notes.
    put("misc/empty.txt", b"")
    put("misc/空白.txt", b"\n \r\n")
    put("misc/garbage.txt", bytes(range(256)) * 40)
    put("misc/broken.pdf", b"%PDF-1.4\n" + bytes(range(256)) * 4)
    put("misc/broken.docx", b"PK\x03\x04" + bytes(range(256)) * 4)
    for n, size in enumerate([(595, 842), (612, 792)]):
        pdf = pdfium.PdfDocument.new()
        pdf.new_page(*size)
        buffer = io.BytesIO()
        pdf.save(buffer)
        put(f"misc/scan-{n}.pdf", buffer.getvalue())
    put("misc/old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    put("misc/budget.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x01" * 512)
    put("misc/photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 512)
    put("misc/memo.txt", "會議紀錄：下週三召開籌備會議。".encode())
    put("misc/list.TXT", "出國人員名單\n王小明\n李小華\n".encode())
    # Printed copies (5 reports × PDF, ODT, DOCX) and 40 JSON exports of one more.
    for n in range(5):
        report = import_report_bytes(vary(seed, 9000 + n).encode(), filename="x.txt").report
        for fmt in ("pdf", "odt", "docx"):
            put(f"printed/report-{n}.{fmt}", export_report(report.pk, fmt))
    report = import_report_bytes(vary(seed, 9100).encode(), filename="x.txt").report
    document = json.loads(export_report(report.pk, "json"))
    for n in range(40):
        document["mission"]["title"] = document["report"]["title"] = f"封存報告 JSON 第 {n} 號"
        put(f"json/export-{n:02d}.json", json.dumps(document, ensure_ascii=False).encode())
    # 10 identical copies of text files written below.
    copies = 10
    big5 = 40
    text_count = files - odd - copies - big5
    for n in range(big5):
        data = vary(seed, 5000 + n).encode("cp950", errors="replace")
        put(f"big5/report-{n:03d}.txt", data)
    for n in range(text_count):
        year = 2026 - n % 12
        suffix = "TXT" if n % 50 == 0 else "txt"
        put(f"{year}/report-{n:04d}.{suffix}", vary(seed, n).encode())
    for n in range(copies):
        year = 2026 - n % 12
        suffix = "TXT" if n % 50 == 0 else "txt"
        source = folder / f"{year}/report-{n:04d}.{suffix}"
        put(f"copies/report-{n:04d} (1).txt", source.read_bytes())
    (folder / MARKER).write_text(str(files))


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed_index_hook():
    """Wrap the search index's commit hook; return the list its durations go in."""
    from envoy.search import signals

    spent: list[float] = []
    real = signals.flush

    def flush():
        started = time.perf_counter()
        real()
        spent.append(time.perf_counter() - started)

    signals.flush = flush
    return spent


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--rebuild-archive", action="store_true")
    parser.add_argument("--build-only", help=argparse.SUPPRESS)
    args = parser.parse_args()
    folder = ROOT / "var" / "bench" / f"archive-{args.files}"
    if args.build_only:
        django_with_scratch_database()
        build_archive(Path(args.build_only), args.files)
        return
    if args.rebuild_archive or not (folder / MARKER).exists():
        print(f"building {folder} …", flush=True)
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, __file__, "--files", str(args.files), "--build-only", str(folder)],
            check=True,
        )
        print(f"  built in {time.perf_counter() - started:.1f} s")
    files = [p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")]
    print(f"archive: {folder}, {len(files):,} files, {folder_size(folder) / 1e6:.1f} MB")

    scratch = django_with_scratch_database()
    from django.core.management import call_command

    index_spent = timed_index_hook()
    rss_before = rss_mb()
    log = scratch / "first.csv"
    started = time.perf_counter()
    call_command(
        "import_archive", str(folder), "--log", str(log), stdout=StringIO(), stderr=StringIO()
    )
    seconds = time.perf_counter() - started
    rows = list(csv.DictReader(log.open(encoding="utf-8-sig")))
    by_result = defaultdict(int)
    by_format = defaultdict(list)
    for row in rows:
        by_result[row["result"]] += 1
        if row["result"] == "imported":
            by_format[row["format"]].append(float(row["seconds"]))
    imported = by_result["imported"]
    print(
        f"first run: {len(rows):,} files in {seconds:.1f} s = {len(rows) / seconds:.1f} files/s "
        f"({imported / seconds:.1f} imported/s); "
        + ", ".join(f"{k} {v}" for k, v in sorted(by_result.items()))
    )
    print(
        f"  search index at commit: {sum(index_spent):.1f} s in all, "
        f"{1000 * sum(index_spent) / max(imported, 1):.1f} ms per imported file "
        f"({100 * sum(index_spent) / seconds:.0f} % of the run)"
    )
    for fmt, times in sorted(by_format.items()):
        print(
            f"  {fmt:<5} {len(times):>4} files, mean {1000 * statistics.mean(times):6.1f} ms, "
            f"max {1000 * max(times):6.1f} ms a file"
        )
    print(f"  peak RSS {rss_mb():.0f} MB (after Django set-up: {rss_before:.0f} MB)")

    started = time.perf_counter()
    call_command(
        "import_archive",
        str(folder),
        "--log",
        str(scratch / "rerun.csv"),
        stdout=StringIO(),
        stderr=StringIO(),
    )
    rerun = time.perf_counter() - started
    rerun_rows = list(csv.DictReader((scratch / "rerun.csv").open(encoding="utf-8-sig")))
    new = sum(r["result"] == "imported" for r in rerun_rows)
    print(
        f"rerun: {len(rerun_rows):,} files in {rerun:.2f} s = {len(rerun_rows) / rerun:.0f} "
        f"files/s, {new} imported again"
    )
    print(
        f"database {(scratch / 'envoy.sqlite3').stat().st_size / 1e6:.1f} MB, "
        f"media {folder_size(scratch / 'media') / 1e6:.1f} MB; peak RSS {rss_mb():.0f} MB"
    )


if __name__ == "__main__":
    main()
