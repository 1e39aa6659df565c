"""The pages of follow-through, as each role sees them, and the tracking table's files."""

import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from odfdo import Document
from openpyxl import load_workbook

from envoy.actions import services
from envoy.actions.enums import ActionStatus
from envoy.actions.models import Action
from tests.conftest import client_for
from tests.relations.test_briefing import pdf_text

S = ActionStatus


@pytest.fixture
def proposed(mission_report, cast):
    services.propose_actions(report=mission_report, user=cast["owner"])
    return list(Action.objects.filter(report=mission_report).order_by("position"))


def adopt(action, user, **data):
    return services.settle_action(
        user=user,
        action=action,
        data={"status": S.ACCEPTED, **data},
        expected_version=action.version,
    )


@pytest.mark.parametrize(
    "who, status", [("owner", 200), ("reviewer", 200), ("viewer", 200), ("outsider", 404)]
)
def test_a_reports_actions_are_seen_by_those_who_see_its_mission(proposed, cast, who, status):
    url = reverse("actions:report", args=[proposed[0].report_id])
    assert client_for(cast[who]).get(url).status_code == status


def test_the_editor_settles_a_proposal_in_place(proposed, cast, bureaus):
    action = proposed[0]
    response = client_for(cast["owner"]).post(
        reverse("actions:settle", args=[action.pk]),
        {
            "version": action.version,
            "text": "爭取擔任主講人",
            "status": S.ACCEPTED,
            "owner_bureau": bureaus["works"].pk,
            "start_date": "115/7/1",
            "due_date": "2027-06-30",
            "budget": "50000",
            "budget_source": "",
            "reason": "",
            "owner": "",
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "已儲存" in response.text and f'id="action-{action.pk}"' in response.text
    action.refresh_from_db()
    assert (action.status, action.start_date, action.due_date, action.budget) == (
        S.ACCEPTED,
        dt.date(2026, 7, 1),
        dt.date(2027, 6, 30),
        50000,
    )


def test_a_settlement_without_a_reason_comes_back_with_what_was_typed(proposed, cast):
    action = proposed[0]
    response = client_for(cast["owner"]).post(
        reverse("actions:settle", args=[action.pk]),
        {"version": action.version, "text": "改寫的文字", "status": S.NOT_ADOPTED, "reason": ""},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert "不採行時請寫明理由。" in response.text and "改寫的文字" in response.text
    assert Action.objects.get(pk=action.pk).status == S.PROPOSED


@pytest.mark.parametrize("who", ["reviewer", "viewer", "outsider"])
def test_others_may_not_settle(proposed, cast, who):
    action = proposed[0]
    response = client_for(cast[who]).post(
        reverse("actions:settle", args=[action.pk]),
        {"version": action.version, "text": "x", "status": S.ACCEPTED},
    )
    assert response.status_code in (403, 404)
    assert Action.objects.get(pk=action.pk).status == S.PROPOSED


def test_the_bureau_given_an_action_sees_it_and_records_progress(proposed, cast, bureaus):
    action = proposed[0]
    adopt(action, cast["owner"], owner_bureau=bureaus["works"])
    client = client_for(cast["outsider"])
    assert client.get(reverse("actions:detail", args=[action.pk])).status_code == 200
    # The report itself stays the secretariat's.
    assert client.get(reverse("actions:report", args=[action.report_id])).status_code == 404
    response = client.post(
        reverse("actions:progress", args=[action.pk]),
        {"date": "115/12/1", "text": "已完成人才庫建置。", "status": S.DONE},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == S.DONE and action.notes.get().text == "已完成人才庫建置。"
    page = client.get(reverse("actions:detail", args=[action.pk])).text
    assert "民國 115 年 12 月 1 日" in page or "115 年 12 月 1 日" in page


def test_a_bad_progress_note_answers_422_with_the_message(proposed, cast):
    action = proposed[0]
    adopt(action, cast["owner"])
    response = client_for(cast["owner"]).post(
        reverse("actions:progress", args=[action.pk]), {"date": "明天", "text": "進度"}
    )
    assert response.status_code == 422
    assert "請輸入日期" in response.text and action.notes.count() == 0


def test_the_tracking_table_filters_and_keeps_its_queries_fixed(proposed, cast, bureaus):
    for action in proposed[:3]:
        adopt(action, cast["owner"], owner_bureau=bureaus["works"])
    client = client_for(cast["officer"])
    url = reverse("actions:table")
    filtered = client.get(url, {"bureau": bureaus["works"].pk, "status": S.ACCEPTED})
    assert filtered.context["page"].paginator.count == 3
    Action.objects.filter(status=S.PROPOSED).delete()
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).context["page"].paginator.count == 3
    services.propose_actions(report=proposed[0].report, user=cast["owner"])
    with CaptureQueriesContext(connection) as more:
        assert client.get(url).context["page"].paginator.count == 7
    assert len(more) == len(few)


def test_the_tracking_table_lists_only_what_the_user_may_see(proposed, cast):
    assert (
        client_for(cast["outsider"]).get(reverse("actions:table")).context["page"].paginator.count
        == 0
    )
    assert (
        client_for(cast["viewer"]).get(reverse("actions:table")).context["page"].paginator.count
        == 7
    )


def rows_of(fmt: str, content: bytes) -> list[list]:
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(content)).active
        return [[c for c in row] for row in sheet.iter_rows(min_row=2, values_only=True)]
    if fmt == "ods":
        return Document(io.BytesIO(content)).body.get_table(0).get_values()[1:]
    if fmt == "pdf":
        return [[line] for line in pdf_text(content).splitlines()]
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.mark.parametrize("fmt", ["xlsx", "ods", "csv"])
def test_the_tracking_table_downloads_in_each_format(proposed, cast, bureaus, fmt):
    adopt(
        proposed[0],
        cast["owner"],
        owner_bureau=bureaus["works"],
        owner=cast["outsider"],
        start_date=dt.date(2026, 7, 1),
        due_date=dt.date(2027, 6, 30),
        budget=120000,
        budget_source="國際交流業務費",
    )
    adopt(proposed[1], cast["owner"], budget_source='=HYPERLINK("http://x")')
    response = client_for(cast["officer"]).get(reverse("actions:export", args=[fmt]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    rows = rows_of(fmt, response.content)
    assert rows[0][:4] == ["編號", "報告名稱", "類型", "建議事項"]
    first = [str(c) if c is not None else "" for c in rows[1]]
    assert first[2:] == [
        "建議事項",
        "積極參與國際組織活動",
        "工務局（outsider）",
        "115/7/1–116/6/30",
        "新臺幣 120,000 元（國際交流業務費）",
        "",
        "已採行",
    ]
    # A cell a spreadsheet would run as a formula is written as text.
    guarded = '=HYPERLINK("http://x")' if fmt == "ods" else '\'=HYPERLINK("http://x")'
    assert rows[2][6] == guarded
    assert len(rows) == 8


def test_the_tracking_table_prints_as_a_landscape_pdf_in_chinese(proposed, cast, bureaus):
    adopt(proposed[0], cast["owner"], owner_bureau=bureaus["works"], due_date=dt.date(2027, 6, 30))
    english = client_for(cast["officer"])
    english.post(reverse("set_language"), {"language": "en"})
    response = english.get(reverse("actions:export", args=["pdf"]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content).replace("\n", "")
    for expected in [
        "建議事項採行情形追蹤表",
        "積極參與國際組織活動",
        "工務局",
        "116/6/30",
        "已採行",
    ]:
        assert expected in text
    import pypdfium2

    page = pypdfium2.PdfDocument(response.content)[0]
    width, height = page.get_size()
    assert width > height


def test_export_actions_writes_the_file_and_follow_up_actions_lists_proposals(
    proposed, tmp_path, capsys
):
    target = tmp_path / "追蹤表.xlsx"
    call_command("export_actions", "--format", "xlsx", "-o", str(target))
    assert len(rows_of("xlsx", target.read_bytes())) == 8
    call_command("follow_up_actions", str(proposed[0].report_id), "--json")
    import json

    listed = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert [a["kind"] for a in listed["actions"]] == ["recommendation"] * 3 + ["lesson"] * 4
    assert listed["actions"][0]["text"] == "積極參與國際組織活動"
    assert listed["actions"][0]["action"]["status"] == "proposed"


def test_the_home_page_counts_actions_by_bureau_and_lists_each_persons_own(proposed, cast, bureaus):
    adopt(proposed[0], cast["owner"], owner=cast["colleague"], due_date=dt.date(2026, 1, 31))
    officer = client_for(cast["officer"]).get("/")
    assert [(r.bureau, r.overdue) for r in officer.context["actions_due"]] == [("秘書處", 1)]
    assert "建議事項執行情形" in officer.text
    colleague = client_for(cast["colleague"]).get("/")
    assert [a.pk for a in colleague.context["my_actions"]] == [proposed[0].pk]
    assert [(r["report_id"], r["count"]) for r in colleague.context["proposals"]] == [
        (proposed[0].report_id, 6)
    ]
    assert reverse("actions:detail", args=[proposed[0].pk]) in colleague.text
    assert "actions_due" not in colleague.context


def test_a_city_page_and_the_next_briefing_show_what_became_of_earlier_recommendations(
    proposed, cast
):
    from envoy.relations.models import City

    action = proposed[0]
    adopt(action, cast["owner"], due_date=dt.date(2026, 1, 31))
    mission = action.report.mission
    tokyo = City.objects.create(name="東京", country="JP")
    tokyo.missions.add(mission)
    page = client_for(cast["viewer"]).get(reverse("relations:city", args=[tokyo.pk]))
    (panel,) = page.context["panels"]
    assert panel.heading == "過去建議的執行情形"
    assert panel.rows == [
        ["積極參與國際組織活動", mission.report.title, "秘書處", "115/1/31", "已採行"]
    ]
    assert panel.flags == [True]  # overdue
    assert reverse("actions:detail", args=[action.pk]) in page.text
    # Proposals nobody settled are not shown; another bureau's editor sees none of it.
    outsider = client_for(cast["outsider"]).get(reverse("relations:city", args=[tokyo.pk]))
    assert outsider.context["panels"] == []
    # The next trip to Tokyo carries them in its briefing pack, on the page and in the PDF.
    from envoy.missions.models import Mission

    next_trip = Mission.objects.create(
        title="再訪東京",
        bureau=mission.bureau,
        start_date=dt.date(2027, 4, 1),
        end_date=dt.date(2027, 4, 3),
        destination_cities=["東京"],
    )
    client = client_for(cast["owner"])
    briefing = client.get(reverse("relations:briefing", args=[next_trip.pk]))
    assert [p.rows[0][0] for p in briefing.context["briefing"].panels] == ["積極參與國際組織活動"]
    pdf = client.get(reverse("relations:briefing_pdf", args=[next_trip.pk]))
    assert "過去建議的執行情形" in pdf_text(pdf.content)


def test_an_action_links_back_to_its_paragraph_in_the_report(proposed, cast):
    action = proposed[0]
    page = client_for(cast["owner"]).get(reverse("actions:detail", args=[action.pk])).text
    link = f"{reverse('missions:detail', args=[action.report.mission_id])}#block-{action.source_block_id}"
    assert link in page
    mission_page = client_for(cast["owner"]).get(link.split("#")[0]).text
    assert f'id="block-{action.source_block_id}"' in mission_page
