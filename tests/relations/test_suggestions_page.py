import datetime as dt
import re

import pytest

from envoy.relations import services
from envoy.relations.models import (
    City,
    Event,
    Interaction,
    Membership,
    Person,
    Presentation,
    SiteVisit,
    SuggestionDecision,
)
from envoy.relations.names import name_key
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


# The day sections that mention her: the opening, forum and dinner; the plenary.
KOIKE_DAYS = [dt.date(2026, 4, 27), dt.date(2026, 4, 28)]


def fact_names(written: str) -> set[str]:
    """東京國際展示場（Tokyo Big Sight） names 東京國際展示場 and Tokyo Big Sight."""
    match = re.fullmatch(r"(.+?)（(.+)）", written)
    return {name_key(n) for n in (match.groups() if match else (written,))}


def url(report):
    return f"/relations/suggestions/{report.pk}/"


def form_data(response, decide=lambda suggestion: "confirm"):
    """The screen's form as a browser would post it, with each row's decision."""
    data = {}
    for _group, _label, rows in response.context["groups"]:
        for suggestion, form, _decision in rows:
            if form is None:
                continue
            for name, field in form.fields.items():
                value = form.initial.get(name, field.initial)
                if value is None:
                    value = ""
                data[form.add_prefix(name)] = value
            data[form.add_prefix("decision")] = decide(suggestion)
    return data


@pytest.mark.parametrize(
    "who, status",
    [
        ("officer", 200),
        ("owner", 200),
        ("colleague", 200),
        ("admin", 200),
        ("outsider", 404),
        ("reviewer", 403),
        ("viewer", 403),
    ],
)
def test_the_screen_is_for_those_who_may_change_the_mission(cast, mission_report, who, status):
    assert client_for(cast[who]).get(url(mission_report)).status_code == status


def test_anonymous_visitors_are_sent_to_sign_in(mission_report):
    response = client_for(None).get(url(mission_report))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_confirming_everything_makes_the_records_linked_to_the_mission(cast, mission_report, facts):
    client = client_for(cast["officer"])
    page = client.get(url(mission_report))
    assert page.status_code == 200
    response = client.post(url(mission_report), form_data(page))
    assert response.status_code == 302
    mission = mission_report.mission

    tokyo = City.objects.get(name="東京")
    assert tokyo.country == "JP"
    assert list(tokyo.missions.all()) == [mission]
    koike = Person.objects.get(name="小池百合子")
    assert koike.city == tokyo
    assert [(p.title, p.organisation.name) for p in koike.positions.all()] == [("知事", "東京都")]
    # Met on the days whose sections mention her.
    assert sorted(i.date for i in koike.interactions.all()) == KOIKE_DAYS
    assert {i.mission for i in Interaction.objects.all()} == {mission}
    assert all(i.source_block is not None for i in Interaction.objects.all())

    gnets = Membership.objects.get(network__abbreviation__iexact="G-NETS")
    assert (gnets.city.name, gnets.since_year) in {("新北", 2023), ("新北市", 2023)}
    assert gnets.network.founded_year == 2022
    assert list(Event.objects.get(network=gnets.network).missions.all()) == [mission]
    talk = Presentation.objects.get()
    assert (talk.title, talk.speaker.name, talk.date, talk.mission) == (
        facts["our_presentation"]["title_zh"],
        "祝惠美",
        dt.date(2026, 4, 28),
        mission,
    )
    assert talk.speaker.our_side and not talk.speaker.interactions.exists()
    visits = SiteVisit.objects.all()
    assert sorted(
        (v.date.isoformat(), fact["date"])
        for fact in facts["site_visits"]
        for v in visits
        if any(
            n in f"{name_key(v.name)}|{name_key(v.other_name)}" for n in fact_names(fact["name"])
        )
    ) == sorted((fact["date"], fact["date"]) for fact in facts["site_visits"])

    # Decided once: the screen shows them as decided and asks nothing more.
    again = client.get(url(mission_report))
    assert again.context["pending"] == 0
    decided = SuggestionDecision.objects.filter(report=mission_report).count()
    assert client.post(url(mission_report), {}).status_code == 302
    assert SuggestionDecision.objects.filter(report=mission_report).count() == decided


