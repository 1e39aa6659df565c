"""Relations from the seed report in real Chromium: the officer confirms what the report
mentions, finds 小池百合子 and the mission on Tokyo's page, and merges two records of one
person, keeping the meetings of both."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from envoy.relations import services
from envoy.relations.models import Interaction, Person
from tests.browser.signing import sign_in as signed_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.one_pass("sqlite")]


def sign_in(page, user) -> None:
    signed_in(page, user)
    # On a desktop the menu is shown whole, never folded behind its phone-sized button.
    expect(page.locator(".mainnav").get_by_role("link", name="國際關係")).to_be_visible()
    expect(page.locator(".menu > summary")).to_be_hidden()


def test_relations_confirmed_from_the_seed_and_duplicates_merged(
    mission_report, cast, chromium_page
):
    page = chromium_page.page
    officer = cast["officer"]
    mission = mission_report.mission
    sign_in(page, officer)

    # ----- From the mission page to what its report mentions -----
    page.goto(f"/missions/{mission.pk}/")
    page.get_by_role("link", name="報告提及的關係", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/relations/suggestions/{mission_report.pk}/$"))
    people = page.locator("#group-people li.suggestion")
    expect(people.first).to_be_visible()
    assert people.count() >= 9
    koike = people.filter(has=page.locator("input[value=小池百合子]"))
    expect(koike.locator("input[name$=-title]")).to_have_value("知事")
    # Nothing is decided for the officer: each row waits for a choice, and says so.
    decisions = page.locator(".suggestion .decision input[type=radio]")
    expect(page.locator(".suggestion .decision input[type=radio]:checked")).to_have_count(0)
    expect(koike.locator(".needs-decision")).to_be_visible()
    chromium_page.screenshot("relations-01-suggestions")
    koike.get_by_label("排除").check()
    expect(koike.locator(".needs-decision")).to_be_hidden()
    # Having read them all, the officer confirms every row at once.
    page.get_by_role("button", name="全部設為確認", exact=True).click()
    rows = page.locator(".suggestion .decision").count()
    expect(page.locator(".suggestion .decision input[value=confirm]:checked")).to_have_count(rows)
    assert decisions.count() == 3 * rows
    expect(page.locator(".needs-decision:visible")).to_have_count(0)
    page.get_by_role("button", name="儲存決定", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("已建立")
    expect(page.locator("button", has_text="儲存決定")).to_have_count(0)

    # ----- Tokyo's page: the governor, and the mission on its timeline -----
    page.goto("/relations/cities/")
    page.get_by_role("link", name="東京", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("東京")
    expect(page.locator("main")).to_contain_text("小池百合子")
    timeline = page.locator("#timeline")
    expect(timeline.get_by_role("link", name=mission.title)).not_to_have_count(0)
    # Tokyo (東京都廳) founded G-NETS: its network, though it never joined.
    expect(page.locator("ul.networks")).to_contain_text("G-NETS")
    expect(page.locator("ul.networks")).to_contain_text("2022 年發起")
    chromium_page.screenshot("relations-02-tokyo")

    # ----- The same person recorded twice, each with a meeting -----
    maris = Person.objects.get(name="Māris Sprindžuks")
    assert maris.interactions.count() == 1
    twin = services.create_person(user=officer, data={"name": "Maris Sprindzuks"})
    services.record_interaction(
        user=officer, person=twin, data={"date": dt.date(2025, 9, 18), "notes": "里加來訪"}
    )
    page.goto("/relations/people/duplicates/")
    pair = page.locator("section.duplicate-pair").filter(has_text="Maris Sprindzuks")
    expect(pair).to_have_count(1)
    pair.locator(f"input[name=keep][value='{maris.pk}']").check()
    chromium_page.screenshot("relations-03-duplicates")
    pair.get_by_role("button", name="合併", exact=True).click()

    expect(page).to_have_url(re.compile(rf"/relations/people/{maris.pk}/$"))
    expect(page.locator(".messages")).to_contain_text(
        "已將「Maris Sprindzuks」合併到「Māris Sprindžuks」"
    )
    expect(page.locator("#meetings .timeline > li")).to_have_count(2)
    chromium_page.screenshot("relations-04-merged")
    assert not Person.objects.filter(pk=twin.pk).exists()
    assert sorted(i.date for i in Interaction.objects.filter(person=maris)) == [
        dt.date(2025, 9, 18),
        dt.date(2026, 4, 28),
    ]
    assert not chromium_page.problems, "\n".join(chromium_page.problems)
