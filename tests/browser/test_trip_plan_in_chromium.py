"""A trip plan (出國計畫) from start to approval in real Chromium: a bureau editor creates the
plan, adds a traveller on the mission's page and the budget on the plan's, submits it (asked
first); the reviewer approves it (asked first); the plan is the mission, now with its
report; the plan document downloads as a PDF whose text holds the plan."""

import re

import pypdfium2
import pytest
from playwright.sync_api import expect

from envoy.missions.models import Mission
from envoy.planning.enums import PlanStatus
from envoy.reports.models import Report

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.one_pass("sqlite")]


def sign_in(page, user):
    page.get_by_label("帳號").fill(user.username)
    page.get_by_label("密碼").fill("x")
    page.get_by_role("button", name="登入", exact=True).click()


def test_plan_travellers_budget_submit_approve(cast, chromium_page, live_server):
    page = chromium_page.page
    owner, reviewer = cast["owner"], cast["reviewer"]
    page.goto("/plans/new/")
    sign_in(page, owner)
    expect(page).to_have_url(re.compile(r"/plans/new/$"))

    page.get_by_label("計畫名稱").fill("考察首爾智慧城市")
    page.get_by_label("出國日期").fill("115/9/14")
    page.get_by_label("返國日期").fill("115/9/18")
    page.get_by_label("前往國家").fill("韓國")
    page.get_by_label("前往城市").fill("首爾")
    page.get_by_label("出國目的").fill("考察首爾市智慧城市中心與防災體系。")
    page.get_by_label("經費來源（預算科目）").fill("資訊中心 一般行政—國外旅費")
    page.get_by_role("button", name="建立出國計畫").click()
    expect(page.locator("#plan-status")).to_have_text("草稿")
    expect(page.locator("#plan-missing")).to_contain_text("出國人員")
    chromium_page.screenshot("plan-created")
    mission = Mission.objects.get(title="考察首爾智慧城市")
    assert not Report.objects.filter(mission=mission).exists()

    # The traveller, on the mission's own page.
    page.get_by_role("link", name="編輯出國人員、前往地點與行程").click()
    page.locator("summary", has_text="新增出國人員").click()
    form = page.locator("#delegation form").last
    form.get_by_label("姓名").fill("王小明")
    form.get_by_label("服務機關").fill("新北市政府")
    form.get_by_label("職稱").fill("科長")
    form.get_by_label("官職等").fill("薦任第九職等")
    form.get_by_role("button", name=re.compile("新增|儲存")).click()
    expect(page.locator("#delegation")).to_contain_text("王小明")
    assert mission.members.filter(name="王小明", rank="薦任第九職等").exists()

    # The budget, on the plan's page.
    page.goto(f"/plans/{mission.pk}/")
    budget = page.locator("#plan-budget")
    budget.locator("select[name='budget-0-kind']").select_option("airfare")
    budget.locator("input[name='budget-0-description']").fill("臺北—首爾來回")
    budget.locator("input[name='budget-0-amount_twd']").fill("18000")
    budget.get_by_role("button", name="儲存經費概算").click()
    expect(page.locator("#budget-total")).to_contain_text("NT$18,000")
    expect(page.locator("#plan-missing")).to_have_count(0)

    # Submitted, after the question.
    questions = []

    def accept(dialog):
        questions.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    page.get_by_role("button", name="送審", exact=True).click()
    expect(page.locator("#plan-status")).to_have_text("送審中")
    assert questions and "確定送審" in questions[0]
    chromium_page.screenshot("plan-submitted")

    # The reviewer finds it on the home page and approves it.
    page.context.clear_cookies()
    page.goto("/")
    sign_in(page, reviewer)
    page.get_by_role("link", name="考察首爾智慧城市").first.click()
    expect(page).to_have_url(re.compile(rf"/plans/{mission.pk}/$"))
    page.once("dialog", accept)
    page.get_by_role("button", name="核定", exact=True).click()
    expect(page.locator("#plan-status")).to_have_text("已核定")
    chromium_page.screenshot("plan-approved")
    plan = mission.plan
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED and plan.approved["total_twd"] == 18000
    report = Report.objects.get(mission=mission)
    assert report.status == "draft"

    # It is the mission: its page links the report's pages.
    page.get_by_role("link", name="前往任務與報告").click()
    expect(page.locator("h1")).to_have_text("考察首爾智慧城市")
    expect(page.get_by_role("link", name="出國計畫（已核定）")).to_be_visible()

    # The plan document.
    page.goto(f"/plans/{mission.pk}/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF").click()
    path = chromium_page.keep(download_info.value, "plan.pdf")
    pdf = pypdfium2.PdfDocument(str(path))
    text = "".join(p.get_textpage().get_text_range() for p in pdf)
    for words in ["出國計畫書", "考察首爾智慧城市", "王小明", "薦任第九職等", "18,000", "已核定"]:
        assert words in text, words
