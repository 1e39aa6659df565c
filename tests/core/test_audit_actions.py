"""Every action the services write to the audit trail is one of AuditAction's, so that the
mission's history and the admin site name it in words, never as a code."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from envoy.core.enums import AuditAction
from envoy.reports.services import STEP_ACTIONS
from tests.conftest import client_for

ENVOY = Path(__file__).resolve().parents[2] / "envoy"
# action="x.y", and action="x.y" if … else "x.z"
WRITTEN = re.compile(r'\baction="([a-z_]+\.[a-z_.]+)"(?: if [\w.]+ else "([a-z_]+\.[a-z_.]+)")?')


def test_every_action_written_in_the_code_is_a_known_action():
    written = {
        action
        for path in ENVOY.rglob("*.py")
        for match in WRITTEN.findall(path.read_text(encoding="utf-8"))
        for action in match
        if action
    }
    written |= set(STEP_ACTIONS.values())
    assert len(written) > 50
    assert sorted(written - set(AuditAction.values)) == []


@pytest.mark.django_db
def test_the_mission_history_names_actions_in_words(mission_report, cast):
    from envoy.missions.services import add_member

    add_member(user=cast["owner"], mission=mission_report.mission, data={"name": "祝惠美"})
    page = client_for(cast["owner"]).get(
        reverse("missions:detail", args=[mission_report.mission_id])
    )
    html = page.content.decode()
    assert "新增出國人員" in html and "匯入報告" in html
    assert "member.added" not in html and "report.imported" not in html


def test_every_action_says_what_happened_in_the_past_tense():
    verbs = {value.rsplit(".", 1)[1] for value in AuditAction.values}
    assert sorted(v for v in verbs if not v.endswith(("ed", "done"))) == []
