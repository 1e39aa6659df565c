import datetime as dt

import pytest

from envoy.core.workdays import deadline
from envoy.missions.enums import Direction
from envoy.missions.models import Mission
from envoy.reports.enums import ReportStatus
from envoy.reports.models import REPORT_DUE_MONTHS, Report

# The day the scans run in these tests: a Monday.
TODAY = dt.date(2026, 9, 7)


@pytest.fixture
def people(cast):
    """The cast with e-mail addresses; the colleague reads Envoy in English."""
    for name, user in cast.items():
        if user is not None:
            user.email = f"{name}@city.example"
            user.first_name = name.capitalize()
            if name == "colleague":
                user.language = "en"
            user.save()
    return cast


def make_report(
    *,
    bureau,
    end: dt.date,
    title="東京考察",
    status=ReportStatus.DRAFT,
    direction=Direction.OUTBOUND,
    created_by=None,
) -> Report:
    mission = Mission.objects.create(
        title=title,
        start_date=end - dt.timedelta(days=5),
        end_date=end,
        bureau=bureau,
        direction=direction,
        created_by=created_by,
    )
    return Report.objects.create(mission=mission, title=title, status=status)


def returned_with_days_left(today: dt.date, days: int) -> dt.date:
    """A return date whose report is due ``days`` days after ``today``."""
    for back in range(80, 130):
        end = today + dt.timedelta(days=days) - dt.timedelta(days=back)
        if (deadline(end, REPORT_DUE_MONTHS) - today).days == days:
            return end
    raise AssertionError(f"no return date is due in exactly {days} days")
