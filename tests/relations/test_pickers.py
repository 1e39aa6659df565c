"""Search-as-you-type pickers: the choices offered as the user types, and the gazetteer's
cities a writer may record from a picker."""

import datetime as dt

import lxml.html
import pytest
from django.urls import reverse

from envoy.relations import services
from envoy.relations.forms import MeetingForm, PersonForm
from envoy.relations.models import City, Person
from tests.conftest import client_for

from .test_pages import build_world, outcome

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cast, bureaus):
    return build_world(cast, bureaus)


def choices(response) -> list[tuple[str, str]]:
    """(id, label) of each choice offered."""
    tree = lxml.html.fromstring(response.content.decode() or "<div></div>")
    return [
        (button.get("data-pick-id"), button.get("data-pick-label"))
        for button in tree.xpath("//button[@data-pick-id]")
    ]


def offered_places(response) -> list[str]:
    tree = lxml.html.fromstring(response.content.decode() or "<div></div>")
    return [" ".join(b.text_content().split()) for b in tree.xpath("//button[@hx-post]")]


def pick(client, kind: str, q: str, **params):
    return client.get(reverse("relations:pick", args=[kind]), {"q": q, **params})


# ----- Matching -----


def test_people_are_found_by_any_spelling_of_their_names(world, cast):
    client = client_for(cast["viewer"])
    maris = (str(world["maris"].pk), "Māris Sprindžuks")
    koike = (str(world["koike"].pk), "小池百合子")
    assert choices(pick(client, "person", "maris")) == [maris]
    assert choices(pick(client, "person", "SPRINDZUKS")) == [maris]
    assert choices(pick(client, "person", "Yuriko")) == [koike]
    assert choices(pick(client, "person", "小池")) == [koike]
    assert choices(pick(client, "person", "nobody")) == []


def test_a_picker_reads_what_its_own_input_sends(world, cast):
    """htmx sends the text input's own name and value: ``<field>_q``."""
    response = client_for(cast["viewer"]).get(
        reverse("relations:pick", args=["person"]), {"field": "person", "person_q": "Koike"}
    )
    assert choices(response) == [(str(world["koike"].pk), "小池百合子")]


def test_cities_are_found_whichever_way_tai_is_written(world, cast):
    taipei = City.objects.create(name="臺北", name_en="Taipei", country="TW")
    client = client_for(cast["viewer"])
    assert choices(pick(client, "city", "台北")) == [(str(taipei.pk), "臺北")]
    # "New Taipei" holds the word too: the exact name comes first.
    assert choices(pick(client, "city", "taipei")) == [
        (str(taipei.pk), "臺北"),
        (str(world["new_taipei"].pk), "新北"),
    ]


def test_exact_names_come_before_names_that_only_contain_the_words(cast):
    services.create_person(user=cast["officer"], data={"name": "Anna Berzina"})
    exact = services.create_person(user=cast["officer"], data={"name": "Anna"})
    services.create_person(user=cast["officer"], data={"name": "Joanna Kowalska"})
    labels = [label for _pk, label in choices(pick(client_for(cast["viewer"]), "person", "anna"))]
    assert labels == ["Anna", "Anna Berzina", "Joanna Kowalska"]
    assert exact.name == labels[0]


def test_no_more_than_ten_choices_are_offered(cast):
    Person.objects.bulk_create([Person(name=f"Kertu Vuks {n}") for n in range(15)])
    assert len(choices(pick(client_for(cast["viewer"]), "person", "kertu"))) == 10


def test_a_picker_never_shows_contact_details(world, cast):
    html = pick(client_for(cast["officer"]), "person", "小池").content.decode()
    assert [v for v in ("koike@metro", "+81-3-5321", "偏好以英語") if v in html] == []
    assert "Yuriko Koike · 東京都知事" in " ".join(html.split())


def test_organisations_are_found_by_their_english_name(world, cast):
    response = pick(client_for(cast["viewer"]), "organisation", "tokyo metro")
    assert choices(response) == [(str(world["metro"].pk), "東京都")]


