"""The report's workflow: draft → submitted → returned (with comments) → submitted →
approved → published, and back from published to approved; who may take each step."""

import datetime as dt

import lxml.html
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from envoy.core.models import AuditEntry
from envoy.core.services import record
from envoy.reports import services
from envoy.reports.enums import ReportStatus
from envoy.reports.models import Block, Report, ReviewEvent
from envoy.reports.queries import workflow_overview
from envoy.reports.signals import report_moved
from tests.conftest import client_for, fill_cover

S = ReportStatus
CAST = ["officer", "owner", "colleague", "outsider", "reviewer", "viewer", "admin", "anonymous"]
# Who may take each step (for the secretariat's report of the cast).
STEPS = {
    (S.DRAFT, S.SUBMITTED): {"officer", "owner", "colleague", "admin"},
    (S.RETURNED, S.SUBMITTED): {"officer", "owner", "colleague", "admin"},
    (S.SUBMITTED, S.RETURNED): {"reviewer", "admin"},
    (S.SUBMITTED, S.APPROVED): {"reviewer", "admin"},
    (S.APPROVED, S.PUBLISHED): {"officer", "admin"},
    (S.PUBLISHED, S.APPROVED): {"officer", "admin"},
}
ACTIONS = {
    (S.DRAFT, S.SUBMITTED): "report.submitted",
    (S.RETURNED, S.SUBMITTED): "report.submitted",
    (S.SUBMITTED, S.RETURNED): "report.returned",
    (S.SUBMITTED, S.APPROVED): "report.approved",
    (S.APPROVED, S.PUBLISHED): "report.published",
    (S.PUBLISHED, S.APPROVED): "report.unpublished",
}


@pytest.fixture
def ready_report(mission_report):
    """The seed with a 摘要, a 報告日期 and its delegation, so that it may be submitted."""
    return fill_cover(mission_report)


def at_status(report: Report, status: str) -> Report:
    Report.objects.filter(pk=report.pk).update(status=status)
    report.refresh_from_db()
    return report


def workflow_url(report: Report) -> str:
    return reverse("reports:workflow", args=[report.pk])


@pytest.mark.parametrize("step", list(STEPS), ids=lambda s: f"{s[0]}-{s[1]}")
@pytest.mark.parametrize("who", CAST)
def test_each_step_is_taken_by_those_allowed_and_refused_to_the_rest(ready_report, cast, who, step):
    frm, to = step
    at_status(ready_report, frm)
    url = workflow_url(ready_report)
    response = client_for(cast[who]).post(
        url, {"to_status": to, "comment": "請補充第二章。", "next": "/reports/"}
    )
    report = Report.objects.get(pk=ready_report.pk)
    if who in STEPS[step]:
        assert response.status_code == 302
        assert response["Location"] == "/reports/"
        assert report.status == to
        event = ReviewEvent.objects.get(report=report)
        assert (event.actor, event.from_status, event.to_status, event.comment) == (
            cast[who],
            frm,
            to,
            "請補充第二章。",
        )
        entry = AuditEntry.objects.get(action=ACTIONS[step])
        assert (entry.user, entry.object_id, entry.mission_id) == (
            cast[who],
            report.pk,
            report.mission_id,
        )
    else:
        if who == "anonymous":
            assert response.status_code == 302
            assert response["Location"] == f"/accounts/login/?next={url}"
        else:
            assert response.status_code == {"outsider": 404}.get(who, 403)
        assert report.status == frm
        assert not ReviewEvent.objects.exists()


@pytest.mark.parametrize("who", CAST)
def test_the_workflow_page_opens_for_whoever_may_see_the_report(ready_report, cast, who):
    url = workflow_url(ready_report)
    response = client_for(cast[who]).get(url)
    expected = {"outsider": 404, "anonymous": 302}.get(who, 200)
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("who", "buttons"),
    [
        ("officer", ["送審"]),
        ("owner", ["送審"]),
        ("colleague", ["送審"]),
        ("reviewer", []),
        ("viewer", []),
        ("admin", ["送審"]),
    ],
)
def test_the_panel_offers_only_the_steps_the_user_may_take(ready_report, cast, who, buttons):
    response = client_for(cast[who]).get(workflow_url(ready_report))
    panel = response.context["workflow"]
    assert [step.label for step in panel.steps] == buttons


def test_a_reviewer_sees_return_with_a_comment_box_and_approve(ready_report, cast):
    at_status(ready_report, S.SUBMITTED)
    response = client_for(cast["reviewer"]).get(workflow_url(ready_report))
    steps = response.context["workflow"].steps
    assert [(s.label, s.needs_comment) for s in steps] == [("退回修改", True), ("核定", False)]
    assert 'name="comment"' in response.content.decode()


