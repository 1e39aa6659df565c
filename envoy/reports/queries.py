"""The look-ups the mission page and the report editor make on every request.

A report's blocks and photos are read in one query each for the whole report, ordered
without their parent tables, and grouped by the caller.
"""

from .models import Block, Chapter, Photo, Report


def report_of_mission(mission_id: int) -> Report | None:
    return Report.objects.filter(mission_id=mission_id).first()


def chapters(report_id: int) -> list[Chapter]:
    return list(Chapter.objects.filter(report_id=report_id).order_by("number"))


def blocks(report_id: int) -> list[Block]:
    return list(Block.objects.filter(chapter__report_id=report_id).order_by("position", "id"))


def photos(report_id: int) -> list[Photo]:
    return list(
        Photo.objects.filter(figure_group__chapter__report_id=report_id).order_by("position", "id")
    )
