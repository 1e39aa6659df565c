"""Follow-through end to end in real Chromium, on either database: an editor fills the
review form's self-check and submits; the reviewer is e-mailed (through a real SMTP server),
fills the review form and returns the report; the editor fixes it and submits again; the
reviewer approves; the editor confirms the proposed actions, and the tracking table
downloads as XLSX listing them."""

import email
import email.policy
import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from playwright.sync_api import expect

from envoy.actions.enums import ActionStatus
from envoy.actions.models import Action
from envoy.reports.models import Block, ReviewEvent, ReviewForm
from tests.browser.signing import sign_in
from tests.conftest import fill_cover

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.one_pass("sqlite")]


def run_worker() -> None:
    """The background worker, as bin/start runs it, until the queue is empty."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def received(smtp_server) -> list[tuple[list[str], str]]:
    messages = []
    for envelope in smtp_server.handler.envelopes:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        messages.append((envelope.rcpt_tos, str(parsed["Subject"])))
    return messages


def test_a_report_goes_from_submission_to_tracked_actions(
    mission_report, cast, chromium_page, smtp_settings, smtp_server, bureaus
):
    for name in ("owner", "colleague", "reviewer"):
        cast[name].email = f"{name}@city.example"
        cast[name].save()
    report = fill_cover(mission_report)
    page = chromium_page.page
    workflow = f"/reports/{report.pk}/workflow/"

    # The editor checks the report against the form and submits it.
    sign_in(page, cast["owner"], workflow)
    self_check = page.locator("#review-self-check")
    self_check.get_by_label("3. 無抄襲相關出國報告").check()
    self_check.get_by_label("4. 內容充實完備").check()
    page.get_by_role("button", name="儲存自評").click()
    expect(page.locator("#review-form")).to_contain_text("審核表自評已儲存。")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="送審", exact=True).click()
    expect(page.locator(".workflow-panel .badge.submitted")).to_be_visible()

    # The reviewer is told by e-mail, through the SMTP server.
    run_worker()
    assert received(smtp_server) == [
        (["reviewer@city.example"], f"[Envoy] 報告送審：{report.title}")
    ]

    # The reviewer fills the form and returns the report with a reason and a comment.
    sign_in(page, cast["reviewer"], workflow)
    reviewer_part = page.locator("#review-reviewer")
    reviewer_part.get_by_label("內容空洞簡略或未涵蓋規定要項").check()
    page.get_by_role("button", name="儲存審核意見").click()
    expect(page.locator("#review-form")).to_contain_text("審核意見已儲存。")
    panel = page.locator(".workflow-panel")
    panel.locator("textarea[name=comment]").fill("請補充第三章心得的具體做法。")
    panel.get_by_role("button", name="退回修改").click()
    expect(panel.locator(".badge.returned")).to_be_visible()
    run_worker()
    returned = [m for m in received(smtp_server) if "退回修改" in m[1]]
    assert sorted(to for to, _subject in returned) == [
        ["colleague@city.example"],
        ["owner@city.example"],
    ]

    # The editor fixes a paragraph and submits again.
    sign_in(page, cast["owner"], f"/reports/{report.pk}/edit/")
    paragraph = page.locator("article.block.kind-paragraph").first
    block_id = int(paragraph.get_attribute("id").removeprefix("block-"))
    paragraph.get_by_role("link", name="編輯", exact=True).click()
    form = page.locator(f"form#block-{block_id}")
    form.locator("textarea[name=text]").fill("本次出訪增列具體做法：每季召開跨局處會議。")
    form.get_by_role("button", name="儲存", exact=True).click()
    expect(page.locator(f"article#block-{block_id}")).to_contain_text("每季召開跨局處會議")
    page.goto(workflow)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="重新送審", exact=True).click()
    expect(page.locator(".workflow-panel .badge.submitted")).to_be_visible()
    assert Block.objects.get(pk=block_id).text == "本次出訪增列具體做法：每季召開跨局處會議。"

    # The reviewer approves.
    sign_in(page, cast["reviewer"], workflow)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="核定", exact=True).click()
    expect(page.locator(".workflow-panel .badge.approved")).to_be_visible()
    steps = list(ReviewEvent.objects.filter(report=report).values_list("to_status", flat=True))
    assert steps == ["submitted", "returned", "submitted", "approved"]
    assert ReviewForm.objects.get(report=report).reviewed_by == cast["reviewer"]

    # The submissions proposed the report's actions; the editor confirms the first.
    sign_in(page, cast["owner"], f"/actions/report/{report.pk}/")
    proposed = Action.objects.filter(report=report).order_by("position")
    assert proposed.count() == 7
    first = proposed.first()
    row = page.locator(f"#action-{first.pk}")
    row.get_by_label("採行情形").select_option(ActionStatus.ACCEPTED)
    row.get_by_label("主辦局處").select_option(str(bureaus["works"].pk))
    row.get_by_label("預定完成日期").fill("116/6/30")
    row.get_by_role("button", name="儲存").click()
    expect(page.locator(f"#action-{first.pk}")).to_contain_text("已儲存")
    first.refresh_from_db()
    assert (first.status, first.owner_bureau, str(first.due_date)) == (
        ActionStatus.ACCEPTED,
        bureaus["works"],
        "2027-06-30",
    )

    # The tracking table downloads as XLSX and lists them.
    page.goto("/actions/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下載 XLSX").click()
    download = download_info.value
    path = chromium_page.keep(download, "follow-through.xlsx")
    sheet = load_workbook(io.BytesIO(path.read_bytes())).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows) == 7
    assert rows[0][3:] == (
        "積極參與國際組織活動",
        "工務局",
        "116/6/30",
        None,
        None,
        "已採行",
    )
    assert not chromium_page.problems, chromium_page.problems
    chromium_page.screenshot("follow-through-table")
