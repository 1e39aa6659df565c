"""Mutated report files of every format, read by the importers and printed back: anything
but a record or a clear refusal (UnreadableReport) is a finding.

.venv/bin/python bench/fuzz_imports.py [--inputs 100000] [--seed 1] [--save-every 50]

The inputs are the seed report and Envoy's own exports of it (TXT, DOCX, ODT, PDF, JSON),
mutated as fuzzers do (bytes flipped, inserted, removed, repeated; zip members rewritten;
JSON values swapped for other types; control characters in text). Every ``--save-every``-th
readable input is also saved into a scratch SQLite database and printed to ODT and DOCX.
Prints the count of inputs, of records, of refusals and of unexpected exceptions by type,
with the first example of each kept under var/fuzz/.
"""

import argparse
import collections
import io
import json
import logging
import random
import time
import traceback
import zipfile

from _setup import ROOT, SEED, django_with_scratch_database

CONTROL = ["\x00", "\x01", "\x0b", "\x0c", "\x1b", "\ufffe", "\uffff", "\u2028"]


def mutate_bytes(rng: random.Random, data: bytes) -> bytes:
    data = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if not data:
            break
        at = rng.randrange(len(data))
        kind = rng.randrange(5)
        if kind == 0:
            data[at] = rng.randrange(256)
        elif kind == 1:
            del data[at : at + rng.randint(1, 64)]
        elif kind == 2:
            data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        elif kind == 3:
            chunk = data[at : at + rng.randint(1, 256)]
            data[at:at] = chunk * rng.randint(1, 4)
        else:
            del data[at:]
    return bytes(data)


def mutate_zip(rng: random.Random, data: bytes) -> bytes:
    """A member of the package rewritten: its XML mutated, or cut; half the time without the
    record Envoy's prints carry, so that the office file's own XML is read."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    names = source.namelist()
    if rng.random() < 0.5:
        names = [name for name in names if name != "envoy/report.json"]
    victim = rng.choice(names)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            content = source.read(name)
            if name == victim:
                content = mutate_bytes(rng, content)
            target.writestr(name, content)
    return out.getvalue()


def mutate_json(rng: random.Random, document: dict) -> bytes:
    """A value somewhere replaced by another type, a control character, or a duplicate."""
    doc = json.loads(json.dumps(document))
    paths = []

    def walk(node, path):
        if isinstance(node, dict):
            for key, value in node.items():
                paths.append((node, key))
                walk(value, path + [key])
        elif isinstance(node, list):
            for n, value in enumerate(node):
                paths.append((node, n))
                walk(value, path + [n])

    walk(doc, [])
    for _ in range(rng.randint(1, 4)):
        container, key = rng.choice(paths)
        try:
            value = container[key]
        except (KeyError, IndexError):
            continue  # taken away by an earlier change
        choice = rng.randrange(7)
        if choice == 0:
            container[key] = rng.choice([None, 1, -5, 2.5, True, "", [], {}, "x" * 300])
        elif choice == 1 and isinstance(value, str):
            container[key] = value + rng.choice(CONTROL) + value
        elif choice == 2 and isinstance(container, list):
            container.append(value)
        elif choice == 3 and isinstance(container, dict):
            del container[key]
        elif choice == 4 and isinstance(value, str):
            container[key] = "\x00" + value
        elif choice == 5:
            container[key] = rng.choice(["2026-02-30", "115/4/26", "not a date", "99:99"])
        else:
            container[key] = json.loads(json.dumps(value))
    return json.dumps(doc, ensure_ascii=rng.random() < 0.5).encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--save-every", type=int, default=50)
    args = parser.parse_args()
    django_with_scratch_database()
    from django.db import transaction

    from envoy.reports.document import load_report, report_document
    from envoy.reports.importing import UnreadableReport, read_report
    from envoy.reports.printing.docx import render_docx
    from envoy.reports.printing.odt import render_odt
    from envoy.reports.services import export_report, import_report_file, save_document

    seed_report = import_report_file(SEED).report
    bases = {"txt": SEED.read_bytes()}
    for fmt in ("docx", "odt", "pdf", "json"):
        bases[fmt] = export_report(seed_report.pk, fmt)
    document = report_document(load_report(seed_report.pk), photos="embed")
    rng = random.Random(args.seed)
    examples = ROOT / "var" / "fuzz"
    examples.mkdir(parents=True, exist_ok=True)
    caught: collections.Counter = collections.Counter()

    class Caught(logging.Handler):
        """Failures the importer refused the file for without foreseeing them (logged)."""

        def emit(self, record):
            if record.exc_info:
                kind = f"{record.exc_info[0].__module__}.{record.exc_info[0].__name__}"
                if not caught[kind]:
                    (examples / f"caught-{kind}.txt").write_text(
                        "".join(traceback.format_exception(*record.exc_info))
                    )
                caught[kind] += 1

    logging.getLogger("envoy.reports.importing").addHandler(Caught(logging.ERROR))
    logging.getLogger("envoy.reports.importing").propagate = False
    found: collections.Counter = collections.Counter()
    outcomes: collections.Counter = collections.Counter()
    started = time.perf_counter()
    for n in range(args.inputs):
        fmt = rng.choice(list(bases))
        if fmt in ("docx", "odt") and rng.random() < 0.5:
            data = mutate_zip(rng, bases[fmt])
        elif fmt == "json" and rng.random() < 0.7:
            data = mutate_json(rng, document)
        elif fmt == "txt" and rng.random() < 0.3:
            text = SEED.read_text(encoding="utf-8")
            at = rng.randrange(len(text))
            data = (text[:at] + rng.choice(CONTROL) * rng.randint(1, 3) + text[at:]).encode(
                "utf-8", "surrogatepass"
            )
        else:
            data = mutate_bytes(rng, bases[fmt])
        try:
            result = read_report(f"fuzz.{fmt}", data)
            outcomes["read"] += 1
            if n % args.save_every == 0:
                with transaction.atomic():
                    report, _ = save_document(result.document)
                    saved = report_document(load_report(report.pk), photos="path")
                    render_odt(saved)
                    render_docx(saved)
                    transaction.set_rollback(True)
                outcomes["saved and printed"] += 1
        except UnreadableReport:
            outcomes["refused"] += 1
        except Exception as error:  # the finding
            kind = f"{type(error).__module__}.{type(error).__name__}"
            if not found[kind]:
                (examples / f"{kind}.{fmt}").write_bytes(data)
                (examples / f"{kind}.txt").write_text(traceback.format_exc())
            found[kind] += 1
        if (n + 1) % 5000 == 0:
            print(f"{n + 1:,} inputs, {time.perf_counter() - started:.0f} s", flush=True)
    print(f"\n{args.inputs:,} inputs in {time.perf_counter() - started:.0f} s (seed {args.seed})")
    for outcome, count in outcomes.most_common():
        print(f"  {outcome}: {count:,}")
    print(f"refused after a failure the readers did not foresee (logged): {sum(caught.values()):,}")
    for kind, count in caught.most_common():
        print(f"  {kind}: {count:,}")
    print(f"unexpected exceptions: {sum(found.values()):,}")
    for kind, count in found.most_common():
        print(f"  {kind}: {count:,} (example in var/fuzz/{kind}.*)")


if __name__ == "__main__":
    main()
