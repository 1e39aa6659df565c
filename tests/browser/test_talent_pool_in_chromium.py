"""The talent pool end to end in real Chromium, on either database: an officer adds a
colleague's profile with Japanese at JLPT N2 and 防災 as expertise; a report imported with
that colleague as a traveller adds the trip to Tokyo to their experience; the pool search
「日語 防災」 finds them and says why."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from envoy.talent.enums import Match
from envoy.talent.models import Experience, StaffProfile

pytestmark = pytest.mark.django_db(transaction=True)

REPORT = (
    Path(__file__).resolve().parents[1]
    / "fixtures"
    / "talent"
    / "tokyo-disaster-prevention-2026.txt"
)
TRIP = "115年度赴日本東京考察防災公園與韌性城市計畫"


def sign_in(page, user, path):
    page.goto(path)
    page.get_by_label("帳號").fill(user.username)
    page.get_by_label("密碼").fill("x")
    page.get_by_role("button", name="登入", exact=True).click()
    expect(page).to_have_url(re.compile(re.escape(path) + "$"))


def test_a_profile_gains_the_imported_trip_and_is_found_by_language_and_topic(
    cast, bureaus, chromium_page
):
    page = chromium_page.page
    sign_in(page, cast["officer"], "/talent/")

    # The officer adds the colleague's profile: Japanese, JLPT N2 in 2025; 防災.
    page.get_by_role("link", name="新增人才資料", exact=True).click()
    page.locator("#id_name").fill("林花子")
    page.locator("#id_bureau").select_option(label="秘書處")
    page.locator("#id_title").fill("專員")
    page.locator("#id_expertise").fill("防災、韌性城市")
    page.locator("#id_languages-0-language").select_option("ja")
    page.locator("#id_languages-0-test").select_option("jlpt")
    page.locator("#id_languages-0-score").fill("N2")
    page.locator("#id_languages-0-tested_on").fill("114/7/6")
    page.locator("#id_visibility").select_option(label="本府所有同仁")
    page.get_by_role("button", name="儲存", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("林花子")
    expect(page.locator("#languages-title + ul")).to_have_text("日語 N2（2025） 114/7/6")
    expect(page.get_by_text("還沒有紀錄", exact=False)).to_be_visible()
    chromium_page.screenshot("talent-profile-new")

    # A report with her as a traveller is imported.
    page.goto("/reports/import/")
    page.locator("input[type=file]").set_input_files(str(REPORT))
    page.get_by_role("button", name="上傳並檢視辨識結果", exact=True).click()
    bureau = page.locator(".confirm-bar select[name=bureau]")
    if bureau.count():
        bureau.select_option(label="秘書處")
    page.get_by_role("button", name="確認匯入", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("東京")

    # Her profile now lists the trip: Tokyo, Japan, its dates, matched for sure.
    profile = StaffProfile.objects.get(name="林花子")
    experience = Experience.objects.get(profile=profile)
    assert (experience.countries, experience.city, experience.title, experience.match) == (
        "JP",
        "東京",
        TRIP,
        Match.SURE,
    )
    assert StaffProfile.objects.count() == 1
    page.goto(f"/talent/{profile.pk}/")
    row = page.locator("#experience-title ~ .table-wrap tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("115/5/18")
    expect(row).to_contain_text(TRIP)
    expect(row).to_contain_text("日本東京")

    # The pool search finds her for 「日語 防災」 and explains why.
    page.goto("/talent/")
    page.get_by_label("搜尋", exact=True).fill("日語 防災")
    page.get_by_role("button", name="篩選", exact=True).click()
    expect(page.locator(".result-count")).to_have_text("共 1 位")
    hit = page.locator(".talent-hit")
    expect(hit.get_by_role("heading", level=2)).to_have_text("林花子")
    expect(hit.locator(".talent-reasons li")).to_have_text(
        [
            "日語 N2（2025）",
            "防災：專長標籤",
            f"防災：曾赴日本東京（{TRIP}）的名稱",
        ]
    )
    chromium_page.screenshot("talent-pool-search")

    # A colleague of another bureau finds her too (she consents to every colleague); a
    # search for a language she does not speak finds no one.
    page.context.clear_cookies()
    sign_in(page, cast["outsider"], "/talent/?q=%E6%97%A5%E8%AA%9E")
    expect(page.locator(".talent-hit h2")).to_have_text(["林花子"])
    page.goto("/talent/?q=韓語")
    expect(page.locator(".result-count")).to_have_text("共 0 位")
    assert chromium_page.problems == []
