"""Queries compiled once (core/lib/prepared.py) give what the ORM gives, in one query; the
session and the signed-in user are read with them and behave as Django's own."""

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.db.models import Count
from django.utils import timezone

from envoy.core.lib.prepared import Prepared, as_prefetched
from envoy.core.models import AuditEntry
from envoy.missions.models import ItineraryDay, ItineraryItem, Mission
from envoy.reports.enums import ReportStatus
from envoy.reports.models import Block, ReviewEvent

from ..conftest import client_for

DAYS = Prepared(
    lambda mission_id: ItineraryDay.objects.filter(mission_id=mission_id).order_by("date", "id")
)
EVENTS = Prepared(
    lambda report_id: (
        ReviewEvent.objects.filter(report_id=report_id)
        .select_related("actor")
        .only("report", "at", "actor", "to_status", "actor__username")
        .order_by("at", "id")
    )
)
NEWEST_AUDIT = Prepared(
    lambda mission_id: AuditEntry.objects.filter(mission_id=mission_id).order_by("-at", "-id")[:2]
)
TITLED = Prepared(lambda title: Mission.objects.filter(title=title), kinds=(str,))


def values(objects, *names):
    return [tuple(getattr(o, name) for name in names) for o in objects]


def test_a_prepared_query_gives_what_the_orm_gives_with_dates_and_json_converted(
    mission_report, django_assert_num_queries
):
    mission_id = mission_report.mission_id
    expected = list(ItineraryDay.objects.filter(mission_id=mission_id).order_by("date", "id"))
    with django_assert_num_queries(1):
        days = DAYS(mission_id)
    assert values(days, "pk", "date", "countries", "places", "heading") == values(
        expected, "pk", "date", "countries", "places", "heading"
    )
    assert days[0].date == dt.date(2026, 4, 26)
    assert days[0].countries == ["臺灣", "日本"]
    assert days[0]._state.adding is False


def test_a_prepared_query_takes_new_arguments_on_each_call(mission_report, cast):
    other = Mission.objects.create(title="另一個任務", created_by=cast["owner"])
    ItineraryDay.objects.create(mission=other, date=dt.date(2026, 5, 1))
    assert [d.date for d in DAYS(other.pk)] == [dt.date(2026, 5, 1)]
    assert len(DAYS(mission_report.mission_id)) == 5
    assert DAYS(0) == []
    assert values(TITLED("另一個任務"), "pk") == [(other.pk,)]


def test_select_related_only_and_slices_are_kept(mission_report, cast, django_assert_num_queries):
    for actor, from_status, to_status in [
        (cast["owner"], ReportStatus.DRAFT, ReportStatus.SUBMITTED),
        (cast["reviewer"], ReportStatus.SUBMITTED, ReportStatus.RETURNED),
    ]:
        ReviewEvent.objects.create(
            report=mission_report, actor=actor, from_status=from_status, to_status=to_status
        )
        AuditEntry.objects.create(
            user=actor,
            action=f"report.{to_status}",
            object_type="report",
            object_id=mission_report.pk,
            mission_id=mission_report.mission_id,
        )
    with django_assert_num_queries(1):
        events = EVENTS(mission_report.pk)
        assert [(e.to_status, e.actor.username) for e in events] == [
            ("submitted", "owner"),
            ("returned", "reviewer"),
        ]
    assert events[0].get_deferred_fields() >= {"comment"}
    newest = NEWEST_AUDIT(mission_report.mission_id)
    assert values(newest, "pk") == values(
        AuditEntry.objects.filter(mission_id=mission_report.mission_id).order_by("-at", "-id")[:2],
        "pk",
    )
    assert len(newest) == 2


def test_what_cannot_be_prepared_is_refused_when_first_compiled(db):
    with pytest.raises(ValueError, match="model instances"):
        Prepared(lambda pk: Mission.objects.filter(pk=pk).values("title"))(1)
    with pytest.raises(ValueError, match="model instances"):
        Prepared(lambda pk: Mission.objects.filter(pk=pk).prefetch_related("days"))(1)
    # A LIKE wraps the argument in %…%: it does not reach the SQL as given.
    with pytest.raises(ValueError, match="do not reach the SQL unchanged"):
        Prepared(lambda text: Mission.objects.filter(title__contains=text), kinds=(str,))("東京")
    with pytest.raises(ValueError, match="model instances"):
        Prepared(lambda pk: Block.objects.filter(pk=pk).annotate(n=Count("photos")).values())(1)


def test_objects_given_as_prefetched_are_listed_without_a_query(
    mission_report, django_assert_num_queries
):
    day = ItineraryDay.objects.filter(mission=mission_report.mission).order_by("date").first()
    items = list(ItineraryItem.objects.filter(day=day).order_by("position"))
    as_prefetched(day, "items", items)
    with django_assert_num_queries(0):
        assert list(day.items.all()) == items
        assert len(day.items.all()) == 2


def test_a_signed_in_session_is_read_and_an_expired_one_signs_out(cast):
    client = client_for(cast["officer"])
    assert client.get("/missions/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get("/missions/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_deactivated_user_is_signed_out_on_the_next_request(cast):
    client = client_for(cast["officer"])
    assert client.get("/missions/").status_code == 200
    cast["officer"].is_active = False
    cast["officer"].save()
    assert client.get("/missions/").status_code == 302


def test_a_password_change_elsewhere_signs_the_session_out(cast):
    client = client_for(cast["officer"])
    assert client.get("/missions/").status_code == 200
    cast["officer"].set_password("a-new-one")
    cast["officer"].save()
    assert client.get("/missions/").status_code == 302
