"""Import of generated report shapes (bench/generate_shapes.py): throughput and what an
import recovers of each report's facts, on shapes the importer was not tuned on.

.venv/bin/python bench/bench_import_shapes.py [--count 1000] [--seed 1] [--full 200]
    [--misses K] [--features] [--dump DIR]

Prints (a) parse-only throughput with read_report over every report, (b) the share of facts
recovered (tests.reports.corpus.compare) overall and by fact key, the share of reports with
every fact right, the share of sentences kept (kept_sentences), refused imports and crashes,
and (c) full imports into a scratch SQLite database (import_report_bytes) for the first
--full reports. --misses K lists the first K misses of each key, --features the share of
reports with every fact right by each choice the generator made, and --dump DIR writes the
generated files and their facts for reading.
"""

import argparse
import json
import re
import statistics
import time
import traceback
from collections import Counter, defaultdict
from pathlib import Path

from _setup import django_with_scratch_database

# A document with nothing recovered: what a refused or crashed import is compared with.
EMPTY = {
    "mission": {
        "category": "",
        "category_detail": "",
        "start_date": None,
        "end_date": None,
        "host_agency": "",
        "region": "",
        "members": [],
        "days": [],
        "title": "",
    },
    "report": {
        "title": "",
        "report_date": None,
        "portal_id": "",
        "page_count": None,
        "keywords": [],
        "heading_style": "",
        "summary": "",
        "chapters": [],
    },
}


def source_text(data: bytes) -> str:
    """The generated text, decoded independently of the importer."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp950")


def key_of(check: str) -> str:
    """travellers[2].name → travellers.name, points[心得] → points, clutter[0] absent → clutter."""
    return re.sub(r"\[[^\]]*\]", "", check).removesuffix(" absent")


def features_of(facts: dict) -> list:
    """The generator's choices for a report, from its shape line: headings=upper, wrap…"""
    words = facts["shape"].removeprefix("generated: ").split("; ")
    out = []
    for word in words:
        word = re.sub(r"^wrap=\d+", "wrap", word)
        word = re.sub(r"^(itinerary=\w+)/.*", r"\1", word)
        if not word.startswith("markers="):
            out.append(word)
    return out


def print_mix(corpus: list) -> None:
    """How many reports have each of the main choices."""
    counts = Counter(f for _, _, facts in corpus for f in features_of(facts))
    main = ["wrap", "furniture=page_of", "furniture=bare", "chrome", "simplified", "big5", "summary",
            "toc", "itinerary=process", "itinerary=bare", "itinerary=appendix", "portal"]  # fmt: skip
    styles = [f"headings={h}" for h in ("chapter", "upper", "lower")]
    plain = sum(n for f, n in counts.items() if f.startswith("headings=plain"))
    print(
        "mix: " + ", ".join(f"{f} {counts[f]}" for f in main + styles) + f", headings=plain {plain}"
    )


def percentile(values: list, share: float) -> float:
    values = sorted(values)
    return values[max(0, int(len(values) * share + 0.5) - 1)]


def timing(label: str, seconds: list) -> None:
    if not seconds:
        print(f"{label}: none")
        return
    total = sum(seconds)
    ms = [s * 1000 for s in seconds]
    print(
        f"{label}: {len(seconds)} reports in {total:.2f} s = {len(seconds) / total:.1f} reports/s;"
        f" per report median {statistics.median(ms):.1f} ms, p95 {percentile(ms, 0.95):.1f} ms,"
        f" max {max(ms):.1f} ms"
    )


def parse_all(corpus: list, read_report, unreadable) -> tuple[list, list, list, list]:
    """read_report over every report (after three untimed warm-up reads): times, documents
    (None if refused or crashed), refusals and crashes."""
    for name, data, _facts in corpus[:3]:
        try:
            read_report(name, data)
        except Exception:
            pass
    seconds, documents, refused, crashes = [], [], [], []
    for name, data, _facts in corpus:
        start = time.perf_counter()
        try:
            document = read_report(name, data).document
        except unreadable as error:
            document = None
            refused.append((name, error.message))
        except Exception:
            document = None
            crashes.append((name, traceback.format_exc()))
        seconds.append(time.perf_counter() - start)
        documents.append(document)
    return seconds, documents, refused, crashes


