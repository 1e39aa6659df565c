"""The talent pages: who may open them, what they show, in a fixed number of queries."""

import datetime as dt

import pytest

from envoy.missions.models import DelegationMember, Mission
from envoy.talent.enums import ExperienceKind, LanguageCode, Match, Visibility
from envoy.talent.models import Experience, LanguageSkill, StaffProfile
from envoy.talent.services import record_experience, sync_mission
from tests.conftest import client_for


def profile_with_trip(name, bureau, n, **extra):
    profile = StaffProfile.objects.create(name=name, bureau=bureau, expertise=["防災"], **extra)
    LanguageSkill.objects.create(profile=profile, language=LanguageCode.JA, test="jlpt", score="N2")
    mission = Mission.objects.create(
        title=f"東京考察 {n}", start_date=dt.date(2026, 4, n % 28 + 1), destination_countries=["JP"]
    )
    record_experience(
        profile, kind=ExperienceKind.MISSION, source=mission, countries=["JP"], title=mission.title
    )
    return profile


@pytest.fixture
def profiles(bureaus):
    return [
        profile_with_trip(f"同仁{n}", bureaus["secretariat"], n, visibility=Visibility.STAFF)
        for n in range(3)
    ]


@pytest.mark.parametrize("count", [1, 3])
def test_the_pool_search_page_takes_the_same_queries_for_any_number(
    cast, bureaus, count, django_assert_max_num_queries
):
    for n in range(count):
        profile_with_trip(f"同仁{n}", bureaus["secretariat"], n, visibility=Visibility.STAFF)
    client = client_for(cast["officer"])
    with django_assert_max_num_queries(12):
        page = client.get("/talent/", {"q": "日語 防災", "country": "JP"})
    assert page.status_code == 200
    text = page.content.decode()
    assert text.count("防災：專長標籤") == count
    assert "日語 N2" in text


def test_the_profile_page_shows_languages_experience_and_history(
    cast, profiles, django_assert_max_num_queries
):
    client = client_for(cast["officer"])
    with django_assert_max_num_queries(12):
        page = client.get(f"/talent/{profiles[0].pk}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "日語 N2" in text and "東京考察 0" in text and "修改紀錄" in text


def test_a_private_profile_is_hidden_from_colleagues(cast, bureaus):
    hidden = StaffProfile.objects.create(name="隱藏", bureau=bureaus["secretariat"])
    assert client_for(cast["colleague"]).get(f"/talent/{hidden.pk}/").status_code == 404
    assert client_for(cast["officer"]).get(f"/talent/{hidden.pk}/").status_code == 200
    assert client_for(None).get(f"/talent/{hidden.pk}/").status_code == 302


def test_the_owner_edits_their_profile_and_the_languages(cast):
    client = client_for(cast["colleague"])
    assert client.post("/talent/me/").status_code == 302
    profile = StaffProfile.objects.get(user=cast["colleague"])
    page = client.post(
        f"/talent/{profile.pk}/edit/",
        {
            "name": "林花子",
            "name_en": "",
            "agency": "",
            "unit": "",
            "title": "科員",
            "expertise": "防災、淨零",
            "interpreting": "",
            "availability": "",
            "visibility": Visibility.STAFF,
            "version": profile.version,
            "languages-TOTAL_FORMS": "2",
            "languages-INITIAL_FORMS": "0",
            "languages-0-language": "ja",
            "languages-0-test": "jlpt",
            "languages-0-score": "N2",
            "languages-0-tested_on": "114/7/6",
            "languages-1-language": "",
        },
    )
    assert page.status_code == 302, page.content.decode()[:3000]
    profile.refresh_from_db()
    assert (profile.name, profile.expertise, profile.version) == ("林花子", ["防災", "淨零"], 2)
    skill = profile.languages.get()
    assert (skill.language, skill.level_rank, skill.tested_on) == ("ja", 4, dt.date(2025, 7, 6))
    assert profile.history.count() == 2  # made, then saved


def test_a_stale_edit_is_refused_with_a_message(cast, profiles):
    client = client_for(cast["officer"])
    page = client.post(
        f"/talent/{profiles[0].pk}/edit/",
        {
            "name": "改名",
            "visibility": Visibility.STAFF,
            "version": profiles[0].version + 5,
            "languages-TOTAL_FORMS": "0",
            "languages-INITIAL_FORMS": "0",
        },
    )
    assert page.status_code == 409
    assert StaffProfile.objects.get(pk=profiles[0].pk).name == "同仁0"


def test_an_editor_cannot_edit_someone_elses_profile(cast, profiles):
    assert client_for(cast["colleague"]).get(f"/talent/{profiles[0].pk}/edit/").status_code == 403


def test_an_officer_confirms_or_reassigns_an_unsure_match(cast, bureaus):
    other = StaffProfile.objects.create(name="林志明", bureau=bureaus["works"])
    mission = Mission.objects.create(title="東京", destination_countries=["JP"])
    member = DelegationMember.objects.create(mission=mission, name="林志明", agency="消防局")
    sync_mission(mission.pk)
    experience = Experience.objects.get(source_id=member.pk)
    assert (experience.profile, experience.match) == (other, Match.UNSURE)
    client = client_for(cast["officer"])
    assert "林志明" in client.get("/talent/matches/").content.decode()
    assert client_for(cast["owner"]).get("/talent/matches/").status_code == 403
    page = client.post(
        f"/talent/matches/{experience.pk}/", {"reassign": "", f"m{experience.pk}-profile": "new"}
    )
    assert page.status_code == 302
    experience.refresh_from_db()
    assert experience.match == Match.CONFIRMED and experience.profile != other
    assert experience.profile.confirmed is False
    sync_mission(mission.pk)
    assert Experience.objects.get(source_id=member.pk).profile == experience.profile


def test_the_pool_pages_through_many_people(cast, bureaus):
    StaffProfile.objects.bulk_create(
        StaffProfile(name=f"同仁{n:02}", name_key=f"同仁{n:02}", visibility=Visibility.STAFF)
        for n in range(25)
    )
    client = client_for(cast["viewer"])
    first = client.get("/talent/").content.decode()
    second = client.get("/talent/", {"page": "2"}).content.decode()
    assert "共 25 位" in first and "1 / 2" in first and "同仁19" in first and "同仁20" not in first
    assert "同仁20" in second and "同仁24" in second and "同仁19" not in second
    assert client.get("/talent/", {"page": "x"}).status_code == 200
