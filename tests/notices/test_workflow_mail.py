"""A workflow step e-mails the people it concerns, once, in their language: a submitted
report its reviewers; a returned, approved or published one its editors (the bureau's
editors and whoever created the mission), never the person who took the step."""

import pytest
from django.core import mail

from envoy.notices import services
from envoy.notices.enums import NoticeStatus
from envoy.notices.models import Notice
from envoy.notices.signals import on_report_moved
from envoy.reports.enums import ReportStatus
from envoy.reports.models import Report
from envoy.reports.services import move_report
from tests.conftest import fill_cover

pytestmark = pytest.mark.django_db
S = ReportStatus


@pytest.fixture
def report(people, mission_report):
    return fill_cover(mission_report)


def step(report, user, to_status, capture, comment="", reasons=()):
    """Take a workflow step, once the notices of the steps before it are sent."""
    services.deliver_all(services.waiting_ids())
    with capture(execute=True):
        event = move_report(
            user=user, report=report, to_status=to_status, comment=comment, reasons=list(reasons)
        )
    return event


def deliver():
    mail.outbox.clear()
    services.deliver_all(services.waiting_ids())
    return sorted(mail.outbox, key=lambda m: m.to)


def test_a_submitted_report_is_mailed_to_the_reviewers(
    report, people, django_capture_on_commit_callbacks
):
    step(report, people["owner"], S.SUBMITTED, django_capture_on_commit_callbacks)
    sent = deliver()
    assert [m.to for m in sent] == [["reviewer@city.example"]]
    message = sent[0]
    assert message.subject == f"[Envoy] 報告送審：{report.title}"
    assert "Owner 已將報告" in message.body
    link = f"http://127.0.0.1:8000/missions/{report.mission_id}/"
    assert link in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'<a href="{link}">' in html
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"


def test_a_returned_report_is_mailed_to_its_editors_with_the_comment(
    report, people, django_capture_on_commit_callbacks
):
    step(report, people["owner"], S.SUBMITTED, django_capture_on_commit_callbacks)
    step(
        report,
        people["reviewer"],
        S.RETURNED,
        django_capture_on_commit_callbacks,
        comment="摘要請補足 <200 字>",
    )
    sent = deliver()
    # The bureau's editors (the owner created the mission and submitted it).
    assert [m.to for m in sent] == [["colleague@city.example"], ["owner@city.example"]]
    # The colleague reads Envoy in English.
    assert [m.subject for m in sent] == [
        f"[Envoy] Report returned: {report.title}",
        f"[Envoy] 報告退回修改：{report.title}",
    ]
    assert "摘要請補足 <200 字>" in sent[1].body
    assert "摘要請補足 &lt;200 字&gt;" in sent[1].alternatives[0][0]


def test_a_report_returned_with_reasons_only_says_them_in_the_message_and_on_the_home_page(
    report, people, django_capture_on_commit_callbacks
):
    from envoy.reports.enums import ReturnReason
    from tests.conftest import client_for

    step(report, people["owner"], S.SUBMITTED, django_capture_on_commit_callbacks)
    step(
        report,
        people["reviewer"],
        S.RETURNED,
        django_capture_on_commit_callbacks,
        reasons=[ReturnReason.values[1], ReturnReason.values[2]],
    )
    chinese = deliver()[1]
    labels = [str(ReturnReason(v).label) for v in ReturnReason.values[1:3]]
    assert f"退回補正原因：\n- {labels[0]}\n- {labels[1]}" in chinese.body
    assert "審核意見" not in chinese.body
    home = client_for(people["owner"]).get("/")
    (row,) = home.context["to_write"]
    assert row.comment == "、".join(labels)


def test_each_editor_reads_the_message_in_their_own_language(
    report, people, django_capture_on_commit_callbacks
):
    step(report, people["owner"], S.SUBMITTED, django_capture_on_commit_callbacks)
    step(report, people["reviewer"], S.APPROVED, django_capture_on_commit_callbacks)
    english, chinese = deliver()
    assert english.to == ["colleague@city.example"]
    assert '<html lang="en">' in english.alternatives[0][0]
    assert '<html lang="zh-Hant-TW">' in chinese.alternatives[0][0]
    assert chinese.subject == f"[Envoy] 報告已核定：{report.title}"
    assert english.subject == f"[Envoy] Report approved: {report.title}"


def test_publishing_tells_the_editors_but_not_the_officer_who_published(
    report, people, django_capture_on_commit_callbacks
):
    Report.objects.filter(pk=report.pk).update(status=S.APPROVED)
    report.refresh_from_db()
    step(report, people["officer"], S.PUBLISHED, django_capture_on_commit_callbacks)
    sent = deliver()
    assert [m.to for m in sent] == [["colleague@city.example"], ["owner@city.example"]]
    assert sent[1].subject == f"[Envoy] 報告已公開：{report.title}"


def test_taking_back_a_publication_sends_nothing(
    report, people, django_capture_on_commit_callbacks
):
    Report.objects.filter(pk=report.pk).update(status=S.PUBLISHED)
    report.refresh_from_db()
    step(report, people["officer"], S.APPROVED, django_capture_on_commit_callbacks)
    assert Notice.objects.count() == 0


def test_an_editor_who_turned_returns_off_is_not_mailed(
    report, people, django_capture_on_commit_callbacks
):
    services.set_muted_kinds(user=people["colleague"], codes=["report_returned"])
    step(report, people["owner"], S.SUBMITTED, django_capture_on_commit_callbacks)
    step(
        report,
        people["reviewer"],
        S.RETURNED,
        django_capture_on_commit_callbacks,
        comment="請補圖說",
    )
    assert [m.to for m in deliver()] == [["owner@city.example"]]


def test_a_step_announced_twice_is_mailed_once(report, people, django_capture_on_commit_callbacks):
    event = step(report, people["owner"], S.SUBMITTED, django_capture_on_commit_callbacks)
    on_report_moved(None, report=report, event=event, user=people["owner"])
    assert Notice.objects.count() == 1
    assert len(deliver()) == 1
    assert Notice.objects.get().status == NoticeStatus.SENT


def test_users_without_an_address_are_not_mailed(
    report, people, django_capture_on_commit_callbacks
):
    people["reviewer"].email = ""
    people["reviewer"].save()
    step(report, people["owner"], S.SUBMITTED, django_capture_on_commit_callbacks)
    # Without a reachable reviewer the administrators are told.
    assert [m.to for m in deliver()] == [["admin@city.example"]]
