"""Every report of the corpus (tests/fixtures/reports) through the editor's text box: written
out and saved unchanged, nothing changes; pasted afresh into an empty chapter, each chapter
splits into the blocks its import found."""

import pytest

from envoy.reports import services, writing
from envoy.reports.importing import UnreadableReport
from envoy.reports.models import Block, Report
from tests.reports.corpus import fixtures

CORPUS = [f for f in fixtures() if "refused" not in f.path.name]


def _import(fixture, user):
    try:
        return services.import_report_file(fixture.path, user=user).report
    except UnreadableReport:
        pytest.skip("refused on import")


def _blocks(report: Report):
    return [
        [(b.kind, b.text, b.date, b.marker) for b in chapter.block_list]
        for chapter in writing.load_chapters(report)
    ]


@pytest.mark.parametrize("fixture", CORPUS, ids=lambda f: f.name)
def test_saved_unchanged_changes_nothing(fixture, cast):
    report = _import(fixture, cast["admin"])
    before = _blocks(report)
    chapters = writing.load_chapters(report)
    text = writing.body_text(chapters, headings=True, style=report.heading_style)
    plan = services.rewrite_body(
        user=cast["admin"], report=report, text=text, base=writing.fingerprint(chapters)
    )
    assert not plan.changes_anything
    assert _blocks(report) == before


def pasted_afresh(report: Report, user) -> tuple[int, int]:
    """(chapters that split as imported, chapters): each chapter's text pasted into a new,
    empty chapter of the same report."""
    same = total = 0
    for chapter in writing.load_chapters(report):
        if not chapter.block_list:
            continue
        text = writing.body_text([chapter], headings=False, style=report.heading_style)
        fresh = services.add_chapter(user=user, report=report, title="貼上")
        fresh.report = report
        blocks = [b for b in chapter.block_list]
        services.rewrite_body(
            user=user,
            report=report,
            text=text,
            base=writing.fingerprint(writing.load_chapters(report, fresh)),
            chapter=fresh,
        )
        pasted = list(Block.objects.filter(chapter=fresh).order_by("position"))
        total += 1
        same += [(b.kind, b.text) for b in pasted] == [(b.kind, b.text) for b in blocks]
    return same, total


def test_pasted_afresh_splits_as_imported(cast):
    """A measure over the corpus, printed; each chapter pasted must split as its import did
    in at least 90 % of chapters."""
    same = total = 0
    for fixture in CORPUS:
        try:
            report = services.import_report_file(fixture.path, user=cast["admin"]).report
        except UnreadableReport:
            continue
        s, t = pasted_afresh(report, cast["admin"])
        same, total = same + s, total + t
    print(f"chapters pasted afresh that split as imported: {same} of {total}")
    assert total > 50
    assert same / total >= 0.9
