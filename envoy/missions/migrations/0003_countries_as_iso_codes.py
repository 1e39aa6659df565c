"""Countries kept as ISO 3166 codes: every mission's 前往國家 and 前往地區 and every itinerary
day's countries, written as names in any language or spelling (南韓, 韓國, 大韓民國, South
Korea → KR), become codes. 前往地區 is emptied: a country it named joins the countries, a
continent goes when a country is known (regions follow from the countries), and what names
no country (a city, a typo, a continent alone) is kept among the countries as written, shown
flagged for someone to correct — nothing is dropped."""

from django.db import migrations

from envoy.core.lib.places import country_name, normalise_countries, settle_places


def to_codes(apps, schema_editor):
    Mission = apps.get_model("missions", "Mission")
    ItineraryDay = apps.get_model("missions", "ItineraryDay")
    missions = []
    for mission in Mission.objects.only("id", "region", "destination_countries").iterator():
        countries = settle_places(mission.destination_countries or [], mission.region)
        if countries != mission.destination_countries or mission.region:
            mission.destination_countries, mission.region = countries, ""
            missions.append(mission)
    Mission.objects.bulk_update(missions, ["destination_countries", "region"], batch_size=500)
    days = []
    for day in ItineraryDay.objects.only("id", "countries").iterator():
        countries = normalise_countries(day.countries or [])
        if countries != day.countries:
            day.countries = countries
            days.append(day)
    ItineraryDay.objects.bulk_update(days, ["countries"], batch_size=500)


def to_names(apps, schema_editor):
    """Back to Taiwan's names (韓國), as the records held names before."""
    Mission = apps.get_model("missions", "Mission")
    ItineraryDay = apps.get_model("missions", "ItineraryDay")
    missions = list(Mission.objects.only("id", "destination_countries"))
    for mission in missions:
        mission.destination_countries = [
            country_name(c, "zh-hant") for c in mission.destination_countries or []
        ]
    Mission.objects.bulk_update(missions, ["destination_countries"], batch_size=500)
    days = list(ItineraryDay.objects.only("id", "countries"))
    for day in days:
        day.countries = [country_name(c, "zh-hant") for c in day.countries or []]
    ItineraryDay.objects.bulk_update(days, ["countries"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("missions", "0002_mission_visitor_organisation")]

    operations = [migrations.RunPython(to_codes, to_names)]
