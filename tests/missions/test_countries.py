"""Countries kept as ISO codes whichever way they are written, shown by name, regions derived;
the migration that converts the names stored before."""

import datetime as dt
import importlib

import pytest
from django.apps import apps

from envoy.missions import services
from envoy.missions.models import ItineraryDay, Mission
from envoy.reports.services import create_mission_with_report
from tests.conftest import client_for

from .test_detail import detail, metadata

pytestmark = pytest.mark.django_db


def trip(cast, bureaus, **fields) -> Mission:
    return create_mission_with_report(
        user=cast["owner"],
        title="首爾與東京智慧城市考察",
        start_date=dt.date(2026, 9, 14),
        end_date=dt.date(2026, 9, 20),
        bureau=bureaus["secretariat"],
        **fields,
    )


@pytest.mark.parametrize(
    "fields, stored",
    [
        ({"region": "亞洲", "destination_countries": ["韓國"]}, ["KR"]),
        ({"region": "韓國"}, ["KR"]),
        ({"destination_countries": ["South Korea", "日本"]}, ["KR", "JP"]),
        ({"destination_countries": ["南韓", "大韓民國", "Korea"]}, ["KR"]),
        ({"region": "東北亞", "destination_countries": ["KR", "JP"]}, ["KR", "JP"]),
        ({"destination_countries": ["日本", "首爾"]}, ["JP", "首爾"]),
        ({"region": "歐洲"}, ["歐洲"]),
    ],
)
def test_a_new_mission_keeps_its_countries_as_codes(cast, bureaus, fields, stored):
    mission = trip(cast, bureaus, **fields)
    mission.refresh_from_db()
    assert (mission.destination_countries, mission.region) == (stored, "")


def test_an_update_and_a_day_keep_codes_too(cast, bureaus):
    mission = trip(cast, bureaus, destination_countries=["日本"])
    services.update_mission(
        user=cast["owner"],
        mission=mission,
        data={"destination_countries": ["日本", "南韓"]},
        expected_version=mission.version,
    )
    day = services.add_day(
        user=cast["owner"],
        mission=mission,
        data={"date": dt.date(2026, 9, 14), "countries": ["台灣", "韓國"], "places": ["臺北"]},
    )
    services.update_day(
        user=cast["owner"],
        day=day,
        data={"countries": ["Taiwan", "South Korea", "Japan"]},
        expected_version=day.version,
    )
    mission.refresh_from_db()
    day.refresh_from_db()
    assert (mission.destination_countries, day.countries) == (["JP", "KR"], ["TW", "KR", "JP"])


def test_the_page_names_the_countries_and_their_continents_in_each_language(cast, bureaus):
    mission = trip(
        cast, bureaus, region="亞洲、歐洲", destination_countries=["韓國", "法國", "首爾"]
    )
    rows = metadata(client_for(cast["officer"]).get(detail(mission)))
    assert (rows["前往國家"], rows["前往地區"]) == ("韓國、法國、首爾 未辨識", "亞洲、歐洲")
    officer = cast["officer"]
    officer.language = "en"
    officer.save(update_fields=["language"])
    response = client_for(officer).get(detail(mission))
    rows = metadata(response)
    # (首爾 is flagged; the flag's English comes with the translations.)
    assert rows["Destination countries"].startswith("South Korea, France, 首爾 ")
    assert rows["Destination region"] == "Asia, Europe"
    assert ">KR<" not in response.content.decode()


def test_the_migration_converts_names_and_keeps_what_it_cannot_read(cast, bureaus):
    rows = [
        ("亞洲", ["韓國"]),
        ("韓國", []),
        ("日本、韓國", ["日本"]),
        ("", ["South Korea", "台灣"]),
        ("歐洲", []),
        ("東京", ["日本"]),
        ("", ["日夲"]),
        ("", ["KR"]),
    ]
    missions = [
        Mission.objects.create(title=f"任務{n}", region=region, destination_countries=countries)
        for n, (region, countries) in enumerate(rows)
    ]
    day = ItineraryDay.objects.create(
        mission=missions[0], date=dt.date(2026, 9, 14), countries=["臺灣", "南韓", "仁川"]
    )
    migration = importlib.import_module("envoy.missions.migrations.0003_countries_as_iso_codes")
    migration.to_codes(apps, None)
    stored = [
        (m.region, m.destination_countries)
        for m in Mission.objects.filter(pk__in=[m.pk for m in missions]).order_by("pk")
    ]
    assert stored == [
        ("", ["KR"]),
        ("", ["KR"]),
        ("", ["JP", "KR"]),
        ("", ["KR", "TW"]),
        ("", ["歐洲"]),
        ("", ["JP", "東京"]),
        ("", ["日夲"]),
        ("", ["KR"]),
    ]
    day.refresh_from_db()
    assert day.countries == ["TW", "KR", "仁川"]
    # And back: names as Taiwan writes them.
    migration.to_names(apps, None)
    assert Mission.objects.get(pk=missions[2].pk).destination_countries == ["日本", "韓國"]
