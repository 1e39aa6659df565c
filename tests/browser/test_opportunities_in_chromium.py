"""Opportunities end to end in real Chromium, on either database: an officer adds a
colleague to the talent pool through its page (Japanese, JLPT N2; expertise 防災; found by
every colleague); an editor records a forum in Tokyo with its dates typed as people type
them, its language and topic; the forum suggests the colleague as a speaker, with why; the
editor chooses her, and accepting the forum (attended in person) makes a trip abroad that
the forum links to, with its blank report."""

import re

import pytest
from playwright.sync_api import expect

from envoy.missions.models import Mission
from envoy.opportunities.models import Opportunity
from envoy.relations import services as relations
from envoy.talent.models import StaffProfile

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, user, path):
    page.context.clear_cookies()
    page.goto(path)
    page.get_by_label("帳號").fill(user.username)
    page.get_by_label("密碼").fill("x")
    page.get_by_role("button", name="登入", exact=True).click()
    expect(page).to_have_url(re.compile(re.escape(path) + "$"))


def test_a_forum_suggests_a_japanese_speaking_expert_and_becomes_a_mission(
    cast, bureaus, chromium_page
):
    tokyo = relations.get_or_create_city(
        user=cast["officer"], name="東京", country="JP", name_en="Tokyo", timezone="Asia/Tokyo"
    )
    page = chromium_page.page

    # The officer adds a colleague to the talent pool.
    sign_in(page, cast["officer"], "/talent/new/")
    page.locator("#id_name").fill("佐藤花子")
    page.locator("#id_bureau").select_option(label="工務局")
    page.locator("#id_languages-0-language").select_option(label="日語")
    page.locator("#id_languages-0-test").select_option(label="日本語能力試驗 JLPT")
    page.locator("#id_languages-0-score").fill("N2")
    page.locator("#id_expertise").fill("防災、韌性城市")
    page.locator("#id_visibility").select_option(label="本府所有同仁")
    page.get_by_role("button", name="儲存", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("人才資料已新增。")
    sato = StaffProfile.objects.get(name="佐藤花子")
    chromium_page.screenshot("opportunities-1-profile")

    # An editor records a forum, dates as people type them.
    sign_in(page, cast["owner"], "/opportunities/new/")
    page.locator("#id_title").fill("2026 亞洲城市防災論壇")
    page.locator("#id_kind").select_option(label="論壇")
    page.locator("#id_start_date").fill("115/10/5")
    page.locator("#id_end_date").fill("2026-10-07")
    page.locator("#id_city").fill("東京")
    page.locator("#id_registration_deadline").fill("115/9/15")
    page.locator("#id_topics").fill("防災")
    page.locator("#id_languages").fill("日語")
    page.locator("#id_talk_title").fill("新北市的韌性城市經驗")
    chromium_page.screenshot("opportunities-2-form")
    page.get_by_role("button", name="儲存", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("已新增國際參與機會。")
    opportunity = Opportunity.objects.get()
    assert (opportunity.city, opportunity.languages, opportunity.timezone) == (
        tokyo,
        ["ja"],
        "Asia/Tokyo",
    )

    # It suggests her as a speaker, saying why; the editor chooses her.
    speakers = page.locator("#speakers")
    expect(speakers).to_contain_text("佐藤花子")
    expect(speakers).to_contain_text("日語 N2")
    expect(speakers).to_contain_text("防災：專長標籤")
    chromium_page.screenshot("opportunities-3-suggested")
    page.get_by_role("button", name="指定 佐藤花子 為講者").click()
    expect(page.locator("#speaker")).to_have_text("佐藤花子")

    # Accepted, it becomes a trip abroad, linked both ways.
    page.get_by_label("改為").select_option(label="已獲接受")
    page.get_by_role("button", name="變更狀態").click()
    expect(page.locator("#opportunity-status")).to_have_text("已獲接受")
    mission = Mission.objects.get()
    outcome = page.locator("#outcome")
    expect(outcome).to_contain_text("2026 亞洲城市防災論壇")
    chromium_page.screenshot("opportunities-4-accepted")
    outcome.get_by_role("link", name="2026 亞洲城市防災論壇").first.click()
    expect(page).to_have_url(re.compile(rf"/missions/{mission.pk}/$"))
    expect(page.locator("h1")).to_contain_text("2026 亞洲城市防災論壇")
    opportunity.refresh_from_db()
    assert (opportunity.mission, opportunity.speaker, mission.report.status) == (
        mission,
        sato,
        "draft",
    )
    assert (mission.start_date.isoformat(), mission.destination_countries) == (
        "2026-10-05",
        ["JP"],
    )
    assert not chromium_page.problems, "\n".join(chromium_page.problems)