def test_rejected_and_corrected_suggestions(cast, mission_report):
    client = client_for(cast["officer"])
    page = client.get(url(mission_report))
    data = form_data(
        page, lambda s: "confirm" if getattr(s, "name", "") == "小池百合子" else "reject"
    )
    prefix = next(
        form.prefix
        for _g, _l, rows in page.context["groups"]
        for s, form, _d in rows
        if form is not None and getattr(s, "name", "") == "小池百合子"
    )
    data[f"{prefix}-title"] = "第21代知事"
    assert client.post(url(mission_report), data).status_code == 302
    assert [p.name for p in Person.objects.all()] == ["小池百合子"]
    assert [p.title for p in Person.objects.get().positions.all()] == ["第21代知事"]
    assert SuggestionDecision.objects.filter(decision="rejected").count() > 10


def test_an_invalid_row_writes_nothing_and_keeps_what_was_typed(cast, mission_report):
    client = client_for(cast["officer"])
    page = client.get(url(mission_report))
    data = form_data(page)
    prefix = next(
        form.prefix
        for _g, _l, rows in page.context["groups"]
        for s, form, _d in rows
        if form is not None and getattr(s, "name", "") == "小池百合子"
    )
    data[f"{prefix}-country"] = "亞特蘭提斯"
    data[f"{prefix}-title"] = "知事（改）"
    response = client.post(url(mission_report), data)
    assert response.status_code == 422
    assert "無法辨識的國家：亞特蘭提斯" in response.content.decode()
    assert 'value="知事（改）"' in response.content.decode()
    assert not Person.objects.exists() and not SuggestionDecision.objects.exists()


def test_confirming_a_person_another_bureau_holds_records_the_meeting_not_their_title(
    cast, mission_report
):
    koike = services.create_person(user=cast["outsider"], data={"name": "小池百合子"})
    client = client_for(cast["owner"])
    page = client.get(url(mission_report))
    response = client.post(
        url(mission_report),
        form_data(
            page, lambda s: "confirm" if getattr(s, "name", "") == "小池百合子" else "reject"
        ),
    )
    assert response.status_code == 302
    assert list(koike.positions.all()) == []
    # The title then as the report names it, with its organisation once.
    assert sorted((i.date, i.title_then) for i in koike.interactions.all()) == [
        (day, "東京都知事") for day in KOIKE_DAYS
    ]


def test_every_suggestion_starts_undecided_and_saving_without_a_choice_creates_nothing(
    cast, mission_report
):
    client = client_for(cast["officer"])
    page = client.get(url(mission_report))
    html = page.content.decode()
    assert 'value="confirm"' in html
    assert " checked" not in html.split('class="suggestions"', 1)[1]
    assert "全部設為確認" in html
    pending = page.context["pending"]
    # Posted as a browser would with nothing ticked: no decision field at all.
    data = {k: v for k, v in form_data(page).items() if not k.endswith("-decision")}
    assert client.post(url(mission_report), data).status_code == 302
    assert SuggestionDecision.objects.filter(report=mission_report).count() == 0
    assert Person.objects.count() == 0
    assert client.get(url(mission_report)).context["pending"] == pending


def test_an_undecided_row_with_a_wrong_field_does_not_block_the_others(cast, mission_report):
    client = client_for(cast["officer"])
    page = client.get(url(mission_report))
    data = form_data(page, lambda s: "confirm" if getattr(s, "name", "") == "小池百合子" else "")
    bad = next(k for k in data if k.endswith("-country") and data[k] == "SG")
    data[bad] = "不是國家"
    assert client.post(url(mission_report), data).status_code == 302
    assert [p.name for p in Person.objects.all()] == ["小池百合子"]


def test_a_confirmed_network_has_its_founder_in_the_founders_city(cast, mission_report):
    from envoy.relations.models import Network

    client = client_for(cast["officer"])
    page = client.get(url(mission_report))
    data = form_data(page, lambda s: "confirm" if s.key.startswith("network") else "reject")
    assert client.post(url(mission_report), data).status_code == 302
    [network] = Network.objects.all()
    assert (network.abbreviation, network.founder.name, network.founder.city.name) == (
        "G-NETS",
        "東京都廳",
        "東京",
    )
