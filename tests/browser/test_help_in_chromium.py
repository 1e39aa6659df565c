"""The user guide in real Chromium: the "?" in a page's header opens the guide at that page's
section, in the reader's language, and the guide prints without the page's header."""

import re

import pytest
from playwright.sync_api import expect

from envoy.core.enums import Language
from tests.browser.signing import sign_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.one_pass("sqlite")]


def test_question_mark_opens_the_guide_at_the_page_section(mission_report, cast, chromium_page):
    page = chromium_page.page
    sign_in(page, cast["owner"])

    page.goto(f"/missions/{mission_report.mission_id}/")
    page.get_by_role("link", name="這一頁的使用說明").click()
    expect(page).to_have_url(re.compile(r"/help/#missions$"))
    section = page.locator("section#missions")
    expect(section.get_by_role("heading", level=2)).to_have_text("任務與行程")
    expect(section).to_be_in_viewport()
    chromium_page.screenshot("help-missions", full_page=False)

    page.goto("/search/")
    page.get_by_role("link", name="這一頁的使用說明").click()
    expect(page).to_have_url(re.compile(r"/help/#search$"))
    expect(page.locator("section#search")).to_be_in_viewport()

    # Printed: the guide alone, without the header and its buttons.
    page.emulate_media(media="print")
    expect(page.locator("header.topbar")).to_be_hidden()
    expect(page.locator("[data-print-guide]")).to_be_hidden()
    expect(page.locator("section#roles table")).to_be_visible()
    page.emulate_media(media="screen")
    assert not chromium_page.problems, "\n".join(chromium_page.problems)


def test_guide_in_english_for_an_english_reader(cast, chromium_page):
    page = chromium_page.page
    reviewer = cast["reviewer"]
    reviewer.language = Language.EN
    reviewer.save(update_fields=["language"])
    page.goto("/accounts/login/")
    page.get_by_label("帳號").fill(reviewer.username)
    page.get_by_label("密碼").fill("x")
    page.get_by_role("button", name="登入", exact=True).click()
    expect(page.locator(".usermenu .who")).to_be_visible()
    page.locator("a.help-link").click()
    expect(page).to_have_url(re.compile(r"/help/#home$"))
    expect(page.locator("section#home h2")).to_have_text("The home page (My work)")
    expect(page.locator("section#roles th[scope=col]").nth(4)).to_have_text("Reviewer")
    assert not chromium_page.problems, "\n".join(chromium_page.problems)
