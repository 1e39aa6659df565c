"""Follow-through actions in search: found by their text and their progress notes, kept up to
date as they change, never on the public site."""

import datetime as dt

import pytest

from envoy.actions import services
from envoy.actions.enums import ActionStatus
from envoy.search.services import search
from tests.search.helpers import found, make_report


@pytest.fixture
def report(bureaus, cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = make_report(
            "赴首爾考察",
            ["抵達首爾。"],
            bureau=bureaus["secretariat"],
            status="published",
            recommendations=[("建立跨局處英語人才庫", "遴選具外語能力的同仁。")],
        )
        services.propose_actions(report=report, user=cast["owner"])
    return report


def test_an_action_is_found_and_follows_its_progress_notes(
    report, cast, django_capture_on_commit_callbacks
):
    action = report.actions.get()
    assert ("action", "建立跨局處英語人才庫") in found(search(cast["viewer"], "人才庫"))
    with django_capture_on_commit_callbacks(execute=True):
        services.settle_action(
            user=cast["owner"],
            action=action,
            data={"status": ActionStatus.ACCEPTED},
            expected_version=action.version,
        )
        services.add_progress(
            user=cast["owner"],
            action=action,
            date=dt.date(2026, 9, 1),
            text="已完成語言能力盤點問卷。",
        )
    (hit,) = search(cast["viewer"], "盤點問卷").hits
    assert (hit.kind, hit.title, hit.url) == (
        "action",
        "建立跨局處英語人才庫",
        f"/actions/{action.pk}/",
    )


def test_actions_are_found_only_by_those_who_may_open_the_mission(report, cast):
    assert ("action", "建立跨局處英語人才庫") not in found(search(cast["outsider"], "人才庫"))
    public = found(search(None, "人才庫", published_only=True))
    assert public == {("recommendation", "建立跨局處英語人才庫"), ("report", "赴首爾考察")}


def test_a_deleted_report_takes_its_actions_out_of_the_index(
    report, cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report.mission.delete()
    assert found(search(cast["admin"], "人才庫")) == set()
