"""Sending through a real SMTP server (aiosmtpd in this process): a message arrives whole;
a send that fails is recorded, retried later and, after the last attempt, given up, logged
and listed — never lost silently. The worker (manage.py db_worker) sends what a workflow
step queued."""

import datetime as dt
import email
import email.policy
import logging

import pytest
from django.core.management import call_command
from django.utils import timezone

from envoy.notices import services
from envoy.notices.enums import NoticeStatus
from envoy.notices.models import Notice
from envoy.reports.enums import ReportStatus
from envoy.reports.services import move_report
from tests.conftest import fill_cover, free_port

from .conftest import TODAY, make_report, returned_with_days_left


def parsed(envelope) -> email.message.EmailMessage:
    return email.message_from_bytes(envelope.content, policy=email.policy.default)


@pytest.mark.django_db
def test_a_reminder_arrives_at_the_smtp_server_as_text_and_html(
    people, bureaus, smtp_settings, smtp_server
):
    report = make_report(
        bureau=bureaus["works"], end=returned_with_days_left(TODAY, 7), title="首爾智慧城市考察"
    )
    services.scan(TODAY)
    assert services.deliver_all(services.waiting_ids()) == {"sent": 1}
    (envelope,) = smtp_server.handler.envelopes
    assert envelope.rcpt_tos == ["outsider@city.example"]
    message = parsed(envelope)
    assert str(message["Subject"]).startswith("[Envoy] 報告 ")
    assert "首爾智慧城市考察" in str(message["Subject"])
    assert message["Auto-Submitted"] == "auto-generated"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    link = f"http://127.0.0.1:8000/missions/{report.mission_id}/"
    assert "首爾智慧城市考察" in text and link in text
    assert f'<a href="{link}">' in html
    notice = Notice.objects.get()
    assert (notice.status, notice.attempts, notice.last_error) == (NoticeStatus.SENT, 1, "")


@pytest.mark.django_db
def test_a_failed_send_is_recorded_retried_and_then_sent(
    people, bureaus, settings, smtp_settings, smtp_server, caplog
):
    make_report(bureau=bureaus["works"], end=returned_with_days_left(TODAY, 7))
    services.scan(TODAY)
    live_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()  # nobody listens there: the connection is refused
    now = timezone.now()
    with caplog.at_level(logging.WARNING, logger="envoy.notices"):
        assert services.deliver_all(services.waiting_ids(now), now=now) == {"pending": 1}
    notice = Notice.objects.get()
    assert (notice.status, notice.attempts) == (NoticeStatus.PENDING, 1)
    assert notice.next_attempt_at == now + services.RETRY_DELAYS[0]
    assert notice.last_error.startswith("ConnectionRefusedError")
    assert "failed on attempt 1 of 5, tried again at" in caplog.text
    # Not before its time…
    assert services.waiting_ids(now) == []
    # …then, with the server back, the retry goes through.
    settings.EMAIL_PORT = live_port
    later = now + dt.timedelta(minutes=2)
    assert services.deliver_all(services.waiting_ids(later), now=later) == {"sent": 1}
    notice.refresh_from_db()
    assert (notice.status, notice.attempts, notice.last_error) == (NoticeStatus.SENT, 2, "")
    assert len(smtp_server.handler.envelopes) == 1


@pytest.mark.django_db
def test_a_send_failing_every_time_is_given_up_logged_and_listed(
    people, bureaus, settings, smtp_settings, caplog, capsys
):
    make_report(bureau=bureaus["works"], end=returned_with_days_left(TODAY, 7))
    services.scan(TODAY)
    settings.EMAIL_PORT = free_port()
    moment = timezone.now()
    statuses = []
    with caplog.at_level(logging.WARNING, logger="envoy.notices"):
        for _attempt in range(services.MAX_ATTEMPTS):
            statuses.append(services.deliver(Notice.objects.get().pk, now=moment))
            moment += dt.timedelta(hours=3)
    assert statuses == ["pending"] * 4 + ["failed"]
    notice = Notice.objects.get()
    assert (notice.status, notice.attempts) == (NoticeStatus.FAILED, 5)
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert [r.getMessage().split(":")[0] for r in errors] == [
        f"Notice {notice.pk} (report_due to outsider@city.example) failed on attempt 5 of 5 "
        "and is given up"
    ]
    call_command("send_reminders", "--failures")
    out = capsys.readouterr().out
    assert (
        f"#{notice.pk} report_due reports.report#{notice.object_id} → outsider@city.example" in out
    )
    assert "(5 attempts): ConnectionRefusedError" in out
    assert out.endswith("1 failed notice(s).\n")
    # Once the mail server is fixed, the failed ones go out again.
    call_command("send_reminders", "--retry-failed")
    notice.refresh_from_db()
    assert (notice.status, notice.attempts) == (NoticeStatus.PENDING, 0)


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_what_a_submission_queued_to_the_smtp_server(
    people, mission_report, smtp_settings, smtp_server
):
    report = fill_cover(mission_report)
    move_report(user=people["owner"], report=report, to_status=ReportStatus.SUBMITTED)
    assert Notice.objects.get().status == NoticeStatus.PENDING
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    notice = Notice.objects.get()
    assert (notice.status, notice.recipient.username) == (NoticeStatus.SENT, "reviewer")
    (envelope,) = smtp_server.handler.envelopes
    assert envelope.rcpt_tos == ["reviewer@city.example"]
    assert str(parsed(envelope)["Subject"]) == f"[Envoy] 報告送審：{report.title}"


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_a_queued_scan_and_sends_what_it_found(
    people, bureaus, smtp_settings, smtp_server, capsys
):
    make_report(bureau=bureaus["works"], end=returned_with_days_left(TODAY, 30))
    call_command("send_reminders", "--enqueue", "--date", TODAY.isoformat())
    assert capsys.readouterr().out == f"Reminder scan for {TODAY.isoformat()} queued.\n"
    assert Notice.objects.count() == 0
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert list(Notice.objects.values_list("kind", "status")) == [("report_due", "sent")]
    assert [e.rcpt_tos for e in smtp_server.handler.envelopes] == [["outsider@city.example"]]
