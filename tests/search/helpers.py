"""Records for search tests, and reading results."""

import datetime as dt


def make_report(
    title: str,
    paragraphs: list[str],
    *,
    bureau=None,
    start: dt.date = dt.date(2026, 4, 26),
    status: str = "draft",
    countries: list[str] | None = None,
    recommendations: list[tuple[str, str]] = (),
    category: str = "other",
):
    """A mission and its report: one 過程 chapter of ``paragraphs`` and a 建議 chapter of
    numbered ``recommendations`` (title, paragraph)."""
    from envoy.missions.models import Mission
    from envoy.reports.models import Block, Chapter, Report

    mission = Mission.objects.create(
        title=title,
        start_date=start,
        end_date=start + dt.timedelta(days=3),
        bureau=bureau,
        category=category,
        destination_countries=countries or [],
    )
    report = Report.objects.create(mission=mission, title=title, status=status)
    body = Chapter.objects.create(report=report, number=1, title="過程")
    for n, text in enumerate(paragraphs):
        Block.objects.create(chapter=body, position=n, kind="paragraph", text=text)
    if recommendations:
        advice = Chapter.objects.create(report=report, number=2, title="建議")
        for n, (point, text) in enumerate(recommendations):
            Block.objects.create(
                chapter=advice, position=2 * n, kind="point", number=n + 1, text=point
            )
            Block.objects.create(chapter=advice, position=2 * n + 1, kind="paragraph", text=text)
    return report


def indexed():
    """Index what the test made (signals index at commit, which tests never reach)."""
    from envoy.search.index import rebuild

    return rebuild()


def titles(results) -> list[str]:
    return [hit.title for hit in results.hits]


def found(results) -> set[tuple[str, str]]:
    """(kind, title) of every record found: a mission grouped into its report's hit too."""
    return {(hit.kind, hit.title) for hit in results.hits} | {
        (part.kind, part.title) for hit in results.hits for part in hit.parts
    }
