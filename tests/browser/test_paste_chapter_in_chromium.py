"""Writing at the speed of pasting, in real Chromium: a chapter's text pasted into one box,
its split previewed (a line's kind corrected there), saved, and shown as blocks; a word
changed later in the same box keeps the paragraph's 限閱 mark; a block's change undone."""

import re

import pytest
from playwright.sync_api import expect

from envoy.reports import services
from envoy.reports.models import Block

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.one_pass("sqlite")]

PASTED = """115年4月27日（星期一）
拜會東京都政策企畫局
上午拜會東京都政策企畫局，說明本市淨零政策與防災合作構想。
一、防災公園兼具教育與指揮功能
二、深層下水道更新值得借鏡
圖1 與東京都官員合影
"""


def test_paste_a_chapter_preview_it_and_save_it(mission_report, cast, chromium_page):
    page = chromium_page.page
    owner = cast["owner"]
    chapter = services.add_chapter(user=owner, report=mission_report, title="附錄")

    page.goto(f"/reports/{mission_report.pk}/edit/")
    page.get_by_label("帳號").fill(owner.username)
    page.get_by_label("密碼").fill("x")
    page.get_by_role("button", name="登入", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/reports/{mission_report.pk}/edit/$"))

    section = page.locator(f"#chapter-{chapter.pk}")
    section.get_by_role("link", name="以文字編輯", exact=True).click()
    box = section.locator("textarea[name=text]")
    expect(box).to_be_visible()
    box.fill(PASTED)
    section.get_by_role("button", name="預覽分段").click()
    preview = section.locator(".text-preview")
    expect(preview).to_contain_text("新增 6、刪除 0")
    rows = preview.locator(".preview-line")
    expect(rows).to_have_count(6)
    expect(rows.nth(0)).to_contain_text("日期")
    expect(rows.nth(1).locator("select")).to_have_value("section")
    expect(rows.nth(3).locator("select")).to_have_value("point")
    expect(rows.nth(5)).to_contain_text("圖組")
    chromium_page.screenshot("paste-preview", section, full_page=False)
    # The second point is only a sentence: the writer says so.
    rows.nth(4).locator("select").select_option("paragraph")
    # The save makes the page redraw its checks (the edit page, asked for again): the test
    # writes to the database below only once that answer is in, or SQLite's shared test
    # database may still have the blocks' table locked by the server's reading of it.
    edit_page = f"/reports/{mission_report.pk}/edit/"
    with page.expect_response(lambda r: r.url.endswith(edit_page) and r.request.method == "GET"):
        section.get_by_role("button", name="儲存", exact=True).click()

    blocks = page.locator(f"#chapter-{chapter.pk} article.block")
    expect(blocks).to_have_count(6)
    expect(blocks.nth(3)).to_contain_text("一、防災公園兼具教育與指揮功能")
    expect(blocks.nth(4)).to_have_class(re.compile("kind-paragraph"))
    expect(blocks.nth(4)).to_contain_text("二、深層下水道更新值得借鏡")
    stored = list(Block.objects.filter(chapter=chapter).order_by("position"))
    assert [b.kind for b in stored] == [
        "day",
        "section",
        "paragraph",
        "point",
        "paragraph",
        "figures",
    ]

    # Later: one word changed in the same box; the paragraph keeps its 限閱 mark.
    paragraph = stored[2]
    Block.objects.filter(pk=paragraph.pk).update(restricted=True)
    page.reload()
    section = page.locator(f"#chapter-{chapter.pk}")
    section.get_by_role("link", name="以文字編輯", exact=True).click()
    box = section.locator("textarea[name=text]")
    box.fill(box.input_value().replace("淨零政策", "淨零轉型政策"))
    section.get_by_role("button", name="儲存", exact=True).click()
    expect(page.locator(f"#block-{paragraph.pk}")).to_contain_text("淨零轉型政策")
    paragraph.refresh_from_db()
    assert paragraph.restricted and "淨零轉型政策" in paragraph.text

    # And that change undone from the block's own form.
    article = page.locator(f"#block-{paragraph.pk}")
    article.get_by_role("link", name="編輯", exact=True).click()
    page.locator(f"form#block-{paragraph.pk}").get_by_role("button", name="復原上次修改").click()
    expect(page.locator(f"article#block-{paragraph.pk}")).to_contain_text("淨零政策")
    paragraph.refresh_from_db()
    assert "淨零轉型" not in paragraph.text and paragraph.restricted
    assert chromium_page.problems == []
