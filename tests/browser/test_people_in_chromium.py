"""The people of the city, end to end in real Chromium, on either database — one colleague's
way through the talent pool, an opportunity and a hosted visit:

1. an officer adds 林花子's profile: Japanese at JLPT N2, 防災 as expertise, found by every
   colleague;
2. a report imported with her as a traveller adds the trip to Tokyo to her experience;
3. the pool search 「日語 防災」 finds her and says why (a colleague of another bureau too);
4. an editor records a forum in Tokyo; it suggests her as a speaker, with why; she is chosen,
   and accepting the forum (in person) makes a trip abroad linked to it;
5. a delegation from Tokyo is hosted: a visitor marked halal with an allergy, the principal
   host typed in, 林花子 assigned from the pool as interpreter (the visit joins her
   experience); the name badges and the caterer's list are printed — the list's PDF text
   carries the halal note for the lunch."""

import datetime as dt
import io
import re
from pathlib import Path

import pypdfium2
import pytest
from playwright.sync_api import expect

from envoy.hosting.models import Host, Visitor
from envoy.missions import services as missions
from envoy.missions.enums import Direction, ItemKind
from envoy.opportunities.models import Opportunity
from envoy.relations import services as relations
from envoy.talent.enums import ExperienceKind, Match
from envoy.talent.models import Experience, StaffProfile
from tests.browser.signing import sign_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.one_pass("sqlite")]

REPORT = (
    Path(__file__).resolve().parents[1]
    / "fixtures"
    / "talent"
    / "tokyo-disaster-prevention-2026.txt"
)
TRIP = "115年度赴日本東京考察防災公園與韌性城市計畫"
FORUM = "2026 亞洲城市防災論壇"


def pdf_text(content: bytes) -> str:
    document = pypdfium2.PdfDocument(io.BytesIO(content))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def a_visit_from_tokyo(owner, bureau):
    """A delegation of two from Tokyo's environment bureau, with a welcome lunch."""
    visit = missions.create_mission(
        user=owner,
        title="東京都環境局訪問團",
        start_date=dt.date(2026, 10, 5),
        end_date=dt.date(2026, 10, 5),
        bureau=bureau,
        direction=Direction.INBOUND,
        destination_countries=["JP"],
        visitor_organisation="東京都環境局",
    )
    missions.add_member(
        user=owner, mission=visit, data={"name": "山田太郎", "title": "局長", "is_head": True}
    )
    missions.add_member(user=owner, mission=visit, data={"name": "Ahmad Rahman", "title": "課長"})
    day = missions.add_day(user=owner, mission=visit, data={"date": dt.date(2026, 10, 5)})
    missions.add_item(
        user=owner, day=day, data={"text": "歡迎午宴", "place": "市府貴賓廳", "kind": ItemKind.MEAL}
    )
    return visit


