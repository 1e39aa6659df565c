"""A workflow step says what it will do and asks first, in real Chromium: dismissing the
question leaves the report as it was; accepting it takes the step."""

import re

import pytest
from playwright.sync_api import expect

from envoy.reports.enums import ReportStatus
from tests.conftest import fill_cover

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.one_pass("sqlite")]


def test_submitting_asks_first_and_a_dismissed_question_changes_nothing(
    mission_report, cast, chromium_page
):
    fill_cover(mission_report)
    page = chromium_page.page
    owner = cast["owner"]
    page.goto(f"/missions/{mission_report.mission_id}/")
    page.get_by_label("帳號").fill(owner.username)
    page.get_by_label("密碼").fill("x")
    page.get_by_role("button", name="登入", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/missions/{mission_report.mission_id}/$"))

    questions = []

    def dismiss(dialog):
        questions.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.get_by_role("button", name="送審", exact=True).click()
    page.wait_for_timeout(300)
    assert questions and "送審後報告交由審核人審核，審核人會收到通知" in questions[0]
    mission_report.refresh_from_db()
    assert mission_report.status == ReportStatus.DRAFT

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="送審", exact=True).click()
    expect(page.locator(".workflow-panel")).to_contain_text("送審")
    mission_report.refresh_from_db()
    assert mission_report.status == ReportStatus.SUBMITTED
