"""The daily scan: reports due in 30, 7 and 1 days, overdue ones once a week, follow-ups due;
each reminder once, to the report's editors (or the follow-up's owner), as they chose."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command

from envoy.missions.enums import Direction
from envoy.notices import services
from envoy.notices.models import Notice
from envoy.relations.models import Interaction, Person
from envoy.reports.enums import ReportStatus

from .conftest import TODAY, make_report, returned_with_days_left

pytestmark = pytest.mark.django_db


def morning(day: dt.date) -> dt.datetime:
    """9:00 in Taipei on ``day``: the days left in a message count from the day it is sent."""
    return dt.datetime.combine(day, dt.time(9), tzinfo=ZoneInfo("Asia/Taipei"))


def notices():
    return sorted(
        (n.kind, n.object_id, n.recipient.username, n.occasion)
        for n in Notice.objects.select_related("recipient")
    )


def test_reports_due_in_30_7_and_1_days_are_reminded_once_each(people, bureaus):
    secretariat = bureaus["secretariat"]
    ends = {days: returned_with_days_left(TODAY, days) for days in (30, 7, 1, 10, 31)}
    reports = {
        days: make_report(bureau=secretariat, end=end, title=f"報告 {days}")
        for days, end in ends.items()
    }
    found = services.scan(TODAY)
    assert found == {
        "report_due": 8,
        "report_overdue": 0,
        "follow_up_due": 0,
        "action_due": 0,
        "action_stale": 0,
        "opportunity_deadline": 0,
    }
    expected = []
    for days, band in ((30, 30), (7, 7), (1, 1), (10, 30)):
        for editor in ("colleague", "owner"):
            occasion = f"{band}:{ends[days].isoformat()}"
            expected.append(("report_due", reports[days].pk, editor, occasion))
    assert notices() == sorted(expected)
    # The next day, only the report due in 31 days enters a band (30): the others are still
    # in the band they were reminded in.
    assert services.scan(TODAY + dt.timedelta(days=1))["report_due"] == 2
    assert Notice.objects.filter(object_id=reports[31].pk).count() == 2
    # A second scan the same day writes nothing.
    assert services.scan(TODAY) == {
        "report_due": 0,
        "report_overdue": 0,
        "follow_up_due": 0,
        "action_due": 0,
        "action_stale": 0,
        "opportunity_deadline": 0,
    }


def test_a_report_due_reminder_names_the_due_date_and_days_left_in_each_language(
    people, bureaus, time_machine=None
):
    end = returned_with_days_left(TODAY, 7)
    report = make_report(bureau=bureaus["secretariat"], end=end, title="柏林考察")
    services.scan(TODAY)
    services.deliver_all(services.waiting_ids(), now=morning(TODAY))
    english, chinese = sorted(mail.outbox, key=lambda m: m.to)
    due = report.due_date
    assert english.to == ["colleague@city.example"]
    # Dates follow the reader's language: ISO-like words in English, the ROC calendar in Chinese.
    assert due.strftime("%-d %B %Y") in english.body
    assert f"民國 {due.year - 1911} 年 {due.month} 月 {due.day} 日" in chinese.body
    assert "還有 7 天。" in chinese.body
    assert chinese.subject.startswith("[Envoy] 報告 ")
    assert "柏林考察" in chinese.subject


def test_handed_in_inbound_and_other_bureaus_reports_follow_their_own_rules(people, bureaus):
    end = returned_with_days_left(TODAY, 7)
    make_report(bureau=bureaus["secretariat"], end=end, status=ReportStatus.APPROVED)
    make_report(bureau=bureaus["secretariat"], end=end, direction=Direction.INBOUND)
    works = make_report(bureau=bureaus["works"], end=end, created_by=people["officer"])
    services.scan(TODAY)
    # Public works' report goes to its editor and to the officer who created the mission.
    assert notices() == [
        ("report_due", works.pk, "officer", f"7:{end.isoformat()}"),
        ("report_due", works.pk, "outsider", f"7:{end.isoformat()}"),
    ]


def test_an_overdue_report_is_reminded_once_a_week(people, bureaus):
    end = returned_with_days_left(TODAY, -3)
    report = make_report(bureau=bureaus["works"], end=end)
    # 3 days late: the first reminder; then one each time another week has passed.
    new = [services.scan(TODAY + dt.timedelta(days=d))["report_overdue"] for d in range(12)]
    assert new == [1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1]
    assert notices() == [
        ("report_overdue", report.pk, "outsider", f"late0:{end.isoformat()}"),
        ("report_overdue", report.pk, "outsider", f"late1:{end.isoformat()}"),
        ("report_overdue", report.pk, "outsider", f"late2:{end.isoformat()}"),
    ]
    services.deliver_all(services.waiting_ids())
    assert [m.subject for m in mail.outbox][0].startswith("[Envoy] 報告逾期 ")


def test_reports_overdue_for_half_a_year_are_no_longer_reminded(people, bureaus):
    make_report(bureau=bureaus["works"], end=TODAY - dt.timedelta(days=300))
    assert services.scan(TODAY)["report_overdue"] == 0


def test_a_user_who_turned_a_kind_off_gets_none_of_it(people, bureaus):
    services.set_muted_kinds(user=people["owner"], codes=["report_due"])
    make_report(bureau=bureaus["secretariat"], end=returned_with_days_left(TODAY, 7))
    services.scan(TODAY)
    assert [n[2] for n in notices()] == ["colleague"]


def test_a_kind_turned_off_after_the_scan_is_not_sent(people, bureaus):
    make_report(bureau=bureaus["secretariat"], end=returned_with_days_left(TODAY, 7))
    services.scan(TODAY)
    services.set_muted_kinds(user=people["owner"], codes=["report_due"])
    assert services.deliver_all(services.waiting_ids()) == {"sent": 1, "dropped": 1}
    assert [m.to for m in mail.outbox] == [["colleague@city.example"]]


def test_a_report_approved_after_the_scan_is_not_reminded(people, bureaus):
    report = make_report(bureau=bureaus["secretariat"], end=returned_with_days_left(TODAY, 7))
    services.scan(TODAY)
    report.status = ReportStatus.APPROVED
    report.save()
    assert services.deliver_all(services.waiting_ids()) == {"dropped": 2}
    assert mail.outbox == []


def test_a_follow_up_due_tomorrow_is_reminded_to_its_owner_once(people):
    person = Person.objects.create(name="小池百合子")
    meeting = Interaction.objects.create(
        person=person,
        follow_up="寄送簡報檔",
        follow_up_owner=people["owner"],
        follow_up_due=TODAY + dt.timedelta(days=1),
    )
    Interaction.objects.create(
        person=person,
        follow_up="已完成",
        follow_up_owner=people["owner"],
        follow_up_due=TODAY,
        follow_up_done_on=TODAY,
    )
    assert services.scan(TODAY)["follow_up_due"] == 1
    assert services.scan(TODAY + dt.timedelta(days=1))["follow_up_due"] == 0
    services.deliver_all(services.waiting_ids())
    (message,) = mail.outbox
    assert message.to == ["owner@city.example"]
    assert "寄送簡報檔" in message.body
    assert f"http://127.0.0.1:8000/relations/people/{person.pk}/" in message.body
    assert notices() == [
        ("follow_up_due", meeting.pk, "owner", (TODAY + dt.timedelta(days=1)).isoformat())
    ]


def test_send_reminders_scans_and_sends_here_with_send(people, bureaus, capsys):
    make_report(bureau=bureaus["secretariat"], end=returned_with_days_left(TODAY, 1))
    call_command("send_reminders", "--date", TODAY.isoformat(), "--send")
    out = capsys.readouterr().out
    assert "report_due (報告繳交期限將到): 2 new" in out
    assert "Sent here: sent 2" in out
    assert len(mail.outbox) == 2
    call_command("send_reminders", "--date", TODAY.isoformat(), "--send")
    assert len(mail.outbox) == 2


def test_a_report_due_today_says_so(people, bureaus):
    report = make_report(bureau=bureaus["works"], end=returned_with_days_left(TODAY, 0))
    services.scan(TODAY)
    services.deliver_all(services.waiting_ids(), now=morning(TODAY))
    assert [m.subject for m in mail.outbox] == [f"[Envoy] 報告今天到期：{report.title}"]
