"""The corpus of report shapes (tests/fixtures/reports/{shapes,public}): for each file, the
share of its stated facts the importer recovers, the share of its sentences kept, and any
page furniture or web chrome left in the record.

.venv/bin/python bench/bench_import_corpus.py [--verbose]
"""

import argparse
import time

from _setup import django_with_scratch_database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--verbose", action="store_true", help="list every fact not recovered")
    args = parser.parse_args()
    django_with_scratch_database()
    from envoy.reports.importing import UnreadableReport, read_report
    from tests.reports.corpus import compare, fixtures, kept_sentences
    from tests.reports.test_import_corpus import source_text

    right = checked = kept = sentences = clutter_left = refused_right = 0
    started = time.perf_counter()
    corpus = fixtures()
    for fixture in corpus:
        must_import = fixture.facts.get("must_import", True)
        try:
            document = read_report(fixture.path.name, fixture.path.read_bytes()).document
        except UnreadableReport as refused:
            refused_right += not must_import
            print(
                f"{fixture.name:60} refused{'' if not must_import else ' (WRONG)'}: {refused.message}"
            )
            continue
        result = compare(fixture.facts, document)
        k, t = kept_sentences(source_text(fixture), document)
        left = [w for w in result.wrong if w[0].startswith("clutter")]
        right, checked = right + len(result.right), checked + len(result.right) + len(result.wrong)
        kept, sentences, clutter_left = kept + k, sentences + t, clutter_left + len(left)
        print(
            f"{fixture.name:60} facts {len(result.right)}/{len(result.right) + len(result.wrong)}"
            f"  sentences {k}/{t}  clutter left {len(left)}"
        )
        if args.verbose:
            for wrong in result.wrong:
                print("      ", wrong)
    elapsed = time.perf_counter() - started
    print(f"\n{len(corpus)} files in {elapsed:.2f} s")
    print(f"facts recovered: {right}/{checked} = {100 * right / checked:.1f} %")
    print(f"sentences kept: {kept}/{sentences} = {100 * kept / sentences:.1f} %")
    print(f"clutter strings left in records: {clutter_left}")
    print(f"files that must be refused and were: {refused_right}")


if __name__ == "__main__":
    main()
