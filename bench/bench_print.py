"""Printing speed, warm, on this machine (targets: seed → PDF ≤ 0.3 s; → ODT, → DOCX ≤ 0.2 s
each; a generated 80-page report → PDF ≤ 1 s).

    .venv/bin/python bench/bench_print.py [--runs N]

Each timing is the whole export: loading the record from the database, building the
document and rendering it, as `manage.py export_report` does.
"""

import argparse
import copy

from _setup import SEED, django_with_scratch_database, measure


def long_document(seed: dict, pages: int) -> dict:
    """The seed's 過程 repeated over more days until the report has about ``pages`` pages."""
    import datetime as dt

    document = copy.deepcopy(seed)
    process = next(c for c in document["report"]["chapters"] if c["number"] == 2)
    template = list(process["blocks"])
    figure = max(b["figure_last"] for b in template if b["kind"] == "figures")
    start = dt.date.fromisoformat(document["mission"]["start_date"])
    # One copy of the seed's 過程 prints about 6 pages.
    for copy_number in range(1, max(1, pages // 6)):
        for block in template:
            block = copy.deepcopy(block)
            if block["kind"] == "day":
                day = dt.date.fromisoformat(block["date"]) + dt.timedelta(days=5 * copy_number)
                block["date"], block["text"] = day.isoformat(), ""
            elif block["kind"] == "figures":
                span = block["figure_last"] - block["figure_first"]
                block["figure_first"], block["figure_last"] = figure + 1, figure + 1 + span
                figure += 1 + span
            process["blocks"].append(block)
    document["mission"]["end_date"] = (start + dt.timedelta(days=5 * (pages // 6) + 4)).isoformat()
    return document


def page_count(pdf: bytes) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    django_with_scratch_database()
    from envoy.reports.document import load_report, report_document
    from envoy.reports.services import export_report, import_report_file, save_document

    seed = import_report_file(SEED).report
    import time

    started = time.perf_counter()
    first = export_report(seed.pk, "pdf")
    cold = (time.perf_counter() - started) * 1000
    print(f"seed PDF: {page_count(first)} pages; first (cold) export in this process {cold:.0f} ms")
    for fmt in ("pdf", "odt", "docx", "json"):
        measure(
            f"seed → {fmt.upper()}", lambda fmt=fmt: export_report(seed.pk, fmt), runs=args.runs
        )
    measure("seed → PDF, a paragraph edited before each", edited(seed, "pdf"), runs=args.runs)
    seed_document = report_document(load_report(seed.pk), photos="path")
    long, _ = save_document(long_document(seed_document, 80))
    print(f"generated report PDF: {page_count(export_report(long.pk, 'pdf'))} pages")
    runs = max(5, args.runs // 2)
    measure("generated report → PDF", lambda: export_report(long.pk, "pdf"), runs=runs)
    measure("generated → PDF, a paragraph edited before each", edited(long, "pdf"), runs=runs)
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of this process: {peak:.0f} MB")


def edited(report, fmt: str):
    """An export that follows an edit, so Typst cannot reuse its last result whole."""
    from envoy.reports.models import Block
    from envoy.reports.services import export_report

    paragraphs = list(Block.objects.filter(chapter__report=report, kind="paragraph"))
    counter = iter(range(10**6))

    def run():
        n = next(counter)
        block = paragraphs[n % len(paragraphs)]
        block.text += f"（修訂 {n}）"
        block.save(update_fields=["text"])
        export_report(report.pk, fmt)

    return run


if __name__ == "__main__":
    main()
