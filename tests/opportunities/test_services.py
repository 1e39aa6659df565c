"""The verbs of opportunities: recording one, its rules, assigning it, and what accepting it
makes — a trip abroad for one attended in person, an event and the city's presentation for
one online."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from envoy.core.lib.locking import EditConflict
from envoy.core.models import AuditEntry
from envoy.missions.models import Mission
from envoy.opportunities import services
from envoy.opportunities.enums import OpportunityStatus as S
from envoy.opportunities.models import Opportunity
from envoy.relations.models import Event, Presentation

from .conftest import spot

pytestmark = pytest.mark.django_db


def move(opportunity, user, status):
    return services.change_status(
        user=user, opportunity=opportunity, status=status, expected_version=opportunity.version
    )


def test_an_editor_records_an_opportunity_for_their_own_bureau(cast, bureaus, tokyo):
    opportunity = spot(cast["owner"], city=tokyo, topics=[" 防災", "防災", "", "淨零"])
    assert (opportunity.bureau, opportunity.status, opportunity.created_by) == (
        bureaus["secretariat"],
        S.SPOTTED,
        cast["owner"],
    )
    # Words trimmed, each once; the city's zone when none is given.
    assert opportunity.topics == ["防災", "淨零"]
    assert opportunity.timezone == "Asia/Tokyo"
    entry = AuditEntry.objects.get(action="opportunity.created")
    assert (entry.object_id, entry.user) == (opportunity.pk, cast["owner"])


@pytest.mark.parametrize("who", ["reviewer", "viewer"])
def test_readers_record_no_opportunity(cast, who):
    with pytest.raises(PermissionDenied):
        spot(cast[who])
    assert Opportunity.objects.count() == 0


def test_an_editor_cannot_record_one_for_another_bureau(cast, bureaus):
    with pytest.raises(PermissionDenied):
        services.add_opportunity(
            user=cast["owner"], data={"title": "論壇"}, bureau=bureaus["works"]
        )
    opportunity = services.add_opportunity(
        user=cast["officer"], data={"title": "論壇"}, bureau=bureaus["works"]
    )
    assert opportunity.bureau == bureaus["works"]


def test_an_opportunity_with_its_dates_reversed_or_an_unknown_zone_is_refused(cast):
    with pytest.raises(ValidationError) as error:
        spot(cast["owner"], start_date=dt.date(2026, 10, 7), end_date=dt.date(2026, 10, 5),
             timezone="Asia/Atlantis", title="  ")  # fmt: skip
    assert sorted(error.value.message_dict) == ["end_date", "timezone", "title"]
    assert Opportunity.objects.count() == 0


def test_only_its_bureau_its_assignee_and_the_office_change_it(cast, bureaus):
    opportunity = spot(cast["owner"])
    with pytest.raises(PermissionDenied):
        services.update_opportunity(user=cast["outsider"], opportunity=opportunity,
                                    data={"title": "x"}, expected_version=1)  # fmt: skip
    # Given to the outsider, it is theirs to change.
    services.assign_opportunity(user=cast["owner"], opportunity=opportunity,
                                bureau=bureaus["secretariat"], assignee=cast["outsider"],
                                expected_version=1)  # fmt: skip
    services.update_opportunity(user=cast["outsider"], opportunity=opportunity,
                                data={"title": "亞洲防災論壇"}, expected_version=2)  # fmt: skip
    opportunity.refresh_from_db()
    assert (opportunity.title, opportunity.version, opportunity.assignee) == (
        "亞洲防災論壇",
        3,
        cast["outsider"],
    )


def test_a_change_over_someone_elses_save_is_refused(cast):
    opportunity = spot(cast["owner"])
    services.update_opportunity(user=cast["owner"], opportunity=opportunity,
                                data={"venue": "東京國際論壇"}, expected_version=1)  # fmt: skip
    stale = Opportunity.objects.get(pk=opportunity.pk)
    with pytest.raises(EditConflict):
        services.update_opportunity(user=cast["colleague"], opportunity=stale,
                                    data={"venue": "澀谷"}, expected_version=1)  # fmt: skip
    assert Opportunity.objects.get(pk=opportunity.pk).venue == "東京國際論壇"


def test_only_the_office_gives_an_opportunity_to_another_bureau(cast, bureaus):
    opportunity = spot(cast["owner"])
    with pytest.raises(PermissionDenied):
        services.assign_opportunity(user=cast["owner"], opportunity=opportunity,
                                    bureau=bureaus["works"], assignee=None,
                                    expected_version=1)  # fmt: skip
    services.assign_opportunity(user=cast["officer"], opportunity=opportunity,
                                bureau=bureaus["works"], assignee=cast["outsider"],
                                expected_version=1)  # fmt: skip
    opportunity.refresh_from_db()
    assert (opportunity.bureau, opportunity.assignee) == (bureaus["works"], cast["outsider"])
    assert AuditEntry.objects.get(action="opportunity.assigned").summary == "工務局／outsider"


def test_accepting_one_attended_in_person_makes_a_trip_abroad_keeping_the_link(
    cast, bureaus, tokyo, gnets, django_capture_on_commit_callbacks
):
    opportunity = spot(cast["owner"], city=tokyo, network=gnets)
    move(opportunity, cast["owner"], S.CONSIDERING)
    # What listens once the change is committed (the talent pool's sync) runs too.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        move(opportunity, cast["owner"], S.ACCEPTED)
    assert callbacks
    opportunity.refresh_from_db()
    mission = opportunity.mission
    assert (mission.title, mission.start_date, mission.end_date, mission.bureau) == (
        "2026 亞洲城市防災論壇",
        dt.date(2026, 10, 5),
        dt.date(2026, 10, 7),
        bureaus["secretariat"],
    )
    assert (mission.destination_countries, mission.destination_cities) == (["JP"], ["東京"])
    assert mission.report.status == "draft"  # its blank report
    # The event it attends, with the mission, under the network.
    assert (opportunity.event.network, list(opportunity.event.missions.all())) == (
        gnets,
        [mission],
    )
    assert list(mission.opportunities.all()) == [opportunity]
    entry = AuditEntry.objects.get(
        action="opportunity.status_changed", summary__contains="已獲接受"
    )
    assert entry.mission_id == mission.pk
    # Withdrawn and accepted again, it keeps the trip it became.
    move(opportunity, cast["owner"], S.DECLINED)
    move(opportunity, cast["owner"], S.CONSIDERING)
    move(opportunity, cast["owner"], S.ACCEPTED)
    assert Mission.objects.count() == 1 and Event.objects.count() == 1


def test_one_attended_in_person_without_its_dates_is_not_accepted_and_nothing_is_made(cast):
    opportunity = spot(cast["owner"], start_date=None, end_date=None)
    with pytest.raises(ValidationError) as error:
        move(opportunity, cast["owner"], S.ACCEPTED)
    assert list(error.value.message_dict) == ["status"]
    stored = Opportunity.objects.get(pk=opportunity.pk)
    assert (stored.status, stored.mission_id, stored.version) == (S.SPOTTED, None, 1)
    assert Mission.objects.count() == 0 and Event.objects.count() == 0


def test_accepting_an_online_one_makes_the_event_and_our_presentation(cast, gnets):
    opportunity = spot(cast["owner"], online=True, network=gnets,
                       talk_title="新北市韌性城市經驗")  # fmt: skip
    move(opportunity, cast["owner"], S.ACCEPTED)
    opportunity.refresh_from_db()
    assert opportunity.mission is None
    talk = Presentation.objects.get()
    assert (talk.title, talk.event, talk.date) == (
        "新北市韌性城市經驗",
        opportunity.event,
        dt.date(2026, 10, 5),
    )
    assert opportunity.presentation == talk
    move(opportunity, cast["owner"], S.DONE)
    with pytest.raises(ValidationError):
        move(opportunity, cast["owner"], S.CONSIDERING)  # done is history


def test_a_move_that_does_not_exist_is_refused(cast):
    opportunity = spot(cast["owner"])
    with pytest.raises(ValidationError) as error:
        move(opportunity, cast["owner"], S.DONE)
    assert error.value.message_dict == {"status": ["「發現」的機會不能改為「已完成」。"]}


def test_an_outsider_cannot_accept_one_on_behalf_of_another_bureau(cast):
    opportunity = spot(cast["owner"])
    with pytest.raises(PermissionDenied):
        move(opportunity, cast["outsider"], S.ACCEPTED)
    assert Mission.objects.count() == 0
