"""Opportunities' deadlines reminded a week ahead (through the notices' daily scan) to the
person assigned, or to the bureau's editors; their dates in the personal calendar and in a
calendar of their own, each event at its hour in its own zone."""

import datetime as dt

import pytest
import vobject
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from envoy.core.lib.rocdates import roc_date
from envoy.notices import services as notices
from envoy.notices.calendar import personal_entries
from envoy.notices.models import Notice
from envoy.opportunities import services
from envoy.opportunities.enums import OpportunityStatus as S
from tests.conftest import client_for

from .conftest import spot

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(cast):
    for name, user in cast.items():
        if user is not None:
            user.email = f"{name}@city.example"
            user.save()
    return cast


def sent():
    return sorted(
        (n.object_id, n.recipient.username, n.occasion)
        for n in Notice.objects.filter(kind="opportunity_deadline").select_related("recipient")
    )


def test_a_deadline_within_a_week_is_reminded_once_to_the_person_assigned(people, bureaus):
    # Scanned today: the message counts the deadlines still ahead on the day it is sent.
    TODAY = timezone.localdate()  # noqa: N806
    mine = spot(people["owner"], registration_deadline=TODAY + dt.timedelta(days=7),
                abstract_deadline=TODAY + dt.timedelta(days=2))  # fmt: skip
    services.assign_opportunity(user=people["owner"], opportunity=mine,
                                bureau=bureaus["secretariat"], assignee=people["colleague"],
                                expected_version=1)  # fmt: skip
    # No one assigned: the bureau's editors.
    unassigned = spot(people["outsider"], registration_deadline=TODAY)
    spot(people["owner"], registration_deadline=TODAY + dt.timedelta(days=8))  # later
    declined = spot(people["owner"], registration_deadline=TODAY)
    services.change_status(user=people["owner"], opportunity=declined, status=S.DECLINED,
                           expected_version=1)  # fmt: skip
    assert notices.scan(TODAY)["opportunity_deadline"] == 3
    assert notices.scan(TODAY)["opportunity_deadline"] == 0
    assert sent() == sorted(
        [
            (mine.pk, "colleague", f"registration_deadline:{TODAY + dt.timedelta(days=7)}"),
            (mine.pk, "colleague", f"abstract_deadline:{TODAY + dt.timedelta(days=2)}"),
            (unassigned.pk, "outsider", f"registration_deadline:{TODAY}"),
        ]
    )
    notices.deliver_all(notices.waiting_ids())
    message = next(m for m in mail.outbox if m.to == ["colleague@city.example"])
    assert "2026 亞洲城市防災論壇" in message.subject
    assert f"/opportunities/{mine.pk}/" in message.body
    abstract = roc_date(TODAY + dt.timedelta(days=2))
    assert f"摘要投稿截止日 {abstract}" in message.body


def events(response):
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = vobject.readOne(response.content.decode())
    return {event.uid.value.split("@")[0]: event for event in calendar.vevent_list}


def test_the_calendars_hold_an_opportunitys_hours_in_its_zone_and_its_deadlines(cast, bureaus):
    today = timezone.localdate()
    online = spot(cast["owner"], online=True, start_date=today + dt.timedelta(days=30),
                  end_date=today + dt.timedelta(days=30), start_time=dt.time(9),
                  end_time=dt.time(11, 30), timezone="Europe/Brussels",
                  registration_deadline=today + dt.timedelta(days=10))  # fmt: skip
    services.assign_opportunity(user=cast["owner"], opportunity=online,
                                bureau=bureaus["secretariat"], assignee=cast["owner"],
                                expected_version=1)  # fmt: skip
    other = spot(cast["outsider"], start_date=today + dt.timedelta(days=40),
                 end_date=today + dt.timedelta(days=42))  # fmt: skip
    spot(cast["owner"], start_date=today - dt.timedelta(days=400),
         end_date=today - dt.timedelta(days=399))  # long past  # fmt: skip
    found = events(client_for(cast["viewer"]).get(reverse("notices:opportunities_ics")))
    assert set(found) == {
        f"opportunity-{online.pk}",
        f"opportunity-{online.pk}-registration_deadline",
        f"opportunity-{other.pk}",
    }
    meeting = found[f"opportunity-{online.pk}"]
    assert meeting.dtstart.value.tzinfo.key == "Europe/Brussels"
    assert (meeting.dtstart.value.hour, meeting.dtend.value.minute) == (9, 30)
    assert meeting.location.value == "線上"
    assert "TZID=Europe/Brussels" in meeting.serialize()
    trip = found[f"opportunity-{other.pk}"]
    assert (trip.dtstart.value, trip.dtend.value) == (
        today + dt.timedelta(days=40),
        today + dt.timedelta(days=43),
    )
    # The personal feed: only those assigned to the user.
    mine = [e.uid for e in personal_entries(cast["owner"], today) if "opportunity" in e.uid]
    assert mine == [f"opportunity-{online.pk}", f"opportunity-{online.pk}-registration_deadline"]
    assert client_for(None).get(reverse("notices:opportunities_ics")).status_code == 302
