"""A trip's travellers become experience in the pool, matched to profiles."""

import datetime as dt
from pathlib import Path

import pytest

from envoy.missions.models import DelegationMember, Mission
from envoy.reports.services import import_report_file
from envoy.talent.enums import ExperienceKind, LanguageCode, Match
from envoy.talent.models import Experience, LanguageSkill, StaffProfile
from envoy.talent.services import sync_mission

SHAPES = Path(__file__).resolve().parents[1] / "fixtures" / "reports" / "shapes"
FIRE = SHAPES / "taichung-fire-tokyo-2015.txt"


@pytest.fixture
def fire_bureau(db):
    from envoy.core.models import Bureau

    return Bureau.objects.create(code="fire", name="消防局")


def imported(path=FIRE, **kwargs):
    return import_report_file(path, **kwargs).report.mission


def test_an_imported_report_gives_each_traveller_an_unconfirmed_profile_and_the_trip(
    fire_bureau, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        mission = imported()
    profiles = StaffProfile.objects.order_by("name_key")
    assert [(p.name, p.bureau, p.unit, p.title, p.confirmed) for p in profiles] == [
        ("林志明", fire_bureau, "災害搶救科", "科長", False),
        ("陳冠宇", fire_bureau, "第三救災救護大隊", "分隊長", False),
        ("黃士豪", fire_bureau, "特種搜救大隊", "小隊長", False),
    ]
    experience = Experience.objects.get(profile__name="林志明")
    assert (
        experience.kind,
        experience.mission,
        experience.date,
        experience.countries,
        experience.title,
        experience.match,
    ) == (
        ExperienceKind.MISSION,
        mission,
        dt.date(2015, 11, 4),
        "JP",
        "104年度消防救助人員赴日本東京消防廳訓練計畫",
        Match.SURE,
    )
    assert "東京消防廳" in experience.topics


def test_a_traveller_of_the_same_name_and_bureau_is_matched_for_sure(
    fire_bureau, django_capture_on_commit_callbacks
):
    mine = StaffProfile.objects.create(name="林志明", bureau=fire_bureau)
    with django_capture_on_commit_callbacks(execute=True):
        imported()
    assert (
        Experience.objects.get(
            source_id__in=DelegationMember.objects.filter(name="林志明").values("id")
        ).profile
        == mine
    )
    assert Experience.objects.filter(profile=mine).get().match == Match.SURE
    assert StaffProfile.objects.filter(name="林志明").count() == 1


def test_a_traveller_of_the_same_name_elsewhere_is_matched_unsure(
    bureaus, django_capture_on_commit_callbacks
):
    other = StaffProfile.objects.create(name="林志明", bureau=bureaus["works"])
    with django_capture_on_commit_callbacks(execute=True):
        imported()
    assert Experience.objects.get(profile=other).match == Match.UNSURE


def test_removing_a_traveller_removes_their_trip(fire_bureau, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        mission = imported()
    member = mission.members.get(name="陳冠宇")
    member.delete()
    sync_mission(mission.pk)
    assert sorted(Experience.objects.values_list("profile__name", flat=True)) == [
        "林志明",
        "黃士豪",
    ]


def test_skill_level_follows_from_the_test_score(db):
    profile = StaffProfile.objects.create(name="王小明")
    ja = LanguageSkill.objects.create(
        profile=profile, language=LanguageCode.JA, test="jlpt", score="N2"
    )
    en = LanguageSkill.objects.create(
        profile=profile, language=LanguageCode.EN, test="toeic", score="850"
    )
    assert (ja.level_rank, en.level_rank, en.score_value) == (4, 4, 850.0)
    assert ja.summary == "日語 N2"


def test_a_travellers_presentation_and_meeting_become_experience_with_the_network(db):
    from envoy.relations.models import Event, Interaction, Network, Person, Presentation

    mission = Mission.objects.create(
        title="2026 G-NETS 首長高峰會",
        start_date=dt.date(2026, 4, 26),
        destination_countries=["JP"],
        destination_cities=["東京"],
    )
    DelegationMember.objects.create(mission=mission, name="祝惠美", unit="秘書處")
    network = Network.objects.create(name="全球永續發展城市網絡", abbreviation="G-NETS")
    Event.objects.create(name="2026 G-NETS 首長高峰會", network=network).missions.add(mission)
    speaker = Person.objects.create(name="祝惠美", our_side=True)
    talk = Presentation.objects.create(
        title="綠動新北", speaker=speaker, mission=mission, date=dt.date(2026, 4, 28)
    )
    koike = Person.objects.create(name="小池百合子")
    Interaction.objects.create(person=koike, mission=mission, met_by="祝惠美處長")
    sync_mission(mission.pk)
    rows = Experience.objects.order_by("kind").values_list("kind", "title", "date", "network")
    assert list(rows) == [
        ("meeting", "小池百合子", dt.date(2026, 4, 26), "全球永續發展城市網絡 G-NETS"),
        ("mission", "2026 G-NETS 首長高峰會", dt.date(2026, 4, 26), "全球永續發展城市網絡 G-NETS"),
        ("presentation", "綠動新北", dt.date(2026, 4, 28), "全球永續發展城市網絡 G-NETS"),
    ]
    assert {e.profile.name for e in Experience.objects.all()} == {"祝惠美"}
    talk.delete()
    assert Experience.objects.filter(kind="presentation").count() == 0
