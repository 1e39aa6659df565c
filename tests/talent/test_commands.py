"""manage.py talent_search and talent_sync."""

import json
from io import StringIO

from django.core.management import call_command

from envoy.missions.models import DelegationMember, Mission
from envoy.talent.models import Experience, LanguageSkill, StaffProfile


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_talent_sync_builds_profiles_for_the_travellers_of_existing_missions(db):
    mission = Mission.objects.create(
        title="東京防災考察", destination_countries=["JP"], destination_cities=["東京"]
    )
    DelegationMember.objects.create(
        mission=mission, name="林花子", agency="新北市政府", unit="消防局"
    )
    assert run("talent_sync") == "已比對 1 個任務；人才庫共 1 位。\n"
    assert run("talent_sync") == "已比對 1 個任務；人才庫共 1 位。\n"
    assert Experience.objects.get().profile.name == "林花子"


def test_talent_search_json_names_the_languages_missions_and_countries_that_matched(db):
    mission = Mission.objects.create(
        title="東京防災考察", destination_countries=["JP"], destination_cities=["東京"]
    )
    DelegationMember.objects.create(mission=mission, name="林花子", unit="消防局")
    run("talent_sync")
    profile = StaffProfile.objects.get()
    LanguageSkill.objects.create(profile=profile, language="ja", test="jlpt", score="N2")
    found = json.loads(run("talent_search", "日語 防災", "--json"))
    assert found["total"] == 1
    person = found["people"][0]
    assert (person["name"], person["confirmed"], person["countries"]) == ("林花子", False, ["日本"])
    assert [s["summary"] for s in person["languages"]] == ["日語 N2"]
    assert person["reasons"] == ["日語 N2", "防災：曾赴日本東京（東京防災考察）的名稱"]
    assert [(m["mission_id"], m["countries"], m["city"]) for m in person["missions"]] == [
        (mission.pk, ["JP"], "東京")
    ]
    assert json.loads(run("talent_search", "韓語", "--json"))["people"] == []