@pytest.mark.parametrize("comment", ["", "   \r\n  "])
def test_returning_requires_a_comment_or_a_reason(ready_report, cast, comment):
    at_status(ready_report, S.SUBMITTED)
    response = client_for(cast["reviewer"]).post(
        workflow_url(ready_report), {"to_status": S.RETURNED, "comment": comment}
    )
    assert response.status_code == 422
    assert (
        "退回時請勾選退回補正原因或寫明意見，讓撰寫人知道要修改什麼。" in response.content.decode()
    )
    assert Report.objects.get(pk=ready_report.pk).status == S.SUBMITTED
    assert not ReviewEvent.objects.exists()


def test_a_step_that_does_not_exist_from_the_current_status_is_refused_with_a_message(
    ready_report, cast
):
    response = client_for(cast["admin"]).post(workflow_url(ready_report), {"to_status": S.APPROVED})
    assert response.status_code == 409
    assert "報告目前為「草稿」，不能改為「已核定」。" in response.content.decode()
    assert Report.objects.get(pk=ready_report.pk).status == S.DRAFT


def test_an_unknown_status_is_a_bad_request(ready_report, cast):
    response = client_for(cast["admin"]).post(workflow_url(ready_report), {"to_status": "done"})
    assert response.status_code == 400


def test_submitting_lists_what_the_portal_requires_and_is_missing(cast, bureaus):
    from envoy.missions.models import Mission

    mission = Mission.objects.create(title="空白任務", bureau=bureaus["secretariat"])
    report = Report.objects.create(mission=mission, title="  ")
    response = client_for(cast["owner"]).post(workflow_url(report), {"to_status": S.SUBMITTED})
    assert response.status_code == 422
    assert (
        "送審前請補齊：報告名稱、摘要、服務機關、出國人員、派赴國家地區、出國期間、報告日期、"
        "至少一章有內容。" in response.content.decode()
    )
    assert Report.objects.get(pk=report.pk).status == S.DRAFT


def test_the_seed_as_imported_cannot_be_submitted_until_its_cover_is_filled(mission_report, cast):
    with pytest.raises(ValidationError) as refused:
        services.move_report(user=cast["owner"], report=mission_report, to_status=S.SUBMITTED)
    # Its text names no 摘要, no travellers and no 報告日期.
    assert refused.value.messages == ["送審前請補齊：摘要、出國人員、報告日期。"]
    fill_cover(mission_report)
    services.move_report(user=cast["owner"], report=mission_report, to_status=S.SUBMITTED)
    assert Report.objects.get(pk=mission_report.pk).status == S.SUBMITTED


