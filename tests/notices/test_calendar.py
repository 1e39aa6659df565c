"""The personal calendar feed (secret address, revoked by a password change) and a mission's
itinerary as an .ics file, each item in its own time zone."""

import datetime as dt

import pytest
import vobject
from django.urls import reverse

from envoy.missions.enums import ItemKind
from envoy.missions.models import ItineraryDay, ItineraryItem
from envoy.notices.services import muted_kinds
from envoy.relations.interop.ical import feed_token
from envoy.reports.enums import ReportStatus
from tests.conftest import client_for

from .conftest import make_report

pytestmark = pytest.mark.django_db


def events(response) -> dict[str, vobject.base.Component]:
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = vobject.readOne(response.content.decode())
    return {event.uid.value.split("@")[0]: event for event in calendar.vevent_list}


@pytest.fixture
def reports(people, bureaus):
    today = dt.date.today()
    return {
        "mine": make_report(
            bureau=bureaus["secretariat"], end=today - dt.timedelta(days=10), title="東京考察"
        ),
        "handed_in": make_report(
            bureau=bureaus["secretariat"],
            title="首爾考察",
            end=today - dt.timedelta(days=20),
            status=ReportStatus.APPROVED,
        ),
        "other_bureau": make_report(bureau=bureaus["works"], end=today, title="柏林考察"),
    }


def feed(user):
    return client_for(None).get(reverse("notices:feed", args=[feed_token(user)]))


def test_the_feed_holds_the_due_dates_and_trips_of_the_users_reports(people, reports):
    found = events(feed(people["owner"]))
    mine, handed_in = reports["mine"], reports["handed_in"]
    assert set(found) == {
        f"mission-{handed_in.mission_id}",
        f"mission-{mine.mission_id}",
        f"report-due-{mine.pk}",
    }
    due = found[f"report-due-{mine.pk}"]
    assert (due.dtstart.value, due.dtend.value) == (
        mine.due_date,
        mine.due_date + dt.timedelta(days=1),
    )
    assert due.summary.value == "報告繳交期限：東京考察"
    assert due.url.value == f"http://testserver/missions/{mine.mission_id}/"
    trip = found[f"mission-{mine.mission_id}"]
    assert (trip.dtstart.value, trip.dtend.value) == (
        mine.mission.start_date,
        mine.mission.end_date + dt.timedelta(days=1),
    )
    assert trip.summary.value == "出訪：東京考察"
    # In the language of the feed's owner, whoever fetches it.
    english = events(feed(people["colleague"]))[f"mission-{mine.mission_id}"]
    assert english.summary.value.startswith("Outbound mission")


def test_the_feed_of_another_bureaus_editor_holds_their_own(people, reports):
    other = reports["other_bureau"]
    assert set(events(feed(people["outsider"]))) == {
        f"mission-{other.mission_id}",
        f"report-due-{other.pk}",
    }


def test_a_password_change_revokes_the_feed_address(people, reports):
    user = people["colleague"]
    old = reverse("notices:feed", args=[feed_token(user)])
    user.set_password("a new password 2026")
    user.save()
    assert client_for(None).get(old).status_code == 404
    assert feed(user).status_code == 200
    assert client_for(None).get(reverse("notices:feed", args=["12.forged"])).status_code == 404


def test_the_settings_page_gives_the_feed_address_and_turns_kinds_off(people):
    user = people["owner"]
    client = client_for(user)
    page = client.get(reverse("notices:settings"))
    assert page.status_code == 200
    token = feed_token(user)
    assert f"http://testserver/notices/calendar/{token}.ics" in page.content.decode()
    response = client.post(reverse("notices:settings"), {"kinds": ["report_submitted"]})
    assert response.status_code == 302
    assert muted_kinds(user) == {
        "report_returned",
        "report_approved",
        "report_published",
        "report_due",
        "report_overdue",
        "follow_up_due",
        "action_due",
        "action_stale",
        "plan_submitted",
        "plan_returned",
        "plan_approved",
        "opportunity_deadline",
    }
    page = client.get(reverse("notices:settings")).content.decode()
    assert 'value="report_submitted" id="id_kinds_0" checked' in page


def test_the_itinerary_keeps_each_item_in_its_own_time_zone(people, bureaus):
    report = make_report(bureau=bureaus["secretariat"], end=dt.date(2026, 4, 29))
    mission = report.mission
    day = ItineraryDay.objects.create(mission=mission, date=dt.date(2026, 4, 26), places=["東京"])
    flight = ItineraryItem.objects.create(
        day=day,
        position=0,
        kind=ItemKind.FLIGHT,
        text="臺北松山 → 東京羽田",
        flight_number="CI220",
        start_time=dt.time(9, 0),
        start_timezone="Asia/Taipei",
        end_time=dt.time(12, 55),
        end_timezone="Asia/Tokyo",
        origin="臺北松山",
        destination="東京羽田",
    )
    dinner = ItineraryItem.objects.create(
        day=day,
        position=1,
        kind=ItemKind.MEAL,
        text="歡迎晚宴",
        place="東京都廳",
    )
    free = ItineraryDay.objects.create(
        mission=mission, date=dt.date(2026, 4, 27), heading="G-NETS 首長高峰會", places=["東京"]
    )
    response = client_for(people["outsider"]).get(
        reverse("notices:itinerary_ics", args=[mission.pk])
    )
    assert response.status_code == 404
    response = client_for(people["owner"]).get(reverse("notices:itinerary_ics", args=[mission.pk]))
    assert response["Content-Disposition"] == f'attachment; filename="itinerary-{mission.pk}.ics"'
    text = response.content.decode()
    assert "DTSTART;TZID=Asia/Taipei:20260426T090000" in text
    assert "DTEND;TZID=Asia/Tokyo:20260426T125500" in text
    assert "TZID:Asia/Taipei" in text and "TZID:Asia/Tokyo" in text
    found = events(response)
    assert set(found) == {
        f"itinerary-day-{free.pk}",
        f"itinerary-item-{dinner.pk}",
        f"itinerary-item-{flight.pk}",
    }
    leg = found[f"itinerary-item-{flight.pk}"]
    assert leg.summary.value == "CI220 臺北松山 → 東京羽田"
    # The same instants as the model keeps in UTC: 01:00 and 03:55.
    assert leg.dtstart.value.astimezone(dt.UTC) == flight.starts_at
    assert leg.dtend.value.astimezone(dt.UTC) == flight.ends_at
    assert leg.location.value == "臺北松山 → 東京羽田"
    meal = found[f"itinerary-item-{dinner.pk}"]
    assert (meal.dtstart.value, meal.location.value) == (dt.date(2026, 4, 26), "東京都廳")
    summit = found[f"itinerary-day-{free.pk}"]
    assert (summit.dtstart.value, summit.summary.value) == (
        dt.date(2026, 4, 27),
        "G-NETS 首長高峰會",
    )
