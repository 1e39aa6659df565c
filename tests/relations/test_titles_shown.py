"""A title says its organisation once wherever it is shown or made: people pages, the
organisation page, the delegation and the report cover — for records kept before the rule
too — and positions made by forms, imports and confirmed suggestions."""

import pytest
from django.urls import reverse

from envoy.missions.models import DelegationMember
from envoy.relations import services
from envoy.relations.models import Organisation, Person, Position
from envoy.reports.printing.common import traveller_line
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def paris(cast):
    officer = cast["officer"]
    office = services.get_or_create_organisation(
        user=officer, name="巴黎國際關係處", name_en="Paris International Relations"
    )
    herzbrun = services.create_person(user=officer, data={"name": "Benoît Herzbrun"})
    # Kept as the report wrote it, before titles lost their organisation.
    Position.objects.create(person=herzbrun, title="國際關係處副處長", organisation=office)
    return herzbrun


def test_a_title_kept_with_its_organisation_is_shown_with_it_once(cast, paris):
    client = client_for(cast["officer"])
    person = client.get(reverse("relations:person", args=[paris.pk])).content.decode()
    assert "巴黎國際關係處</a>副處長" in person
    assert "國際關係處國際關係處" not in person
    people = client.get(reverse("relations:people")).content.decode()
    assert "巴黎國際關係處副處長" in people and "國際關係處國際關係處" not in people
    office = Organisation.objects.get(name="巴黎國際關係處")
    page = client.get(reverse("relations:organisation", args=[office.pk])).content.decode()
    assert "<td>副處長</td>" in page
    assert str(paris.positions.get()) == "巴黎國際關係處副處長"


def test_a_position_is_kept_without_what_repeats_its_organisation(cast):
    officer = cast["officer"]
    ministry = services.get_or_create_organisation(
        user=officer, name="環境部", name_en="Ministry of Environment"
    )
    peng = services.create_person(user=officer, data={"name": "彭啟明"})
    made = services.add_position(
        user=officer,
        person=peng,
        data={"title": "環境部長", "title_en": "Minister of Environment", "organisation": ministry},
    )
    assert (made.title, made.title_en) == ("部長", "Minister of Environment")
    services.update_position(user=officer, position=made, data={"title": "環境部 政務次長"})
    made.refresh_from_db()
    assert made.title == "政務次長"
    # A title with no organisation, or only sharing a word with it, is kept as written.
    alone = services.add_position(user=officer, person=peng, data={"title": "環境部長"})
    shares = services.add_position(
        user=officer, person=peng, data={"title": "環境教育專員", "organisation": ministry}
    )
    assert (alone.title, shares.title) == ("環境部長", "環境教育專員")


def test_an_english_title_at_an_english_organisation(cast):
    officer = cast["officer"]
    council = services.get_or_create_organisation(user=officer, name="Riga City Council")
    maris = services.create_person(user=officer, data={"name": "Māris Sprindžuks"})
    made = services.add_position(
        user=officer,
        person=maris,
        data={"title": "Riga City Council Deputy Mayor", "organisation": council},
    )
    assert made.title == "Deputy Mayor"
    assert made.label == "Riga City Council Deputy Mayor"


def test_a_japanese_title_at_its_bureau(cast):
    officer = cast["officer"]
    bureau = services.get_or_create_organisation(user=officer, name="東京都港湾局")
    someone = services.create_person(user=officer, data={"name": "田中一郎"})
    made = services.add_position(
        user=officer, person=someone, data={"title": "港湾局長", "organisation": bureau}
    )
    assert (made.title, str(made)) == ("局長", "東京都港湾局局長")


def test_the_delegation_and_the_cover_say_the_unit_once(cast, mission_report):
    member = DelegationMember.objects.create(
        mission=mission_report.mission,
        name="祝惠美",
        agency="新北市政府",
        unit="秘書處",
        title="秘書處處長",
        is_head=True,
    )
    assert member.shown_title == "處長"
    page = client_for(cast["owner"]).get(
        reverse("missions:detail", args=[mission_report.mission_id])
    )
    html = page.content.decode()
    assert '<td data-label="服務單位">秘書處</td><td data-label="職稱">處長</td>' in html
    line = traveller_line(
        {"agency": "新北市政府", "unit": "秘書處", "title": "秘書處處長", "name": "祝惠美"}
    )
    assert line == "新北市政府秘書處 處長 祝惠美"
    assert Person.objects.count() == 0
