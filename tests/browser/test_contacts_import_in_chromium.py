"""Importing contacts in real Chromium: upload a CSV, filter the preview in place (htmx),
confirm, and nothing breaks the Content-Security-Policy.

Uses the browser fixture of tests/browser (Debian's Chromium, driven by Playwright)."""

import re

import pytest
from playwright.sync_api import expect

from envoy.core.enums import Role
from envoy.relations.models import Person
from tests.conftest import make_user

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.one_pass("sqlite")]

CSV = (
    "姓名,英文姓名,職稱,組織,國家,電子郵件\r\n"
    "小池百合子,Yuriko Koike,知事,東京都,日本,koike@metro.tokyo.lg.jp\r\n"
    "Kertu Vuks,,Adviser,Tallinn City Government,EE,kertu(at)tallinn.ee\r\n"
)


def test_a_csv_is_previewed_filtered_and_imported(chromium_page, tmp_path):
    make_user("officer", Role.OFFICER)
    upload = tmp_path / "名單.csv"
    upload.write_bytes(b"\xef\xbb\xbf" + CSV.encode())
    page = chromium_page.page

    page.goto("/relations/people/import/")
    page.get_by_label("帳號").fill("officer")
    page.get_by_label("密碼").fill("x")
    page.get_by_role("button", name="登入").click()
    expect(page).to_have_url(re.compile(r"/relations/people/import/$"))

    page.get_by_label("聯絡人檔案").set_input_files(upload)
    page.get_by_role("button", name="上傳並預覽").click()
    expect(page).to_have_url(re.compile(r"/relations/people/import/[\w-]+/$"))
    rows = page.locator("#rows tbody tr")
    expect(rows).to_have_count(2)
    chromium_page.screenshot("relations-import-preview")

    page.locator(".outcome-filter a.outcome-error").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("電子郵件「kertu(at)tallinn.ee」格式不正確。")
    expect(page).to_have_url(re.compile(r"\?show=error$"))

    page.get_by_role("button", name="確認匯入").click()
    expect(page.locator(".messages")).to_contain_text("已匯入：新增 1 人，更新 0 人。")
    chromium_page.screenshot("relations-import-result")
    assert list(Person.objects.values_list("name", flat=True)) == ["小池百合子"]

    page.goto("/relations/followups/")
    expect(page.locator("#feed-url")).to_have_value(
        re.compile(r"/relations/followups/\d+\.\S+\.ics$")
    )
    chromium_page.screenshot("relations-followups")
    assert chromium_page.problems == []
