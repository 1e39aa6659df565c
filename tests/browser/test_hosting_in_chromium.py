"""Hosting a visit in real Chromium, on either database: the host bureau's editor opens the
visit's hosting page from its mission page, marks a visitor halal with an allergy, adds the
principal host, sees the seating plan, and prints the name badges and the caterer's list —
whose PDF text carries the halal note for the meal."""

import datetime as dt
import io
import re

import pypdfium2
import pytest
from playwright.sync_api import expect

from envoy.hosting.models import Host, Visitor
from envoy.missions import services as missions
from envoy.missions.enums import Direction, ItemKind

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, user, path):
    page.context.clear_cookies()
    page.goto(path)
    page.get_by_label("帳號").fill(user.username)
    page.get_by_label("密碼").fill("x")
    page.get_by_role("button", name="登入", exact=True).click()
    expect(page).to_have_url(re.compile(re.escape(path) + "$"))


def pdf_text(content: bytes) -> str:
    document = pypdfium2.PdfDocument(io.BytesIO(content))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def test_a_hosted_visit_prints_badges_and_the_caterer_s_halal_note(cast, bureaus, chromium_page):
    owner = cast["owner"]
    visit = missions.create_mission(
        user=owner,
        title="東京都環境局訪問團",
        start_date=dt.date(2026, 10, 5),
        end_date=dt.date(2026, 10, 5),
        bureau=bureaus["secretariat"],
        direction=Direction.INBOUND,
        destination_countries=["JP"],
        visitor_organisation="東京都環境局",
    )
    missions.add_member(
        user=owner, mission=visit, data={"name": "山田太郎", "title": "局長", "is_head": True}
    )
    ahmad = missions.add_member(
        user=owner, mission=visit, data={"name": "Ahmad Rahman", "title": "課長"}
    )
    day = missions.add_day(user=owner, mission=visit, data={"date": dt.date(2026, 10, 5)})
    missions.add_item(
        user=owner, day=day, data={"text": "歡迎午宴", "place": "市府貴賓廳", "kind": ItemKind.MEAL}
    )
    page = chromium_page.page

    # From the visit's mission page to its hosting page.
    sign_in(page, owner, f"/missions/{visit.pk}/")
    page.get_by_role("link", name="來訪接待").click()
    expect(page.locator("h1")).to_have_text("東京都環境局訪問團")

    # The visitor's needs: halal, an allergy, second in precedence.
    page.get_by_role("link", name="編輯 Ahmad Rahman").click()
    page.get_by_label("英文姓名").fill("Ahmad Rahman")
    page.get_by_label("禮賓順序").fill("2")
    page.get_by_label("清真").check()
    page.get_by_label("過敏").fill("堅果")
    page.get_by_role("button", name="儲存").click()
    expect(page.locator("#visitors")).to_contain_text("清真")
    assert Visitor.objects.get(member=ahmad).diets == ["halal"]

    # The principal host, typed in.
    page.get_by_role("link", name="新增接待人員或口譯").click()
    page.locator("#id_name").fill("林市長")
    page.get_by_label("英文姓名").fill("Mayor Lin")
    page.get_by_label("禮賓順序").fill("1")
    page.get_by_role("button", name="儲存").click()
    expect(page.locator("#hosts")).to_contain_text("林市長")
    assert Host.objects.filter(mission=visit).count() == 1
    expect(page.locator("#seating li.principal")).to_contain_text("林市長")
    expect(page.locator("#catering")).to_contain_text("Ahmad Rahman：清真、對堅果過敏")
    chromium_page.screenshot("hosting-visit")

    # The badges: each name in its own script.
    badges = page.get_by_role("link", name=re.compile("名牌"))
    response = page.context.request.get(badges.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.body())
    for name in ("山田太郎", "Ahmad Rahman", "林市長", "Mayor Lin"):
        assert name in text

    # The caterer's list: the lunch, with the halal visitor's note.
    caterer = page.get_by_role("link", name=re.compile("餐飲需求表"))
    text = pdf_text(page.context.request.get(caterer.get_attribute("href")).body())
    assert "115/10/5 歡迎午宴" in text
    assert re.search(r"Ahmad Rahman\s+清真 Halal\s+堅果", text), text
