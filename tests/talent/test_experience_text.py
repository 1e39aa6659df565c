"""The profile's copy of its experience's search text and countries, which the search reads,
follows the experience whichever way it changes."""

import pytest

from envoy.missions.models import Mission
from envoy.talent.enums import ExperienceKind, Match
from envoy.talent.models import Experience, StaffProfile, refresh_experience_text
from envoy.talent.pool import search_pool
from envoy.talent.services import reassign_match, record_experience, remove_experience


@pytest.fixture
def hanako(db):
    return StaffProfile.objects.create(name="林花子")


def fresh(profile):
    return StaffProfile.objects.values_list("experience_text", "experience_countries").get(
        pk=profile.pk
    )


def test_recording_rewriting_and_removing_experience_follow(hanako):
    mission = Mission.objects.create(title="里加城市論壇")
    record_experience(
        hanako,
        kind=ExperienceKind.MISSION,
        source=mission,
        countries=["LV", "EE"],
        city="里加",
        title="波羅的海智慧城市",
        network="ICLEI",
    )
    text, countries = fresh(hanako)
    # The city in English too (GeoNames), for an English search.
    assert text.split("\n") == ["波羅的海智慧城市", "里加", "riga", "iclei"]
    assert countries == "EE LV"
    record_experience(hanako, kind=ExperienceKind.MISSION, source=mission, title="塔爾圖")
    assert fresh(hanako) == ("塔爾圖", "")
    remove_experience(source=mission)
    assert fresh(hanako) == ("", "")


def test_deleting_a_mission_takes_its_experience_from_the_profile(hanako):
    mission = Mission.objects.create(title="東京")
    record_experience(
        hanako,
        kind=ExperienceKind.MISSION,
        source=mission,
        countries=["JP"],
        title="東京防災",
        mission=mission,
    )
    assert fresh(hanako) == ("東京防災", "JP")
    mission.delete()
    assert fresh(hanako) == ("", "")


def test_reassigning_a_trip_moves_its_text_to_the_other_profile(cast, hanako, bureaus):
    from envoy.missions.models import DelegationMember

    mission = Mission.objects.create(title="大阪")
    member = DelegationMember.objects.create(mission=mission, name="林花子")
    experience = record_experience(
        hanako,
        kind=ExperienceKind.MISSION,
        source=member,
        countries=["JP"],
        title="大阪港灣",
        mission=mission,
        match=Match.UNSURE,
    )
    other = StaffProfile.objects.create(name="林花子", bureau=bureaus["works"])
    reassign_match(user=cast["officer"], experience=experience, profile=other)
    assert fresh(hanako) == ("", "")
    assert fresh(other) == ("大阪港灣", "JP")
    assert [h.profile for h in search_pool(cast["officer"], "大阪港灣").hits] == [other]
    assert [h.profile for h in search_pool(cast["officer"], "日本").hits] == [other]


def test_refreshing_after_a_bulk_write_and_in_three_queries(hanako, django_assert_max_num_queries):
    Experience.objects.bulk_create(
        Experience(
            profile=hanako,
            kind=ExperienceKind.HOSTED,
            countries=code,
            title=title,
            search_text=title,
            source_type="tests.source",
            source_id=n,
        )
        for n, (code, title) in enumerate([("KR", "首爾"), ("JP", "東京"), ("KR", "釜山")])
    )
    assert fresh(hanako) == ("", "")
    with django_assert_max_num_queries(3):
        refresh_experience_text([hanako.pk])
    assert fresh(hanako) == ("首爾\n東京\n釜山", "JP KR")


def test_a_mission_of_many_travellers_writes_their_search_text_once(db):
    """Syncing a trip refreshes its travellers' search text together at the end, not once
    for each traveller (``models.refreshing_once``)."""
    import datetime as dt

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from envoy.missions.models import DelegationMember
    from envoy.talent.services import sync_mission

    mission = Mission.objects.create(
        title="東京防災考察",
        start_date=dt.date(2026, 4, 26),
        destination_countries=["JP"],
        destination_cities=["東京"],
    )
    names = ["林花子", "王小明", "陳冠宇", "黃士豪", "張雅婷"]
    for name in names:
        DelegationMember.objects.create(mission=mission, name=name)
    with CaptureQueriesContext(connection) as queries:
        sync_mission(mission.pk)
    writes = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "talent_staffprofile"')]
    assert len(writes) == 1
    assert 'SET "experience_text"' in writes[0]
    found = StaffProfile.objects.filter(name__in=names).values_list(
        "experience_text", "experience_countries"
    )
    assert sorted(found) == [("東京防災考察\n東京\ntokyo", "JP")] * 5


def test_a_profile_read_before_its_experience_changed_does_not_put_the_old_copy_back(hanako):
    held = StaffProfile.objects.get(pk=hanako.pk)  # an edit page opened now
    mission = Mission.objects.create(title="首爾")
    record_experience(hanako, kind=ExperienceKind.MISSION, source=mission, countries=["KR"])
    held.title = "專員"
    held.save()
    assert fresh(hanako) == ("", "KR")
    assert StaffProfile.objects.get(pk=hanako.pk).title == "專員"
