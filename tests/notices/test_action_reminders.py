"""Reminders of follow-through actions: due within a week, and stale after a review cycle
without a progress note — to the owner, or the bureau's editors when there is none."""

import datetime as dt

from django.core import mail

from envoy.actions.enums import ActionKind, ActionStatus
from envoy.actions.models import Action
from envoy.notices import services
from envoy.notices.calendar import personal_entries
from envoy.reports.enums import ReportStatus

from .conftest import TODAY, make_report
from .test_scan import notices


def action(report, **fields) -> Action:
    values = {
        "kind": ActionKind.RECOMMENDATION,
        "text": "建立跨局處英語人才庫",
        "status": ActionStatus.ACCEPTED,
        "reviewed_on": TODAY - dt.timedelta(days=30),
    }
    return Action.objects.create(report=report, **(values | fields))


def test_an_action_due_within_a_week_is_reminded_once_to_its_owner(people, bureaus):
    report = make_report(bureau=bureaus["secretariat"], end=dt.date(2026, 4, 30),
                         status=ReportStatus.APPROVED)  # fmt: skip
    due = action(report, owner=people["colleague"], due_date=TODAY + dt.timedelta(days=7))
    action(report, owner=people["colleague"], due_date=TODAY + dt.timedelta(days=9))  # later
    action(report, owner=people["colleague"], due_date=TODAY, status=ActionStatus.DONE)
    # No owner: the editors of the bureau it was given to.
    unowned = action(report, owner_bureau=bureaus["works"], due_date=TODAY)
    assert services.scan(TODAY)["action_due"] == 2
    assert services.scan(TODAY + dt.timedelta(days=1))["action_due"] == 0
    occasion_due, occasion_unowned = (
        f"due:{(TODAY + dt.timedelta(days=7)).isoformat()}",
        f"due:{TODAY.isoformat()}",
    )
    assert [n for n in notices() if n[0] == "action_due"] == sorted(
        [
            ("action_due", due.pk, "colleague", occasion_due),
            ("action_due", unowned.pk, "outsider", occasion_unowned),
        ]
    )
    services.deliver_all(services.waiting_ids())
    english = next(m for m in mail.outbox if m.to == ["colleague@city.example"])
    assert f"/actions/{due.pk}/" in english.body


def test_an_action_without_a_note_for_a_whole_cycle_is_asked_for_one_once_a_cycle(
    people, bureaus, settings
):
    settings.ENVOY_ACTION_REVIEW_MONTHS = 6
    report = make_report(bureau=bureaus["secretariat"], end=dt.date(2025, 4, 30),
                         status=ReportStatus.APPROVED)  # fmt: skip
    stale = action(report, owner=people["owner"], reviewed_on=dt.date(2026, 3, 6))
    action(report, owner=people["owner"], reviewed_on=dt.date(2026, 3, 7))  # a cycle exactly
    action(report, owner=people["owner"], reviewed_on=dt.date(2025, 1, 1),
           status=ActionStatus.NOT_ADOPTED, reason="經費不足")  # fmt: skip
    assert services.scan(TODAY)["action_stale"] == 1
    assert services.scan(TODAY)["action_stale"] == 0
    # A note restarts the cycle; six months later it is asked again.
    Action.objects.filter(pk=stale.pk).update(reviewed_on=TODAY)
    assert services.scan(TODAY + dt.timedelta(days=184))["action_stale"] == 2
    services.deliver_all(services.waiting_ids())
    assert any("請回報建議事項的辦理情形" in m.subject for m in mail.outbox)


def test_the_personal_calendar_holds_the_due_dates_of_ones_open_actions(people, bureaus):
    report = make_report(bureau=bureaus["secretariat"], end=dt.date(2026, 4, 30))
    mine = action(report, owner=people["owner"], due_date=TODAY + dt.timedelta(days=40))
    action(report, owner=people["colleague"], due_date=TODAY + dt.timedelta(days=40))
    entries = [e for e in personal_entries(people["owner"], TODAY) if e.uid.startswith("action")]
    assert [(e.uid, e.start) for e in entries] == [(f"action-due-{mine.pk}", mine.due_date)]