def test_a_colleague_with_japanese_is_found_suggested_and_interprets_for_a_visit(
    cast, bureaus, chromium_page
):
    tokyo = relations.get_or_create_city(
        user=cast["officer"], name="東京", country="JP", name_en="Tokyo", timezone="Asia/Tokyo"
    )
    page = chromium_page.page

    # ----- 1. The officer adds her profile: Japanese, JLPT N2 in 2025; 防災 -----
    sign_in(page, cast["officer"], "/talent/")
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
    chromium_page.screenshot("people-1-profile")

    # ----- 2. A report with her as a traveller is imported: Tokyo joins her experience -----
    page.goto("/reports/import/")
    page.locator("input[type=file]").set_input_files(str(REPORT))
    page.get_by_role("button", name="上傳並檢視辨識結果", exact=True).click()
    bureau = page.locator(".confirm-bar select[name=bureau]")
    if bureau.count():
        bureau.select_option(label="秘書處")
    page.get_by_role("button", name="確認匯入", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("東京")
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

    # ----- 3. The pool search 「日語 防災」 finds her, and says why -----
    page.goto("/talent/")
    page.get_by_label("搜尋", exact=True).fill("日語 防災")
    page.get_by_role("button", name="篩選", exact=True).click()
    expect(page.locator(".result-count")).to_have_text("共 1 位")
    hit = page.locator(".talent-hit")
    expect(hit.get_by_role("heading", level=2)).to_have_text("林花子")
    expect(hit.locator(".talent-reasons li")).to_have_text(
        ["日語 N2（2025）", "防災：專長標籤", f"防災：曾赴日本東京（{TRIP}）的名稱"]
    )
    chromium_page.screenshot("people-2-pool-search")
    # A colleague of another bureau finds her too (she consents to every colleague); a
    # language she does not speak finds no one.
    sign_in(page, cast["outsider"], "/talent/?q=%E6%97%A5%E8%AA%9E")
    expect(page.locator(".talent-hit h2")).to_have_text(["林花子"])
    page.goto("/talent/?q=韓語")
    expect(page.locator(".result-count")).to_have_text("共 0 位")

    # ----- 4. An editor records a forum; it suggests her as a speaker -----
    owner = cast["owner"]
    sign_in(page, owner, "/opportunities/new/")
    page.locator("#id_title").fill(FORUM)
    page.locator("#id_kind").select_option(label="論壇")
    page.locator("#id_start_date").fill("115/10/5")
    page.locator("#id_end_date").fill("2026-10-07")
    page.locator("#id_city").fill("東京")
    page.locator("#id_registration_deadline").fill("115/9/15")
    page.locator("#id_topics").fill("防災")
    page.locator("#id_languages").fill("日語")
    page.locator("#id_talk_title").fill("新北市的韌性城市經驗")
    page.get_by_role("button", name="儲存", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("已新增國際參與機會。")
    opportunity = Opportunity.objects.get()
    assert (opportunity.city, opportunity.languages, opportunity.timezone) == (
        tokyo,
        ["ja"],
        "Asia/Tokyo",
    )
    speakers = page.locator("#speakers")
    expect(speakers).to_contain_text("林花子")
    expect(speakers).to_contain_text("日語 N2")
    expect(speakers).to_contain_text("防災：專長標籤")
    chromium_page.screenshot("people-3-speaker-suggested")
    page.get_by_role("button", name="指定 林花子 為講者").click()
    expect(page.locator("#speaker")).to_have_text("林花子")
    # Accepted in person, it becomes a trip abroad, linked both ways.
    page.get_by_label("改為").select_option(label="已獲接受")
    page.get_by_role("button", name="變更狀態").click()
    expect(page.locator("#opportunity-status")).to_have_text("已獲接受")
    opportunity.refresh_from_db()
    trip = opportunity.mission
    assert (opportunity.speaker, trip.report.status, trip.destination_countries) == (
        profile,
        "draft",
        ["JP"],
    )
    page.locator("#outcome").get_by_role("link", name=FORUM).first.click()
    expect(page).to_have_url(re.compile(rf"/missions/{trip.pk}/$"))
    expect(page.locator("h1")).to_contain_text(FORUM)
    back = page.locator(".from-opportunity")
    expect(back).to_have_text(f"來自機會：{FORUM}")
    expect(back.get_by_role("link", name=FORUM)).to_have_attribute(
        "href", f"/opportunities/{opportunity.pk}/"
    )

    # ----- 5. A delegation from Tokyo is hosted -----
    visit = a_visit_from_tokyo(owner, bureaus["secretariat"])
    page.goto(f"/missions/{visit.pk}/")
    page.get_by_role("link", name="來訪接待").click()
    expect(page.locator("h1")).to_have_text("東京都環境局訪問團")
    # A visitor's needs: halal, an allergy, second in precedence.
    page.get_by_role("link", name="編輯 Ahmad Rahman").click()
    page.get_by_label("英文姓名").fill("Ahmad Rahman")
    page.get_by_label("禮賓順序").fill("2")
    page.get_by_label("清真").check()
    page.get_by_label("過敏").fill("堅果")
    page.get_by_role("button", name="儲存").click()
    expect(page.locator("#visitors")).to_contain_text("清真")
    assert Visitor.objects.get(member__name="Ahmad Rahman").diets == ["halal"]
    # The principal host, typed in.
    page.get_by_role("link", name="新增接待人員或口譯").click()
    page.locator("#id_name").fill("林市長")
    page.get_by_label("英文姓名").fill("Mayor Lin")
    page.get_by_label("禮賓順序").fill("1")
    page.get_by_role("button", name="儲存").click()
    expect(page.locator("#hosts")).to_contain_text("林市長")
    expect(page.locator("#seating li.principal")).to_contain_text("林市長")
    # Her, from the pool, as the interpreter: the pool offers her for the visitors' Japanese.
    page.get_by_role("link", name="從人才庫指派").click()
    page.get_by_role("button", name="指派為口譯 林花子").click()
    expect(page.locator("#hosts")).to_contain_text("林花子")
    assert Host.objects.get(mission=visit, role="interpreter").profile == profile
    assert Experience.objects.filter(profile=profile, kind=ExperienceKind.HOSTED).count() == 1
    expect(page.locator("#catering")).to_contain_text("Ahmad Rahman：清真、對堅果過敏")
    chromium_page.screenshot("people-4-hosting")

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
    assert not chromium_page.problems, "\n".join(chromium_page.problems)


def test_a_stale_hosting_form_keeps_the_input_and_the_banquet_sits_at_two_tables(
    cast, bureaus, chromium_page
):
    from envoy.hosting import services

    owner = cast["owner"]
    visit = missions.create_mission(
        user=owner,
        title="首爾市訪問團",
        start_date=dt.date(2026, 11, 2),
        end_date=dt.date(2026, 11, 2),
        bureau=bureaus["secretariat"],
        direction=Direction.INBOUND,
        destination_countries=["KR"],
    )
    for name in ("김민준", "이서연", "박지훈"):
        missions.add_member(user=owner, mission=visit, data={"name": name})
    for rank, name in enumerate(("林市長", "祝惠美"), start=1):
        services.save_host(
            user=owner, mission=visit, host=None, data={"name": name, "precedence": rank}
        )
    page = chromium_page.page
    sign_in(page, owner, f"/hosting/visits/{visit.pk}/edit/")
    page.get_by_label("每桌人數").fill("4")
    # Someone else saves the hosting facts meanwhile.
    services.save_hosting(user=cast["colleague"], mission=visit, data={"welcome_note": "歡迎"})
    page.get_by_role("button", name="儲存").click()
    expect(page.get_by_role("alert").first).to_contain_text("已被其他人修改並儲存")
    expect(page.get_by_label("每桌人數")).to_have_value("4")
    # Opened again, the form saves; the banquet sits at two tables.
    page.goto(f"/hosting/visits/{visit.pk}/edit/")
    page.get_by_label("每桌人數").fill("4")
    page.get_by_role("button", name="儲存").click()
    expect(page.locator("#seating h3")).to_have_text(["主桌", "第 2 桌"])
    expect(page.locator("#seating ol").nth(1).locator("li.principal")).to_contain_text("祝惠美")
