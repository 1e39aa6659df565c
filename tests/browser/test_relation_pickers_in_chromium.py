"""The pickers in real Chromium: typing asks for choices (htmx), a click chooses one, a
gazetteer city is recorded and chosen at once, and nothing breaks the Content-Security-Policy."""

import re

import pytest
from playwright.sync_api import expect

from envoy.core.enums import Role
from envoy.relations import services
from envoy.relations.models import City, Interaction
from tests.conftest import make_user

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.one_pass("sqlite")]


def test_a_meeting_is_recorded_with_the_pickers(chromium_page):
    officer = make_user("officer", Role.OFFICER)
    maris = services.create_person(user=officer, data={"name": "Māris Sprindžuks"})
    page = chromium_page.page

    page.goto("/relations/meetings/new/")
    page.get_by_label("帳號").fill("officer")
    page.get_by_label("密碼").fill("x")
    page.get_by_role("button", name="登入").click()
    expect(page).to_have_url(re.compile(r"/relations/meetings/new/$"))

    page.locator("input[name=person_q]").press_sequentially("maris")
    choice = page.locator("#id_person_results button[data-pick-id]")
    expect(choice).to_have_text("Māris Sprindžuks")
    # The keyboard reaches the choice, and it shows: a ring drawn around it.
    page.locator("input[name=person_q]").press("ArrowDown")
    expect(choice).to_be_focused()
    ring = choice.evaluate(
        "(b) => [getComputedStyle(b).outlineStyle, getComputedStyle(b).outlineWidth]"
    )
    assert ring == ["solid", "3px"]
    choice.click()
    expect(page.locator("input[name=person]")).to_have_value(str(maris.pk))
    expect(page.locator("input[name=person_q]")).to_have_value("Māris Sprindžuks")
    expect(page.locator("#id_person_results")).to_be_empty()

    page.locator("input[name=city_q]").press_sequentially("大阪")
    new_city = page.locator("#id_city_results button.new")
    expect(new_city).to_have_text("新增城市「大阪」（Osaka，日本）")
    chromium_page.screenshot("relations-picker-gazetteer")
    new_city.click()
    expect(page.locator("input[name=city_q]")).to_have_value("大阪")
    # The city is recorded by the server's answer to the click: wait for it to be chosen.
    expect(page.locator("input[name=city]")).not_to_have_value("")
    osaka = City.objects.get(geonames_id=1853909)
    expect(page.locator("input[name=city]")).to_have_value(str(osaka.pk))

    page.get_by_label("日期", exact=True).fill("115/4/28")
    page.get_by_role("button", name="儲存").click()
    expect(page).to_have_url(re.compile(rf"/relations/people/{maris.pk}/#meeting-\d+$"))
    chromium_page.screenshot("relations-person")
    meeting = Interaction.objects.get()
    assert (meeting.person, meeting.city) == (maris, osaka)
    assert chromium_page.problems == []