def score(corpus: list, documents: list, compare, kept_sentences) -> dict:
    right, checked = Counter(), Counter()
    misses = defaultdict(list)
    perfect, kept, sentences = 0, 0, 0
    features = defaultdict(lambda: [0, 0])  # feature → [reports with every fact right, reports]
    for (name, data, facts), document in zip(corpus, documents, strict=True):
        result = compare(facts, document or EMPTY)
        checks = [(c, True) for c in result.right] + [(w[0], False) for w in result.wrong]
        if document is None:
            checks = [(c, False) for c, _ in checks]
        for check, ok in checks:
            checked[key_of(check)] += 1
            right[key_of(check)] += ok
        for check, expected, found in result.wrong:
            misses[key_of(check)].append((name, check, expected, found))
        all_right = all(ok for _, ok in checks)
        perfect += all_right
        for feature in features_of(facts):
            features[feature][0] += all_right
            features[feature][1] += 1
        k, n = kept_sentences(source_text(data), document or EMPTY)
        kept, sentences = kept + k, sentences + n
    return dict(right=right, checked=checked, misses=misses, perfect=perfect, kept=kept,
                sentences=sentences, features=features)  # fmt: skip


def share(right: int, checked: int) -> str:
    return f"{right / checked * 100:5.1f} % ({right:,}/{checked:,})" if checked else "—"


def print_scores(scores: dict, count: int, by_feature: bool) -> None:
    right, checked = scores["right"], scores["checked"]
    print(f"facts recovered: {share(sum(right.values()), sum(checked.values()))}")
    dates = ("start_date", "end_date", "report_date")
    print(
        f"  {'dates (start, end, report)':<28} {share(sum(right[k] for k in dates), sum(checked[k] for k in dates))}"
    )
    for key in sorted(checked, key=lambda k: (right[k] / checked[k], k)):
        print(f"  {key:<28} {share(right[key], checked[key])}")
    print(f"reports with every fact right: {share(scores['perfect'], count)}")
    print(f"sentences kept: {share(scores['kept'], scores['sentences'])}")
    if by_feature:
        print("reports with every fact right, by what the generator chose:")
        for feature, (good, total) in sorted(
            scores["features"].items(), key=lambda f: f[1][0] / f[1][1]
        ):
            print(f"  {feature:<36} {share(good, total)}")


def print_misses(misses: dict, limit: int) -> None:
    for key, rows in sorted(misses.items()):
        print(f"-- {key}: {len(rows)} misses")
        for name, check, expected, found in rows[:limit]:
            print(f"   {name} {check}: expected {expected!r}, found {found!r}")


def full_import(corpus: list, count: int, import_report_bytes, unreadable) -> None:
    seconds, failed = [], 0
    for name, data, _facts in corpus[:count]:
        start = time.perf_counter()
        try:
            import_report_bytes(data, filename=name)
        except unreadable:
            failed += 1
            continue
        seconds.append(time.perf_counter() - start)
    timing("full import into SQLite (import_report_bytes)", seconds)
    if failed:
        print(f"  {failed} refused")


def dump(corpus: list, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data, facts in corpus:
        (folder / name).write_bytes(data)
        facts_path = folder / (name.removesuffix(".txt") + ".facts.json")
        facts_path.write_text(
            json.dumps(facts, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--full", type=int, default=200)
    parser.add_argument("--misses", type=int, default=0, help="list the first K misses of each key")
    parser.add_argument("--features", action="store_true", help="every-fact-right share by choice")
    parser.add_argument("--dump", type=Path, help="write the generated reports and facts here")
    args = parser.parse_args()
    django_with_scratch_database()
    from generate_shapes import generate

    from envoy.reports.importing import UnreadableReport, read_report
    from envoy.reports.services import import_report_bytes
    from tests.reports.corpus import compare, kept_sentences

    start = time.perf_counter()
    corpus = generate(args.count, args.seed)
    size = sum(len(data) for _, data, _ in corpus)
    print(f"generated {len(corpus)} reports (seed {args.seed}), {size / 1e6:.1f} MB,"
          f" in {time.perf_counter() - start:.1f} s")  # fmt: skip
    print_mix(corpus)
    if args.dump:
        dump(corpus, args.dump)

    seconds, documents, refused, crashes = parse_all(corpus, read_report, UnreadableReport)
    timing("parse only (read_report)", seconds)
    scores = score(corpus, documents, compare, kept_sentences)
    print_scores(scores, len(corpus), args.features)
    print(f"refused imports: {len(refused)}")
    for name, message in refused[:5]:
        print(f"  {name}: {message}")
    print(f"crashes: {len(crashes)}")
    for name, trace in crashes[:5]:
        print(f"  {name}:\n{trace}")
    if args.misses:
        print_misses(scores["misses"], args.misses)
    full_import(corpus, args.full, import_report_bytes, UnreadableReport)


if __name__ == "__main__":
    main()
