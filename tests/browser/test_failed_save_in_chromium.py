"""A save that fails keeps the words on screen and says why, in real Chromium: the session
ends while a paragraph is being rewritten; the save is refused with a message and the text
typed stays in the form, ready to be saved once signed in again."""

import re

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from envoy.reports.models import Block

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.one_pass("sqlite")]


def test_a_save_after_the_session_ended_keeps_the_typed_text(mission_report, cast, chromium_page):
    page = chromium_page.page
    owner = cast["owner"]
    sentence = "工作階段結束後仍保留在畫面上的段落文字，重新登入後可以再儲存一次。"

    page.goto(f"/reports/{mission_report.pk}/edit/")
    page.get_by_label("帳號").fill(owner.username)
    page.get_by_label("密碼").fill("x")
    page.get_by_role("button", name="登入", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/reports/{mission_report.pk}/edit/$"))

    paragraph = page.locator("article.block.kind-paragraph").first
    block_id = paragraph.get_attribute("id")
    block = Block.objects.get(pk=int(block_id.removeprefix("block-")))
    paragraph.get_by_role("link", name="編輯", exact=True).click()
    form = page.locator(f"form#{block_id}")
    form.locator("textarea[name=text]").fill(sentence)

    # The session ends (it expired, or the user signed out in another tab).
    Session.objects.all().delete()
    form.get_by_role("button", name="儲存", exact=True).click()

    message = page.locator("#request-error")
    expect(message).to_be_visible()
    expect(message).to_contain_text("您已登出（或登入已逾時），這個動作沒有完成。")
    expect(form.locator("textarea[name=text]")).to_have_value(sentence)
    expect(page.locator("input[name=username]")).to_have_count(0)
    block.refresh_from_db()
    assert block.text != sentence
    chromium_page.screenshot("failed-save-kept", full_page=False)

    message.get_by_role("button", name="關閉").click()
    expect(message).to_be_hidden()
    # The browser logs the refused request itself; nothing else went wrong.
    assert [p for p in chromium_page.problems if "401" not in p] == []
