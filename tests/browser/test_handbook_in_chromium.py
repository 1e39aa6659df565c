"""The traveller's handbook in real Chromium on a phone (390 × 844): the hotel typed on the
mission's editing page, the handbook opened from the mission page, then the phone goes
offline and the page reloaded is still there — the copy its service worker kept, not the
server's (a change made meanwhile shows only once the phone is back online)."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from envoy.missions import services as missions
from envoy.missions.models import Lodging
from tests.browser.test_phone_and_accessibility_in_chromium import OVERFLOW
from tests.conftest import fill_cover

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.phone,
    pytest.mark.one_pass("sqlite"),
]


def test_handbook_opened_once_is_there_offline(mission_report, cast, chromium_page):
    page = chromium_page.page
    owner = cast["owner"]
    mission = fill_cover(mission_report).mission
    missions.add_emergency_contact(
        user=owner,
        mission=mission,
        data={"kind": "office", "name": "台北駐日經濟文化代表處", "phone": "+81-3-3280-7811"},
    )

    page.goto(reverse("login"))
    page.get_by_label("帳號").fill(owner.username)
    page.get_by_label("密碼").fill("x")
    page.get_by_role("button", name="登入", exact=True).click()
    expect(page.locator(".usermenu .who")).to_contain_text(owner.display_name)

    # ----- The hotel, typed on the editing page (htmx swaps the section) -----
    page.goto(reverse("missions:edit", args=[mission.pk]) + "#travel")
    travel = page.locator("#travel")
    travel.get_by_text("新增住宿", exact=True).click()
    travel.get_by_label("住宿名稱").fill("東京王子大飯店")
    travel.get_by_label("地址").fill("東京都港區芝公園 3-3-1")
    travel.get_by_label("電話").fill("+81-3-3432-1111")
    travel.get_by_label("入住日期").fill("115/4/26")
    travel.get_by_label("退房日期").fill("115/4/30")
    travel.get_by_role("button", name="新增", exact=True).click()
    expect(page.locator("#travel .saved")).to_be_visible()
    expect(page.locator("#travel table.lodgings")).to_contain_text("東京王子大飯店")
    chromium_page.screenshot("handbook-01-travel-section")
    lodging = Lodging.objects.get(mission=mission)
    assert (lodging.check_in, lodging.check_out) == (dt.date(2026, 4, 26), dt.date(2026, 4, 30))

    # ----- The handbook, from the mission page -----
    page.goto(reverse("missions:detail", args=[mission.pk]))
    page.get_by_role("link", name="出國手冊", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/planning/missions/{mission.pk}/handbook/$"))
    expect(page.locator("#emergency")).to_contain_text("台北駐日經濟文化代表處")
    expect(page.locator("#emergency")).to_contain_text("+886-800-085-095")
    # The flight lands at 12:55 in Tokyo: 11:55 in Taiwan, beside it.
    expect(page.locator("#schedule")).to_contain_text("12:55 UTC+9 臺灣 11:55")
    expect(page.locator("#lodging")).to_contain_text("東京王子大飯店")
    assert page.evaluate(OVERFLOW) is None
    # The service worker has kept the page once it controls it.
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    kept = page.evaluate(
        """async (name) => {
             const cache = await caches.open(name);
             return (await cache.keys()).map((request) => new URL(request.url).pathname);
           }""",
        f"envoy-handbook-{mission.pk}",
    )
    assert reverse("planning:handbook", args=[mission.pk]) in kept
    assert "/static/planning/handbook.css" in kept
    chromium_page.screenshot("handbook-02-online")

    # ----- Offline: the kept copy, not the server's -----
    missions.update_lodging(
        user=owner, lodging=lodging, data={"name": "京王廣場飯店"}, expected_version=1
    )
    page.context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text(mission.title)
    expect(page.locator("#lodging")).to_contain_text("東京王子大飯店")
    expect(page.locator("#offline-note")).to_be_visible()
    # Its style sheet came from the cache too: the handbook's own rules apply.
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.contact-cards')).listStyleType")
        == "none"
    )
    chromium_page.screenshot("handbook-03-offline")

    # ----- Online again: the network first, the newer handbook replaces the kept one -----
    page.context.set_offline(False)
    page.reload()
    expect(page.locator("#lodging")).to_contain_text("京王廣場飯店")
    expect(page.locator("#offline-note")).to_be_hidden()

    # ----- Signed out: nothing of the handbook is left in the browser -----
    page.locator("header .menu > summary").click()  # folded on a phone
    page.get_by_role("button", name="登出", exact=True).click()
    expect(page.get_by_label("帳號")).to_be_visible()
    left = page.evaluate(
        """async () => [(await caches.keys()).length,
                        (await navigator.serviceWorker.getRegistrations()).length]"""
    )
    assert left == [0, 0]
    assert chromium_page.problems == []
