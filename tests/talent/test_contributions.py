"""A presentation or a meeting that belongs to no mission — a talk at an online event by a
city speaker, a meeting at home — is experience of the colleague it names."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from envoy.missions.models import Mission
from envoy.relations.models import City, Event, Interaction, Network, Person, Presentation
from envoy.talent.enums import ExperienceKind
from envoy.talent.models import Experience, StaffProfile
from envoy.talent.pool import search_pool


@pytest.fixture
def online_forum(db):
    network = Network.objects.create(name="地方政府永續發展理事會", abbreviation="ICLEI")
    return Event.objects.create(
        name="ICLEI 線上論壇",
        theme="淨零轉型",
        network=network,
        start_date=dt.date(2026, 3, 10),
    )


@pytest.fixture
def hanako(db):
    return StaffProfile.objects.create(name="林花子")


def rows():
    return list(
        Experience.objects.order_by("kind", "profile__name").values_list(
            "profile__name", "kind", "title", "date", "city", "countries", "network", "mission"
        )
    )


def test_an_online_talk_by_a_city_speaker_is_their_experience(
    cast, hanako, online_forum, django_capture_on_commit_callbacks
):
    speaker = Person.objects.create(name="林 花子", our_side=True)
    with django_capture_on_commit_callbacks(execute=True):
        talk = Presentation.objects.create(
            title="新北淨零路徑", speaker=speaker, event=online_forum
        )
    assert rows() == [
        (
            "林花子",
            ExperienceKind.PRESENTATION,
            "新北淨零路徑",
            dt.date(2026, 3, 10),
            "",
            "",
            "地方政府永續發展理事會 ICLEI",
            None,
        )
    ]
    found = search_pool(cast["officer"], "曾發表 淨零")
    assert [hit.profile for hit in found.hits] == [hanako]
    assert "曾發表「新北淨零路徑」（2026）" in [r.text for r in found.hits[0].reasons]
    # Another speaker: it leaves her.
    other = StaffProfile.objects.create(name="王大明")
    with django_capture_on_commit_callbacks(execute=True):
        talk.speaker = Person.objects.create(name="王大明", our_side=True)
        talk.save()
    assert [row[0] for row in rows()] == ["王大明"]
    # Deleted: it goes.
    with django_capture_on_commit_callbacks(execute=True):
        talk.delete()
    assert rows() == []
    assert StaffProfile.objects.get(pk=other.pk).experience_text == ""


def test_a_meeting_at_home_is_experience_of_each_colleague_named(
    bureaus, hanako, django_capture_on_commit_callbacks
):
    StaffProfile.objects.create(name="祝惠美", bureau=bureaus["secretariat"])
    StaffProfile.objects.create(name="惠美")  # inside a longer name: not her
    tokyo = City.objects.create(name="東京", country="JP")
    koike = Person.objects.create(name="小池百合子", city=tokyo)
    with django_capture_on_commit_callbacks(execute=True):
        Interaction.objects.create(
            person=koike, met_by="祝惠美處長、林花子科長", date=dt.date(2026, 5, 2), city=tokyo
        )
    assert rows() == [
        ("林花子", "meeting", "小池百合子", dt.date(2026, 5, 2), "東京", "JP", "", None),
        ("祝惠美", "meeting", "小池百合子", dt.date(2026, 5, 2), "東京", "JP", "", None),
    ]


def test_namesakes_are_not_guessed_between(
    hanako, online_forum, django_capture_on_commit_callbacks
):
    StaffProfile.objects.create(name="林花子")
    speaker = Person.objects.create(name="林花子", our_side=True)
    with django_capture_on_commit_callbacks(execute=True):
        Presentation.objects.create(title="講題", speaker=speaker, event=online_forum)
        Interaction.objects.create(person=speaker, met_by="林花子")
    assert rows() == []


def test_a_talk_given_to_a_mission_becomes_the_missions(
    hanako, online_forum, django_capture_on_commit_callbacks
):
    speaker = Person.objects.create(name="林花子", our_side=True)
    with django_capture_on_commit_callbacks(execute=True):
        talk = Presentation.objects.create(title="講題", speaker=speaker, event=online_forum)
    assert len(rows()) == 1
    # Moved to a trip she did not travel on: not hers by that trip, and the entry of no
    # mission goes.
    mission = Mission.objects.create(title="東京", destination_countries=["JP"])
    with django_capture_on_commit_callbacks(execute=True):
        talk.mission = mission
        talk.save()
    assert rows() == []
    # Back to no mission: hers again.
    with django_capture_on_commit_callbacks(execute=True):
        talk.mission = None
        talk.save()
    assert [row[:3] for row in rows()] == [("林花子", "presentation", "講題")]


def test_talent_sync_records_the_contributions_of_no_mission(hanako, online_forum):
    speaker = Person.objects.create(name="林花子", our_side=True)
    Presentation.objects.create(title="講題", speaker=speaker, event=online_forum)
    Experience.objects.all().delete()
    call_command("talent_sync", stdout=io.StringIO())
    assert [row[:3] for row in rows()] == [("林花子", "presentation", "講題")]
