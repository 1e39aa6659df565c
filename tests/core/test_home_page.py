"""The home page shows each role the day's work, with links to where it is done, and only
what the user may open; its queries do not grow with the rows."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from envoy.reports.enums import ReportStatus as S
from envoy.reports.services import create_mission_with_report, move_report
from tests.conftest import client_for, fill_cover

pytestmark = pytest.mark.django_db


def home(user) -> str:
    response = client_for(user).get("/")
    assert response.status_code == 200
    return response.content.decode()


def mission(user, title, start, bureau=None):
    return create_mission_with_report(
        user=user,
        title=title,
        start_date=start,
        end_date=start + dt.timedelta(days=4),
        bureau=bureau,
    )


def test_signing_in_lands_on_the_home_page_not_the_list(cast):
    assert client_for(cast["owner"]).get("/").templates[0].name == "desk/home.html"
    assert client_for(None).get("/").status_code == 302  # anonymous: to the sign-in page


def test_an_editor_sees_their_bureaus_reports_to_write_with_the_reviewers_comment(
    cast, bureaus, mission_report
):
    fill_cover(mission_report)
    move_report(user=cast["owner"], report=mission_report, to_status=S.SUBMITTED)
    move_report(
        user=cast["reviewer"], report=mission_report, to_status=S.RETURNED, comment="請補摘要"
    )
    other = mission(cast["officer"], "工務局考察", dt.date(2026, 3, 1), bureau=bureaus["works"])
    html = home(cast["owner"])
    assert "待撰寫與退回的報告" in html
    assert reverse("reports:edit", args=[mission_report.pk]) in html
    assert "審核意見：請補摘要" in html
    assert other.title not in html  # another bureau's mission
    assert "待審核的報告" not in html


def test_a_reviewer_sees_the_reports_waiting_longest_first(cast, mission_report):
    fill_cover(mission_report)
    move_report(user=cast["owner"], report=mission_report, to_status=S.SUBMITTED)
    html = home(cast["reviewer"])
    assert "待審核的報告" in html
    assert reverse("reports:workflow", args=[mission_report.pk]) in html
    assert "待撰寫與退回的報告" not in html


def test_an_officer_sees_overdue_reports_by_bureau_and_trips_ahead(cast, bureaus):
    today = dt.date.today()
    mission(cast["officer"], "早已返國的任務", today - dt.timedelta(days=200), bureaus["works"])
    mission(cast["officer"], "下週出發的任務", today + dt.timedelta(days=7), bureaus["secretariat"])
    html = home(cast["officer"])
    assert "逾期未繳的報告" in html
    assert "<td>工務局</td><td>1</td>" in html
    assert "下週出發的任務" in html


def test_what_the_home_page_keeps_is_forgotten_when_a_report_or_mission_changes(cast, bureaus):
    from envoy.core import indexing
    from envoy.core.lib.locking import save_versioned
    from envoy.desk.queries import overdue_by_bureau
    from envoy.reports.models import Report

    today = dt.date.today()
    late = mission(
        cast["officer"], "早已返國的任務", today - dt.timedelta(days=200), bureaus["works"]
    )
    assert overdue_by_bureau(cast["officer"], today) == ([("工務局", 1)], 1)
    with CaptureQueriesContext(connection) as kept:
        assert overdue_by_bureau(cast["admin"], today) == ([("工務局", 1)], 1)
    assert len(kept) == 0
    # Moved to the secretariat: counted again at once.
    late.bureau = bureaus["secretariat"]
    save_versioned(late, late.version, ["bureau"])
    assert overdue_by_bureau(cast["officer"], today) == ([("秘書處", 1)], 1)
    # Approved as a workflow step writes it: without save(), telling who keeps indexes.
    Report.objects.filter(pk=late.report.pk).update(status=S.APPROVED)
    indexing.changed(late.report)
    assert overdue_by_bureau(cast["officer"], today) == ([], 0)


def test_the_queries_do_not_grow_with_the_rows(cast, bureaus):
    client = client_for(cast["officer"])
    today = dt.date.today()

    def queries() -> int:
        client.get("/")  # the working-day calendar is read once a process
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/").status_code == 200
        return len(captured)

    mission(cast["officer"], "一", today - dt.timedelta(days=200), bureaus["works"])
    few = queries()
    for n in range(8):
        mission(
            cast["officer"], f"任務 {n}", today - dt.timedelta(days=100 + n * 30), bureaus["works"]
        )
        mission(cast["officer"], f"出發 {n}", today + dt.timedelta(days=n + 1), bureaus["works"])
    assert queries() == few


def test_a_bureaus_reports_to_write_are_kept_for_its_editors_and_a_new_one_shows_at_once(
    cast, bureaus
):
    today = dt.date.today()
    mission(cast["owner"], "第一份報告", today - dt.timedelta(days=30), bureaus["secretariat"])
    assert "第一份報告" in home(cast["owner"])
    with CaptureQueriesContext(connection) as kept:
        assert "第一份報告" in home(cast["colleague"])
    mission(cast["owner"], "第二份報告", today - dt.timedelta(days=20), bureaus["secretariat"])
    with CaptureQueriesContext(connection) as again:
        html = home(cast["colleague"])
    assert "第一份報告" in html and "第二份報告" in html
    # The colleague's page read the bureau's list from what the owner's page kept.
    assert len(again) > len(kept)
