"""The review form (審核表) filled in real Chromium: the traveller's self-check saved in place
(htmx, no reload), then the reviewer returns the report with a reason ticked and no comment."""

import pytest
from playwright.sync_api import expect

from envoy.reports.enums import ReportStatus
from envoy.reports.models import ReviewEvent, ReviewForm
from tests.browser.signing import sign_in
from tests.conftest import fill_cover

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.one_pass("sqlite")]


def test_the_self_check_saves_in_place_and_a_return_may_tick_a_reason(
    mission_report, cast, chromium_page
):
    fill_cover(mission_report)
    page = chromium_page.page
    path = f"/reports/{mission_report.pk}/workflow/"
    sign_in(page, cast["owner"], path)
    form = page.locator("#review-self-check")
    form.get_by_label("3. 無抄襲相關出國報告").check()
    form.get_by_label("4. 內容充實完備").check()
    page.get_by_role("button", name="儲存自評").click()
    expect(page.locator("#review-form")).to_contain_text("審核表自評已儲存。")
    stored = ReviewForm.objects.get(report=mission_report)
    assert (stored.self_no_plagiarism, stored.self_content_complete) == (True, True)
    # Items 1 and 2 started from the checks: the seed has the four parts.
    assert stored.self_format_complete is True

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="送審", exact=True).click()
    expect(page.locator(".workflow-panel .badge.submitted")).to_be_visible()

    sign_in(page, cast["reviewer"], path)
    panel = page.locator(".workflow-panel")
    panel.get_by_label("內容空洞簡略或未涵蓋規定要項").check()
    panel.get_by_role("button", name="退回修改").click()
    expect(panel).to_contain_text("退回補正原因：內容空洞簡略或未涵蓋規定要項")
    event = ReviewEvent.objects.get(to_status=ReportStatus.RETURNED)
    assert (event.comment, event.reasons) == ("", ["thin"])
    chromium_page.screenshot("review-form-returned")