def test_missions_offered_are_those_the_user_may_open(world, cast):
    summit, works = world["summit"], world["works"]

    def offered(role: str) -> list[str]:
        return [label for _pk, label in choices(pick(client_for(cast[role]), "mission", "東京"))]

    assert offered("officer") == [f"115/4/26 {summit.title}", f"114/11/1 {works.title}"]
    assert offered("owner") == [f"115/4/26 {summit.title}"]
    assert offered("outsider") == [f"114/11/1 {works.title}"]


def test_an_empty_search_offers_nothing_and_an_unknown_kind_is_not_found(cast):
    client = client_for(cast["viewer"])
    assert pick(client, "person", "  ").content.decode().strip() == ""
    assert pick(client, "bureau", "x").status_code == 404


def test_an_anonymous_visitor_cannot_search(world):
    assert outcome(pick(client_for(None), "person", "小池")) == "sign-in"


# ----- The gazetteer -----


def test_a_writer_is_offered_a_gazetteer_city_not_recorded_yet(world, cast):
    response = pick(client_for(cast["owner"]), "city", "大阪")
    assert choices(response) == []
    assert offered_places(response) == ["新增城市「大阪」（Osaka，日本）"]


def test_a_city_recorded_already_is_not_offered_again_from_the_gazetteer(world, cast):
    client = client_for(cast["owner"])
    # Tokyo by its GeoNames id; Riga by its name in its country.
    assert offered_places(pick(client, "city", "東京")) == []
    assert offered_places(pick(client, "city", "里加")) == []


def test_readers_are_not_offered_gazetteer_cities(world, cast):
    assert offered_places(pick(client_for(cast["viewer"]), "city", "大阪")) == []


def test_choosing_a_gazetteer_city_records_it_with_its_coordinates_and_chooses_it(world, cast):
    response = client_for(cast["owner"]).post(
        reverse("relations:pick_gazetteer"), {"name": "大阪", "geonames_id": "1853909"}
    )
    osaka = City.objects.get(geonames_id=1853909)
    assert (osaka.name, osaka.name_en, osaka.country, osaka.timezone) == (
        "大阪",
        "Osaka",
        "JP",
        "Asia/Tokyo",
    )
    assert (round(osaka.latitude, 2), round(osaka.longitude, 2)) == (34.69, 135.5)
    assert choices(response) == [(str(osaka.pk), "大阪")]
    assert "data-auto-pick" in response.content.decode()


def test_a_gazetteer_choice_that_does_not_match_is_refused(world, cast):
    client = client_for(cast["owner"])
    response = client.post(
        reverse("relations:pick_gazetteer"), {"name": "大阪", "geonames_id": "1"}
    )
    assert (response.status_code, response.content.decode()) == (
        422,
        "找不到這個城市，請重新搜尋。",
    )
    assert City.objects.filter(name="大阪").count() == 0
    assert (
        client_for(cast["viewer"])
        .post(reverse("relations:pick_gazetteer"), {"name": "大阪", "geonames_id": "1853909"})
        .status_code
        == 403
    )


# ----- The widget, with and without JavaScript -----


def test_the_picker_draws_a_search_input_with_htmx_and_the_chosen_id_beside_it(world):
    form = PersonForm(initial={"city": world["tokyo"]}, new=True)
    tree = lxml.html.fromstring(str(form["city"]))
    search = tree.xpath("//input[@name='city_q']")[0]
    assert (search.get("value"), search.get("hx-get"), search.get("hx-target")) == (
        "東京",
        reverse("relations:pick", args=["city"]) + "?field=city",
        "#id_city_results",
    )
    assert tree.xpath("//input[@type='hidden'][@name='city']/@value") == [str(world["tokyo"].pk)]


def test_a_stale_id_is_ignored_when_the_typed_name_names_someone_else(world, cast):
    """Without JavaScript the hidden id stays as drawn; the typed name decides."""
    form = MeetingForm(
        {
            "person": world["koike"].pk,
            "person_q": "Maris Sprindzuks",
            "date": "115/4/28",
        },
        user=cast["officer"],
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["person"] == world["maris"]
    assert form.cleaned_data["date"] == dt.date(2026, 4, 28)


def test_a_chosen_id_is_kept_when_the_text_is_its_label(world, cast):
    form = MeetingForm(
        {"person": world["koike"].pk, "person_q": "小池百合子"}, user=cast["officer"]
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["person"] == world["koike"]
