"""A trip plan's workflow steps e-mail the people they concern, once each: a submitted plan
its approvers; a returned one (with the comment) or an approved one those who wrote it (its
bureau's editors and its creator), never the person who took the step; a plan submitted
again is told again."""

import pytest
from django.core import mail

from envoy.notices import services
from tests.planning.test_plans import new_plan, ready

pytestmark = pytest.mark.django_db


def deliver():
    mail.outbox.clear()
    services.deliver_all(services.waiting_ids())
    return sorted(mail.outbox, key=lambda m: m.to)


def test_submitted_returned_resubmitted_approved(people, django_capture_on_commit_callbacks):
    from envoy.planning import plans

    owner, reviewer = people["owner"], people["reviewer"]
    plan = ready(new_plan(owner))
    with django_capture_on_commit_callbacks(execute=True):
        plans.submit_plan(user=owner, plan=plan, expected_version=plan.version)
    sent = deliver()
    assert [m.to for m in sent] == [["reviewer@city.example"]]
    assert sent[0].subject == f"[Envoy] 出國計畫送審：{plan.mission.title}"
    assert f"http://127.0.0.1:8000/plans/{plan.mission_id}/" in sent[0].body

    with django_capture_on_commit_callbacks(execute=True):
        plans.decide_plan(
            user=reviewer,
            plan=plan,
            approve=False,
            comment="請附估價單。",
            expected_version=plan.version,
        )
    sent = deliver()
    # The bureau's editors (the colleague reads English) and the owner who made it.
    assert [m.to for m in sent] == [["colleague@city.example"], ["owner@city.example"]]
    assert "請附估價單。" in sent[1].body
    assert "returned" in sent[0].subject.lower()

    with django_capture_on_commit_callbacks(execute=True):
        plans.submit_plan(user=owner, plan=plan, expected_version=plan.version)
    assert [m.to for m in deliver()] == [["reviewer@city.example"]]
    with django_capture_on_commit_callbacks(execute=True):
        plans.decide_plan(user=reviewer, plan=plan, approve=True, expected_version=plan.version)
    sent = deliver()
    assert [m.to for m in sent] == [["colleague@city.example"], ["owner@city.example"]]
    assert "已核定出國計畫" in sent[1].body