def test_move_report_refuses_a_step_the_user_may_not_take(ready_report, cast):
    at_status(ready_report, S.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.move_report(user=cast["owner"], report=ready_report, to_status=S.APPROVED)


def test_a_report_moved_by_someone_else_meanwhile_is_not_moved_twice(ready_report, cast):
    at_status(ready_report, S.SUBMITTED)
    stale = Report.objects.select_related("mission").get(pk=ready_report.pk)
    services.move_report(user=cast["reviewer"], report=ready_report, to_status=S.APPROVED)
    with pytest.raises(services.InvalidTransition) as refused:
        services.move_report(
            user=cast["admin"], report=stale, to_status=S.RETURNED, comment="再修改"
        )
    assert refused.value.message == "報告狀態已被其他人變更，請重新載入頁面。"
    assert ReviewEvent.objects.count() == 1


def test_the_whole_journey_is_recorded_in_order(ready_report, cast):
    journey = [
        ("owner", S.SUBMITTED, ""),
        ("reviewer", S.RETURNED, "摘要請寫滿 200 字。\n建議請具體。"),
        ("owner", S.SUBMITTED, ""),
        ("reviewer", S.APPROVED, ""),
        ("officer", S.PUBLISHED, ""),
        ("officer", S.APPROVED, "撤回：含未公開資料"),
    ]
    for who, to, comment in journey:
        client_for(cast[who]).post(
            workflow_url(ready_report), {"to_status": to, "comment": comment}
        )
    events = ReviewEvent.objects.filter(report=ready_report).order_by("id")
    assert [(e.actor.username, e.from_status, e.to_status, e.comment) for e in events] == [
        ("owner", S.DRAFT, S.SUBMITTED, ""),
        ("reviewer", S.SUBMITTED, S.RETURNED, "摘要請寫滿 200 字。\n建議請具體。"),
        ("owner", S.RETURNED, S.SUBMITTED, ""),
        ("reviewer", S.SUBMITTED, S.APPROVED, ""),
        ("officer", S.APPROVED, S.PUBLISHED, ""),
        ("officer", S.PUBLISHED, S.APPROVED, "撤回：含未公開資料"),
    ]
    actions = AuditEntry.objects.filter(mission_id=ready_report.mission_id).order_by("id")
    assert [(a.action, a.summary) for a in actions][1:] == [
        ("report.submitted", "草稿 → 已送審"),
        ("report.returned", "已送審 → 退回修改：摘要請寫滿 200 字。\n建議請具體。"),
        ("report.submitted", "退回修改 → 已送審"),
        ("report.approved", "已送審 → 已核定"),
        ("report.published", "已核定 → 已公開"),
        ("report.unpublished", "已公開 → 已核定：撤回：含未公開資料"),
    ]


def test_after_a_step_the_user_goes_back_to_the_page_the_panel_was_on(ready_report, cast):
    response = client_for(cast["owner"]).post(
        workflow_url(ready_report), {"to_status": S.SUBMITTED, "next": "https://evil.example/"}
    )
    assert response["Location"] == workflow_url(ready_report)
    follow = client_for(cast["owner"]).get(response["Location"])
    assert follow.status_code == 200


# ----- Due date and countdown -----


def test_the_seed_is_due_three_months_from_the_first_working_day_after_return(mission_report):
    """Back on Thursday 30 April 2026; 1 May is Labour Day (a day off in the official
    calendar) and 2–3 May a weekend, so the three months run from Monday 4 May to
    Monday 3 August (民法第 120–122 條)."""
    assert mission_report.mission.end_date == dt.date(2026, 4, 30)
    assert mission_report.due_date == dt.date(2026, 8, 3)


@pytest.mark.parametrize(
    ("today", "text", "overdue"),
    [
        (dt.date(2026, 5, 1), "還有 94 天", False),
        (dt.date(2026, 8, 2), "還有 1 天", False),
        (dt.date(2026, 8, 3), "今天到期", False),
        (dt.date(2026, 8, 4), "逾期 1 天", True),
        (dt.date(2026, 9, 12), "逾期 40 天", True),
    ],
)
def test_the_countdown_to_the_due_date(mission_report, today, text, overdue):
    countdown = mission_report.countdown(today)
    assert (countdown.due, countdown.overdue) == (dt.date(2026, 8, 3), overdue)
    context = {"countdown": countdown}
    assert render_to_string("reports/partials/countdown.html#text", context) == text


@pytest.mark.parametrize("status", [S.APPROVED, S.PUBLISHED])
def test_no_countdown_once_approved_or_published(mission_report, cast, status):
    at_status(mission_report, status)
    assert mission_report.countdown(dt.date(2026, 9, 10)) is None
    html = render_panel(mission_report, cast["owner"], today=dt.date(2026, 9, 10))
    assert "民國 115 年 8 月 3 日\n<small" in html
    assert "countdown" not in html


def render_panel(report: Report, user, today: dt.date | None = None, **extra) -> str:
    request = RequestFactory().get("/missions/1/")
    request.user = user
    context = {
        "report": report,
        "mission": report.mission,
        "workflow": workflow_overview(report, user, today=today),
        **extra,
    }
    return render_to_string("reports/partials/workflow_panel.html", context, request=request)


def test_the_panel_shows_the_status_due_date_and_countdown_at_a_given_day(mission_report, cast):
    html = render_panel(mission_report, cast["owner"], today=dt.date(2026, 7, 1))
    assert '<span class="badge draft">草稿</span>' in html
    assert '民國 115 年 8 月 3 日 <span class="badge countdown">還有 33 天</span>' in html
    html = render_panel(mission_report, cast["owner"], today=dt.date(2026, 8, 13))
    assert '<span class="badge countdown overdue">逾期 10 天</span>' in html


def test_the_panel_posts_back_to_the_page_it_is_shown_on(mission_report, cast):
    html = render_panel(mission_report, cast["owner"])
    assert '<input type="hidden" name="next" value="/missions/1/">' in html
    assert f'action="{workflow_url(mission_report)}"' in html


def test_the_panel_lists_the_review_history_with_roc_dates(ready_report, cast):
    services.move_report(user=cast["owner"], report=ready_report, to_status=S.SUBMITTED)
    services.move_report(
        user=cast["reviewer"], report=ready_report, to_status=S.RETURNED, comment="請補照片。"
    )
    ReviewEvent.objects.update(at=dt.datetime(2026, 5, 20, 1, 30, tzinfo=dt.UTC))
    html = render_panel(ready_report, cast["owner"])
    assert html.count("民國 115 年 5 月 20 日 09:30") == 2
    assert "<strong>草稿 → 已送審</strong>" in html
    assert "<strong>已送審 → 退回修改</strong>" in html
    assert '<blockquote class="review-comment">請補照片。</blockquote>' in html


def test_the_panel_lists_the_ten_latest_audit_entries_of_the_mission(ready_report, cast):
    for n in range(12):
        record(
            user=cast["owner"],
            action="block.updated",
            obj=ready_report,
            mission_id=ready_report.mission_id,
            summary=f"第 {n} 次修改",
        )
    response = client_for(cast["owner"]).get(workflow_url(ready_report))
    audit = response.context["workflow"].audit
    assert [(e.user.username, e.label, e.summary) for e in audit] == [
        ("owner", "修改內文", f"第 {n} 次修改") for n in range(11, 1, -1)
    ]


def test_the_workflow_page_takes_as_many_queries_for_a_long_history_as_for_a_short_one(
    ready_report, cast
):
    client = client_for(cast["admin"])
    services.move_report(user=cast["owner"], report=ready_report, to_status=S.SUBMITTED)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(workflow_url(ready_report)).status_code == 200
        return len(captured)

    queries()  # the working-day calendar is read once a process, then cached
    short = queries()
    users = [cast[w] for w in ("officer", "colleague", "reviewer", "admin")]
    for n in range(8):
        at_status(ready_report, S.SUBMITTED)
        ready_report.refresh_from_db()
        services.move_report(
            user=users[n % 2 + 2], report=ready_report, to_status=S.RETURNED, comment=f"意見 {n}"
        )
        services.move_report(user=users[n % 2], report=ready_report, to_status=S.SUBMITTED)
    assert ReviewEvent.objects.count() == 17
    assert queries() == short


def test_the_edit_page_shows_the_workflow_panel(ready_report, cast):
    response = client_for(cast["owner"]).get(reverse("reports:edit", args=[ready_report.pk]))
    names = [t.name for t in response.templates]
    assert "reports/partials/workflow_panel.html" in names
    html = response.content.decode()
    # From the editing page a step returns to the workflow page (the owner may not edit a
    # submitted report any more).
    assert f'<input type="hidden" name="next" value="{workflow_url(ready_report)}">' in html


def test_submitting_needs_some_content_in_a_chapter(ready_report, cast):
    Block.objects.filter(chapter__report=ready_report).update(text="")
    with pytest.raises(ValidationError) as refused:
        services.move_report(user=cast["owner"], report=ready_report, to_status=S.SUBMITTED)
    assert refused.value.messages == ["送審前請補齊：至少一章有內容。"]


def test_the_pages_showing_the_panel_link_its_stylesheet_in_their_head(ready_report, cast):
    client = client_for(cast["owner"])
    pages = [
        reverse("missions:detail", args=[ready_report.mission_id]),
        reverse("reports:edit", args=[ready_report.pk]),
        workflow_url(ready_report),
    ]
    for url in pages:
        page = lxml.html.fromstring(client.get(url).content.decode())
        stylesheet = "//link[@href='/static/reports/workflow.css']"
        assert (len(page.xpath("/html/head" + stylesheet)), len(page.xpath(stylesheet))) == (1, 1)


def test_each_step_that_hands_the_report_on_says_what_it_does_before(mission_report, cast):
    fill_cover(mission_report)
    html = render_panel(mission_report, cast["owner"])
    assert 'data-confirm="送審後報告交由審核人審核，審核人會收到通知' in html
    at_status(mission_report, S.APPROVED)
    html = render_panel(mission_report, cast["officer"])
    assert "會出現在不需登入的公開網站" in html
    assert "PDF；主責局處的編輯與送審人會收到通知。確定要公開嗎？" in html
    at_status(mission_report, S.SUBMITTED)
    html = render_panel(mission_report, cast["reviewer"])
    assert 'data-confirm="核定後報告視為已繳交' in html
    assert "主責局處的編輯與送審人會收到通知。確定要核定嗎？" in html
    assert html.count("data-confirm") == 1  # returning asks for a comment instead


def test_a_committed_step_tells_the_apps_above_and_a_rolled_back_one_does_not(
    ready_report, cast, django_capture_on_commit_callbacks
):
    heard = []

    def listener(sender, report, event, user, **kwargs):
        heard.append((report.pk, event.from_status, event.to_status, user.username))

    report_moved.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.move_report(user=cast["owner"], report=ready_report, to_status=S.SUBMITTED)
        assert heard == [(ready_report.pk, S.DRAFT, S.SUBMITTED, "owner")]

        heard.clear()
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            with pytest.raises(RuntimeError), transaction.atomic():
                services.move_report(
                    user=cast["reviewer"], report=ready_report, to_status=S.APPROVED
                )
                raise RuntimeError("rolled back")
        assert heard == [] and callbacks == []
    finally:
        report_moved.disconnect(listener)
