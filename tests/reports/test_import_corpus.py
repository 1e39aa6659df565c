"""Every report shape of the corpus (tests/fixtures/reports) imports with the facts it states,
keeps its sentences and leaves its page furniture behind; the files that are not reports are
refused with a message."""

import pytest

from envoy.reports.importing import UnreadableReport, read_report

from .corpus import compare, fixtures, kept_sentences

CORPUS = fixtures()


def _read(fixture):
    return read_report(fixture.path.name, fixture.path.read_bytes())


def source_text(fixture) -> str:
    """The file's words as the importer's format reader sees them, furniture left out."""
    from envoy.reports.importing import detect_format, docx, odt, pdf, text

    data = fixture.path.read_bytes()
    fmt = detect_format(fixture.path.name, data)
    lines = {
        "txt": lambda: text.lines(data)[0],
        "docx": lambda: docx.lines(data),
        "odt": lambda: odt.lines(data),
        "pdf": lambda: pdf.lines(data),
    }[fmt]()
    joined = "\n".join(lines)
    # Longest first: 轉寄 is also a word of a longer line of chrome.
    for clutter in sorted(fixture.facts.get("clutter", []), key=len, reverse=True):
        joined = joined.replace(clutter, "")
    return joined


@pytest.mark.parametrize("fixture", CORPUS, ids=[f.name for f in CORPUS])
def test_each_shape_imports_with_the_facts_it_states(fixture):
    if not fixture.facts.get("must_import", True):
        with pytest.raises(UnreadableReport):
            _read(fixture)
        return
    result = _read(fixture)
    assert compare(fixture.facts, result.document).wrong == []


@pytest.mark.parametrize(
    "fixture",
    [f for f in CORPUS if f.facts.get("must_import", True)],
    ids=[f.name for f in CORPUS if f.facts.get("must_import", True)],
)
def test_each_shape_keeps_its_sentences(fixture):
    document = _read(fixture).document
    kept, total = kept_sentences(source_text(fixture), document)
    assert kept >= 0.95 * total, (kept, total)


def test_the_corpus_keeps_98_percent_of_its_sentences():
    kept = total = 0
    for fixture in CORPUS:
        if fixture.facts.get("must_import", True):
            k, t = kept_sentences(source_text(fixture), _read(fixture).document)
            kept, total = kept + k, total + t
    assert total > 0
    assert kept / total >= 0.98, (kept, total)
