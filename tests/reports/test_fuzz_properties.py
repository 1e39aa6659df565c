"""Property-based fuzzing of the importers and printers (hypothesis): whatever bytes come in,
a reader returns a record or refuses the file with a message, and never fails in a way it did
not foresee; whatever text a record holds, every printer prints it.

A fixed budget of examples runs in the suite (derandomised, so a run is repeatable); the longer
run is bench/fuzz_imports.py, with its figures in docs/fuzzing.md.
"""

import io
import json
import logging
import os
import zipfile

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from envoy.reports.importing import UnreadableReport, read_report
from envoy.reports.printing.docx import render_docx
from envoy.reports.printing.odt import render_odt
from envoy.reports.printing.pdf import render_pdf
from envoy.reports.services import save_document
from tests.conftest import SEED

SEED_BYTES = SEED.read_bytes()
# ENVOY_FUZZ_EXAMPLES=2000 for a longer run than the suite's.
EXAMPLES = int(os.environ.get("ENVOY_FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def exports(seed_report):
    """The seed exported in every format (once a test: hypothesis runs its examples inside)."""
    from envoy.reports.services import export_report

    return {fmt: export_report(seed_report.pk, fmt) for fmt in ("docx", "odt", "pdf", "json")}


def _read_or_refuse(name: str, data: bytes, caplog) -> None:
    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="envoy.reports.importing"):
        try:
            read_report(name, data)
        except UnreadableReport as refused:
            assert refused.message
    unforeseen = [r for r in caplog.records if r.name.startswith("envoy.reports.importing")]
    assert unforeseen == [], (unforeseen[0].exc_text or "")[-2000:] if unforeseen else ""


def _mutated(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    out = bytearray(data)
    for at, remove, insert in edits:
        at %= max(len(out), 1)
        out[at : at + remove] = insert
    return bytes(out)


EDITS = st.lists(
    st.tuples(st.integers(0, 10**7), st.integers(0, 64), st.binary(max_size=16)),
    min_size=1,
    max_size=6,
)


@FUZZ
@given(edits=EDITS)
def test_mutated_text_reports_are_read_or_refused(edits, caplog):
    _read_or_refuse("fuzz.txt", _mutated(SEED_BYTES, edits), caplog)


@FUZZ
@given(text=st.text(max_size=3000))
def test_any_text_is_read_or_refused(text, caplog):
    _read_or_refuse("any.txt", text.encode("utf-8", "surrogatepass"), caplog)


@pytest.mark.parametrize("fmt", ["docx", "odt", "pdf", "json"])
@FUZZ
@given(edits=EDITS)
def test_mutated_exports_are_read_or_refused(exports, fmt, edits, caplog):
    _read_or_refuse(f"fuzz.{fmt}", _mutated(exports[fmt], edits), caplog)


@pytest.mark.parametrize("fmt", ["docx", "odt"])
@FUZZ
@given(edits=EDITS, member=st.integers(0, 100), keep_record=st.booleans())
def test_office_files_with_a_damaged_member_are_read_or_refused(
    exports, fmt, edits, member, keep_record, caplog
):
    source = zipfile.ZipFile(io.BytesIO(exports[fmt]))
    names = [n for n in source.namelist() if keep_record or n != "envoy/report.json"]
    victim = names[member % len(names)]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            content = source.read(name)
            target.writestr(name, _mutated(content, edits) if name == victim else content)
    _read_or_refuse(f"member.{fmt}", out.getvalue(), caplog)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


@FUZZ
@given(path=st.lists(st.integers(0, 50), min_size=1, max_size=6), value=JSON_VALUES)
def test_a_json_with_any_value_anywhere_is_read_or_refused(exports, path, value, caplog):
    document = json.loads(exports["json"])
    node = document
    for step in path[:-1]:
        children = list(node.values()) if isinstance(node, dict) else node
        containers = [c for c in children if isinstance(c, dict | list) and c]
        if not containers:
            break
        node = containers[step % len(containers)]
    keys = list(node) if isinstance(node, dict) else list(range(len(node)))
    if keys:
        node[keys[path[-1] % len(keys)]] = value
    data = json.dumps(document).encode()
    _read_or_refuse("any.json", data, caplog)
    # What was read is saved whole or refused, never half (one transaction, rolled back here).
    try:
        read = read_report("any.json", data)
    except UnreadableReport:
        return
    with transaction.atomic():
        try:
            save_document(read.document)
        except UnreadableReport:
            pass
        transaction.set_rollback(True)


PRINTABLE_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=0, max_size=200
)


@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(title=PRINTABLE_TEXT, paragraph=PRINTABLE_TEXT, name=PRINTABLE_TEXT)
def test_every_printer_prints_any_text(exports, title, paragraph, name):
    document = json.loads(exports["json"])
    document["report"]["title"] = title
    document["mission"]["members"] = [
        {"name": name, "agency": "", "unit": "", "title": "", "rank": "", "is_head": True}
    ]
    document["report"]["chapters"][0]["blocks"][0]["text"] = paragraph
    for render in (render_odt, render_docx, render_pdf):
        assert render(document)
