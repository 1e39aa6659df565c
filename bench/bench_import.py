"""Seed report import: read + parse, and the whole import into SQLite (target ≤ 20 ms).

.venv/bin/python bench/bench_import.py [--runs N]
"""

import argparse

from _setup import SEED, django_with_scratch_database, measure


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    django_with_scratch_database()
    from envoy.reports.importing import read_report
    from envoy.reports.services import import_report_file

    data = SEED.read_bytes()
    print(f"seed: {SEED.name}, {len(data):,} bytes")
    measure("parse only (read_report)", lambda: read_report(SEED.name, data), runs=args.runs)
    measure(
        "full import into SQLite (import_report_file)",
        lambda: import_report_file(SEED),
        runs=args.runs,
    )


if __name__ == "__main__":
    main()
