"""Follow-through: proposals made at submission and kept in step with the report, settled by
the report's editors, carried out by their owners with dated progress notes."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from envoy.actions import services
from envoy.actions.enums import ActionKind, ActionStatus
from envoy.actions.models import Action
from envoy.actions.queries import due_by_bureau, is_stale, stale_before
from envoy.core.lib.locking import EditConflict
from envoy.core.models import AuditEntry
from envoy.reports import services as report_services
from envoy.reports.enums import ReportStatus
from envoy.reports.models import Block
from tests.conftest import fill_cover

S = ActionStatus


@pytest.fixture
def proposed(mission_report, cast):
    services.propose_actions(report=mission_report, user=cast["owner"])
    return list(Action.objects.filter(report=mission_report).order_by("position"))


def settle(action, user, **data):
    return services.settle_action(
        user=user, action=action, data=data, expected_version=action.version
    )


def test_submitting_a_report_proposes_its_actions_once_committed(
    mission_report, cast, django_capture_on_commit_callbacks
):
    fill_cover(mission_report)
    with django_capture_on_commit_callbacks(execute=True):
        report_services.move_report(
            user=cast["owner"], report=mission_report, to_status=ReportStatus.SUBMITTED
        )
    actions = Action.objects.filter(report=mission_report)
    assert (
        sorted(actions.values_list("kind", flat=True))
        == [ActionKind.LESSON] * 4 + [ActionKind.RECOMMENDATION] * 3
    )
    assert set(actions.values_list("status", "owner_bureau__code")) == {(S.PROPOSED, "secretariat")}
    assert (
        AuditEntry.objects.filter(action="actions.proposed").get().summary == "提出 7 項，移除 0 項"
    )


def test_proposing_again_adds_what_is_new_and_drops_only_unsettled_proposals_gone_from_the_text(
    mission_report, cast, proposed
):
    first, second, third = [a for a in proposed if a.kind == ActionKind.RECOMMENDATION]
    settle(second, cast["owner"], status=S.ACCEPTED)
    # The editor rewrites the second and third recommendations' points.
    for action in (second, third):
        Block.objects.filter(pk=action.source_block_id).update(text="改寫後的建議")
    added = services.propose_actions(report=mission_report, user=cast["owner"])
    assert [a.text for a in added] == ["改寫後的建議", "改寫後的建議"]
    kept = Action.objects.filter(report=mission_report, kind=ActionKind.RECOMMENDATION)
    assert sorted(kept.values_list("text", "status")) == sorted(
        [
            (first.text, S.PROPOSED),
            (second.text, S.ACCEPTED),  # settled: kept as decided
            ("改寫後的建議", S.PROPOSED),
            ("改寫後的建議", S.PROPOSED),
        ]
    )
    assert services.propose_actions(report=mission_report, user=cast["owner"]) == []


def test_an_editor_adopts_a_proposal_with_an_owner_schedule_and_budget(proposed, cast, bureaus):
    action = proposed[0]
    settle(
        action,
        cast["owner"],
        text="爭取於國際論壇擔任主講人",
        status=S.ACCEPTED,
        owner_bureau=bureaus["works"],
        owner=cast["outsider"],
        start_date=dt.date(2026, 7, 1),
        due_date=dt.date(2027, 6, 30),
        budget=120000,
        budget_source="國際交流業務費",
    )
    action.refresh_from_db()
    assert (action.status, action.owner_bureau, action.owner, action.budget) == (
        S.ACCEPTED,
        bureaus["works"],
        cast["outsider"],
        120000,
    )
    assert action.reviewed_on is not None and action.version == 2
    entry = AuditEntry.objects.filter(action="action.updated").get()
    assert entry.summary == "已採行：爭取於國際論壇擔任主講人"


def test_not_adopting_needs_a_reason_and_dates_must_not_run_backwards(proposed, cast):
    action = proposed[0]
    with pytest.raises(ValidationError, match="不採行時請寫明理由"):
        settle(action, cast["owner"], status=S.NOT_ADOPTED, reason="  ")
    action.refresh_from_db()
    with pytest.raises(ValidationError, match="預定完成日期不能早於開始日期"):
        settle(
            action,
            cast["owner"],
            start_date=dt.date(2026, 9, 1),
            due_date=dt.date(2026, 8, 1),
        )
    action.refresh_from_db()
    assert action.status == S.PROPOSED and action.version == 1


def test_a_settlement_drawn_from_an_older_version_is_refused(proposed, cast):
    action = proposed[0]
    stale_copy = Action.objects.get(pk=action.pk)
    settle(action, cast["owner"], status=S.ACCEPTED)
    with pytest.raises(EditConflict):
        settle(stale_copy, cast["colleague"], status=S.NOT_ADOPTED, reason="經費不足")
    assert Action.objects.get(pk=action.pk).status == S.ACCEPTED


@pytest.mark.parametrize("who", ["outsider", "reviewer", "viewer"])
def test_only_those_who_may_change_the_mission_settle_its_proposals(proposed, cast, who):
    with pytest.raises(PermissionDenied):
        settle(proposed[0], cast[who], status=S.ACCEPTED)


def test_the_owner_keeps_progress_with_evidence_and_it_restarts_the_review_cycle(
    proposed, cast, bureaus
):
    action = proposed[0]
    settle(action, cast["owner"], status=S.ACCEPTED, owner_bureau=bureaus["works"])
    Action.objects.filter(pk=action.pk).update(reviewed_on=dt.date(2026, 7, 1))  # adopted then
    action.refresh_from_db()
    evidence = SimpleUploadedFile("簽陳.pdf", b"%PDF-1.4 evidence", content_type="application/pdf")
    note = services.add_progress(
        user=cast["outsider"],  # an editor of the bureau it was given to
        action=action,
        date=dt.date(2026, 9, 1),
        text="已函請各局處推薦人選。",
        evidence=evidence,
        status=S.IN_PROGRESS,
    )
    action.refresh_from_db()
    assert (action.status, action.reviewed_on, action.version) == (
        S.IN_PROGRESS,
        dt.date(2026, 9, 1),
        3,
    )
    assert note.evidence_name == "簽陳.pdf" and note.evidence.read() == b"%PDF-1.4 evidence"


def test_progress_is_refused_before_adoption_from_strangers_and_for_future_days(proposed, cast):
    action = proposed[0]
    with pytest.raises(ValidationError, match="事項採行後才能記錄辦理情形"):
        services.add_progress(user=cast["owner"], action=action, date=dt.date(2026, 5, 1), text="x")
    settle(action, cast["owner"], status=S.ACCEPTED)
    with pytest.raises(PermissionDenied):
        services.add_progress(
            user=cast["viewer"], action=action, date=dt.date(2026, 5, 1), text="x"
        )
    with pytest.raises(ValidationError, match="不能晚於今天"):
        services.add_progress(user=cast["owner"], action=action, date=dt.date(2999, 1, 1), text="x")
    with pytest.raises(ValidationError, match="請填寫辦理情形"):
        services.add_progress(
            user=cast["owner"], action=action, date=dt.date(2026, 5, 1), text=" \x0b "
        )


def test_an_open_action_without_a_note_for_a_whole_cycle_is_stale(proposed, cast, settings):
    settings.ENVOY_ACTION_REVIEW_MONTHS = 6
    assert stale_before(dt.date(2026, 12, 7)) == dt.date(2026, 6, 7)
    assert stale_before(dt.date(2026, 8, 31)) == dt.date(2026, 2, 28)
    action = proposed[0]
    settle(action, cast["owner"], status=S.ACCEPTED)
    action.reviewed_on = dt.date(2026, 6, 6)
    assert is_stale(action, dt.date(2026, 12, 7))
    action.reviewed_on = dt.date(2026, 6, 7)
    assert not is_stale(action, dt.date(2026, 12, 7))
    action.status = S.DONE
    action.reviewed_on = dt.date(2020, 1, 1)
    assert not is_stale(action, dt.date(2026, 12, 7))


def test_due_actions_are_counted_by_bureau(proposed, cast, bureaus):
    today = dt.date(2026, 12, 7)
    overdue, this_month, later, done = proposed[:4]
    settle(overdue, cast["owner"], status=S.ACCEPTED, due_date=dt.date(2026, 12, 1))
    settle(this_month, cast["owner"], status=S.IN_PROGRESS, due_date=dt.date(2026, 12, 31),
           owner_bureau=bureaus["works"])  # fmt: skip
    settle(later, cast["owner"], status=S.ACCEPTED, due_date=dt.date(2027, 1, 1))
    settle(done, cast["owner"], status=S.DONE, due_date=dt.date(2026, 1, 1))
    Action.objects.filter(pk=later.pk).update(reviewed_on=dt.date(2026, 1, 1))
    rows = [(r.bureau, r.overdue, r.due_this_month, r.stale) for r in due_by_bureau(today)]
    assert rows == [("秘書處", 1, 0, 1), ("工務局", 0, 1, 0)]
