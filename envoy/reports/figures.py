"""Figure numbers (圖 1, 圖 2-4…): given in reading order across the whole report, after any
change that adds, removes or moves photos, figure groups or chapters."""

from django.db import transaction
from django.db.models import Count

from .enums import BlockKind
from .models import Block, Report


@transaction.atomic
def renumber_figures(report: Report) -> None:
    """Number the report's figures 1..n in reading order (chapter, then position). A group
    spans as many numbers as it has photos; a group with no photo yet keeps the span it had
    (an imported 圖 1-3 stays three figures until its photos come), and at least one. Part
    of the change that calls it: no audit entry of its own. Call it after adding or removing
    photos too."""
    groups = (
        Block.objects.filter(chapter__report=report, kind=BlockKind.FIGURES)
        .annotate(photo_count=Count("photos"))
        .order_by("chapter__number", "position", "id")
        .only("id", "figure_first", "figure_last")
    )
    changed, next_number = [], 1
    for group in groups:
        if group.photo_count:
            span = group.photo_count
        elif group.figure_first and group.figure_last:
            span = group.figure_last - group.figure_first + 1
        else:
            span = 1
        first, last = next_number, next_number + max(1, span) - 1
        if (group.figure_first, group.figure_last) != (first, last):
            group.figure_first, group.figure_last = first, last
            changed.append(group)
        next_number = last + 1
    Block.objects.bulk_update(changed, ["figure_first", "figure_last"])
