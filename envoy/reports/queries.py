"""The look-ups the mission page and the report editor make on every request, compiled
once (``envoy.core.lib.prepared``).

A report's blocks and photos are read in one query each for the whole report, ordered
without their parent tables, and grouped by the caller.
"""

from envoy.core.lib.prepared import Prepared

from .models import Block, Chapter, Photo, Report

REPORT_OF_MISSION = Prepared(lambda mission_id: Report.objects.filter(mission_id=mission_id)[:1])
CHAPTERS = Prepared(
    lambda report_id: Chapter.objects.filter(report_id=report_id).order_by("number")
)
BLOCKS = Prepared(
    lambda report_id: Block.objects.filter(chapter__report_id=report_id).order_by("position", "id")
)
PHOTOS = Prepared(
    lambda report_id: Photo.objects.filter(figure_group__chapter__report_id=report_id).order_by(
        "position", "id"
    )
)
